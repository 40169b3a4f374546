/**
 * The API's side of comparing contracts: two documents of the library (the renderer names ids, never
 * paths), read as indexing read them (their OCR'd pages reused), and the report with the reviewer's
 * marks written into the library's reviews/reports folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CompareResult } from '../../shared/compare';
import { GentenError } from '../../shared/errors';
import { compareFiles } from '../core/compare/compare';
import { renderCompareReport } from '../core/compare/report';
import type { CompareMarks } from '../core/compare/report-model';
import type { Engine } from '../core/engine';
import type { KnownOcrText } from '../core/indexer/document-text';
import { fileNameSafe, writeReportFile } from '../core/reports/write-report-file';
import { ReviewStore } from '../core/review/review-store';
import { ocrTextsOf } from './ocr-view';
import { REPORTS_FOLDER } from './review-jobs';

async function documentFile(engine: Engine, id: string, known: Map<string, KnownOcrText[]>): Promise<string> {
  const doc = await engine.document(id);
  if (!doc || doc.status === 'failed') throw new GentenError('NOT_FOUND', 'That document is not in the library.');
  if (!fs.existsSync(doc.path)) throw new GentenError('READ_ERROR', `${doc.path} has moved or been deleted since it was indexed.`, doc.path);
  if (doc.ocrPages) known.set(doc.path, await ocrTextsOf(engine, doc));
  return doc.path;
}

export async function compareLibraryDocuments(engine: Engine, request: { standardId: string; draftId: string }): Promise<CompareResult> {
  const known = new Map<string, KnownOcrText[]>();
  const standard = await documentFile(engine, request.standardId, known);
  const draft = await documentFile(engine, request.draftId, known);
  return compareFiles(standard, draft, { known });
}

export async function exportLibraryComparison(
  engine: Engine,
  request: { standardId: string; draftId: string; format: 'xlsx' | 'docx' | 'md'; marks?: CompareMarks },
): Promise<{ path: string; fileName: string; base64: string }> {
  const result = await compareLibraryDocuments(engine, request);
  const data = await renderCompareReport(result, request.format, { marks: request.marks });
  const stem = (file: string) => fileNameSafe(path.basename(file, path.extname(file)), 60);
  const fileName = `compare-${stem(result.standard)}-${stem(result.draft)}-${new Date().toISOString().slice(0, 10)}.${request.format}`;
  const file = path.join(ReviewStore.forLibrary(engine.libraryDir).dir, REPORTS_FOLDER, fileName);
  await writeReportFile(file, data);
  return { path: file, fileName, base64: data.toString('base64') };
}
