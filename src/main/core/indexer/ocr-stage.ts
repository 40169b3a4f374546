/**
 * OCR inside indexing: the pages a parse worker handed back (no text layer, a garbage one, or an
 * image) are read by OCR workers, one per core, each holding its tesseract engine and language
 * data once, one page per task. A page read before from the same file version with the same
 * languages is reused from the library, never read again. A page whose worker crashes or stalls
 * fails alone, with a per-page warning, and the rest of the document is indexed. While a long scan
 * is read, the pages read so far are handed out every few seconds (onPartial), so that they can
 * be searched before the last page is done.
 */
import os from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../../shared/errors';
import { fileError } from '../ingest/errors';
import type { IngestWarning } from '../../../shared/types';
import type { OcrPageTask } from '../ocr/page-reader';
import type { OcrPageResult, OcrSettings } from '../ocr/types';
import type { OcrPageRow } from '../store/types';
import { WorkerPool } from '../workers/pool';
import { chunkPages } from './chunk-pages';
import type { ParseResult } from './parse-document';
import type { ChunkOptions } from '../text/types';

/** A page whose OCR worker says nothing for this long is stopped and fails (a stuck recognition). */
export const OCR_PAGE_TIMEOUT_MS = 120_000;

export type ScanResult = Extract<ParseResult, { kind: 'scan' }>;

export interface OcrScanOptions {
  documentId: string;
  path: string;
  scan: ScanResult;
  settings: OcrSettings;
  /** Pages of this document already in the library (any version: checked by hash and languages). */
  known: OcrPageRow[];
  chunking?: ChunkOptions;
  /** Each page read (or reused): its row, to be written with the next batch. */
  onPage(row: OcrPageRow, fresh: boolean): void;
  /**
   * The document chunked from the pages read so far (the others still empty), at most every
   * `partialMs` and only when a page was read since the last one; never for the last page (that is
   * the result). Default: none.
   */
  onPartial?(parsed: Extract<ParseResult, { kind: 'parsed' }>, pagesRead: number): void;
  /** Default 5000 ms. */
  partialMs?: number;
}

export interface OcrScanResult {
  parsed: Extract<ParseResult, { kind: 'parsed' }>;
  rows: OcrPageRow[];
  warnings: IngestWarning[];
}

export class OcrStage {
  private pool?: WorkerPool<OcrPageTask, OcrPageResult, never>;

  constructor(
    private readonly script: URL,
    /** OCR workers. Default: one per core. */
    private readonly workers = os.availableParallelism(),
    private readonly pageTimeoutMs = OCR_PAGE_TIMEOUT_MS,
  ) {}

  /** Reads a scan's pages and chunks the document with their text. */
  async read(options: OcrScanOptions): Promise<OcrScanResult> {
    const { scan, settings, documentId } = options;
    const known = new Map(options.known.filter((row) => row.hash === scan.hash && row.langs === settings.langs).map((row) => [row.page, row]));
    const warnings: IngestWarning[] = [];
    const done = new Map<number, OcrPageRow>();
    let lastPartial = performance.now();
    let sincePartial = 0;
    const pageDone = (row: OcrPageRow, fresh: boolean) => {
      done.set(row.page, row);
      options.onPage(row, fresh);
      if (fresh) sincePartial++;
      const { onPartial, partialMs = 5000 } = options;
      if (!onPartial || sincePartial === 0 || done.size >= scan.ocrPages.length || performance.now() - lastPartial < partialMs) return;
      const parsed = this.chunk(options, [...done.values()]);
      lastPartial = performance.now();
      sincePartial = 0;
      if (parsed.chunks.length > 0) onPartial(parsed, done.size);
    };
    const rows = await Promise.all(
      scan.ocrPages.map(async (page): Promise<OcrPageRow | undefined> => {
        const cached = known.get(page);
        if (cached) {
          pageDone(cached, false);
          return cached;
        }
        try {
          const result = await this.poolFor().run({ path: options.path, hash: scan.hash, page, langs: settings.langs });
          const row: OcrPageRow = {
            id: `${documentId}-${page}`,
            documentId,
            hash: scan.hash,
            page,
            langs: settings.langs,
            text: result.text,
            confidence: result.confidence,
            words: JSON.stringify(result.words),
            width: result.width,
            height: result.height,
            rotation: result.rotation,
            warning: result.warning ?? '',
          };
          pageDone(row, true);
          return row;
        } catch (error) {
          const info = toErrorInfo(error);
          if (info.code === 'CANCELLED') throw error;
          warnings.push({ path: options.path, page, code: info.code, message: pageMessage(options.path, page, info.message) });
          return undefined;
        }
      }),
    );
    const read = rows.filter((row): row is OcrPageRow => row !== undefined);
    for (const row of read) {
      if (row.warning)
        warnings.push({ path: options.path, page: row.page, code: 'NO_TEXT', message: `${path.basename(options.path)}: page ${row.page} ${row.warning}.` });
    }
    const parsed = this.chunk(options, read);
    warnings.sort((a, b) => a.page - b.page);
    if (parsed.chunks.length === 0) {
      // Nothing readable at all: the file fails (an earlier version in the library stays searchable).
      const code = warnings.find((w) => w.code === 'TOO_LARGE' || w.code === 'INVALID_FILE')?.code ?? 'NO_TEXT';
      const reasons = warnings
        .slice(0, 3)
        .map((w) => w.message.replace(/^[^:]*: /, ''))
        .join('; ');
      throw fileError(code, options.path, `has no text OCR could read${reasons ? ` (${reasons})` : ''}.`);
    }
    return { parsed, rows: read, warnings };
  }

  /** The scan chunked with the text of the OCR'd pages given (pages not given stay empty). */
  private chunk(options: OcrScanOptions, read: OcrPageRow[]): Extract<ParseResult, { kind: 'parsed' }> {
    const { scan } = options;
    const texts = new Map(read.map((row) => [row.page, row.text]));
    const pages = scan.pages.map((p) => (scan.ocrPages.includes(p.page) ? { page: p.page, text: texts.get(p.page) ?? '' } : p));
    const chunks = chunkPages(scan.type, pages, scan.headings, options.chunking);
    return { kind: 'parsed', hash: scan.hash, size: scan.size, type: scan.type, title: scan.title, pages: scan.pages.length, chunks };
  }

  private poolFor(): WorkerPool<OcrPageTask, OcrPageResult, never> {
    this.pool ??= new WorkerPool(this.script, this.workers, {
      silenceTimeoutMs: this.pageTimeoutMs,
      describe: (task) => `${path.basename((task as OcrPageTask).path)} page ${(task as OcrPageTask).page}`,
    });
    return this.pool;
  }

  async stop(): Promise<void> {
    await this.pool?.terminate();
  }
}

/** "scan.pdf page 3 could not be processed…" keeps its page; other messages get the page in front. */
function pageMessage(file: string, page: number, message: string): string {
  return /\bpage \d+/.test(message) ? message : `${path.basename(file)}: page ${page}: ${message}`;
}
