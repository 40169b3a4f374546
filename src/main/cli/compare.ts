/**
 * `genten compare STANDARD DRAFT [--db DIR] [--json] [--out report.xlsx|.docx|.md]`: a draft against
 * the company's standard contract, clause by clause; differences first, the most important first.
 * With --db, pages the library already read by OCR for either file are not read again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CompareItem, CompareResult } from '../../shared/compare';
import { displayPath } from '../../shared/display';
import { compareFiles } from '../core/compare/compare';
import { compareReportFormatOf, writeCompareReport } from '../core/compare/report';
import { KIND_LABEL, changeLines, place } from '../core/compare/report-model';
import type { KnownOcrText } from '../core/indexer/document-text';
import { readFileBytes } from '../core/ingest/parse-file';

export interface CompareCommandOptions {
  standard: string;
  draft: string;
  /** A library whose OCR readings of these files are reused. Default: none. */
  db?: string;
  out?: string;
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

export async function runCompare(options: CompareCommandOptions): Promise<number> {
  const { stdout, stderr } = options;
  if (options.out) compareReportFormatOf(options.out); // a wrong extension fails before the work
  for (const file of [options.standard, options.draft]) await readFileBytes(path.resolve(file)); // a missing file is named at once
  const tty = Boolean((stderr as NodeJS.WriteStream).isTTY) && !options.json;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const known = options.db ? await libraryOcr(options.db, [options.standard, options.draft]) : undefined;
    if (tty) stderr.write(`Reading ${path.basename(options.standard)}…`);
    const result = await compareFiles(options.standard, options.draft, {
      signal: controller.signal,
      known,
      onProgress: (step) => {
        if (!tty) return;
        if (step === 'standard') stderr.write(`\r\x1b[2KReading ${path.basename(options.draft)}…`);
        else if (step === 'draft') stderr.write('\r\x1b[2KComparing…');
        else stderr.write('\r\x1b[2K');
      },
    });
    const report = options.out ? await writeCompareReport(result, options.out) : undefined;
    if (options.json) stdout.write(JSON.stringify(compareJson(result)) + '\n');
    else stdout.write(formatCompare(result, report));
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The `--json` shape: {standard, draft, items: [{kind, standard, draft, changes, reason}], summary, seconds}. */
export function compareJson(result: CompareResult) {
  return {
    standard: result.standard,
    draft: result.draft,
    items: result.items.map((item) => ({
      kind: item.kind,
      standard: item.standard,
      draft: item.draft,
      changes: item.changes.map(({ before, after, category }) => ({ before, after, category })),
      reason: item.reason,
    })),
    summary: result.summary,
    seconds: result.seconds,
  };
}

const MARK: Record<CompareItem['kind'], string> = { changed: '≠', missing: '−', added: '+', same: '=' };

function formatCompare(result: CompareResult, report: string | undefined): string {
  const language = result.language;
  const lines = [`${language === 'ja' ? 'ひな形' : 'Standard'}: ${displayPath(result.standard)}`, `${language === 'ja' ? 'ドラフト' : 'Draft'}:  ${displayPath(result.draft)}`, ''];
  for (const item of result.items) {
    if (item.kind === 'same') continue;
    const where = [place(item.standard, language), place(item.draft, language)].filter(Boolean).join('  →  ');
    lines.push(`${MARK[item.kind]} ${KIND_LABEL[language][item.kind].padEnd(language === 'ja' ? 4 : 8)} ${where}`);
    const detail = item.kind === 'changed' ? changeLines(item, language) : item.reason;
    for (const line of detail.split('\n')) lines.push(`    ${line}`);
  }
  const s = result.summary;
  lines.push(
    '',
    language === 'ja'
      ? `変更 ${s.changed} · 欠落 ${s.missing} · 追加 ${s.added} · 同じ ${s.same} · ${result.seconds.toFixed(1)} 秒`
      : `${s.changed} changed · ${s.missing} missing · ${s.added} added · ${s.same} same · ${result.seconds.toFixed(1)} s`,
  );
  if (report) lines.push(`${language === 'ja' ? 'レポート' : 'Report'}: ${report}`);
  return lines.join('\n') + '\n';
}

/** The library's OCR readings of these files, when it holds them as they are now. */
async function libraryOcr(db: string, files: string[]): Promise<Map<string, KnownOcrText[]>> {
  const known = new Map<string, KnownOcrText[]>();
  if (!fs.existsSync(db)) return known;
  const { Engine } = await import('../core/engine');
  const { ocrTextsOf } = await import('../api/ocr-view');
  const engine = await Engine.open({ libraryDir: db });
  try {
    const documents = await engine.documents();
    for (const file of files.map((f) => path.resolve(f))) {
      const doc = documents.find((d) => d.path === file);
      if (!doc?.ocrPages) continue;
      const hash = createHash('sha256')
        .update(await readFileBytes(file))
        .digest('hex');
      if (doc.hash === hash) known.set(file, await ocrTextsOf(engine, doc));
    }
  } finally {
    engine.dispose();
  }
  return known;
}
