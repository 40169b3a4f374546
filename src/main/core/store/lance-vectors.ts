/**
 * The `vectors` table: one row per embedded chunk (chunk id, document id, a fingerprint of the embedded text, the
 * vector), in its own table so that the chunks and their full-text indexes stay as they are (see lancedb.ts).
 */
import type * as lancedb from '@lancedb/lancedb';
import { GentenError } from '../../../shared/errors';
import { chunkFingerprint } from './chunk-fingerprint';
import { inBatches, sqlList, sqlString, vectorSchema, VECTORS_TABLE, type MetaAccess } from './lance-schema';
import type { ChunkFilter, ChunkRow, EmbeddingInput, RankedChunk, VectorRow, VectorSpace } from './types';

/** Meta keys of the vector space the `vectors` table holds (see VectorSpace). */
const VECTOR_META = { model: 'embedding.model', dimensions: 'embedding.dimensions', input: 'embedding.input' } as const;

export class LanceVectors {
  constructor(
    private readonly db: lancedb.Connection,
    private readonly tables: { chunks: lancedb.Table; documents: lancedb.Table; meta: MetaAccess },
    /** Absent until an embedding model is first used with this library. */
    private table: lancedb.Table | undefined,
  ) {}

  /** The table, for the store's compaction and deletes; undefined while there is none. */
  get current(): lancedb.Table | undefined {
    return this.table;
  }

  /** The embedding model the `vectors` table holds vectors of; undefined when there is none. */
  async space(): Promise<VectorSpace | undefined> {
    if (!this.table) return undefined;
    const { meta } = this.tables;
    const [model, dimensions, input] = await Promise.all([
      meta.getMeta(VECTOR_META.model),
      meta.getMeta(VECTOR_META.dimensions),
      meta.getMeta(VECTOR_META.input),
    ]);
    if (!model || !dimensions) return undefined;
    return { model, dimensions: Number(dimensions), input: input ?? '' };
  }

  /**
   * Starts an empty `vectors` table for this model (dropping vectors of any other): every chunk
   * is embedded again. The meta rows are written after the table, so a crash in between leaves
   * a mismatch that the next run resets again.
   */
  async reset(space: VectorSpace): Promise<void> {
    if (!Number.isInteger(space.dimensions) || space.dimensions < 1) {
      throw new GentenError('MODEL_ERROR', `The embedding model ${space.model} reports ${space.dimensions} dimensions`);
    }
    this.table = undefined;
    const exists =
      (await this.db.tableNames()).includes(VECTORS_TABLE) ||
      (await this.db.openTable(VECTORS_TABLE).then(
        () => true,
        () => false,
      ));
    if (exists) await this.db.dropTable(VECTORS_TABLE);
    this.table = await this.db.createEmptyTable(VECTORS_TABLE, vectorSchema(space.dimensions), { existOk: false });
    const { meta } = this.tables;
    await meta.setMeta(VECTOR_META.model, space.model);
    await meta.setMeta(VECTOR_META.dimensions, String(space.dimensions));
    await meta.setMeta(VECTOR_META.input, space.input);
  }

  /**
   * Chunks that have no vector yet (ids, in document order), after deleting vectors whose chunk
   * is gone (left by a crash between two commits).
   */
  async chunksWithout(): Promise<string[]> {
    const chunkIds = (await this.tables.chunks.query().select(['id', 'documentId', 'ordinal']).toArray()).map((row) => ({
      id: String(row.id),
      documentId: String(row.documentId),
      ordinal: Number(row.ordinal),
    }));
    if (!this.table) return chunkIds.map((c) => c.id);
    const vectorIds = new Set((await this.table.query().select(['id']).toArray()).map((row) => String(row.id)));
    const live = new Set(chunkIds.map((c) => c.id));
    const orphans = [...vectorIds].filter((id) => !live.has(id));
    for (const ids of inBatches(orphans)) await this.table.delete(`id IN ${sqlList(ids)}`);
    return chunkIds
      .filter((c) => !vectorIds.has(c.id))
      .sort((a, b) => a.documentId.localeCompare(b.documentId) || a.ordinal - b.ordinal)
      .map((c) => c.id);
  }

  /** What embedding needs of these chunks (missing ids are left out). */
  async inputs(ids: string[]): Promise<Array<EmbeddingInput & { id: string; documentId: string }>> {
    const out: Array<EmbeddingInput & { id: string; documentId: string }> = [];
    for (const batch of inBatches(ids)) {
      const rows = await this.tables.chunks
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
  async add(rows: VectorRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (!this.table) throw new GentenError('INTERNAL', 'addVectors before resetVectors');
    await this.table
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows.map((row) => ({ ...row, vector: Float32Array.from(row.vector) })) as unknown as Record<string, unknown>[]);
  }

  async count(): Promise<number> {
    return this.table ? this.table.countRows() : 0;
  }

  /**
   * Nearest chunks to `vector` by cosine distance (exact search over every vector), scored by
   * cosine similarity, read back with the same columns as a BM25 leg. `collection` limits the
   * search to the documents of one collection.
   */
  async search(vector: number[], options: { limit: number; filter?: ChunkFilter }): Promise<RankedChunk[]> {
    if (!this.table) return [];
    let query = this.table.vectorSearch(Float32Array.from(vector)).column('vector').distanceType('cosine').select(['id', '_distance']).limit(options.limit);
    const { collection, documentId } = options.filter ?? {};
    if (collection !== undefined || documentId !== undefined) {
      // The vectors table has no collection column: the documents in scope, by id.
      let ids = documentId !== undefined ? [documentId] : [];
      if (collection !== undefined) {
        const docs = await this.tables.documents
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
    const rows = await this.tables.chunks
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
  async dropStale(documentIds: string[], chunks: ChunkRow[]): Promise<void> {
    if (!this.table || documentIds.length === 0) return;
    const keep = new Map(chunks.map((chunk) => [chunk.id, chunkFingerprint(chunk)]));
    const stale: string[] = [];
    for (const ids of inBatches(documentIds)) {
      const rows = await this.table
        .query()
        .where(`documentId IN ${sqlList(ids)}`)
        .select(['id', 'source'])
        .toArray();
      for (const row of rows) if (keep.get(String(row.id)) !== String(row.source)) stale.push(String(row.id));
    }
    for (const ids of inBatches(stale)) await this.table.delete(`id IN ${sqlList(ids)}`);
  }
}
