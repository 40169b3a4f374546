/**
 * The LanceDB tables' columns and the SQL the store writes (only the lance-*.ts files and lancedb.ts
 * write SQL), shared by the store's parts: the tables, the vectors, the OCR'd pages, the indexes.
 */
import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import type { ChunkFilter, ChunkRow, DocumentRow, OcrPageRow } from './types';

type Columns<T> = Array<[keyof T, 'str' | 'int' | 'float']>;

export const DOCUMENT_COLUMNS: Columns<DocumentRow> = [
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
export const CHUNK_COLUMNS: Columns<ChunkRow> = [
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
export const OCR_COLUMNS: Columns<OcrPageRow> = [
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
export const META_COLUMNS: Array<[string, 'str']> = [
  ['key', 'str'],
  ['value', 'str'],
];
/** What a search reads back: all but the bigrams, which only the index needs (terms serve proximity). */
export const HIT_COLUMNS = CHUNK_COLUMNS.filter(([name]) => name !== 'grams');
/** What ranking reads of its best candidates: proximity and provision addresses need the terms. */
export const TERMS_COLUMNS = CHUNK_COLUMNS.filter(([name]) => name === 'id' || name === 'terms');

export const OCR_TABLE = 'ocr_pages';
export const VECTORS_TABLE = 'vectors';

/** Ids per SQL `IN (...)` list. */
const ID_BATCH = 500;

export function* inBatches<T>(items: T[], size = ID_BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export function schemaOf(columns: Array<[string, 'str' | 'int' | 'float']>): Schema {
  return new Schema(columns.map(([name, kind]) => new Field(name, kind === 'str' ? new Utf8() : kind === 'int' ? new Int32() : new Float64(), false)));
}

export function vectorSchema(dimensions: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('documentId', new Utf8(), false),
    new Field('source', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

/** SQL string literal for LanceDB filters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/** The chunks table's WHERE clause for a filter; undefined for no filter. */
export function chunkWhere(filter: ChunkFilter | undefined): string | undefined {
  const clauses: string[] = [];
  if (filter?.collection !== undefined) clauses.push(`collection = ${sqlString(filter.collection)}`);
  if (filter?.documentId !== undefined) clauses.push(`documentId = ${sqlString(filter.documentId)}`);
  return clauses.length > 0 ? clauses.join(' AND ') : undefined;
}

/** Arrow rows carry getters and BigInts; hand out plain objects. */
export function toPlain<T>(row: Record<string, unknown>, columns: Array<[keyof T, string]>): T {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of columns) {
    const value = row[name as string];
    out[name as string] = kind === 'str' ? String(value ?? '') : Number(value ?? 0);
  }
  return out as T;
}

/** The `meta` table as the store's parts use it. */
export interface MetaAccess {
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}
