/**
 * The only module that imports tesseract.js (7, WebAssembly). One engine holds one tesseract
 * worker thread with its language data loaded once; pages are recognised one at a time.
 * Everything it loads is local: the worker script and the core from node_modules, the language
 * data from languageDataDir() with caching off (tesseract.js otherwise writes a copy into the
 * current folder, and fetches from a CDN when it is given no langPath).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import { removeJapaneseSpaces } from './japanese-spaces';
import { languageDataDir, parseLanguages } from './tessdata';
import type { OcrWord } from './types';

export interface TesseractOptions {
  /** Languages joined with '+'. Default 'jpn+eng'. */
  langs?: string;
}

export interface Recognised {
  text: string;
  confidence: number;
  words: OcrWord[];
}

/** Local paths of tesseract.js's worker script and of its WebAssembly core. */
export function tesseractPaths(): { workerPath: string; corePath: string } {
  const require = createRequire(import.meta.url);
  // A worker thread cannot start from inside an asar archive: packaged, these are unpacked beside it.
  const unpacked = (p: string) => p.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
  const root = unpacked(path.dirname(require.resolve('tesseract.js/package.json')));
  return {
    workerPath: path.join(root, 'src', 'worker-script', 'node', 'index.js'),
    corePath: unpacked(path.dirname(require.resolve('tesseract.js-core/package.json'))),
  };
}

export class TesseractEngine {
  private constructor(
    private readonly worker: TesseractWorker,
    readonly langs: string,
  ) {}

  static async create(options: TesseractOptions = {}): Promise<TesseractEngine> {
    const langs = options.langs ?? 'jpn+eng';
    const list = parseLanguages(langs);
    const worker = await createWorker(list, OEM.LSTM_ONLY, {
      ...tesseractPaths(),
      langPath: languageDataDir(list),
      gzip: true,
      cacheMethod: 'none',
      legacyCore: false,
      legacyLang: false,
    });
    await worker.setParameters({
      tessedit_pageseg_mode: PSM.AUTO,
      // Scans are rendered at 300 dpi; saying so keeps tesseract from guessing from the image.
      user_defined_dpi: '300',
      preserve_interword_spaces: '0',
      // Tesseract's notes ("Detected 141 diacritics") would go to the terminal.
      debug_file: '/dev/null',
    });
    return new TesseractEngine(worker, langs);
  }

  /** Recognises one encoded image (PNG, PGM, JPEG…). */
  async recognize(image: Uint8Array): Promise<Recognised> {
    const { data } = await this.worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: true });
    const words: OcrWord[] = [];
    const confidences: number[] = [];
    const lines: string[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const texts: string[] = [];
          for (const word of line.words) {
            const text = word.text.trim();
            if (!text) continue;
            texts.push(text);
            confidences.push(word.confidence);
            const { x0, y0, x1, y1 } = word.bbox;
            words.push([removeJapaneseSpaces(text), x0, y0, x1, y1]);
          }
          if (texts.length > 0) lines.push(removeJapaneseSpaces(texts.join(' ')));
        }
        lines.push('');
      }
    }
    const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    const confidence = confidences.length > 0 ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
    return { text, confidence, words };
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}
