/**
 * Everything CPU-heavy about one file, run inside a worker thread: read, hash, parse, clean,
 * chunk, analyse. The main thread only writes the result.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import type { DocType } from '../../../shared/types';
import type { Analyzer } from '../analysis/analyzer';
import { charBigrams } from '../analysis/bigrams';
import { parseFile } from '../ingest/parse-file';
import { chunkDocument } from '../text/chunker';
import { cleanPages } from '../text/clean';
import type { ChunkDraft, ChunkOptions } from '../text/types';

export interface PrepareTask {
  path: string;
  /** Hash of the version already in the library: an identical file stops after hashing. */
  knownHash?: string;
  chunking?: ChunkOptions;
}

export interface PreparedChunk extends ChunkDraft {
  /** Analyser terms (morphological leg). */
  terms: string;
  /** Character bigrams (unknown-word leg). */
  grams: string;
}

export type PrepareResult =
  | { kind: 'unchanged'; hash: string; size: number }
  | { kind: 'prepared'; hash: string; size: number; type: DocType; title: string; pages: number; chunks: PreparedChunk[] };

export interface PrepareEvent {
  page: number;
  pages: number;
}

export async function prepareDocument(
  task: PrepareTask,
  /** A promise is fine: the dictionary loads while the first file parses. */
  analyzerReady: Analyzer | Promise<Analyzer>,
  onEvent: (event: PrepareEvent) => void,
): Promise<PrepareResult> {
  let data: Buffer;
  try {
    data = await fs.readFile(task.path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file no longer exists' : (error as Error).message;
    throw new GentenError('READ_ERROR', `Cannot read ${task.path}: ${reason}`, task.path);
  }
  const hash = createHash('sha256').update(data).digest('hex');
  if (hash === task.knownHash) return { kind: 'unchanged', hash, size: data.byteLength };

  const parsed = await parseFile(task.path, { data, onPage: (page, pages) => onEvent({ page, pages }) });
  const pages = cleanPages(parsed.pages, { paged: parsed.type === 'pdf' });
  const title = parsed.title?.trim() || path.basename(task.path, path.extname(task.path));
  const drafts = chunkDocument(pages, parsed.headings, task.chunking);
  const analyzer = await analyzerReady;

  // Title and section path count for search: a question often names the document or the clause.
  const titleTerms = analyzer.terms(title).join(' ');
  const titleGrams = charBigrams(title).join(' ');
  const sections = new Map<string, { terms: string; grams: string }>();
  const chunks = drafts.map((draft) => {
    const sectionKey = draft.section.join(' > ');
    let section = sections.get(sectionKey);
    if (section === undefined) {
      section = { terms: analyzer.terms(sectionKey).join(' '), grams: charBigrams(sectionKey).join(' ') };
      sections.set(sectionKey, section);
    }
    const join = (...parts: string[]) => parts.filter(Boolean).join(' ');
    return {
      ...draft,
      terms: join(titleTerms, section.terms, analyzer.terms(draft.text).join(' ')),
      grams: join(titleGrams, section.grams, charBigrams(draft.text).join(' ')),
    };
  });
  return { kind: 'prepared', hash, size: data.byteLength, type: parsed.type, title, pages: parsed.pages.length, chunks };
}
