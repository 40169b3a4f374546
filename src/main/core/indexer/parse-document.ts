/**
 * The parse stage of indexing, run in a parse worker: read, hash, parse, clean, chunk. The
 * analysis stage (analyse-chunks.ts) runs in another thread, which holds the dictionary.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DocType } from '../../../shared/types';
import { docTypeFromPath } from '../ingest/file-types';
import { readFileLimited, sizeLimits, type SizeLimits } from '../ingest/limits';
import { chunkDocument } from '../text/chunker';
import type { ChunkDraft, ChunkOptions } from '../text/types';
import { parseAndClean } from './document-text';

export interface ParseTask {
  path: string;
  /** Hash of the version already in the library: an identical file stops after hashing. */
  knownHash?: string;
  chunking?: ChunkOptions;
  /** Largest file per type (see ingest/limits.ts). Default: DEFAULT_SIZE_LIMITS. */
  limits?: Partial<SizeLimits>;
}

export type ParseResult =
  | { kind: 'unchanged'; hash: string; size: number }
  | { kind: 'parsed'; hash: string; size: number; type: DocType; title: string; pages: number; chunks: ChunkDraft[] };

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

  const { parsed, pages } = await parseAndClean(task.path, { data, onPage: (page, pages) => onEvent({ page, pages }) });
  const title = parsed.title?.trim() || path.basename(task.path, path.extname(task.path));
  const chunks = chunkDocument(pages, parsed.headings, task.chunking);
  return { kind: 'parsed', hash, size: data.byteLength, type: parsed.type, title, pages: parsed.pages.length, chunks };
}
