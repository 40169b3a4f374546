/**
 * The only file that imports LanceDB. Tables: `documents` and `chunks`, plus `meta` (analyser
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
import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import os from 'node:os';
import { GentenError } from '../../../shared/errors';
import { bounded } from './bounded';
import { acquireWriteLock } from './lock';
import { isObjectStorage } from './location';
import { chunkFingerprint } from './chunk-fingerprint';
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

const DOCUMENT_COLUMNS: Array<[keyof DocumentRow, 'str' | 'int' | 'float']> = [
  ['id', 'str'],
  ['path', 'str'],
  ['hash', 'str'],
  ['size', 'float'],
  ['mtimeMs', 'float'],
  ['type', 'str'],
  ['title', 'str'],
  ['collection', 'str'],
  ['pages', 'int'],
  ['chunks', 'int'],
  ['status', 'str'],
  ['errorCode', 'str'],
  ['errorMessage', 'str'],
  ['indexedAt', 'str'],
  ['analyzer', 'str'],
];
const CHUNK_COLUMNS: Array<[keyof ChunkRow, 'str' | 'int' | 'float']> = [
  ['id', 'str'],
  ['documentId', 'str'],
  ['ordinal', 'int'],
  ['text', 'str'],
  ['terms', 'str'],
  ['grams', 'str'],
  ['pageStart', 'int'],
  ['pageEnd', 'int'],
  ['section', 'str'],
  ['charStart', 'int'],
  ['charEnd', 'int'],
  ['path', 'str'],
  ['title', 'str'],
  ['collection', 'str'],
];
const OCR_COLUMNS: Array<[keyof OcrPageRow, 'str' | 'int' | 'float']> = [
  ['id', 'str'],
  ['documentId', 'str'],
  ['hash', 'str'],
  ['page', 'int'],
  ['langs', 'str'],
  ['text', 'str'],
  ['confidence', 'float'],
  ['words', 'str'],
  ['width', 'int'],
  ['height', 'int'],
  ['rotation', 'int'],
  ['warning', 'str'],
];
const OCR_TABLE = 'ocr_pages';
/** What a search reads back: all but the bigrams, which only the index needs (terms serve proximity). */
const HIT_COLUMNS = CHUNK_COLUMNS.filter(([name]) => name !== 'grams');

const SEARCH_LEGS: SearchLeg[] = ['terms', 'grams'];

/** Meta key: index updates (partitions added) since the full-text indexes were last built whole. */
const INDEX_DELTAS_KEY = 'fts.deltas';
/** Index updates after which the full-text indexes are rebuilt whole (see indexesToRebuild). */
const MAX_INDEX_DELTAS = 8;

const VECTORS_TABLE = 'vectors';
/** Meta keys of the vector space the `vectors` table holds (see VectorSpace). */
const VECTOR_META = { model: 'embedding.model', dimensions: 'embedding.dimensions', input: 'embedding.input' } as const;
/** Ids per SQL `IN (...)` list. */
const ID_BATCH = 500;

