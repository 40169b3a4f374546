/**
 * Comparing a counterparty's draft with the company's standard contract (自社ひな形), clause by
 * clause: the shapes `genten compare --json`, the API and the app share.
 */

/** same: both say it; changed: both have the clause, worded or valued differently; missing: only the standard; added: only the draft. */
export type CompareKind = 'same' | 'changed' | 'missing' | 'added';

/** What a difference inside a clause is about, most important first (see CHANGE_CATEGORIES). */
export type ChangeCategory = 'amount' | 'cap' | 'period' | 'date' | 'party' | 'court' | 'law' | 'obligation' | 'number' | 'wording';

/** The order in which differences are listed: what a lawyer looks at first comes first. */
export const CHANGE_CATEGORIES: readonly ChangeCategory[] = ['amount', 'cap', 'period', 'date', 'party', 'court', 'law', 'obligation', 'number', 'wording'];

/** One side's clause: its heading (e.g. 第6条（再委託）, "5. Term"), pages and text as the file has it. */
export interface CompareSide {
  section: string;
  page: number;
  pageEnd: number;
  text: string;
}

/** A span that differs inside a changed clause: the standard's words and the draft's. */
export interface CompareChange {
  before: string;
  after: string;
  category: ChangeCategory;
  /** Offsets of the span in each side's `text` ([start, end), end exclusive), for marking it. */
  beforeRange: [number, number];
  afterRange: [number, number];
}

export interface CompareItem {
  /**
   * Names the difference, not its place: the same for the same difference in a later comparison (the draft
   * renumbered, reflowed or changed elsewhere), so that a reviewer's mark stays on it.
   */
  id: string;
  kind: CompareKind;
  standard: CompareSide | null;
  draft: CompareSide | null;
  /** Spans that differ (changed items only), numbers and names first. */
  changes: CompareChange[];
  /** One line saying why, in the documents' language (e.g. 「管轄: 東京地方裁判所 → 大阪地方裁判所」). */
  reason: string;
  /** Position in document order (the standard's, with added clauses after the clause they follow). */
  order: number;
}

export interface CompareSummary {
  same: number;
  changed: number;
  missing: number;
  added: number;
}

export interface CompareResult {
  /** Absolute paths of the two files. */
  standard: string;
  draft: string;
  /** Differences first, the most important first; then the clauses that are the same, in order. */
  items: CompareItem[];
  summary: CompareSummary;
  seconds: number;
  /** 'ja' when the standard is mostly Japanese. */
  language: 'ja' | 'en';
}

/** A reviewer's decision on one difference (the app's marks, kept with an export). */
export type CompareMark = 'accepted' | 'negotiate';

/** A reviewer's mark and note on one difference, as saved in the library. */
export interface CompareMarkEntry {
  mark?: CompareMark;
  note?: string;
  /** When it was last set (ISO). */
  at: string;
  /** The difference it was set on, as listed then: shown when a later comparison no longer finds it. */
  kind: CompareKind;
  where: string;
  reason: string;
}

/** A comparison saved in the library with the reviewer's marks, for one standard and draft pair. */
export interface SavedComparison {
  standardId: string;
  draftId: string;
  result: CompareResult;
  /** When `result` was computed (ISO). */
  comparedAt: string;
  /** Marks by item `id`. Ids no item of `result` has are earlier marks on differences no longer found (a document changed). */
  marks: Record<string, CompareMarkEntry>;
}

/** A saved comparison as listed (Compare view's "recent comparisons"). */
export interface ComparisonSummary {
  standardId: string;
  draftId: string;
  standard: string;
  draft: string;
  comparedAt: string;
  summary: CompareSummary;
  /** Differences with a mark or a note. */
  marked: number;
}

/**
 * One side's clause text cut where it differs: `marked` parts are the spans that changed (the
 * standard's words on the 'before' side, the draft's on the 'after' side). For the view and reports.
 */
export function markedParts(text: string, changes: CompareChange[], side: 'before' | 'after'): { text: string; marked: boolean }[] {
  const ranges = changes
    .map((c) => (side === 'before' ? c.beforeRange : c.afterRange))
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}

/** A clause's text as shown: without the blank lines a Word file puts between paragraphs. */
export function withoutBlankLines(text: string): string {
  return text.replace(/\n[ \t\u3000]*(?=\n)/g, '');
}
