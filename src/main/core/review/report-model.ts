/**
 * What every report format shows, computed once: one row per item × document in checklist order,
 * words in the checklist's language, where each citation is (page, or lines for text files), and
 * the provenance block (checklist and its hash, documents and theirs, model, Genten, date).
 */
import type { Citation } from '../../../shared/api';
import type { ChecklistItem, ReviewDocument, ReviewerMark, ReviewItemResult, ReviewRun, ReviewStatus } from '../../../shared/review';
import { stripCitationMarkers } from '../answer/citations';
import { renderReason } from '../../../shared/review-reasons';
import { EXTRACTED_LABEL } from '../answer/extractive';
import { locationText, sourceLocation } from '../../../shared/location';
import { localTime } from '../reports/local-time';

export type ReportLanguage = 'ja' | 'en';

export const STATUS_LABEL: Record<ReportLanguage, Record<ReviewStatus, string>> = {
  ja: { found: '該当あり', not_found: '該当なし', needs_review: '要確認' },
  en: { found: 'Found', not_found: 'Not found', needs_review: 'Needs review' },
};

export const MARK_LABEL: Record<ReportLanguage, Record<ReviewerMark, string>> = {
  ja: { accepted: '承認', changed: '修正', rejected: '却下' },
  en: { accepted: 'Accepted', changed: 'Changed', rejected: 'Rejected' },
};

export const CHANGE_LABEL: Record<ReportLanguage, Record<'new' | 'changed' | 'unchanged', string>> = {
  ja: { new: '新規', changed: '変更あり', unchanged: '変更なし' },
  en: { new: 'New', changed: 'Changed', unchanged: 'Unchanged' },
};

export const COLUMNS: Record<
  ReportLanguage,
  {
    id: string;
    question: string;
    category: string;
    status: string;
    reason: string;
    answer: string;
    document: string;
    page: string;
    section: string;
    quote: string;
    mark: string;
    note: string;
    change: string;
  }
> = {
  ja: {
    id: 'ID',
    question: '確認事項',
    category: '分類',
    status: '判定',
    reason: '理由',
    answer: '回答',
    document: '文書',
    page: 'ページ',
    section: '条項',
    quote: '引用',
    mark: 'レビュー結果',
    note: 'メモ',
    change: '前回との差',
  },
  en: {
    id: 'ID',
    question: 'Question',
    category: 'Category',
    status: 'Status',
    reason: 'Reason',
    answer: 'Answer',
    document: 'Document',
    page: 'Page',
    section: 'Section',
    quote: 'Quote',
    mark: 'Reviewer status',
    note: 'Note',
    change: 'Change',
  },
};

export const TEXT: Record<ReportLanguage, Record<string, string>> = {
  ja: {
    title: 'レビュー報告書',
    about: '記録',
    checklist: 'チェックリスト',
    checklistHash: 'チェックリストの SHA-256',
    written: '（原典で作成）',
    documents: '対象文書',
    model: '回答モデル',
    extractive: '抽出（生成モデルなし）',
    genten: '原典のバージョン',
    started: 'レビュー開始',
    finished: 'レビュー完了',
    generated: '報告書作成',
    state: '状態',
    summary: '集計',
    unsupported: '引用で裏付けられない文',
    notAnswered: '未回答（中断されたレビュー）',
    noQuotes: '引用なし',
    previous: '前回の回答',
  },
  en: {
    title: 'Review report',
    about: 'Record',
    checklist: 'Checklist',
    checklistHash: 'Checklist SHA-256',
    written: '(written in Genten)',
    documents: 'Documents',
    model: 'Answer model',
    extractive: 'extractive (no language model)',
    genten: 'Genten version',
    started: 'Review started',
    finished: 'Review finished',
    generated: 'Report written',
    state: 'State',
    summary: 'Summary',
    unsupported: 'Not supported by the cited passages',
    notAnswered: 'Not answered (the review was stopped)',
    noQuotes: 'No quotes',
    previous: 'Earlier answer',
  },
};

