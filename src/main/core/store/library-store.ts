/**
 * What the rest of the engine asks of a library's store: documents, chunks and their full-text
 * legs, vectors, OCR'd pages and a few meta keys. Callers speak in rows and filters
 * ({collection}, {documentId}), never in a query language; LanceStore (lancedb.ts, a folder or
 * object storage) is the implementation, and the only file that writes LanceDB's SQL.
 */
import type * as Rows from './types';

export interface LibraryStore {
  /** The folder or s3:// URI the store was opened at (named in errors; the lock file's folder). */
  readonly path: string;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  // Documents
  listDocuments(): Promise<Rows.DocumentRow[]>;
  /** One document by its id or its (absolute) path; undefined when the library has none. */
  findDocument(key: { id: string } | { path: string }): Promise<Rows.DocumentRow | undefined>;
  /** Writes documents and their chunks, each document whole or not at all. */
  replaceDocuments(batch: Rows.DocumentReplacement[]): Promise<void>;
  /** Updates document rows only (failed, stale and unavailable marks). */
  upsertDocuments(rows: Rows.DocumentRow[]): Promise<void>;
  removeDocuments(ids: string[]): Promise<void>;

  // Chunks and full-text search
  /** Builds the full-text indexes that do not exist yet. */
  ensureSearchIndexes(): Promise<void>;
  /** Brings the full-text indexes up to date with all rows, and compacts small commits. */
  refreshIndex(): Promise<void>;
  /** The full-text legs that have no index. */
  missingSearchIndexes(): Promise<Rows.SearchLeg[]>;
  chunkCountsByDocument(): Promise<Map<string, number>>;
  /** BM25 over one leg; `tokens` is space-separated, analysed the way that leg was indexed. */
  searchLeg(leg: Rows.SearchLeg, tokens: string, options: { limit: number; filter?: Rows.ChunkFilter }): Promise<Rows.RankedChunk[]>;
  /** A document's chunks in reading order. */
  chunksOf(documentId: string): Promise<Rows.ChunkRow[]>;
  /** A document's chunks at these ordinals (those that exist), in reading order. */
  chunksAt(documentId: string, ordinals: number[]): Promise<Rows.ChunkRow[]>;
  /** Chunks by id as search returns them (without their bigrams), in the order given (missing ids are left out). */
  hitsByIds(ids: string[]): Promise<Rows.ChunkRow[]>;
  /** The terms of these candidates, by chunk id (a chunk removed meanwhile is missing). */
  termsOf(chunks: Rows.RankedChunk[]): Promise<Map<string, string>>;
  /** Chunks by id, in the order given (missing ids are left out). */
  chunksByIds(ids: string[]): Promise<Rows.ChunkRow[]>;
  getChunk(id: string): Promise<Rows.ChunkRow | undefined>;
  countChunks(filter?: Rows.ChunkFilter): Promise<number>;

  // Vectors
  /** The embedding model the library holds vectors of; undefined when it has none. */
  vectorSpace(): Promise<Rows.VectorSpace | undefined>;
  /** Starts an empty vector space for this model: every chunk is embedded again. */
  resetVectors(space: Rows.VectorSpace): Promise<void>;
  /** Chunks that have no vector yet (ids, in document order). */
  chunksWithoutVectors(): Promise<string[]>;
  embeddingInputs(ids: string[]): Promise<Array<Rows.EmbeddingInput & { id: string; documentId: string }>>;
  addVectors(rows: Rows.VectorRow[]): Promise<void>;
  countVectors(): Promise<number>;
  optimizeVectors(): Promise<void>;
  /** Nearest chunks by cosine similarity, read back like a BM25 leg. */
  searchVectors(vector: number[], options: { limit: number; filter?: Rows.ChunkFilter }): Promise<Rows.RankedChunk[]>;

  // OCR'd pages
  putOcrPages(rows: Rows.OcrPageRow[]): Promise<void>;
  /** A document's OCR'd pages (of any version: compare `hash`), by page. */
  ocrPagesOf(documentId: string, options?: { words?: boolean }): Promise<Rows.OcrPageRow[]>;
  pruneOcrPages(documents: Array<{ id: string; hash: string; pages: number }>): Promise<void>;
  /** Per document (or for one): pages read by OCR and their mean confidence (current file versions only). */
  ocrSummary(documentId?: string): Promise<Map<string, { pages: number; confidence: number }>>;
  /** OCR confidence of the given pages (key `${documentId}-${page}`), current versions only. */
  ocrConfidence(pages: Array<{ documentId: string; page: number }>): Promise<Map<string, number>>;

  dispose(): void;
}