function vectorSchema(dimensions: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('documentId', new Utf8(), false),
    new Field('source', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

function* inBatches<T>(items: T[], size = ID_BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function schemaOf(columns: Array<[string, 'str' | 'int' | 'float']>): Schema {
  return new Schema(columns.map(([name, kind]) => new Field(name, kind === 'str' ? new Utf8() : kind === 'int' ? new Int32() : new Float64(), false)));
}

/** SQL string literal for LanceDB filters (only this file writes SQL). */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function sqlList(values: string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/** The chunks table's WHERE clause for a filter; undefined for no filter. */
function chunkWhere(filter: ChunkFilter | undefined): string | undefined {
  const clauses: string[] = [];
  if (filter?.collection !== undefined) clauses.push(`collection = ${sqlString(filter.collection)}`);
  if (filter?.documentId !== undefined) clauses.push(`documentId = ${sqlString(filter.documentId)}`);
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}

const FTS_OPTIONS = {
  // Terms come pre-analysed (kuromoji, NFKC, lower case): split on spaces only, change nothing.
  baseTokenizer: 'whitespace' as const,
  lowercase: false,
  stem: false,
  removeStopWords: false,
  asciiFolding: false,
  withPosition: false,
  maxTokenLength: 64,
};

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
    /** Absent until an embedding model is first used with this library. */
    private vectors: lancedb.Table | undefined,
    /** Absent until a page is first OCR'd. */
    private ocr: lancedb.Table | undefined,
  ) {}

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
      const meta = await table(
        'meta',
        schemaOf([
          ['key', 'str'],
          ['value', 'str'],
        ]),
      );
      const ocr = await existing(OCR_TABLE);
      return new LanceStore(path, db, documents, chunks, meta, vectors, ocr);
    } catch (error) {
      if (error instanceof GentenError && error.code !== 'INTERNAL') throw error;
      throw new GentenError('LIBRARY_UNUSABLE', `Cannot open the library at ${path}: ${(error as Error).message}`, path);
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    const rows = await this.meta
      .query()
      .where(`key = ${sqlString(key)}`)
      .limit(1)
      .toArray();
    return rows[0]?.value as string | undefined;
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
    const rows = await this.documents.query().where(where).limit(1).toArray();
    return rows[0] ? toPlain<DocumentRow>(rows[0], DOCUMENT_COLUMNS) : undefined;
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
    await this.dropStaleVectors(ids, chunks);
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
    await this.vectors?.delete(`documentId IN ${sqlList(ids)}`);
    await this.ocr?.delete(`documentId IN ${sqlList(ids)}`);
    await this.chunks.delete(`documentId IN ${sqlList(ids)}`);
    await this.documents.delete(`id IN ${sqlList(ids)}`);
  }

  /**
   * Builds the full-text indexes that do not exist yet. LanceDB's search of a table with no
   * full-text index at all ranks nonsense (seen with 0.31 on a library whose first run was
   * killed), while rows added after an index exists are searched fine.
   */
  async ensureSearchIndexes(): Promise<void> {
    const indices = await this.chunks.listIndices();
    const missing = SEARCH_LEGS.filter((leg) => !indices.some((index) => index.columns.includes(leg)));
    if (missing.length === 0 || (await this.chunks.countRows()) === 0) return;
    // Both at once: measured 30 % faster than one after the other, and both commit.
    await Promise.all(missing.map((leg) => this.chunks.createIndex(leg, { config: lancedb.Index.fts(FTS_OPTIONS) })));
  }

  /** Brings the full-text index up to date with all rows, and compacts small commits. */
  async refreshIndex(): Promise<void> {
    const cleanup = { cleanupOlderThan: new Date(Date.now() - 60_000) };
    // The small tables compact while the chunks table does its heavier work.
    const others = Promise.all(
      [this.documents, this.meta, ...(this.vectors ? [this.vectors] : []), ...(this.ocr ? [this.ocr] : [])].map((table) => table.optimize(cleanup)),
    );
    others.catch(() => undefined); // awaited below: a failure first in the chunks table must not leave it unhandled
    const { rebuild, updates } = await this.indexesToRebuild();
    // Compact first (this also brings existing indexes up to date), then build what is missing on
    // the compacted files rather than building it and remapping it at once.
    await this.chunks.optimize(cleanup);
    // One after the other: a whole rebuild holds the index of every row in memory while it
    // builds, and two at once would double that at the largest libraries.
    for (const leg of rebuild) await this.chunks.createIndex(leg, { config: lancedb.Index.fts(FTS_OPTIONS), replace: true });
    await this.ensureSearchIndexes();
    await others;
    // After the meta table's compaction, not beside it.
    if (rebuild.length > 0) await this.setMeta(INDEX_DELTAS_KEY, '0');
    else if (updates > 0) await this.setMeta(INDEX_DELTAS_KEY, String(updates));
  }

  /**
   * The full-text indexes to rebuild whole rather than bring up to date. Bringing one up to date
   * adds the new rows as a new partition, and a query reads each of its tokens from every
   * partition: one more request per token on object storage (measured through s3rver: a library's
   * first run, a small index from its first batch plus the rest, made twice the posting reads).
   * So an index is rebuilt when the rows it lacks are as many as those it has (a first run, or a
   * run that doubled the library), or after MAX_INDEX_DELTAS updates; otherwise updated.
   */
  private async indexesToRebuild(): Promise<{ rebuild: SearchLeg[]; updates: number }> {
    const updates = Number((await this.getMeta(INDEX_DELTAS_KEY)) ?? 0) + 1;
    const rebuild: SearchLeg[] = [];
    let stale = false;
    for (const index of await this.chunks.listIndices()) {
      const leg = SEARCH_LEGS.find((l) => index.columns.includes(l));
      const stats = leg ? await this.chunks.indexStats(index.name) : undefined;
      if (!leg || !stats || stats.numUnindexedRows === 0) continue;
      stale = true;
      if (stats.numUnindexedRows >= stats.numIndexedRows || updates >= MAX_INDEX_DELTAS) rebuild.push(leg);
    }
    // `updates`: what the count becomes if this refresh only updates (0: nothing to add).
    return { rebuild, updates: stale ? updates : 0 };
  }

  /** The full-text legs that have no index (none are needed while the table is empty). */
  async missingSearchIndexes(): Promise<SearchLeg[]> {
    if ((await this.chunks.countRows()) === 0) return [];
    const indices = await this.chunks.listIndices();
    return SEARCH_LEGS.filter((leg) => !indices.some((index) => index.columns.includes(leg)));
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

  /** BM25 over one leg; `tokens` is space-separated, analysed the way that leg was indexed. */
  async searchLeg(leg: SearchLeg, tokens: string, options: { limit: number; filter?: ChunkFilter }): Promise<RankedChunk[]> {
    if (!tokens.trim()) return [];
    let query = this.chunks.query().fullTextSearch(tokens, { columns: leg }).select(['id', 'terms', '_score']).limit(options.limit);
    const where = chunkWhere(options.filter);
    if (where) query = query.where(where);
    const rows = await query.toArray();
    return rows.map((row) => ({ id: String(row.id), terms: String(row.terms), score: Number(row._score) }));
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
    const rows = await this.chunks
      .query()
      .where(`id = ${sqlString(id)}`)
      .limit(1)
      .toArray();
    return rows[0] ? toPlain<ChunkRow>(rows[0], CHUNK_COLUMNS) : undefined;
  }

  async countChunks(filter?: ChunkFilter): Promise<number> {
    return this.chunks.countRows(chunkWhere(filter));
  }

  // -------------------------------------------------------------------------------------------
  // Vectors

  /** The embedding model the `vectors` table holds vectors of; undefined when there is none. */
  async vectorSpace(): Promise<VectorSpace | undefined> {
    if (!this.vectors) return undefined;
    const [model, dimensions, input] = await Promise.all([
      this.getMeta(VECTOR_META.model),
      this.getMeta(VECTOR_META.dimensions),
      this.getMeta(VECTOR_META.input),
    ]);
    if (!model || !dimensions) return undefined;
    return { model, dimensions: Number(dimensions), input: input ?? '' };
  }

  /**
   * Starts an empty `vectors` table for this model (dropping vectors of any other): every chunk
   * is embedded again. The meta rows are written after the table, so a crash in between leaves
   * a mismatch that the next run resets again.
   */
  async resetVectors(space: VectorSpace): Promise<void> {
    if (!Number.isInteger(space.dimensions) || space.dimensions < 1) {
      throw new GentenError('MODEL_ERROR', `The embedding model ${space.model} reports ${space.dimensions} dimensions`);
    }
    this.vectors = undefined;
    if (
      (await this.db.tableNames()).includes(VECTORS_TABLE) ||
      (await this.db.openTable(VECTORS_TABLE).then(
        () => true,
        () => false,
      ))
    )
      await this.db.dropTable(VECTORS_TABLE);
    this.vectors = await this.db.createEmptyTable(VECTORS_TABLE, vectorSchema(space.dimensions), { existOk: false });
    await this.setMeta(VECTOR_META.model, space.model);
    await this.setMeta(VECTOR_META.dimensions, String(space.dimensions));
    await this.setMeta(VECTOR_META.input, space.input);
  }

  /**
   * Chunks that have no vector yet (ids, in document order), after deleting vectors whose chunk
   * is gone (left by a crash between two commits).
   */
  async chunksWithoutVectors(): Promise<string[]> {
    const chunkIds = (await this.chunks.query().select(['id', 'documentId', 'ordinal']).toArray()).map((row) => ({
      id: String(row.id),
      documentId: String(row.documentId),
      ordinal: Number(row.ordinal),
    }));
    if (!this.vectors) return chunkIds.map((c) => c.id);
    const vectorIds = new Set((await this.vectors.query().select(['id']).toArray()).map((row) => String(row.id)));
    const live = new Set(chunkIds.map((c) => c.id));
    const orphans = [...vectorIds].filter((id) => !live.has(id));
    for (const ids of inBatches(orphans)) await this.vectors.delete(`id IN ${sqlList(ids)}`);
    return chunkIds
      .filter((c) => !vectorIds.has(c.id))
      .sort((a, b) => a.documentId.localeCompare(b.documentId) || a.ordinal - b.ordinal)
      .map((c) => c.id);
  }

  /** What embedding needs of these chunks (missing ids are left out). */
  async embeddingInputs(ids: string[]): Promise<Array<EmbeddingInput & { id: string; documentId: string }>> {
    if (ids.length === 0) return [];
    const out: Array<EmbeddingInput & { id: string; documentId: string }> = [];
    for (const batch of inBatches(ids)) {
      const rows = await this.chunks
        .query()
        .where(`id IN ${sqlList(batch)}`)
        .select(['id', 'documentId', 'title', 'section', 'text'])
        .toArray();
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      for (const id of batch) {
        const row = byId.get(id);
        if (row) out.push({ id, documentId: String(row.documentId), title: String(row.title), section: String(row.section), text: String(row.text) });
      }
    }
    return out;
  }

  /** Adds vectors (one commit). Their length must be the table's dimensions. */
  async addVectors(rows: VectorRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (!this.vectors) throw new GentenError('INTERNAL', 'addVectors before resetVectors');
    await this.vectors
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows.map((row) => ({ ...row, vector: Float32Array.from(row.vector) })) as unknown as Record<string, unknown>[]);
  }

  async countVectors(): Promise<number> {
    return this.vectors ? this.vectors.countRows() : 0;
  }

  /** Compacts the small commits embedding leaves behind. */
  async optimizeVectors(): Promise<void> {
    await this.vectors?.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) });
  }

  /**
   * Nearest chunks to `vector` by cosine distance (exact search over every vector), scored by
   * cosine similarity, read back with the same columns as a BM25 leg. `collection` limits the
   * search to the documents of one collection.
   */
  async searchVectors(vector: number[], options: { limit: number; filter?: ChunkFilter }): Promise<RankedChunk[]> {
    if (!this.vectors) return [];
    let query = this.vectors.vectorSearch(Float32Array.from(vector)).column('vector').distanceType('cosine').select(['id', '_distance']).limit(options.limit);
    const { collection, documentId } = options.filter ?? {};
    if (collection !== undefined || documentId !== undefined) {
      // The vectors table has no collection column: the documents in scope, by id.
      let ids = documentId !== undefined ? [documentId] : [];
      if (collection !== undefined) {
        const docs = await this.documents
          .query()
          .where(`collection = ${sqlString(collection)}`)
          .select(['id'])
          .toArray();
        const inCollection = docs.map((d) => String(d.id));
        ids = documentId !== undefined ? ids.filter((id) => inCollection.includes(id)) : inCollection;
      }
      if (ids.length === 0) return [];
      query = query.where(`documentId IN ${sqlList(ids)}`);
    }
    const nearest = (await query.toArray()).map((row) => ({ id: String(row.id), similarity: 1 - Number(row._distance) }));
    if (nearest.length === 0) return [];
    const rows = await this.chunks
      .query()
      .where(`id IN ${sqlList(nearest.map((n) => n.id))}`)
      .select(['id', 'terms'])
      .toArray();
    const termsOf = new Map(rows.map((row) => [String(row.id), String(row.terms)]));
    return nearest.flatMap((n) => {
      const terms = termsOf.get(n.id);
      return terms !== undefined ? [{ id: n.id, terms, score: n.similarity }] : [];
    });
  }

  /** Deletes the vectors of these documents' chunks that the new chunks do not keep unchanged. */
  private async dropStaleVectors(documentIds: string[], chunks: ChunkRow[]): Promise<void> {
    if (!this.vectors || documentIds.length === 0) return;
    const keep = new Map(chunks.map((chunk) => [chunk.id, chunkFingerprint(chunk)]));
    const stale: string[] = [];
    for (const ids of inBatches(documentIds)) {
      const rows = await this.vectors
        .query()
        .where(`documentId IN ${sqlList(ids)}`)
        .select(['id', 'source'])
        .toArray();
      for (const row of rows) if (keep.get(String(row.id)) !== String(row.source)) stale.push(String(row.id));
    }
    for (const ids of inBatches(stale)) await this.vectors.delete(`id IN ${sqlList(ids)}`);
  }

  // -------------------------------------------------------------------------------------------
  // OCR'd pages

  /** Writes (or replaces) OCR'd pages, one commit. */
  async putOcrPages(rows: OcrPageRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.ocr ??= await this.db.createEmptyTable(OCR_TABLE, schemaOf(OCR_COLUMNS), { existOk: true });
    await this.ocr
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows as unknown as Record<string, unknown>[]);
  }

  /** A document's OCR'd pages (of any version: compare `hash`), by page. */
  async ocrPagesOf(documentId: string, options: { words?: boolean } = {}): Promise<OcrPageRow[]> {
    if (!this.ocr) return [];
    const columns = options.words === false ? OCR_COLUMNS.filter(([name]) => name !== 'words' && name !== 'text') : OCR_COLUMNS;
    const rows = await this.ocr
      .query()
      .where(`documentId = ${sqlString(documentId)}`)
      .select(columns.map(([name]) => name as string))
      .toArray();
    return rows.map((row) => toPlain<OcrPageRow>(row, columns)).sort((a, b) => a.page - b.page);
  }

  /** Deletes documents' OCR'd pages of other file versions than theirs, or beyond their last page. */
  async pruneOcrPages(documents: Array<{ id: string; hash: string; pages: number }>): Promise<void> {
    if (!this.ocr) return;
    for (const batch of inBatches(documents, 100)) {
      await this.ocr.delete(batch.map((d) => `(documentId = ${sqlString(d.id)} AND (hash <> ${sqlString(d.hash)} OR page > ${d.pages}))`).join(' OR '));
    }
  }

  /** Per document: pages read by OCR and their mean confidence (current file versions only). */
  async ocrSummary(documentId?: string): Promise<Map<string, { pages: number; confidence: number }>> {
    const out = new Map<string, { pages: number; confidence: number }>();
    if (!this.ocr) return out;
    let documents = this.documents.query().select(['id', 'hash']);
    let pages = this.ocr.query().select(['documentId', 'hash', 'confidence', 'warning']);
    if (documentId !== undefined) {
      documents = documents.where(`id = ${sqlString(documentId)}`);
      pages = pages.where(`documentId = ${sqlString(documentId)}`);
    }
    const current = new Map((await documents.toArray()).map((row) => [String(row.id), String(row.hash)]));
    for (const row of await pages.toArray()) {
      const id = String(row.documentId);
      if (current.get(id) !== String(row.hash)) continue;
      const entry = out.get(id) ?? { pages: 0, confidence: 0 };
      entry.confidence = (entry.confidence * entry.pages + Number(row.confidence)) / (entry.pages + 1);
      entry.pages++;
      out.set(id, entry);
    }
    return out;
  }

  /** OCR confidence of the given pages of documents (key `${documentId}-${page}`), current versions only. */
  async ocrConfidence(pages: Array<{ documentId: string; page: number }>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!this.ocr || pages.length === 0) return out;
    const ids = [...new Set(pages.map((p) => `${p.documentId}-${p.page}`))];
    for (const batch of inBatches(ids)) {
      for (const row of await this.ocr
        .query()
        .where(`id IN ${sqlList(batch)}`)
        .select(['id', 'confidence'])
        .toArray()) {
        out.set(String(row.id), Number(row.confidence));
      }
    }
    return out;
  }

  dispose(): void {
    this.db.close();
  }
}

/** Arrow rows carry getters and BigInts; hand out plain objects. */
function toPlain<T>(row: Record<string, unknown>, columns: Array<[keyof T, string]>): T {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of columns) {
    const value = row[name as string];
    out[name as string] = kind === 'str' ? String(value ?? '') : Number(value ?? 0);
  }
  return out as T;
}
