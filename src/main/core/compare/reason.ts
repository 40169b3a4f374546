/** The one line that says why an item is what it is, in the documents' language. */
import type { ChangeCategory, CompareChange, CompareKind } from '../../../shared/compare';

export const CATEGORY_LABEL: Record<'ja' | 'en', Record<ChangeCategory, string>> = {
  ja: {
    amount: '金額',
    cap: '上限',
    period: '期間',
    date: '日付',
    party: '当事者',
    court: '管轄',
    law: '準拠法',
    obligation: '義務',
    number: '数値',
    wording: '文言',
  },
  en: {
    amount: 'Amount',
    cap: 'Cap',
    period: 'Period',
    date: 'Date',
    party: 'Party',
    court: 'Court',
    law: 'Governing law',
    obligation: 'Obligation',
    number: 'Number',
    wording: 'Wording',
  },
};

/** A span for one line: spaces and breaks collapsed, long ones cut. */
export function shortSpan(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat || '—';
}

export function reasonOf(kind: CompareKind, changes: CompareChange[], language: 'ja' | 'en'): string {
  const ja = language === 'ja';
  if (kind === 'same') return ja ? '同じ' : 'Same';
  if (kind === 'missing') return ja ? 'ドラフトにない条項（ひな形のみ）' : 'Not in the draft (standard only)';
  if (kind === 'added') return ja ? 'ドラフトで追加された条項' : 'Added in the draft';
  const first = changes[0];
  const more = changes.length > 1 ? (ja ? `（ほか${changes.length - 1}件）` : ` (+${changes.length - 1} more)`) : '';
  return `${CATEGORY_LABEL[language][first.category]}: ${shortSpan(first.before)} → ${shortSpan(first.after)}${more}`;
}
