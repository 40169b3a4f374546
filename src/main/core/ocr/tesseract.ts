/**
 * The only module that imports tesseract.js (7, WebAssembly). One engine holds a tesseract worker
 * thread per language set it has been asked for (the configured languages, and `jpn_vert` for
 * vertical pages when one is met), each with its language data loaded once; pages are recognised
 * one at a time. Everything it loads is local: the worker script and the core from node_modules,
 * the language data from languageDataDir() with caching off (tesseract.js otherwise writes a copy
 * into the current folder, and fetches from a CDN when it is given no langPath).
 */
import path from 'node:path';
import type * as Tesseract from 'tesseract.js';
import { lazyPackage, packageRoot } from '../workers/lazy-package';
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
  /** The page may be written vertically (縦書き): Japanese is read with `jpn_vert` beside it. Default false. */
  vertical?: boolean;
  /** The image's resolution, when known (a rendered PDF page); else 300 is assumed. */
  dpi?: number;
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

/** Loaded with the first engine, not when a parse worker starts (see lazy-package.ts). */
const tesseract = lazyPackage<typeof Tesseract>('tesseract.js');

/** Tesseract's page segmentation mode for a layout. */
function pageSegmentation(layout: OcrLayout): Tesseract.PSM {
  const { PSM } = tesseract();
  return { auto: PSM.AUTO, column: PSM.SINGLE_COLUMN, vertical: PSM.SINGLE_BLOCK_VERT_TEXT }[layout];
}

/** Local paths of tesseract.js's worker script and of its WebAssembly core. */
export function tesseractPaths(): { workerPath: string; corePath: string } {
  // A worker thread cannot start from inside an asar archive: packaged, these are unpacked beside it.
  const unpacked = (p: string) => p.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
  const root = unpacked(packageRoot('tesseract.js'));
  return {
    workerPath: path.join(root, 'src', 'worker-script', 'node', 'index.js'),
    corePath: unpacked(packageRoot('tesseract.js-core')),
  };
}

/**
 * The list tesseract is given, and the sub-languages it may load beside it. `jpn`'s data names
 * `jpn_vert` as a sub-language, and tesseract reads every word it is unsure of again in each
 * sub-language: with `jpn_vert` loaded, a horizontal Japanese page took 2.4 times as long
 * (3.0 s against 1.25 s, same text and confidence). Unlisted, tesseract.js has no file for it
 * and the failed load left `eng` unloaded too (English read with kana for punctuation, CER 0.027
 * on the Linn brochure). So a reading that may meet vertical writing lists `jpn_vert` right
 * after `jpn`; every other reading tells tesseract to load no sub-language (naming one already
 * in the list is how: tesseract skips languages it has).
 */
export function loadOrder(langs: string[], vertical = false): { langs: string[]; subLanguages?: string } {
  if (!langs.includes('jpn') || langs.includes('jpn_vert')) return { langs };
  if (!vertical) return { langs, subLanguages: langs[0] };
  const at = langs.indexOf('jpn') + 1;
  return { langs: [...langs.slice(0, at), 'jpn_vert', ...langs.slice(at)] };
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
  worker: Tesseract.Worker;
  layout?: OcrLayout;
  dpi?: number;
}

/** Scans are rendered at 300 dpi (OCR_DPI) unless they say otherwise; saying so keeps tesseract from guessing from the image. */
const ASSUMED_DPI = 300;

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

  private workerFor(langs: string, vertical = false): Promise<LoadedWorker> {
    const key = `${langs}${vertical ? '|vertical' : ''}`;
    let loaded = this.workers.get(key);
    if (!loaded) {
      const order = loadOrder(parseLanguages(langs), vertical);
      loaded = (async () => {
        const worker = await tesseract().createWorker(
          order.langs,
          tesseract().OEM.LSTM_ONLY,
          {
            ...tesseractPaths(),
            langPath: languageDataDir(order.langs),
            gzip: true,
            cacheMethod: 'none',
            legacyCore: false,
            legacyLang: false,
          },
          // Init-only, so given as a config file's text (tesseract.js's typed options do not list it).
          order.subLanguages ? `tessedit_load_sublangs ${order.subLanguages}` : undefined,
        );
        await worker.setParameters({
          user_defined_dpi: String(ASSUMED_DPI),
          preserve_interword_spaces: '0',
          // Tesseract's notes ("Detected 141 diacritics") would go to the terminal.
          debug_file: '/dev/null',
        });
        return { worker, dpi: ASSUMED_DPI };
      })();
      loaded.catch(() => this.workers.delete(key));
      this.workers.set(key, loaded);
    }
    return loaded;
  }

  /** Recognises one encoded image (PNG, PGM, JPEG…). */
  async recognize(image: Uint8Array, options: RecogniseOptions = {}): Promise<Recognised> {
    const { layout = 'auto', langs = this.langs, dpi = ASSUMED_DPI } = options;
    const loaded = await this.workerFor(langs, options.vertical);
    if (loaded.layout !== layout || loaded.dpi !== dpi) {
      // A 200 dpi scan said to be 300 read 20 % slower (tesseract looks for smaller text).
      await loaded.worker.setParameters({ tessedit_pageseg_mode: pageSegmentation(layout), user_defined_dpi: String(Math.round(dpi)) });
      loaded.layout = layout;
      loaded.dpi = dpi;
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
