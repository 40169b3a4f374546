/**
 * The parse stage of indexing, run in a parse worker: read, hash, parse, clean, chunk. The
 * analysis stage (analyze-chunks.ts) runs in another thread, which holds the dictionary.
 * Pages that need OCR (no text layer or a garbage one, and every page of an image) are handed
 * back to the indexer, which has them read by the OCR workers and then chunks the document.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocType } from '../../../shared/types';
import { fileError } from '../ingest/errors';
import { docTypeFromPath } from '../ingest/file-types';
import { readFileLimited, sizeLimits, type SizeLimits } from '../ingest/limits';
import { parseFile } from '../ingest/parse-file';
import type { MarkupHeading, ParseWarning, RawPage } from '../ingest/types';
import { judgeTextLayer } from '../ocr/text-layer';
import type { OcrSettings } from '../ocr/types';
import type { ChunkDraft, ChunkOptions } from '../text/types';
import { chunkPages } from './chunk-pages';
import { isPlainTextLayer } from './plain-text-layer';

export interface ParseTask {
  path: string;
  /** Hash of the version already in the library: an identical file stops after hashing. */
  knownHash?: string;
  chunking?: ChunkOptions;
  /** Largest file per type (see ingest/limits.ts). Default: DEFAULT_SIZE_LIMITS. */
  limits?: Partial<SizeLimits>;
  /** When pages are OCR'd. Default: off (a scanned PDF fails with NO_TEXT). */
  ocr?: OcrSettings;
}

export type ParseResult =
  | { kind: 'unchanged'; hash: string; size: number }
  | { kind: 'parsed'; hash: string; size: number; type: DocType; title: string; pages: number; chunks: ChunkDraft[]; warnings?: ParseWarning[] }
  | {
      kind: 'scan';
      hash: string;
      size: number;
      type: DocType;
      title: string;
      pages: RawPage[];
      headings: MarkupHeading[];
      /** Pages (1-based) whose text must come from OCR. */
      ocrPages: number[];
    };

export interface ParseEvent {
  page: number;
  pages: number;
}

export async function parseDocument(task: ParseTask, onEvent: (event: ParseEvent) => void): Promise<ParseResult> {
  // Streamed, and never past the type's limit (the file may have grown since it was scanned).
  const type = docTypeFromPath(task.path) ?? 'text';
  const data = await readFileLimited(task.path, sizeLimits(task.limits)[type]);
  const hash = createHash('sha256').update(data).digest('hex');
  if (hash === task.knownHash) return { kind: 'unchanged', hash, size: data.byteLength };

  const ocr = task.ocr?.mode ?? 'off';
  const parsed = await parseFile(task.path, { data, keepScans: ocr !== 'off', onPage: (page, pages) => onEvent({ page, pages }) });
  const title = parsed.title?.trim() || path.basename(task.path, path.extname(task.path));
  if (parsed.type === 'image' && ocr === 'off') {
    throw fileError('NO_TEXT', task.path, 'is an image: its text can only be read with OCR, which is turned off.');
  }
  if (ocr !== 'off') {
    const ocrPages = pagesNeedingOcr(parsed.type, parsed.pages, ocr);
    if (ocrPages.length > 0)
      return { kind: 'scan', hash, size: data.byteLength, type: parsed.type, title, pages: parsed.pages, headings: parsed.headings, ocrPages };
  }
  const chunks = chunkPages(parsed.type, parsed.pages, parsed.headings, task.chunking);
  const warnings = parsed.warnings?.length ? { warnings: parsed.warnings } : {};
  return { kind: 'parsed', hash, size: data.byteLength, type: parsed.type, title, pages: parsed.pages.length, chunks, ...warnings };
}

/** Pages (1-based) whose text must come from OCR: every page of an image; of a PDF, those without a usable text layer (all with `force`). */
export function pagesNeedingOcr(type: DocType, pages: RawPage[], mode: OcrSettings['mode']): number[] {
  if (mode === 'off' || (type !== 'pdf' && type !== 'image')) return [];
  return pages.filter((p) => mode === 'force' || type === 'image' || (!isPlainTextLayer(p.text) && judgeTextLayer(p.text).ocr)).map((p) => p.page);
}
