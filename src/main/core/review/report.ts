/**
 * Writes a review report in the format its extension names (.xlsx, .docx, .md, .csv), all at once
 * through a temporary file: nothing half-written is ever left at the target path.
 */
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { REPORT_FORMATS, type ReportFormat, type ReviewRun } from '../../../shared/review';
import { buildReportModel, type ReportLanguage } from './report-model';
import { renderDocx } from './report-docx';
import { renderCsv, renderMarkdown } from './report-text';
import { renderXlsx } from './report-xlsx';
import { fileNameSafe, writeReportFile } from '../reports/write-report-file';

export function reportFormatOf(file: string): ReportFormat {
  const ext = path.extname(file).slice(1).toLowerCase();
  const format = ext === 'markdown' ? 'md' : ext;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new GentenError('BAD_REQUEST', `${path.basename(file)}: a report is .xlsx, .docx, .md or .csv.`, file);
  }
  return format as ReportFormat;
}

/** The report's bytes. Language: the checklist's, unless given. */
export async function renderReport(run: ReviewRun, format: ReportFormat, options: { language?: ReportLanguage; now?: Date } = {}): Promise<Buffer> {
  const model = buildReportModel(run, options);
  switch (format) {
    case 'xlsx':
      return renderXlsx(model);
    case 'docx':
      return renderDocx(model);
    case 'md':
      return Buffer.from(renderMarkdown(model), 'utf8');
    case 'csv':
      return Buffer.from(renderCsv(model), 'utf8');
  }
}

/** Writes the report to `file` (format from its extension) atomically; returns the absolute path. */
export async function writeReport(run: ReviewRun, file: string, options: { language?: ReportLanguage; now?: Date } = {}): Promise<string> {
  const absolute = path.resolve(file);
  const data = await renderReport(run, reportFormatOf(absolute), options);
  await writeReportFile(absolute, data);
  return absolute;
}

/** A file name for a run's report: checklist name and date, safe on every OS. */
export function reportFileName(run: ReviewRun, format: ReportFormat): string {
  const safe = fileNameSafe(run.checklist.name, 80) || 'review';
  return `${safe}-${run.createdAt.slice(0, 10)}.${format}`;
}
