/**
 * Writes a comparison report in the format its extension names (.xlsx, .docx, .md), atomically
 * (temp file and rename), as review reports are written.
 */
import path from 'node:path';
import { withoutBlankLines, type CompareResult } from '../../../shared/compare';
import { GentenError } from '../../../shared/errors';
import { writeReportFile } from '../reports/write-report-file';
import { buildCompareReport, HEADERS, type CompareLanguage, type CompareMarks, type CompareReportModel, type CompareReportOptions } from './report-model';

export const COMPARE_REPORT_FORMATS = ['xlsx', 'docx', 'md'] as const;
export type CompareReportFormat = (typeof COMPARE_REPORT_FORMATS)[number];

export function compareReportFormatOf(file: string): CompareReportFormat {
  const ext = path.extname(file).slice(1).toLowerCase();
  const format = ext === 'markdown' ? 'md' : ext;
  if (!(COMPARE_REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new GentenError('BAD_REQUEST', `${path.basename(file)}: a comparison report is .xlsx, .docx or .md.`, file);
  }
  return format as CompareReportFormat;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, '<br>');

export function renderCompareMarkdown(model: CompareReportModel): string {
  const h = HEADERS[model.language];
  const lines = [`# ${model.title}`, '', ...model.record.map(([label, value]) => `- **${label}**: ${value}`), ''];
  lines.push(`| ${h.kind} | ${h.standard} | ${h.draft} | ${h.changes} | ${h.mark} | ${h.note} |`, '|---|---|---|---|---|---|');
  for (const r of model.rows) lines.push(`| ${[r.kind, r.standard, r.draft, r.changes, r.mark, r.note].map(cell).join(' | ')} |`);
  lines.push('');
  for (const r of model.rows.filter((row) => row.item.kind !== 'same')) {
    lines.push(`## ${r.kind}: ${r.standard || r.draft}${r.standard && r.draft ? ` ⇄ ${r.draft}` : ''}`, '');
    if (r.changes) lines.push(...r.changes.split('\n').map((c) => `- ${c}`), '');
    if (r.item.standard) lines.push(...quotedClause(h.standardText, r.item.standard.text));
    if (r.item.draft) lines.push(...quotedClause(h.draftText, r.item.draft.text));
  }
  return lines.join('\n');
}

export async function renderCompareReport(result: CompareResult, format: CompareReportFormat, options: CompareReportOptions = {}): Promise<Buffer> {
  const model = buildCompareReport(result, options);
  switch (format) {
    case 'xlsx':
      return (await import('./report-xlsx')).renderCompareXlsx(model);
    case 'docx':
      return (await import('./report-docx')).renderCompareDocx(model);
    case 'md':
      return Buffer.from(renderCompareMarkdown(model), 'utf8');
  }
}

/** Writes the report to `file` (format from its extension); returns the absolute path. */
export async function writeCompareReport(
  result: CompareResult,
  file: string,
  options: { marks?: CompareMarks; language?: CompareLanguage } = {},
): Promise<string> {
  const absolute = path.resolve(file);
  const data = await renderCompareReport(result, compareReportFormatOf(absolute), options);
  await writeReportFile(absolute, data);
  return absolute;
}

/** A clause under its bold label as a Markdown quote, without the blank lines a Word draft puts between paragraphs. */
function quotedClause(label: string, text: string): string[] {
  return [
    `**${label}**`,
    '',
    ...withoutBlankLines(text)
      .split('\n')
      .map((l) => `> ${l}`),
    '',
  ];
}
