/**
 * The library store on LanceDB (with lance-*.ts, the only files that import it). Tables: `documents` and `chunks`, plus `meta` (analyser
 * version, embedding model) and, once an embedding model has been used, `vectors` (one row per
 * embedded chunk: chunk id, document id, a fingerprint of the embedded text, the vector).
 * Writes are merge-inserts, one commit per batch, so a reader sees a document either as it was or
 * as it is now, and a killed process leaves the last commit.
 *
 * Why vectors live in their own table rather than a column of `chunks`: the chunks table and its
 * BM25 indexes stay exactly as they are (a library without an embedding model is untouched, and
 * adding one rewrites no chunk row, so no full-text index goes stale); the vector width is fixed
 * per model, so a change of model is a drop and re-create of one table; and vectors written by a
 * killed run are kept and counted, so the next run embeds only what is missing.
 */
import * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import os from 'node:os';
import { GentenError } from '../../../shared/errors';
import { bounded } from './bounded';
import { FullTextIndexes } from './lance-indexes';
import { LanceOcrPages } from './lance-ocr-pages';
import {
  CHUNK_COLUMNS,
  chunkWhere,
  DOCUMENT_COLUMNS,
  HIT_COLUMNS,
  inBatches,
  META_COLUMNS,
  OCR_TABLE,
  schemaOf,
  sqlList,
  sqlString,
  TERMS_COLUMNS,
  toPlain,
  VECTORS_TABLE,
} from './lance-schema';
import { LanceVectors } from './lance-vectors';
import { acquireWriteLock } from './lock';
import { isObjectStorage } from './location';
import type { LibraryStore } from './library-store';
import type {
  ChunkFilter,
  ChunkRow,
  DocumentReplacement,
  DocumentRow,
  EmbeddingInput,
  OcrPageRow,
  RankedChunk,
  SearchLeg,
  VectorRow,
  VectorSpace,
} from './types';

// Lance sizes its compute pool by the core count; with 2 threads, building a full-text index over
// more than ~15,000 chunks deadlocks (0 % CPU, forever: seen with 0.31.0 on this 2-core machine).
// Four threads or more avoid it. Read when the pool first starts, so setting it here is in time.
process.env.LANCE_CPU_THREADS ??= String(Math.max(4, os.availableParallelism()));

export interface LanceOpenOptions {
  /** LanceDB's storageOptions for object storage (see storage-options.ts). Default: none (a local folder). */
  storageOptions?: Record<string, string>;
  /**
   * Seconds after which a read checks for commits made by other processes (LanceDB's
   * readConsistencyInterval). Default: undefined, never (one process owns a local library).
   */
  readConsistencySeconds?: number;
  /** Create the tables of a new library. Default true; false: a library that does not exist is an error. */
  create?: boolean;
}

export class LanceStore implements LibraryStore {
  private constructor(
    readonly path: string,
    private readonly db: lancedb.Connection,
    private readonly documents: lancedb.Table,
    private readonly chunks: lancedb.Table,
    private readonly meta: lancedb.Table,
    vectors: lancedb.Table | undefined,
    ocr: lancedb.Table | undefined,
  ) {
    this.vectors = new LanceVectors(db, { chunks, documents, meta: this }, vectors);
    this.ocr = new LanceOcrPages(db, documents, ocr);
    this.indexes = new FullTextIndexes(chunks, this, isObjectStorage(path));
  }

  private readonly vectors: LanceVectors;
  private readonly ocr: LanceOcrPages;
  private readonly indexes: FullTextIndexes;

