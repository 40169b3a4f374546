/**
 * A document's text as Genten indexes it, page by page: the same parse and clean-up as the parse
 * stage of indexing (parse-document.ts), without chunking. For `genten text` and the source
 * viewer's Text tab, so that what a user reads there is what search and quotes work on.
 */
import path from 'node:path';
import type { DocumentText } from '../../../shared/api';
import { parseFile, type ParseFileOptions } from '../ingest/parse-file';
import type { ParsedDocument } from '../ingest/types';
import { cleanPages } from '../text/clean';
import type { CleanPage } from '../text/types';
import { workerScript } from '../workers/bundle';
import { WorkerPool } from '../workers/pool';

/** Parsed and cleaned pages: what the chunker gets. */
export async function parseAndClean(file: string, options: ParseFileOptions = {}): Promise<{ parsed: ParsedDocument; pages: CleanPage[] }> {
  const parsed = await parseFile(file, options);
  return { parsed, pages: cleanPages(parsed.pages, { paged: parsed.type === 'pdf' || parsed.type === 'image' }) };
}

/** The text of each page of a file, as indexing reads it (in this thread). */
export async function readDocumentText(file: string, options: ParseFileOptions = {}): Promise<DocumentText> {
  const absolute = path.resolve(file);
  const { pages } = await parseAndClean(absolute, options);
  // Every page here came from the text layer; OCR'd pages will say 'ocr'.
  return { path: absolute, pages: pages.map((p) => ({ page: p.page, text: p.text, source: 'text' as const })) };
}

/** A task for the parse worker asking for a document's text rather than its chunks. */
export interface TextTask {
  path: string;
  text: true;
}

/** readDocumentText in a parse worker, so that a big PDF does not hold up the calling thread. */
export async function readDocumentTextInWorker(file: string, options: { signal?: AbortSignal } = {}): Promise<DocumentText> {
  const pool = new WorkerPool<TextTask, DocumentText, never>(await workerScript(import.meta.url, 'parse-worker'), 1, { describe: (t) => path.basename((t as TextTask).path) });
  const stop = () => void pool.terminate();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await pool.run({ path: file, text: true });
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await pool.terminate();
  }
}
