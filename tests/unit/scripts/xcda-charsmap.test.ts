/**
 * The precompiled charsmap of scripts/gguf/xcda-charsmap.ts, read back the way llama.cpp's UGM
 * tokenizer reads it (llm_tokenizer_ugm_session::normalize_prefix, ported below): every key gives
 * its replacement, and nothing else matches.
 */
import { describe, expect, it } from 'vitest';
import { buildPrecompiledCharsmap } from '../../../scripts/gguf/xcda-charsmap';
import { mulberry32 } from '../../helpers/tiny-gguf';

/** Longest key matching the start of `input`: [replacement, bytes consumed], or undefined. */
function normalizePrefix(charsmap: Uint8Array, input: Buffer): [string, number] | undefined {
  const view = new DataView(charsmap.buffer, charsmap.byteOffset, charsmap.byteLength);
  const blobSize = view.getUint32(0, true);
  const units = blobSize / 4;
  const node = (i: number) => {
    if (i >= units) throw new Error('Index out of array bounds in XCDA array!');
    return view.getUint32(4 + i * 4, true);
  };
  const base = (i: number) => (node(i) >>> 10) << ((node(i) & (1 << 9)) >>> 6);
  const lcheck = (i: number) => (node(i) & ((1 << 31) | 0xff)) >>> 0;
  const leaf = (i: number) => ((node(i) >>> 8) & 1) === 1;
  const value = (i: number) => node(i) & 0x7fffffff;
  let index = base(0);
  let found: [number, number] | undefined;
  for (let offset = 0; offset < input.length; offset++) {
    const c = input[offset]!;
    index ^= c;
    if (lcheck(index) !== c) break;
    const isLeaf = leaf(index);
    index ^= base(index);
    if (isLeaf) found = [value(index), offset + 1];
  }
  if (!found) return undefined;
  const strings = Buffer.from(charsmap.subarray(4 + blobSize));
  const end = strings.indexOf(0, found[0]);
  return [strings.subarray(found[0], end).toString('utf8'), found[1]];
}

describe('buildPrecompiledCharsmap', () => {
  it('maps each of 3,000 code points of 1-4 UTF-8 bytes to its replacement, and leaves the others unmatched', () => {
    const rand = mulberry32(7);
    const table = new Map<string, string>();
    const pick = () => [0x41, 0x3000, 0xff01, 0x2460, 0x1d400, 0x80][Math.floor(rand() * 6)]! + Math.floor(rand() * 600);
    while (table.size < 3000) {
      const cp = pick();
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const out = Array.from({ length: Math.floor(rand() * 3) }, () => 0x61 + Math.floor(rand() * 26));
      table.set(String.fromCodePoint(cp), String.fromCodePoint(...out));
    }
    const charsmap = buildPrecompiledCharsmap(table);
    for (const [key, replacement] of table) expect(normalizePrefix(charsmap, Buffer.from(`${key}z`, 'utf8'))).toEqual([replacement, Buffer.byteLength(key)]);
    for (let cp = 0x4e00; cp < 0x4e00 + 2000; cp++) {
      const key = String.fromCodePoint(cp);
      if (!table.has(key)) expect(normalizePrefix(charsmap, Buffer.from(key, 'utf8'))).toBeUndefined();
    }
  });
});
