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
    const blocks: OcrBlock[] = (data.blocks ?? []).map((block) => ({
      bbox: block.bbox,
      lines: block.paragraphs.flatMap((paragraph, p) =>
        paragraph.lines.map((line, l) => ({
          bbox: line.bbox,
          // A paragraph break before the paragraph's first line.
          breakBefore: l === 0 && p > 0,
          words: line.words
            .filter((word) => word.text.trim())
            .map((word) => ({ text: word.text.trim(), confidence: word.confidence, bbox: word.bbox })),
        })),
      ),
    }));
    const words: OcrWord[] = [];
    const confidences: number[] = [];
    const out: string[] = [];
    for (const line of readingOrder(blocks)) {
      if (line.words.length === 0) continue;
      if (line.breakBefore && out.length > 0) out.push('');
      for (const word of line.words) {
        confidences.push(word.confidence);
        words.push([removeJapaneseSpaces(word.text), word.bbox.x0, word.bbox.y0, word.bbox.x1, word.bbox.y1]);
      }
      out.push(removeJapaneseSpaces(line.words.map((w) => w.text).join(' ')));
    }
    const text = out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    const confidence = confidences.length > 0 ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
    return { text, confidence, words };
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface OcrLine {
  bbox: Box;
  breakBefore: boolean;
  words: Array<{ text: string; confidence: number; bbox: Box }>;
}
interface OcrBlock {
  bbox: Box;
  lines: OcrLine[];
}

/**
 * Lines in reading order. Tesseract's layout analysis sometimes cuts one printed line into
 * blocks and lists the end of the line before its start (seen on wrapped Japanese paragraphs).
 * On a single-column page (the blocks' horizontal extents chain into one), lines are ordered
 * top to bottom, pieces on the same line left to right; a page with separate columns keeps
 * tesseract's order, which reads column by column.
 */
export function readingOrder(blocks: OcrBlock[]): OcrLine[] {
  const lines = blocks.flatMap((block) => block.lines);
  const spans = blocks.map((b) => [b.bbox.x0, b.bbox.x1] as const).sort((a, b) => a[0] - b[0]);
  let columns = 0;
  let reach = -Infinity;
  for (const [x0, x1] of spans) {
    if (x0 > reach) columns++;
    reach = Math.max(reach, x1);
  }
  if (columns > 1) return lines;
  const sorted = [...lines].sort((a, b) => (a.bbox.y0 + a.bbox.y1) / 2 - (b.bbox.y0 + b.bbox.y1) / 2);
  // Lines whose vertical middles lie within half a line height of each other are one printed line.
  const rows: OcrLine[][] = [];
  for (const line of sorted) {
    const row = rows.at(-1);
    const middle = (line.bbox.y0 + line.bbox.y1) / 2;
    const last = row?.at(-1);
    if (row && last && Math.abs(middle - (last.bbox.y0 + last.bbox.y1) / 2) < (last.bbox.y1 - last.bbox.y0) / 2) row.push(line);
    else rows.push([line]);
  }
  return rows.map((row) => {
    if (row.length === 1) return row[0];
    row.sort((a, b) => a.bbox.x0 - b.bbox.x0);
    return { bbox: row[0].bbox, breakBefore: row[0].breakBefore, words: row.flatMap((l) => l.words) };
  });
}
