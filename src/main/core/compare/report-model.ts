/** What every compare report shows, in the documents' language: one row per item, differences first, with the reviewer's marks. */
import path from 'node:path';
import type { CompareItem, CompareKind, CompareMark, CompareResult, CompareSide } from '../../../shared/compare';
import { localTime } from '../reports/local-time';
import { CATEGORY_LABEL, shortSpan } from './reason';

export type CompareLanguage = 'ja' | 'en';

/** A reviewer's mark and note on an item, keyed by the item's `id`. */
export type CompareMarks = Record<string, { mark?: CompareMark; note?: string }>;

export const KIND_LABEL: Record<CompareLanguage, Record<CompareKind, string>> = {
  ja: { same: '同じ', changed: '変更', missing: '欠落', added: '追加' },
  en: { same: 'Same', changed: 'Changed', missing: 'Missing', added: 'Added' },
};

export const MARK_LABEL: Record<CompareLanguage, Record<CompareMark, string>> = {
  ja: { accepted: '受入れ', negotiate: '要交渉' },
  en: { accepted: 'Accepted', negotiate: 'To negotiate' },
};

export const HEADERS: Record<CompareLanguage, Record<string, string>> = {
  ja: {
    title: '契約書比較',
    standard: 'ひな形',
    draft: 'ドラフト',
    kind: '区分',
    changes: '相違点',
    standardText: 'ひな形の条文',
    draftText: 'ドラフトの条文',
    mark: '判断',
    note: 'メモ',
    summary: '集計',
    compared: '比較日時',
    created: '作成',
    preamble: '前文',
  },
  en: {
    title: 'Contract comparison',
    standard: 'Standard',
    draft: 'Draft',
    kind: 'Kind',
    changes: 'Differences',
    standardText: 'Standard text',
    draftText: 'Draft text',
    mark: 'Decision',
    note: 'Note',
    summary: 'Summary',
    compared: 'Compared',
    created: 'Created',
    preamble: 'Preamble',
  },
};

export interface CompareRow {
  item: CompareItem;
  kind: string;
  standard: string;
  draft: string;
  changes: string;
  mark: string;
  note: string;
}

export interface CompareReportModel {
  language: CompareLanguage;
  title: string;
  record: [string, string][];
  rows: CompareRow[];
}

/** "第6条（再委託） p.2" / "5. Term p.3–4"; '' when the side lacks the clause. */
export function place(side: CompareSide | null, language: CompareLanguage): string {
  if (!side) return '';
  const pages = side.pageEnd > side.page ? `pp.${side.page}–${side.pageEnd}` : `p.${side.page}`;
  return `${side.section || HEADERS[language].preamble} ${pages}`;
}

export function changeLines(item: CompareItem, language: CompareLanguage): string {
  if (item.kind !== 'changed') return item.kind === 'same' ? '' : item.reason;
  return item.changes.map((c) => `${CATEGORY_LABEL[language][c.category]}: ${shortSpan(c.before, 80)} → ${shortSpan(c.after, 80)}`).join('\n');
}

export interface CompareReportOptions {
  marks?: CompareMarks;
  /** When the comparison was made, when it is not now (a saved comparison). Default: not shown. */
  comparedAt?: string;
  now?: Date;
  language?: CompareLanguage;
}

export function buildCompareReport(result: CompareResult, options: CompareReportOptions = {}): CompareReportModel {
  const language = options.language ?? result.language;
  const h = HEADERS[language];
  const s = result.summary;
  const summary =
    language === 'ja'
      ? `変更 ${s.changed} · 欠落 ${s.missing} · 追加 ${s.added} · 同じ ${s.same}`
      : `${s.changed} changed · ${s.missing} missing · ${s.added} added · ${s.same} same`;
  const rows = result.items.map((item) => {
    const mark = options.marks?.[item.id];
    return {
      item,
      kind: KIND_LABEL[language][item.kind],
      standard: place(item.standard, language),
      draft: place(item.draft, language),
      changes: changeLines(item, language),
      mark: mark?.mark ? MARK_LABEL[language][mark.mark] : '',
      note: mark?.note ?? '',
    };
  });
  return {
    language,
    title: `${h.title}: ${path.basename(result.standard)} ⇄ ${path.basename(result.draft)}`,
    record: [
      [h.standard, result.standard],
      [h.draft, result.draft],
      [h.summary, summary],
      ...(options.comparedAt ? [[h.compared, localTime(options.comparedAt)] as [string, string]] : []),
      [h.created, localTime((options.now ?? new Date()).toISOString())],
    ],
    rows,
  };
}
