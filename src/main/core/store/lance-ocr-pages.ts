/** The `ocr_pages` table: what OCR read of each page (text, confidence, word boxes), kept so a page is never read twice. */
import type * as lancedb from '@lancedb/lancedb';
import { inBatches, OCR_COLUMNS, OCR_TABLE, schemaOf, sqlList, sqlString, toPlain } from './lance-schema';
import type { OcrPageRow } from './types';

export class LanceOcrPages {
  constructor(
    private readonly db: lancedb.Connection,
    private readonly documents: lancedb.Table,
    /** Absent until a page is first OCR'd. */
    private table: lancedb.Table | undefined,
  ) {}

  /** The table, for the store's compaction and deletes; undefined while there is none. */
  get current(): lancedb.Table | undefined {
    return this.table;
  }

  /** Writes (or replaces) OCR'd pages, one commit. */
  async put(rows: OcrPageRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.table ??= await this.db.createEmptyTable(OCR_TABLE, schemaOf(OCR_COLUMNS), { existOk: true });
    await this.table
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows as unknown as Record<string, unknown>[]);
  }

  /** A document's OCR'd pages (of any version: compare `hash`), by page. */
  async of(documentId: string, options: { words?: boolean } = {}): Promise<OcrPageRow[]> {
    if (!this.table) return [];
    const columns = options.words === false ? OCR_COLUMNS.filter(([name]) => name !== 'words' && name !== 'text') : OCR_COLUMNS;
    const rows = await this.table
      .query()
      .where(`documentId = ${sqlString(documentId)}`)
      .select(columns.map(([name]) => name as string))
      .toArray();
    return rows.map((row) => toPlain<OcrPageRow>(row, columns)).sort((a, b) => a.page - b.page);
  }

  /** Deletes documents' OCR'd pages of other file versions than theirs, or beyond their last page. */
  async prune(documents: Array<{ id: string; hash: string; pages: number }>): Promise<void> {
    if (!this.table) return;
    for (const batch of inBatches(documents, 100)) {
      await this.table.delete(batch.map((d) => `(documentId = ${sqlString(d.id)} AND (hash <> ${sqlString(d.hash)} OR page > ${d.pages}))`).join(' OR '));
    }
  }

  /** Per document: pages read by OCR and their mean confidence (current file versions only). */
  async summary(documentId?: string): Promise<Map<string, { pages: number; confidence: number }>> {
    const out = new Map<string, { pages: number; confidence: number }>();
    if (!this.table) return out;
    let documents = this.documents.query().select(['id', 'hash']);
    let pages = this.table.query().select(['documentId', 'hash', 'confidence', 'warning']);
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
  async confidence(pages: Array<{ documentId: string; page: number }>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!this.table || pages.length === 0) return out;
    const ids = [...new Set(pages.map((p) => `${p.documentId}-${p.page}`))];
    for (const batch of inBatches(ids)) {
      for (const row of await this.table
        .query()
        .where(`id IN ${sqlList(batch)}`)
        .select(['id', 'confidence'])
        .toArray()) {
        out.set(String(row.id), Number(row.confidence));
      }
    }
    return out;
  }
}
