/**
 * The only file that imports LanceDB. Two tables: `documents` and `chunks`, plus `meta`
 * (analyser version). Writes are merge-inserts, one commit per batch, so a reader sees a
 * document either as it was or as it is now, and a killed process leaves the last commit.
 */
import * as lancedb from '@lancedb/lancedb';
import { Field, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import { GentenError } from '../../../shared/errors';
import type { ChunkRow, DocumentReplacement, DocumentRow, ScoredChunk } from './types';

const DOCUMENT_COLUMNS: Array<[keyof DocumentRow, 'str' | 'int' | 'float']> = [
  ['id', 'str'], ['path', 'str'], ['hash', 'str'], ['size', 'float'], ['mtimeMs', 'float'], ['type', 'str'],
  ['title', 'str'], ['collection', 'str'], ['pages', 'int'], ['chunks', 'int'], ['status', 'str'],
  ['errorCode', 'str'], ['errorMessage', 'str'], ['indexedAt', 'str'], ['analyzer', 'str'],
];
const CHUNK_COLUMNS: Array<[keyof ChunkRow, 'str' | 'int' | 'float']> = [
  ['id', 'str'], ['documentId', 'str'], ['ordinal', 'int'], ['text', 'str'], ['terms', 'str'], ['grams', 'str'],
  ['pageStart', 'int'], ['pageEnd', 'int'], ['section', 'str'], ['charStart', 'int'], ['charEnd', 'int'],
  ['path', 'str'], ['title', 'str'], ['collection', 'str'],
];
/** What a search reads back: everything but the analysed columns, which only the index needs. */
const HIT_COLUMNS = CHUNK_COLUMNS.filter(([name]) => name !== 'terms' && name !== 'grams');

/** The full-text legs: analyser terms and character bigrams. */
export type SearchLeg = 'terms' | 'grams';
const SEARCH_LEGS: SearchLeg[] = ['terms', 'grams'];

function schemaOf(columns: Array<[string, 'str' | 'int' | 'float']>): Schema {
  return new Schema(
    columns.map(([name, kind]) => new Field(name, kind === 'str' ? new Utf8() : kind === 'int' ? new Int32() : new Float64(), false)),
  );
}

/** SQL string literal for LanceDB filters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function sqlList(values: string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
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

export class LanceStore {
  private constructor(
    readonly path: string,
    private readonly db: lancedb.Connection,
    private readonly documents: lancedb.Table,
    private readonly chunks: lancedb.Table,
    private readonly meta: lancedb.Table,
  ) {}

  static async open(path: string): Promise<LanceStore> {
    try {
      const db = await lancedb.connect(path);
      const names = new Set(await db.tableNames());
      const table = async (name: string, schema: Schema) =>
        names.has(name) ? db.openTable(name) : db.createEmptyTable(name, schema, { existOk: true });
      const documents = await table('documents', schemaOf(DOCUMENT_COLUMNS));
      let chunks = await table('chunks', schemaOf(CHUNK_COLUMNS));
      const chunkFields = new Set((await chunks.schema()).fields.map((f) => f.name));
      if (CHUNK_COLUMNS.some(([name]) => !chunkFields.has(name))) {
        // A library from an older Genten: rebuild its chunks; every document re-indexes next run.
        await db.dropTable('chunks');
        chunks = await db.createEmptyTable('chunks', schemaOf(CHUNK_COLUMNS), { existOk: true });
        await documents.update({ values: { analyzer: '', chunks: 0 } });
      }
      return new LanceStore(path, db, documents, chunks, await table('meta', schemaOf([['key', 'str'], ['value', 'str']])));
    } catch (error) {
      throw new GentenError('LIBRARY_UNUSABLE', `Cannot open the library at ${path}: ${(error as Error).message}`, path);
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    const rows = await this.meta.query().where(`key = ${sqlString(key)}`).limit(1).toArray();
    return rows[0]?.value as string | undefined;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.meta.mergeInsert('key').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([{ key, value }]);
  }

  async listDocuments(filter?: string): Promise<DocumentRow[]> {
    let query = this.documents.query();
    if (filter) query = query.where(filter);
    return (await query.toArray()).map((row) => toPlain<DocumentRow>(row, DOCUMENT_COLUMNS));
  }

  /**
   * Writes documents and their chunks. Chunks first: one merge-insert that adds the new chunks and
   * deletes the documents' old ones in the same commit. Then the document rows.
   */
  async replaceDocuments(batch: DocumentReplacement[]): Promise<void> {
    if (batch.length === 0) return;
    const ids = batch.map((b) => b.document.id);
    const chunks = batch.flatMap((b) => b.chunks);
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
    await this.chunks.delete(`documentId IN ${sqlList(ids)}`);
    await this.documents.delete(`id IN ${sqlList(ids)}`);
  }

  /** Brings the full-text index up to date with all rows, and compacts small commits. */
  async refreshIndex(): Promise<void> {
    const indices = await this.chunks.listIndices();
    for (const leg of SEARCH_LEGS) {
      if (indices.some((index) => index.columns.includes(leg))) continue;
      if ((await this.chunks.countRows()) === 0) return;
      await this.chunks.createIndex(leg, { config: lancedb.Index.fts(FTS_OPTIONS) });
    }
    for (const table of [this.chunks, this.documents, this.meta]) {
      await table.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) });
    }
  }

  /** BM25 over one leg; `tokens` is space-separated, analysed the way that leg was indexed. */
  async searchLeg(leg: SearchLeg, tokens: string, options: { limit: number; where?: string }): Promise<ScoredChunk[]> {
    if (!tokens.trim()) return [];
    let query = this.chunks
      .query()
      .fullTextSearch(tokens, { columns: leg })
      .select([...HIT_COLUMNS.map(([name]) => name as string), '_score'])
      .limit(options.limit);
    if (options.where) query = query.where(options.where);
    const rows = await query.toArray();
    return rows.map((row) => ({ ...toPlain<ChunkRow>(row, HIT_COLUMNS), score: Number(row._score) }));
  }

  async chunksOf(documentId: string): Promise<ChunkRow[]> {
    const rows = await this.chunks.query().where(`documentId = ${sqlString(documentId)}`).toArray();
    return rows.map((row) => toPlain<ChunkRow>(row, CHUNK_COLUMNS)).sort((a, b) => a.ordinal - b.ordinal);
  }

  async getChunk(id: string): Promise<ChunkRow | undefined> {
    const rows = await this.chunks.query().where(`id = ${sqlString(id)}`).limit(1).toArray();
    return rows[0] ? toPlain<ChunkRow>(rows[0], CHUNK_COLUMNS) : undefined;
  }

  async countChunks(where?: string): Promise<number> {
    return this.chunks.countRows(where);
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
