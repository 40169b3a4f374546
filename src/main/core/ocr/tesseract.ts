/**
 * The only module that imports tesseract.js (7, WebAssembly). One engine holds a tesseract worker
 * thread per language set it has been asked for (the configured languages, and `jpn_vert` for
 * vertical pages when one is met), each with its language data loaded once; pages are recognised
 * one at a time. Everything it loads is local: the worker script and the core from node_modules,
 * the language data from languageDataDir() with caching off (tesseract.js otherwise writes a copy
 * into the current folder, and fetches from a CDN when it is given no langPath).
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

/**
 * How tesseract cuts the page into lines: `auto` is its full layout analysis (columns, blocks);
 * `column` takes the page as one column of text (PSM 4); `vertical` as one block of vertical
 * text (PSM 5).
 */
export type OcrLayout = 'auto' | 'column' | 'vertical';

export interface RecogniseOptions {
  /** Default 'auto'. */
  layout?: OcrLayout;
  /** Languages for this reading, joined with '+'. Default: the engine's. */
  langs?: string;
}

/** A recognised text line's box, and which of tesseract's blocks it came from. */
export interface OcrLine {
  block: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Recognised {
  text: string;
  confidence: number;
  words: OcrWord[];
  /** Line boxes, in reading order (for judging the layout; not stored). */
  lines: OcrLine[];
}

const PSM_OF: Record<OcrLayout, PSM> = { auto: PSM.AUTO, column: PSM.SINGLE_COLUMN, vertical: PSM.SINGLE_BLOCK_VERT_TEXT };

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

/**
 * The list tesseract is given. `jpn`'s data names `jpn_vert` as a sub-language to load with it;
 * when `jpn_vert` is not in the list tesseract.js gave it, tesseract fails to load it (printing
 * "Failed loading language ''" once per worker) and reads on in a poorer state: English pages
 * read with `jpn+eng` came out with kana for punctuation (CER 0.027 on the Linn brochure, 0.010
 * with `jpn_vert` listed; Japanese pages the same). Listing it right after `jpn` loads it once,
 * as intended.
 */
export function loadOrder(langs: string[]): string[] {
  if (!langs.includes('jpn') || langs.includes('jpn_vert')) return langs;
  const at = langs.indexOf('jpn') + 1;
  return [...langs.slice(0, at), 'jpn_vert', ...langs.slice(at)];
}

/**
 * The languages a page is first read in: Japanese alone where Japanese is among several (with
 * English loaded beside it, tesseract reads some Japanese words as Latin garbage: CER 0.10 against
 * 0.02 on a skewed page); recognisePage reads a page that comes out mostly Latin again with all.
 */
export function firstReading(langs: string): string {
  const list = langs.split('+');
  return list.includes('jpn') && list.length > 1 ? 'jpn' : langs;
}

interface LoadedWorker {
  worker: TesseractWorker;
  layout?: OcrLayout;
}

export class TesseractEngine {
  private readonly workers = new Map<string, Promise<LoadedWorker>>();

  private constructor(readonly langs: string) {}

  /** An engine with the languages of its usual first reading loaded (see firstReading). */
  static async create(options: TesseractOptions = {}): Promise<TesseractEngine> {
    const engine = new TesseractEngine(options.langs ?? 'jpn+eng');
    await engine.workerFor(firstReading(engine.langs));
    return engine;
  }

  /** The languages this engine reads, as a list (`jpn+eng` → ['jpn', 'eng']). */
  get languages(): string[] {
    return parseLanguages(this.langs);
  }

  private workerFor(langs: string): Promise<LoadedWorker> {
    let loaded = this.workers.get(langs);
    if (!loaded) {
      const list = loadOrder(parseLanguages(langs));
      loaded = (async () => {
        const worker = await createWorker(list, OEM.LSTM_ONLY, {
          ...tesseractPaths(),
          langPath: languageDataDir(list),
          gzip: true,
          cacheMethod: 'none',
          legacyCore: false,
          legacyLang: false,
        });
        await worker.setParameters({
          // Scans are rendered at 300 dpi; saying so keeps tesseract from guessing from the image.
          user_defined_dpi: '300',
          preserve_interword_spaces: '0',
          // Tesseract's notes ("Detected 141 diacritics") would go to the terminal.
          debug_file: '/dev/null',
        });
        return { worker };
      })();
      loaded.catch(() => this.workers.delete(langs));
      this.workers.set(langs, loaded);
    }
    return loaded;
  }

  /** Recognises one encoded image (PNG, PGM, JPEG…). */
  async recognize(image: Uint8Array, options: RecogniseOptions = {}): Promise<Recognised> {
    const { layout = 'auto', langs = this.langs } = options;
    const loaded = await this.workerFor(langs);
    if (loaded.layout !== layout) {
      await loaded.worker.setParameters({ tessedit_pageseg_mode: PSM_OF[layout] });
      loaded.layout = layout;
    }
    const { data } = await loaded.worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: true });
    const words: OcrWord[] = [];
    const confidences: number[] = [];
    const texts: string[] = [];
    const lines: OcrLine[] = [];
    (data.blocks ?? []).forEach((block, b) => {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const parts: string[] = [];
          for (const word of line.words) {
            const text = word.text.trim();
            if (!text) continue;
            parts.push(text);
            confidences.push(word.confidence);
            const { x0, y0, x1, y1 } = word.bbox;
            words.push([removeJapaneseSpaces(text), x0, y0, x1, y1]);
          }
          if (parts.length === 0) continue;
          texts.push(removeJapaneseSpaces(parts.join(' ')));
          lines.push({ block: b, ...line.bbox });
        }
        texts.push('');
      }
    });
    const text = texts
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    const confidence = confidences.length > 0 ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
    return { text, confidence, words, lines };
  }

  async dispose(): Promise<void> {
    const loaded = [...this.workers.values()];
    this.workers.clear();
    await Promise.all(loaded.map((l) => l.then((w) => w.worker.terminate()).catch(() => undefined)));
  }
}
