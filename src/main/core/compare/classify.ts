/**
 * Turns the differing runs of a clause into spans a reader can judge, and says what each is about:
 * an amount, a cap, a period, a date, a party, a court, the governing law, an obligation's force
 * (する / しない, shall / may), another number, or wording. Numbers and names come first.
 */
import { CHANGE_CATEGORIES, type ChangeCategory, type CompareChange } from '../../../shared/compare';
import type { DiffRegion } from './diff';
import type { Token } from './tokens';

export interface Side {
  text: string;
  tokens: Token[];
}

/** At most this much text either side of a span is read to tell what it is about (its sentence). */
const CONTEXT = 160;

/** The sentence around a span: 上限 or "shall not exceed" says what a number is, even a few words away. */
function sentenceOf(text: string, [start, end]: [number, number]): string {
  const from = Math.max(0, start - CONTEXT);
  const head = text.slice(from, start);
  const stop = Math.max(head.lastIndexOf('。'), head.lastIndexOf('. '), head.lastIndexOf('; '));
  const tail = text.slice(end, end + CONTEXT);
  const ends = [tail.indexOf('。'), tail.indexOf('. '), tail.indexOf('; ')].filter((i) => i >= 0);
  return head.slice(stop + 1) + text.slice(start, end) + tail.slice(0, ends.length ? Math.min(...ends) + 1 : tail.length);
}

const COURT = /裁判所|court|arbitrat|仲裁|jurisdiction|venue|tribunal/i;
const LAW = /準拠法|法に準拠|日本法|governed by|governing law|laws? of (?:the )?(?:state|england|japan|new york|delaware|california)|法律に従/i;
const CAP = /上限|限度|超えない|を限り|cap\b|not (?:to )?exceed|maximum|aggregate liability|in no event|limit(?:ed|ation)? of liability/i;
const CURRENCY = /[円$¥€£]|yen|dollars?|usd|jpy|eur|万円|fee|price|payment|支払|料金|代金|報酬|委託料/i;
const PERIOD = /年間|か月|ヶ月|カ月|日以内|営業日|日間|週間|日前|年|日|days?|months?|years?|weeks?|business days?|hours?/i;
const DATE = /[0-9]{4}\s*年\s*[0-9]{1,2}\s*月|[0-9]{4}[/-][0-9]{1,2}|january|february|march|april|may [0-9]|june|july|august|september|october|november|december|令和|平成/i;
const PARTY = /甲|乙|丙|株式会社|有限会社|合同会社|inc\b|corporation|corp\b|llc|ltd|limited|company|licensee|licensor|distributor|supplier|customer|contractor/i;
const OBLIGATION =
  /ならない|しない|しなければ|できる|できない|負う|負わない|義務|禁止|ものとする|ず|ない|shall|may\b|must|will\b|not\b|no\b|never|cannot|obligat|required|entitled|prohibit/i;
const NUMBER = /[0-9０-９〇一二三四五六七八九十百千万億]/u;

/** The category of one span, from its words and a little of the text around it on both sides. */
export function categorize(before: string, after: string, contextA: string, contextB: string): ChangeCategory {
  const span = `${before} ${after}`;
  const around = `${contextA} ${contextB}`;
  const hasNumber = NUMBER.test(span);
  if (COURT.test(span) || (COURT.test(around) && !hasNumber)) return 'court';
  if (LAW.test(span) || (LAW.test(around) && /法|law|state|england|japan|york/i.test(span))) return 'law';
  if (hasNumber && CAP.test(around)) return 'cap';
  if (hasNumber && CURRENCY.test(around) && !PERIOD.test(span)) return 'amount';
  if (hasNumber && DATE.test(around) && DATE.test(span)) return 'date';
  if (hasNumber && PERIOD.test(around)) return 'period';
  if (PARTY.test(span)) return 'party';
  if (OBLIGATION.test(span)) return 'obligation';
  if (hasNumber) return 'number';
  if (CURRENCY.test(span)) return 'amount';
  return 'wording';
}

/**
 * The same letters cut differently ("non-exclusive" / "nonexclusive", "DETTO PIVX" / "DETTOPIVX", a
 * line break inside a Japanese word): what a PDF's text layer does, not what the draft says.
 */
