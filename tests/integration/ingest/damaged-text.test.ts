/**
 * Text files with a few damaged bytes are read, the bytes replaced by U+FFFD and counted in a
 * per-file warning; only data that is mostly binary is refused (INVALID_FILE).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/main/core/ingest/decode';
import { parseFile } from '../../../src/main/core/ingest/parse-file';
import { Engine } from '../../../src/main/core/engine';
import { writeEucJp, writeShiftJis } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const LINES = [
  '第1条（目的）この規程は、テレワーク勤務を行う場合の勤務条件を定める。',
  '第2条（定義）テレワーク勤務とは、在宅勤務及びモバイル勤務をいう。',
  '第3条（報告）テレワーク勤務者は、業務の終了時に日報を提出する。',
];
const TEXT = LINES.join('\n').repeat(3) + '\n';

/** The text as UTF-8 with `count` bytes in the middle of multi-byte characters overwritten by 0xFF. */
function damagedUtf8(text: string, count: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  for (let k = 0; k < count; k++) bytes[Math.floor(((k + 1) * bytes.length) / (count + 2)) | 1] = 0xff;
  return bytes;
}

describe('forgiving text decoding', () => {
  const temp = makeTempDir('genten-damaged-');
  const file = (name: string) => path.join(temp.dir, 'docs', name);
  let engine: Engine;

  beforeAll(async () => {
    fs.mkdirSync(path.join(temp.dir, 'docs'), { recursive: true });
    fs.writeFileSync(file('rules.txt'), damagedUtf8(TEXT, 1));
    fs.writeFileSync(file('access.log'), damagedUtf8(TEXT, 3));
    fs.writeFileSync(file('image.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
  }, 60_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('reads UTF-8 with damaged bytes as UTF-8, the bytes it cannot decode as U+FFFD, and counts them', () => {
    const decoded = decodeText(damagedUtf8(TEXT, 3));
    expect(decoded.encoding).toBe('utf-8');
    // A byte overwritten inside a three-byte character leaves that character's other bytes undecodable too.
    expect(decoded.replaced).toBe(decoded.text.match(/\ufffd/g)?.length);
    expect(decoded.replaced).toBeGreaterThanOrEqual(3);
    expect(decoded.replaced).toBeLessThanOrEqual(9);
    expect(decoded.text).toContain('テレワーク勤務者は、業務の終了時に日報を提出する。');
  });

  it('reads an ASCII log with a stray byte (valid in no encoding) as UTF-8, inventing no kanji from it', () => {
    const log = Buffer.concat([Buffer.from('2025-04-01 09:00 start\n2025-04-01 09:01 user '), Buffer.from([0xff]), Buffer.from('x logged in\n'.repeat(20))]);
    const decoded = decodeText(log);
    expect(decoded).toMatchObject({ encoding: 'utf-8', replaced: 1 });
    expect(decoded.text).toContain('user \ufffdx logged in');
  });

  it('does not count a U+FFFD written in a clean file as damage', () => {
    expect(decodeText(Buffer.from(`置換文字 \ufffd を含む。`, 'utf8'))).toMatchObject({ encoding: 'utf-8', replaced: 0 });
  });

  it('reads Shift_JIS and EUC-JP with a damaged byte in their own encoding', () => {
    const sjis = path.join(temp.dir, 'sjis.txt');
    writeShiftJis(sjis, TEXT);
    const bytes = fs.readFileSync(sjis);
    bytes[bytes.length >> 1] = 0xff;
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('shift_jis');
    expect(decoded.replaced).toBeGreaterThanOrEqual(1);
    expect(decoded.text).toContain('第1条（目的）この規程は');
    const euc = path.join(temp.dir, 'euc.txt');
    writeEucJp(euc, TEXT);
    const eucBytes = fs.readFileSync(euc);
    eucBytes[eucBytes.length >> 1] = 0x8e; // a half-width kana lead byte without its kana
    eucBytes[(eucBytes.length >> 1) + 1] = 0x20;
    expect(decodeText(eucBytes)).toMatchObject({ encoding: 'euc-jp' });
  });

  it('parses the damaged file with a per-file warning naming how many bytes were replaced', async () => {
    const doc = await parseFile(file('access.log'));
    expect(doc.pages[0]!.text).toContain('在宅勤務及びモバイル勤務をいう。');
    const replaced = doc.pages[0]!.text.match(/\ufffd/g)!.length;
    expect(doc.warnings).toEqual([
      expect.objectContaining({ code: 'INVALID_FILE', replacedBytes: replaced, message: expect.stringContaining(`${replaced} bytes`) }),
    ]);
  });

  it('indexes damaged files with a warning each, refuses the binary one, and finds their text', async () => {
    const summary = await engine.index({ paths: [path.join(temp.dir, 'docs')] });
    expect(summary.indexed).toBe(2);
    expect(summary.failed).toEqual([expect.objectContaining({ path: file('image.txt'), code: 'INVALID_FILE' })]);
    const warned = (summary.warnings ?? []).map((w) => path.basename(w.path)).sort();
    expect(warned).toEqual(['access.log', 'rules.txt']);
    expect(summary.warnings!.every((w) => w.replacedBytes! >= 1 && w.message.includes(path.basename(w.path)))).toBe(true);
    const [hit] = await engine.search('業務の終了時に日報を提出する');
    expect(hit).toBeDefined();
  });
});
