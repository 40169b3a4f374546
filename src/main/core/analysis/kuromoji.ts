/**
 * The only file that imports kuromoji. The tokenizer is a documented module-level singleton:
 * its dictionary takes ~100 MB, so each thread loads it once.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import kuromoji from 'kuromoji';

export interface MorphToken {
  surface: string;
  /** Dictionary form; equals `surface` for unknown words. */
  base: string;
  /** Part of speech, first level (名詞, 動詞, 助詞…). */
  pos: string;
  /** Part of speech, second level (一般, 固有名詞, 非自立, 代名詞, 数…). */
  pos1: string;
}

export type MorphTokenizer = (text: string) => MorphToken[];

const require = createRequire(import.meta.url);
const kuromojiDir = path.dirname(require.resolve('kuromoji/package.json'));

/**
 * kuromoji ships its dictionary gzipped and gunzips it (100 MB, in 16 kB chunks, then copies it)
 * on every load: half of the ~2 s each indexing worker spent starting. Keep a decompressed copy in
 * the temp folder and hand its bytes over without copying.
 */
function useDecompressedDictionaryCache(): void {
  const Loader = require('kuromoji/src/loader/NodeDictionaryLoader.js') as {
    prototype: { loadArrayBuffer(file: string, callback: (error: Error | null, buffer?: ArrayBufferLike) => void): void };
  };
  const version = (require('kuromoji/package.json') as { version: string }).version;
  const cacheDir = path.join(os.tmpdir(), `genten-kuromoji-${version}`);
  const exact = (buffer: Buffer): ArrayBufferLike =>
    buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? buffer.buffer : new Uint8Array(buffer).buffer;

  Loader.prototype.loadArrayBuffer = (file, callback) => {
    const cached = path.join(cacheDir, path.basename(file).replace(/\.gz$/, ''));
    fs.readFile(cached, (cacheError, plain) => {
      if (!cacheError) return callback(null, exact(plain));
      fs.readFile(file, (readError, gz) => {
        if (readError) return callback(readError);
        let data: Buffer;
        try {
          data = zlib.gunzipSync(gz);
        } catch (error) {
          return callback(error as Error);
        }
        callback(null, exact(data));
        // Write the copy for next time; a private name then a rename, as threads load at once.
        const temp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        fs.mkdir(cacheDir, { recursive: true }, () =>
          fs.writeFile(temp, data, (writeError) => (writeError ? fs.rm(temp, { force: true }, () => {}) : fs.rename(temp, cached, () => {}))),
        );
      });
    });
  };
}

let tokenizerPromise: Promise<MorphTokenizer> | undefined;

/** Loads the kuromoji dictionary once per thread. */
export function loadMorphTokenizer(): Promise<MorphTokenizer> {
  tokenizerPromise ??= new Promise<MorphTokenizer>((resolve, reject) => {
    useDecompressedDictionaryCache();
    kuromoji.builder({ dicPath: path.join(kuromojiDir, 'dict') }).build((error, tokenizer) => {
      if (error) {
        tokenizerPromise = undefined;
        reject(error);
        return;
      }
      resolve((text) =>
        tokenizer.tokenize(text).map((t) => ({
          surface: t.surface_form,
          base: t.basic_form && t.basic_form !== '*' ? t.basic_form : t.surface_form,
          pos: t.pos,
          pos1: t.pos_detail_1,
        })),
      );
    });
  });
  return tokenizerPromise;
}
