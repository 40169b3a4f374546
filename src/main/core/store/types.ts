import type { DocType, DocumentStatus } from '../../../shared/types';

/** A row of the `documents` table. */
export interface DocumentRow {
  id: string;
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
  type: DocType | 'unknown';
  title: string;
  collection: string;
  pages: number;
  chunks: number;
  status: DocumentStatus;
  errorCode: string;
  errorMessage: string;
  indexedAt: string;
  analyzer: string;
}

/** A row of the `chunks` table: source text for quotes, analysed terms for BM25. */
export interface ChunkRow {
  id: string;
  documentId: string;
  ordinal: number;
  text: string;
  /** Space-separated analyser terms (chunk text, title and section path). */
  terms: string;
  /** Space-separated character bigrams of the same text (the unknown-word leg). */
  grams: string;
  pageStart: number;
  pageEnd: number;
  section: string;
  charStart: number;
  charEnd: number;
  /** Denormalised from the document so a search needs no join. */
  path: string;
  title: string;
  collection: string;
}

/**
 * A search candidate as ranking needs it: its id, its score and, once ranking asks for them
 * (LibraryStore.termsOf), its terms (proximity, addresses). Only the best k are then read whole
 * (LibraryStore.hitsByIds): on object storage every column of every row read is a request.
 */
export interface RankedChunk {
  id: string;
  /** Undefined until read: a BM25 leg returns ids and scores only. */
  terms?: string;
  score: number;
  /**
   * The row's address in the table (Lance's `_rowid`: fragment and offset), when the leg gave it:
   * columns of the row are then read without looking up its id. A fragment is never rewritten in
   * place, so an address names the same row for as long as it exists.
   */
  rowId?: bigint;
}

export interface ScoredChunk extends ChunkRow {
  score: number;
}

/** One document's new state: written together, never half. */
export interface DocumentReplacement {
  document: DocumentRow;
  chunks: ChunkRow[];
}

/** The parts of a chunk an embedding is made from. */
export interface EmbeddingInput {
  title: string;
  section: string;
  text: string;
}

/** A row of the `vectors` table: one chunk's embedding under the library's current model. */
export interface VectorRow {
  /** The chunk's id. */
  id: string;
  documentId: string;
  /** chunkFingerprint() of the chunk when it was embedded. */
  source: string;
  vector: number[];
}

/** Which model the `vectors` table's vectors come from (kept in `meta`). */
export interface VectorSpace {
  /** The model's id: file name, size and a hash of its header (see embeddings/model.ts). */
  model: string;
  dimensions: number;
  /** How passages were turned into model input (prefix and format version); a change re-embeds. */
  input: string;
}

/** Which chunks a search may return. Empty: the whole library. The store turns it into its query language. */
export interface ChunkFilter {
  /** Only documents of this collection. */
  collection?: string;
  /** Only this document (search within one document). */
  documentId?: string;
}

/**
 * A row of the `ocr_pages` table: the text OCR read from one page of a document, with its word
 * boxes (for highlights on the page image) and confidence. Keyed by document and page; `hash`
 * and `langs` say which file version and languages it was read from, so an unchanged scan is
 * never read again.
 */
export interface OcrPageRow {
  /** `${documentId}-${page}`. */
  id: string;
  documentId: string;
  hash: string;
  page: number;
  langs: string;
  text: string;
  /** Mean word confidence, 0-100. */
  confidence: number;
  /** JSON array of [text, x0, y0, x1, y1] in the page image's pixels. */
  words: string;
  width: number;
  height: number;
  /** Clockwise degrees the page image was turned before reading. */
  rotation: number;
  /** Why the page gave little text (blank, low confidence), or ''. */
  warning: string;
}

/** The full-text legs: analyser terms and character bigrams. */
export type SearchLeg = 'terms' | 'grams';
