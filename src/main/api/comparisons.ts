/**
 * The API's side of comparing contracts: two documents of the library (the renderer names ids, never
 * paths), read as indexing read them (their OCR'd pages reused; the library's copy of a file that is
 * not on this machine), the comparison saved with the reviewer's marks, and the report written from
 * that saved comparison, so that it holds what the reviewer marked.
 *
 * A saved comparison is shown again as it is while both documents are the versions it was made on;
 * when either was indexed again with other content (or the user asks to compare again), the pair is
 * compared anew and each mark stays on the difference with the same id; marks on differences no
 * longer found are kept, listed as earlier marks.
 */
import path from 'node:path';
import type { CompareMarkEntry, ComparisonSummary, CompareResult, SavedComparison } from '../../shared/compare';
import { GentenError } from '../../shared/errors';
import type { DocumentInfo } from '../../shared/types';
import { compareFiles } from '../core/compare/compare';
import { COMPARISONS_FOLDER, CompareStore, nextMark, type StoredComparison } from '../core/compare/compare-store';
import { renderCompareReport } from '../core/compare/report';
import { place } from '../core/compare/report-model';
import type { Engine } from '../core/engine';
import type { KnownOcrText } from '../core/indexer/document-text';
import { fileNameSafe, writeReportFile } from '../core/reports/write-report-file';
import { REVIEWS_FOLDER } from '../core/review/review-store';
import { libraryFilesDir } from '../core/store/location';
import { documentSource } from './document-source';
import { ocrTextsOf } from './ocr-view';
import { REPORTS_FOLDER } from './review-jobs';

export interface ComparisonsOptions {
  engine: Engine;
  /** The user's data folder: a shared library's (s3://) comparisons and reports are kept there, per library. */
  dataDir: string;
}

type Pair = { standardId: string; draftId: string };

const publicPart = (saved: StoredComparison): SavedComparison => ({
  standardId: saved.standardId,
  draftId: saved.draftId,
  result: saved.result,
  comparedAt: saved.comparedAt,
  marks: saved.marks,
});

export class Comparisons {
  readonly store: CompareStore;
  private readonly reportsDir: string;

  constructor(private readonly options: ComparisonsOptions) {
    const reviews = path.join(libraryFilesDir(options.engine.libraryDir, options.dataDir), REVIEWS_FOLDER);
    this.store = new CompareStore(path.join(reviews, COMPARISONS_FOLDER));
    this.reportsDir = path.join(reviews, REPORTS_FOLDER);
  }

  /** The saved comparison of the pair when both documents are unchanged (unless `again`), else a new one that keeps the marks. */
  async compare(request: Pair & { again?: boolean }): Promise<SavedComparison> {
    const standard = await this.documentOf(request.standardId, 'standard');
    const draft = await this.documentOf(request.draftId, 'draft');
    // A damaged file cannot be read; comparing anew replaces it.
    const saved = await this.store.load(request.standardId, request.draftId).catch(() => null);
    if (saved && !request.again && saved.standardHash === standard.hash && saved.draftHash === draft.hash) return publicPart(saved);
    const result = await this.run(standard, draft);
    const next = await this.store.update(request.standardId, request.draftId, (current) => ({
      version: 1,
      standardId: request.standardId,
      draftId: request.draftId,
      standardHash: standard.hash,
      draftHash: draft.hash,
      result,
      comparedAt: new Date().toISOString(),
      marks: current?.marks ?? {},
    }));
    return publicPart(next);
  }

  /** Sets or clears one difference's mark and note (mark null clears it; an empty note clears the note); the entry left, or null. */
  async mark(request: Pair & { itemId: string; mark?: CompareMarkEntry['mark'] | null; note?: string }): Promise<CompareMarkEntry | null> {
    let entry: CompareMarkEntry | null = null;
    await this.store.update(request.standardId, request.draftId, (saved) => {
      if (!saved) throw new GentenError('NOT_FOUND', 'These two documents have not been compared yet: compare them first.');
      const item = saved.result.items.find((i) => i.id === request.itemId);
      if (!item) throw new GentenError('NOT_FOUND', 'That difference is not in the saved comparison (it was compared again): open the comparison again.');
      const language = saved.result.language;
      const where = [place(item.standard, language), place(item.draft, language)].filter(Boolean).join(' → ');
      entry = nextMark(saved.marks[item.id], request, { kind: item.kind, where, reason: item.reason });
      const marks = { ...saved.marks };
      if (entry) marks[item.id] = entry;
      else delete marks[item.id];
      return { ...saved, marks };
    });
    return entry;
  }

  list(): Promise<ComparisonSummary[]> {
    return this.store.list();
  }

  /**
   * The report of the saved comparison with its marks: what the reviewer saw and marked, even if a
   * document changed since (the report says when it was compared). A pair never compared is compared first.
   */
  async export(request: Pair & { format: 'xlsx' | 'docx' | 'md' }): Promise<{ path: string; fileName: string; base64: string }> {
    const saved = (await this.store.load(request.standardId, request.draftId)) ?? (await this.compare(request));
    const { result } = saved;
    const data = await renderCompareReport(result, request.format, { marks: saved.marks, comparedAt: saved.comparedAt });
    const stem = (file: string) => fileNameSafe(path.basename(file, path.extname(file)), 60);
    const fileName = `compare-${stem(result.standard)}-${stem(result.draft)}-${new Date().toISOString().slice(0, 10)}.${request.format}`;
    const file = path.join(this.reportsDir, fileName);
    await writeReportFile(file, data);
    return { path: file, fileName, base64: data.toString('base64') };
  }

  private async documentOf(id: string, side: 'standard' | 'draft'): Promise<DocumentInfo> {
    const doc = await this.options.engine.document(id);
    if (!doc || doc.status === 'failed') {
      const which = side === 'standard' ? 'standard contract (ひな形)' : 'draft (ドラフト)';
      throw new GentenError('NOT_FOUND', `The ${which} is no longer in the library: choose it again.`);
    }
    return doc;
  }

  /**
   * Compares the versions the library indexed: the file when its content is still the one indexed (same
   * SHA-256), else the library's copy (a shared library's files/<sha256>); a file changed since, with no
   * copy, is an error that says to index it again, so that a saved comparison always names the versions it compared.
   */
  private async run(standard: DocumentInfo, draft: DocumentInfo): Promise<CompareResult> {
    const engine = this.options.engine;
    const known = new Map<string, KnownOcrText[]>();
    const data = new Map<string, Uint8Array>();
    for (const doc of [standard, draft]) {
      const source = await documentSource(engine, doc, () => false);
      // Never to be read from the path: documentSource gives the bytes it checked (or the copy) when it may not read the file.
      data.set(path.resolve(doc.path), source.data!);
      if (doc.ocrPages) known.set(path.resolve(doc.path), await ocrTextsOf(engine, doc));
    }
    return compareFiles(standard.path, draft.path, { known, data });
  }
}
