/**
 * Reads pages of one file after another in an OCR worker: keeps the open file (PDF or image
 * bytes) between pages of the same file, and one tesseract engine (its language data loaded
 * once) for the worker's life.
 */
import { readFileBytes } from '../ingest/parse-file';
import { imageKindOf, imagePage, PdfPages } from './page-images';
import { japaneseShare } from './japanese-spaces';
import { recognisePage } from './recognise-page';
import { TesseractEngine } from './tesseract';
import type { GreyImage, OcrPageResult } from './types';

export interface OcrPageTask {
  path: string;
  /** Content hash of the file (a changed file is read again). */
  hash: string;
  /** 1-based. */
  page: number;
  /** Tesseract languages, e.g. 'jpn+eng'. */
  langs: string;
}

/** Below this share of Japanese among letters and digits a page counts as Latin (recognisePage's latinPage). */
const LATIN_PAGE = 0.5;

export class PageReader {
  private engine?: { langs: string; ready: Promise<TesseractEngine> };
  /** `latin`: a page of this file came out mostly Latin, so the next is first read with every language (read once, not twice). */
  private open?: { key: string; data: Uint8Array; pdf?: Promise<PdfPages>; latin?: boolean };

  async read(task: OcrPageTask): Promise<OcrPageResult> {
    const engine = this.engineFor(task.langs);
    const image = await this.pageImage(task);
    const open = this.open!;
    const result = await recognisePage(await engine, image, { startLangs: open.latin ? task.langs : undefined, latinPage: LATIN_PAGE });
    if (result.text.trim()) open.latin = japaneseShare(result.text) < LATIN_PAGE;
    return result;
  }

  private engineFor(langs: string): Promise<TesseractEngine> {
    if (this.engine?.langs !== langs) {
      const previous = this.engine?.ready;
      void previous?.then((e) => e.dispose()).catch(() => undefined);
      this.engine = { langs, ready: TesseractEngine.create({ langs }) };
      this.engine.ready.catch(() => (this.engine = undefined));
    }
    return this.engine.ready;
  }

  private async pageImage(task: OcrPageTask): Promise<GreyImage> {
    const key = `${task.path}\u0000${task.hash}`;
    if (this.open?.key !== key) {
      await this.close();
      const data = await readFileBytes(task.path);
      this.open = { key, data };
    }
    const open = this.open!;
    if (imageKindOf(task.path) !== 'pdf') return imagePage(open.data, task.path, task.page);
    open.pdf ??= PdfPages.open(open.data, task.path);
    return (await open.pdf).render(task.page);
  }

  async close(): Promise<void> {
    const pdf = this.open?.pdf;
    this.open = undefined;
    await pdf?.then((p) => p.close()).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.close();
    await this.engine?.ready.then((e) => e.dispose()).catch(() => undefined);
    this.engine = undefined;
  }
}
