/**
 * A document's text as Genten indexes it, page by page: the same parse and clean-up as the parse
 * stage of indexing (parse-document.ts), without chunking. For `genten text` and the source
 * viewer's Text tab, so that what a user reads there is what search and quotes work on.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocumentText } from '../../../shared/api';
import { parseFile, readFileBytes, type ParseFileOptions } from '../ingest/parse-file';
import { PageReader } from '../ocr/page-reader';
import { DEFAULT_OCR, type OcrSettings } from '../ocr/types';
import { pagesNeedingOcr } from './parse-document';
import { cleanPages } from '../text/clean';
import { workerScript } from '../workers/bundle';
import { WorkerPool } from '../workers/pool';

/** A page's text read by OCR before (from the library). */
export interface KnownOcrText {
  page: number;
  text: string;
  confidence: number;
}

export interface DocumentTextOptions extends ParseFileOptions {
  /** When pages are OCR'd, as indexing does it. Default { mode: 'auto', langs: 'jpn+eng' }. */
  ocr?: OcrSettings;
  /** Pages the library has read by OCR for this file version: used instead of reading them again. */
  known?: KnownOcrText[];
}

/**
 * The text of each page of a file, as indexing reads it (in this thread): pages without a usable
 * text layer come from OCR (the library's reading when it has one, else read now), with their
 * confidence.
 */
export async function readDocumentText(file: string, options: DocumentTextOptions = {}): Promise<DocumentText> {
  const absolute = path.resolve(file);
  const ocr = options.ocr ?? DEFAULT_OCR;
  const parsed = await parseFile(absolute, { ...options, keepScans: ocr.mode !== 'off' });
  const ocrPages = new Set(pagesNeedingOcr(parsed.type, parsed.pages, ocr.mode));
  const read = new Map<number, KnownOcrText>((options.known ?? []).map((k) => [k.page, k]));
  const missing = [...ocrPages].filter((page) => !read.has(page));
  if (missing.length > 0) {
    const reader = new PageReader();
    try {
      const hash = createHash('sha256')
        .update(options.data ?? (await readFileBytes(absolute)))
        .digest('hex');
      for (const page of missing) {
        const result = await reader.read({ path: absolute, hash, page, langs: ocr.langs });
        read.set(page, { page, text: result.text, confidence: result.confidence });
      }
    } finally {
      await reader.dispose();
    }
  }
  // Only page and text: a scan's layout items (none, or a garbage text layer's) must not come back.
  const raw = parsed.pages.map((p) => (ocrPages.has(p.page) ? { page: p.page, text: read.get(p.page)?.text ?? '' } : p));
  const pages = cleanPages(raw, { paged: parsed.type === 'pdf' || parsed.type === 'image' });
  return {
    path: absolute,
    pages: pages.map((p) => {
      const ocrRead = ocrPages.has(p.page) ? read.get(p.page) : undefined;
      return ocrRead
        ? { page: p.page, text: p.text, source: 'ocr' as const, confidence: Math.round(ocrRead.confidence) }
        : { page: p.page, text: p.text, source: 'text' as const };
    }),
  };
}

/** A task for the parse worker asking for a document's text rather than its chunks. */
export interface TextTask {
  path: string;
  text: true;
  known?: KnownOcrText[];
}

/** readDocumentText in a parse worker, so that a big PDF does not hold up the calling thread. */
export async function readDocumentTextInWorker(file: string, options: { signal?: AbortSignal; known?: KnownOcrText[] } = {}): Promise<DocumentText> {
  const pool = new WorkerPool<TextTask, DocumentText, never>(await workerScript(import.meta.url, 'parse-worker'), 1, {
    describe: (t) => path.basename((t as TextTask).path),
  });
  const stop = () => void pool.terminate();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await pool.run({ path: file, text: true, known: options.known });
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pool.terminate();
  }
}
