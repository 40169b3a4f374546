/**
 * The only file that imports kuromoji. The tokenizer is a documented module-level singleton:
 * its dictionary takes ~2 s and ~100 MB to load, so each thread loads it once.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
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

let tokenizerPromise: Promise<MorphTokenizer> | undefined;

function dictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

/** Loads the kuromoji dictionary once per thread. */
export function loadMorphTokenizer(): Promise<MorphTokenizer> {
  tokenizerPromise ??= new Promise<MorphTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath: dictionaryPath() }).build((error, tokenizer) => {
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