  static async open(path: string, options: LanceOpenOptions = {}): Promise<LanceStore> {
    try {
      // Every LanceDB call is bounded in time (see bounded.ts).
      const isStoreObject = (value: object) =>
        value instanceof lancedb.Connection ||
        value instanceof lancedb.Table ||
        value instanceof lancedb.QueryBase ||
        value instanceof lancedb.MergeInsertBuilder;
      const db = await bounded({ connect: lancedb.connect }, { library: path, isStoreObject }).connect(path, {
        ...(options.storageOptions ? { storageOptions: options.storageOptions } : {}),
        ...(options.readConsistencySeconds !== undefined ? { readConsistencyInterval: options.readConsistencySeconds } : {}),
      });
      const names = new Set(await db.tableNames());
      // Some S3-compatible servers (s3rver) answer the listing tableNames() makes with nothing:
      // a table not listed may still open.
      const existing = async (name: string) => (names.has(name) ? db.openTable(name) : db.openTable(name).catch(() => undefined));
      const table = async (name: string, schema: Schema) => (await existing(name)) ?? db.createEmptyTable(name, schema, { existOk: true });
      const found = await existing('documents');
      if (options.create === false && !found) {
        db.close();
        throw new GentenError('LIBRARY_UNUSABLE', `No library at ${path}. Index some documents first: genten index <folder> --db ${path}`, path);
      }
      const documents = found ?? (await table('documents', schemaOf(DOCUMENT_COLUMNS)));
      let chunks = await table('chunks', schemaOf(CHUNK_COLUMNS));
      let vectors = await existing(VECTORS_TABLE);
      const outdated = async () => {
        const chunkFields = new Set((await chunks.schema()).fields.map((f) => f.name));
        return CHUNK_COLUMNS.some(([name]) => !chunkFields.has(name));
      };
      if (await outdated()) {
        // A library from an older Genten: rebuild its chunks; every document re-indexes next run.
        // Only under the write lock (LIBRARY_LOCKED otherwise): a writer may be using them. Object
        // storage has no lock that spans machines: there LanceDB's commits keep writers apart.
        const lock = isObjectStorage(path) ? undefined : acquireWriteLock(path);
        try {
          chunks = await db.openTable('chunks');
          if (await outdated()) {
            await db.dropTable('chunks');
            chunks = await db.createEmptyTable('chunks', schemaOf(CHUNK_COLUMNS), { existOk: true });
            await documents.update({ values: { analyzer: '', chunks: 0 } });
            if (vectors) {
              await db.dropTable(VECTORS_TABLE);
              vectors = undefined;
            }
          }
        } finally {
          lock?.release();
        }
      }
      const meta = await table('meta', schemaOf(META_COLUMNS));
      const ocr = await existing(OCR_TABLE);
      return new LanceStore(path, db, documents, chunks, meta, vectors, ocr);
    } catch (error) {
      if (error instanceof GentenError && error.code !== 'INTERNAL') throw error;
      throw new GentenError('LIBRARY_UNUSABLE', `Cannot open the library at ${path}: ${(error as Error).message}`, path);
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (await firstRow(this.meta, `key = ${sqlString(key)}`))?.value as string | undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.meta.mergeInsert('key').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([{ key, value }]);
  }

  async listDocuments(): Promise<DocumentRow[]> {
    return (await this.documents.query().toArray()).map((row) => toPlain<DocumentRow>(row, DOCUMENT_COLUMNS));
  }

  /** One document by its id or its (absolute) path; undefined when the library has none. */
  async findDocument(key: { id: string } | { path: string }): Promise<DocumentRow | undefined> {
    const where = 'id' in key ? `id = ${sqlString(key.id)}` : `path = ${sqlString(key.path)}`;
    const row = await firstRow(this.documents, where);
    return row ? toPlain<DocumentRow>(row, DOCUMENT_COLUMNS) : undefined;
  }

  /**
   * Writes documents and their chunks. Chunks first: one merge-insert that adds the new chunks and
   * deletes the documents' old ones in the same commit. Then the document rows.
   */
  async replaceDocuments(batch: DocumentReplacement[]): Promise<void> {
    if (batch.length === 0) return;
    const ids = batch.map((b) => b.document.id);
    const chunks = batch.flatMap((b) => b.chunks);
    // Vectors first: a crash after this leaves chunks without vectors (embedded next run), never
    // a vector made from text the chunk no longer has.
    await this.vectors.dropStale(ids, chunks);
    if (chunks.length > 0) {
      await this.chunks
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .whenNotMatchedBySourceDelete({ where: `documentId IN ${sqlList(ids)}` })
        .execute(chunks as unknown as Record<string, unknown>[]);
    } else {
      await this.chunks.delete(`documentId IN ${sqlList(ids)}`);
    }
    // Before the document rows: a document listed is a document search finds, even if the
    // process dies now (a first run's first batch has no full-text index yet).
    await this.ensureSearchIndexes();
    await this.upsertDocuments(batch.map((b) => b.document));
  }

  /** Updates document rows only (failed and stale marks). */
  async upsertDocuments(rows: DocumentRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.documents
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows as unknown as Record<string, unknown>[]);
  }

