/**
 * OCR inside indexing: the pages a parse worker handed back (no text layer, a garbage one, or an
 * image) are read by OCR workers, one per core, each holding its tesseract engine and language
 * data once, one page per task. A page read before from the same file version with the same
 * languages is reused from the library, never read again. A page whose worker crashes or stalls
 * fails alone, with a per-page warning, and the rest of the document is indexed.
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
import { chunkPages, type ParseResult } from './parse-document';
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
    const rows = await Promise.all(
      scan.ocrPages.map(async (page): Promise<OcrPageRow | undefined> => {
        const cached = known.get(page);
        if (cached) {
          options.onPage(cached, false);
          return cached;
        }
        try {
          const result = await this.poolFor().run({ path: options.path, hash: scan.hash, page, langs: settings.langs });
          const row: OcrPageRow = {
            id: `${documentId}-${page}`, documentId, hash: scan.hash, page, langs: settings.langs, text: result.text,
            confidence: result.confidence, words: JSON.stringify(result.words), width: result.width, height: result.height,
            rotation: result.rotation, warning: result.warning ?? '',
          };
          options.onPage(row, true);
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
      if (row.warning) warnings.push({ path: options.path, page: row.page, code: 'NO_TEXT', message: `${path.basename(options.path)}: page ${row.page} ${row.warning}.` });
    }
    const texts = new Map(read.map((row) => [row.page, row.text]));
    const pages = scan.pages.map((p) => (scan.ocrPages.includes(p.page) ? { page: p.page, text: texts.get(p.page) ?? '' } : p));
    const chunks = chunkPages(scan.type, pages, scan.headings, options.chunking);
    warnings.sort((a, b) => a.page - b.page);
    if (chunks.length === 0) {
      // Nothing readable at all: the file fails (an earlier version in the library stays searchable).
      const code = warnings.find((w) => w.code === 'TOO_LARGE' || w.code === 'INVALID_FILE')?.code ?? 'NO_TEXT';
      const reasons = warnings.slice(0, 3).map((w) => w.message.replace(/^[^:]*: /, '')).join('; ');
      throw fileError(code, options.path, `has no text OCR could read${reasons ? ` (${reasons})` : ''}.`);
    }
    return { parsed: { kind: 'parsed', hash: scan.hash, size: scan.size, type: scan.type, title: scan.title, pages: scan.pages.length, chunks }, rows: read, warnings };
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