function sameLetters(region: DiffRegion, a: Side, b: Side): boolean {
  const join = (side: Side, [from, to]: [number, number]) =>
    side.tokens
      .slice(from, to)
      .map((t) => t.key)
      .join('')
      .replace(/[.,]/g, '');
  return join(a, region.a) === join(b, region.b);
}

/**
 * A few small bare numbers that appear on one side only ("… separately. 6", "The 13") are page
 * numbers a PDF's text layer left in the flow, or clause numbers of a heading it joined: layout.
 */
function strayNumbers(region: DiffRegion, a: Side, b: Side): boolean {
  const tokensA = a.tokens.slice(...region.a);
  const tokensB = b.tokens.slice(...region.b);
  const only = tokensA.length ? tokensA : tokensB;
  if (tokensA.length && tokensB.length) return false;
  return only.length <= 3 && only.every((t) => t.cls === 'number' && Number(t.key) < 1000);
}

/** Runs separated by one token are one change (三年間 → 一年間 reads better than two). */
function mergeClose(regions: DiffRegion[]): DiffRegion[] {
  const out: DiffRegion[] = [];
  for (const r of regions) {
    const last = out[out.length - 1];
    if (last && r.a[0] - last.a[1] <= 1 && r.b[0] - last.b[1] <= 1) {
      last.a[1] = r.a[1];
      last.b[1] = r.b[1];
    } else out.push({ a: [...r.a], b: [...r.b] });
  }
  return out;
}

/** A unit right after a changed number belongs with it: 6か月間 → 3か月間, 30 days → 60 days. */
const UNIT = /^(?:か|ヶ|カ|箇|年|月|日|円|万円|営業日|週|時間|%|days?|months?|years?|weeks?|hours?|business|percent|dollars?|yen)/u;

/** A deletion or insertion shows with the word before it, so "shall not" → "shall" is readable. */
function widen(region: DiffRegion, a: Side, b: Side): DiffRegion {
  if (region.a[1] > region.a[0] && region.b[1] > region.b[0]) {
    const nextA = a.tokens[region.a[1]];
    const nextB = b.tokens[region.b[1]];
    const numbers = a.tokens[region.a[1] - 1]?.cls === 'number' && b.tokens[region.b[1] - 1]?.cls === 'number';
    if (numbers && nextA && nextB && nextA.key === nextB.key && UNIT.test(nextA.key)) return { a: [region.a[0], region.a[1] + 1], b: [region.b[0], region.b[1] + 1] };
    return region;
  }
  if (region.a[0] > 0 && region.b[0] > 0) return { a: [region.a[0] - 1, region.a[1]], b: [region.b[0] - 1, region.b[1]] };
  if (region.a[1] < a.tokens.length && region.b[1] < b.tokens.length) return { a: [region.a[0], region.a[1] + 1], b: [region.b[0], region.b[1] + 1] };
  return region;
}

function range(side: Side, [from, to]: [number, number]): [number, number] {
  if (to <= from) {
    const at = side.tokens[from]?.start ?? side.text.length;
    return [at, at];
  }
  return [side.tokens[from].start, side.tokens[to - 1].end];
}

/** The spans of the regions, most important first (then in text order). */
export function describeChanges(regions: DiffRegion[], a: Side, b: Side): CompareChange[] {
  const changes = mergeClose(regions.filter((r) => !sameLetters(r, a, b) && !strayNumbers(r, a, b))).map((raw) => {
    const region = widen(raw, a, b);
    const beforeRange = range(a, region.a);
    const afterRange = range(b, region.b);
    const before = a.text.slice(...beforeRange);
    const after = b.text.slice(...afterRange);
    return { before, after, category: categorize(before, after, sentenceOf(a.text, beforeRange), sentenceOf(b.text, afterRange)), beforeRange, afterRange };
  });
  return changes
    .map((c, i) => ({ c, i }))
    .sort((x, y) => CHANGE_CATEGORIES.indexOf(x.c.category) - CHANGE_CATEGORIES.indexOf(y.c.category) || x.i - y.i)
    .map((x) => x.c);
}
