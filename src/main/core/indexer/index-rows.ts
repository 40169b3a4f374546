/** The rows an index run writes: a document's id from its path, its row for a parsed version, its chunks' rows. */
import { createHash } from 'node:crypto';
import { ANALYZER_VERSION } from '../analysis/analyzer';
import type { ChunkRow, DocumentRow } from '../store/types';
import { TEXT_VERSION } from '../text/text-version';
import type { ChunkDraft } from '../text/types';
import type { AnalyzedChunk } from './analyze-chunks';
import type { ParseResult } from './parse-document';

export function documentIdFor(filePath: string): string {
  return createHash('sha256').update(filePath).digest('hex').slice(0, 16);
}

/**
 * How a document's chunks were made: the analyser's version and the text pipeline's, in a document
 * row's `analyzer` field and the library's 'analyzer' meta. A document indexed under another is re-read.
 */
export const INDEX_VERSION = `${ANALYZER_VERSION}+text-${TEXT_VERSION}`;

/**
 * A version a newer Genten wrote: this analyser, a later text pipeline. Its documents are not read
 * again here (that would give them older text, and on a shared library indexed by two versions in
 * turn each would re-read every document the other wrote), nor its version recorded over.
 */
export function isNewerIndexVersion(version: string): boolean {
  const match = /^(.*)\+text-(\d+)$/.exec(version);
  return match !== null && match[1] === ANALYZER_VERSION && Number(match[2]) > TEXT_VERSION;
}

/** A document indexed under `version` needs no re-reading for the version's sake. */
export function isCurrentIndexVersion(version: string): boolean {
  return version === INDEX_VERSION || isNewerIndexVersion(version);
}

export type Parsed = Extract<ParseResult, { kind: 'parsed' }>;

/** The document row of a parsed file version. */
export function documentRowFor(base: DocumentRow, parsed: Parsed, indexedAt: string): DocumentRow {
  return {
    ...base,
    hash: parsed.hash,
    size: parsed.size,
    type: parsed.type,
    title: parsed.title,
    pages: parsed.pages,
    chunks: parsed.chunks.length,
    indexedAt,
    analyzer: INDEX_VERSION,
  };
}

/** A scan written while OCR was still reading it (see the scan branch of indexPaths). */
export function isPartialScan(doc: DocumentRow): boolean {
  return doc.status === 'stale' && doc.errorCode === 'NO_TEXT' && doc.chunks > 0;
}

/** The chunks table's rows of one document's analysed chunks (ids from the document, the file version and the chunk's place: a rewrite replaces, never duplicates). */
export function chunkRows(row: DocumentRow, drafts: ChunkDraft[], analyzed: AnalyzedChunk[]): ChunkRow[] {
  return drafts.map((chunk, i) => ({
    id: `${row.id}-${row.hash.slice(0, 12)}-${chunk.ordinal}`,
    documentId: row.id,
    ordinal: chunk.ordinal,
    text: chunk.text,
    terms: analyzed[i].terms,
    grams: analyzed[i].grams,
    pageStart: chunk.pageStart,
    pageEnd: chunk.pageEnd,
    section: chunk.section.join(' > '),
    charStart: chunk.charStart,
    charEnd: chunk.charEnd,
    path: row.path,
    title: row.title,
    collection: row.collection,
  }));
}