export interface ReportRow {
  item: ChecklistItem;
  document: ReviewDocument;
  /** Absent when the run stopped before this pair. */
  result?: ReviewItemResult;
}

export interface ReportModel {
  run: ReviewRun;
  language: ReportLanguage;
  rows: ReportRow[];
  /** Provenance as label / value pairs, in order. */
  provenance: Array<[string, string]>;
  generatedAt: Date;
}

/** "p. 3", "pp. 3–4", "lines 12–18" / "12–18 行" for text files, 月次点検表!B4:F9 for a workbook, "Slide 3" / スライド 3 for a presentation. */
export function citationPlace(c: Citation, language: ReportLanguage): string {
  if (c.lineStart !== undefined) {
    const end = c.lineEnd ?? c.lineStart;
    const range = end > c.lineStart ? `${c.lineStart}–${end}` : `${c.lineStart}`;
    return language === 'ja' ? `${range} 行` : `${end > c.lineStart ? 'lines' : 'line'} ${range}`;
  }
  const location = sourceLocation(c);
  if (location) return locationText(location, language);
  const range = c.pageEnd > c.page ? `${c.page}–${c.pageEnd}` : `${c.page}`;
  return language === 'ja' ? `${range} ページ` : `${c.pageEnd > c.page ? 'pp.' : 'p.'} ${range}`;
}

/** Why the item got its status, in the report's language (runs saved before reasons had codes: as saved). */
export function reasonText(result: ReviewItemResult, language: ReportLanguage): string {
  return result.reasonCode ? renderReason(result.reasonCode, language) : result.reason;
}

/** The answer as plain text (markers removed, the extractive label kept). */
export function plainAnswer(answer: string): string {
  return stripCitationMarkers(answer)
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/**
 * The answer for a table cell: plain, without the "extracted, no model" label on every row (the
 * record says the answers are extractive once).
 */
export function cellAnswer(answer: string, citations: number): string {
  const labels = new Set(Object.values(EXTRACTED_LABEL));
  // With several citations the [n] markers stay: the page, section and quote cells are numbered too.
  const lines = (citations > 1 ? answer.replace(/[ \t]+$/gm, '').trim() : plainAnswer(answer)).split('\n');
  return (labels.has(lines[0]!.trim()) ? lines.slice(1) : lines).join('\n').trim();
}

export function buildReportModel(run: ReviewRun, options: { language?: ReportLanguage; now?: Date } = {}): ReportModel {
  const language = options.language ?? run.checklist.language;
  const text = TEXT[language];
  const results = new Map(run.results.map((r) => [`${r.itemId}\u0000${r.documentId}`, r]));
  const rows: ReportRow[] = [];
  for (const item of run.checklist.items) {
    for (const document of run.documents) rows.push({ item, document, result: results.get(`${item.id}\u0000${document.id}`) });
  }
  const generatedAt = options.now ?? new Date();
  const model =
    run.model.kind === 'extractive' ? text.extractive : run.model.kind === 'file' ? `${run.model.file} (SHA-256 ${run.model.sha256})` : run.model.name;
  const counts = { found: 0, not_found: 0, needs_review: 0 };
  for (const r of run.results) counts[r.status]++;
  const labels = STATUS_LABEL[language];
  const provenance: Array<[string, string]> = [
    [text.checklist, run.checklist.path ?? `${run.checklist.name} ${text.written}`],
    [text.checklistHash, run.checklist.hash],
    ...run.documents.map((d, i): [string, string] => [`${text.documents} ${i + 1}`, `${d.path} (SHA-256 ${d.hash})`]),
    [text.model, model],
    [text.genten, run.gentenVersion],
    [text.started, localTime(run.createdAt)],
    [text.finished, run.state === 'done' ? localTime(run.finishedAt) : `– (${run.state})`],
    [text.generated, localTime(generatedAt.toISOString())],
    [
      text.summary,
      `${labels.found} ${counts.found} · ${labels.needs_review} ${counts.needs_review} · ${labels.not_found} ${counts.not_found} / ${rows.length}`,
    ],
  ];
  return { run, language, rows, provenance, generatedAt };
}