  async removeDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // Chunks first: a crash in between leaves a document row with no chunks, which the next run repairs.
    await this.vectors.current?.delete(`documentId IN ${sqlList(ids)}`);
    await this.ocr.current?.delete(`documentId IN ${sqlList(ids)}`);
    await this.chunks.delete(`documentId IN ${sqlList(ids)}`);
    await this.documents.delete(`id IN ${sqlList(ids)}`);
  }

  /** Builds the full-text indexes that do not exist yet (see FullTextIndexes.ensure). */
  async ensureSearchIndexes(): Promise<void> {
    await this.indexes.ensure();
  }

  /** Brings the full-text indexes up to date with all rows, and compacts small commits (see FullTextIndexes.refresh). */
  async refreshIndex(): Promise<void> {
    await this.indexes.refresh([this.documents, this.meta, this.vectors.current, this.ocr.current].filter((table) => table !== undefined));
  }

  /** The full-text legs that have no index (none are needed while the table is empty). */
  async missingSearchIndexes(): Promise<SearchLeg[]> {
    return this.indexes.missing();
  }

  /** How many chunks each document id has in the chunks table (reads one column). */
  async chunkCountsByDocument(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const row of await this.chunks.query().select(['documentId']).toArray()) {
      const id = String(row.documentId);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * BM25 over one leg; `tokens` is space-separated, analysed the way that leg was indexed. Ids,
   * scores and row addresses only: through S3 the terms of a leg's 30 candidates were ~30
   * requests, and ranking reads them for the few candidates it weighs (termsOf).
   */
  async searchLeg(leg: SearchLeg, tokens: string, options: { limit: number; filter?: ChunkFilter }): Promise<RankedChunk[]> {
    if (!tokens.trim()) return [];
    let query = this.chunks.query().fullTextSearch(tokens, { columns: leg }).select(['id', '_score']).withRowId().limit(options.limit);
    const where = chunkWhere(options.filter);
    if (where) query = query.where(where);
    const rows = await query.toArray();
    return rows.map((row) => ({ id: String(row.id), score: Number(row._score), rowId: row._rowid as bigint }));
  }

  /**
   * Terms by row address where the candidate has one (through S3, 20 candidates' terms by id were
   * ~36 requests: the id index, then the id and terms of each row; by address, ~20), else by id.
   * A row compacted or removed since the leg read it is looked up by id instead.
   */
  async termsOf(chunks: RankedChunk[]): Promise<Map<string, string>> {
    const terms = new Map<string, string>();
    const addressed = chunks.filter((chunk) => chunk.rowId !== undefined);
    if (addressed.length > 0) {
      const byAddress = new Map<bigint, string>();
      try {
        const rows = await this.chunks
          .takeRowIds(addressed.map((chunk) => chunk.rowId!))
          .select(['terms'])
          .withRowId()
          .toArray();
        for (const row of rows) byAddress.set(row._rowid as bigint, String(row.terms));
      } catch {
        // An address whose fragment is gone (compacted meanwhile): every candidate by id below.
      }
      for (const chunk of addressed) {
        const found = byAddress.get(chunk.rowId!);
        if (found !== undefined) terms.set(chunk.id, found);
      }
    }
    const rest = chunks.filter((chunk) => !terms.has(chunk.id)).map((chunk) => chunk.id);
    if (rest.length > 0) for (const row of await this.rowsByIds(rest, TERMS_COLUMNS)) terms.set(row.id, row.terms);
    return terms;
  }

  async chunksOf(documentId: string): Promise<ChunkRow[]> {
    const rows = await this.chunks
      .query()
      .where(`documentId = ${sqlString(documentId)}`)
      .toArray();
    return rows.map((row) => toPlain<ChunkRow>(row, CHUNK_COLUMNS)).sort((a, b) => a.ordinal - b.ordinal);
  }

  async chunksAt(documentId: string, ordinals: number[]): Promise<ChunkRow[]> {
    const wanted = ordinals.filter((n) => Number.isInteger(n) && n >= 0);
    if (wanted.length === 0) return [];
    const rows = await this.chunks
      .query()
      .where(`documentId = ${sqlString(documentId)} AND ordinal IN (${wanted.join(', ')})`)
      .toArray();
    return rows.map((row) => toPlain<ChunkRow>(row, CHUNK_COLUMNS)).sort((a, b) => a.ordinal - b.ordinal);
  }

  /** Chunks by id, in the order given (missing ids are left out). */
  async chunksByIds(ids: string[]): Promise<ChunkRow[]> {
    return this.rowsByIds(ids, CHUNK_COLUMNS);
  }

  async hitsByIds(ids: string[]): Promise<ChunkRow[]> {
    return this.rowsByIds(ids, HIT_COLUMNS);
  }

  private async rowsByIds(ids: string[], columns: typeof CHUNK_COLUMNS): Promise<ChunkRow[]> {
    const byId = new Map<string, ChunkRow>();
    for (const batch of inBatches(ids)) {
      for (const row of await this.chunks
        .query()
        .where(`id IN ${sqlList(batch)}`)
        .select(columns.map(([name]) => name as string))
        .toArray()) {
        const chunk = toPlain<ChunkRow>(row, columns);
        byId.set(chunk.id, chunk);
      }
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async getChunk(id: string): Promise<ChunkRow | undefined> {
    const row = await firstRow(this.chunks, `id = ${sqlString(id)}`);
    return row ? toPlain<ChunkRow>(row, CHUNK_COLUMNS) : undefined;
  }

  async countChunks(filter?: ChunkFilter): Promise<number> {
    return this.chunks.countRows(chunkWhere(filter));
  }

  // -------------------------------------------------------------------------------------------
  // Vectors (lance-vectors.ts) and OCR'd pages (lance-ocr-pages.ts)

  vectorSpace(): Promise<VectorSpace | undefined> {
    return this.vectors.space();
  }

  resetVectors(space: VectorSpace): Promise<void> {
    return this.vectors.reset(space);
  }

  chunksWithoutVectors(): Promise<string[]> {
    return this.vectors.chunksWithout();
  }

  embeddingInputs(ids: string[]): Promise<Array<EmbeddingInput & { id: string; documentId: string }>> {
    return this.vectors.inputs(ids);
  }

  addVectors(rows: VectorRow[]): Promise<void> {
    return this.vectors.add(rows);
  }

  countVectors(): Promise<number> {
    return this.vectors.count();
  }

  /** Compacts the small commits embedding leaves behind. */
  async optimizeVectors(): Promise<void> {
    await this.vectors.current?.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) });
  }

  searchVectors(vector: number[], options: { limit: number; filter?: ChunkFilter }): Promise<RankedChunk[]> {
    return this.vectors.search(vector, options);
  }

  putOcrPages(rows: OcrPageRow[]): Promise<void> {
    return this.ocr.put(rows);
  }

  ocrPagesOf(documentId: string, options: { words?: boolean } = {}): Promise<OcrPageRow[]> {
    return this.ocr.of(documentId, options);
  }

  pruneOcrPages(documents: Array<{ id: string; hash: string; pages: number }>): Promise<void> {
    return this.ocr.prune(documents);
  }

  ocrSummary(documentId?: string): Promise<Map<string, { pages: number; confidence: number }>> {
    return this.ocr.summary(documentId);
  }

  ocrConfidence(pages: Array<{ documentId: string; page: number }>): Promise<Map<string, number>> {
    return this.ocr.confidence(pages);
  }

  dispose(): void {
    this.db.close();
  }
}

/** The first row that matches `where`, or undefined. */
async function firstRow(table: lancedb.Table, where: string): Promise<Record<string, unknown> | undefined> {
  const rows = await table.query().where(where).limit(1).toArray();
  return rows[0] as Record<string, unknown> | undefined;
}
