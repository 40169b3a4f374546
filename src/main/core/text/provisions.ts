/**
 * Structural addresses of provisions (document > 章 > 条 > 項 > 号; Article > Section > clause) as
 * exact search terms. A chunk is indexed with the address of every provision it holds, made from
 * its section path; a question that names a provision (第5条第6項, 第十二条, 第2条の13第3号,
 * Article 5(6), Section 12.3, 別表第一) is turned into the same terms. However a document writes
 * the number (kanji or Arabic, full- or half-width, ② or ２ or 第二項), the terms are the same:
 *   §a5        article 5 (第5条, Article 5)          §a2-13   第2条の13
 *   §a5.p6     its paragraph 6 (項, ②, Article 5(6))  §a5.p6.i3  and item 3 (号, (3), 三)
 *   §n12.3     numbered section 12.3 (Section 12.3, Clause 12.3, a "12.3" heading or paragraph)
 *   §ch3       第3章 / Chapter 3                        §x1      別表第一 / Schedule 1 / Appendix 1
 * The '§' prefix never comes out of the analyser, so a passage that only mentions 第168条 does
 * not get the address of 第168条.
 */
import { normalizeForSearch } from './normalize';

export const ADDRESS_PREFIX = '§';

const KANJI_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const KANJI_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
const CIRCLED_FIRST = 0x2460; // ①
const CIRCLED_21 = 0x3251; // ㉑

/** 12, １２, 十二, 百六十八, 一〇 (positional) → the number; NaN when it is none. */
export function parseNumeral(text: string): number {
  const ascii = text.normalize('NFKC').trim();
  if (/^[0-9]+$/.test(ascii)) return Number(ascii);
  if (!/^[〇零一二三四五六七八九十百千]+$/.test(ascii)) return Number.NaN;
  if (!/[十百千]/.test(ascii)) return Number([...ascii].map((c) => KANJI_DIGITS[c]).join(''));
  let total = 0;
  let digit = 0;
  for (const c of ascii) {
    if (c in KANJI_UNITS) {
      total += (digit || 1) * KANJI_UNITS[c];
      digit = 0;
    } else digit = KANJI_DIGITS[c];
  }
  return total + digit;
}

function parseRoman(text: string): number {
  const chars = [...text.toLowerCase()];
  if (chars.length === 0 || chars.some((c) => !(c in ROMAN))) return Number.NaN;
  let total = 0;
  chars.forEach((c, i) => {
    const value = ROMAN[c];
    total += i + 1 < chars.length && ROMAN[chars[i + 1]] > value ? -value : value;
  });
  return total;
}

function circledNumber(c: string): number {
  const code = c.codePointAt(0) ?? 0;
  if (code >= CIRCLED_FIRST && code < CIRCLED_FIRST + 20) return code - CIRCLED_FIRST + 1;
  if (code >= CIRCLED_21 && code < CIRCLED_21 + 15) return code - CIRCLED_21 + 21;
  return Number.NaN;
}

/** 12.0 → 12, 4.1. → 4.1, １２．３ → 12.3 */
function dotted(number: string): string {
  const parts = number.normalize('NFKC').split('.').filter(Boolean).map(Number);
  while (parts.length > 1 && parts[parts.length - 1] === 0) parts.pop();
  return parts.join('.');
}

const N = '[0-9]+|[〇零一二三四五六七八九十百千]+';
const JA_UNIT = new RegExp(`^第\\s*(${N})\\s*([編章節款条項号])((?:\\s*の\\s*(?:${N}))*)`, 'u');
const CAPTION_FIRST = /^[(（][^()（）]{1,30}[)）]\s*(?=第)/u;
const SCHEDULE_JA = new RegExp(`^別表\\s*(?:第\\s*)?(${N})?`, 'u');
const EN_UNIT = /^(part|chapter|article|art\.|section|sec\.|clause|§|schedule|appendix|annex|exhibit)\s*([0-9]+(?:\.[0-9]+)*|[ivxlc]+\b|[a-z]\b)?/u;
const NUMBERED = /^([0-9]{1,3}(?:\.[0-9]{1,3})*)\.?(?=\s|$)/u;
const PAREN = /^[(]\s*([0-9]{1,3}|[a-z])\s*[)]/u;
const LIST_NUMBER = /^([0-9]{1,2})\.$/u;

/** One step of an address: what it is and its number. */
type Step =
  | { kind: 'part' | 'chapter' | 'jaSection' | 'schedule'; value: string }
  | { kind: 'article'; value: string }
  | { kind: 'numbered'; value: string }
  | { kind: 'paragraph' | 'item'; value: number }
  /** A number whose level the text does not say: (6), ⑥, "6." (項 or 号 by context). */
  | { kind: 'subNumber'; value: number; circled: boolean }
  | { kind: 'letter'; value: string };

function subSteps(rest: string, steps: Step[]): void {
  for (let match = PAREN.exec(rest); match; match = PAREN.exec(rest)) {
    const value = match[1];
    steps.push(/[0-9]/.test(value) ? { kind: 'subNumber', value: Number(value), circled: false } : { kind: 'letter', value });
    rest = rest.slice(match[0].length).trimStart();
  }
}

/** The address step a section label starts with ('第15条（秘密保持）', '12.0 General Provisions', '②', '(a)'). */
function labelStep(label: string): Step | undefined {
  const first = label.trim();
  const circled = circledNumber(first);
  if (!Number.isNaN(circled)) return { kind: 'subNumber', value: circled, circled: true };
  let text = normalizeForSearch(first).trim();
  text = text.replace(CAPTION_FIRST, '');
  const ja = JA_UNIT.exec(text);
  if (ja) return jaStep(ja);
  const schedule = SCHEDULE_JA.exec(text);
  if (schedule) return { kind: 'schedule', value: schedule[1] ? String(parseNumeral(schedule[1])) : '' };
  const en = EN_UNIT.exec(text);
  if (en && en[2]) return enStep(en[1], en[2]);
  const list = LIST_NUMBER.exec(text);
  if (list) return { kind: 'subNumber', value: Number(list[1]), circled: false };
  const numbered = NUMBERED.exec(text);
  if (numbered) return { kind: 'numbered', value: dotted(numbered[1]) };
  const paren = PAREN.exec(text);
  if (paren) return /[0-9]/.test(paren[1]) ? { kind: 'subNumber', value: Number(paren[1]), circled: false } : { kind: 'letter', value: paren[1] };
  const kanjiItem = /^([一二三四五六七八九十]{1,3})$/u.exec(text);
  if (kanjiItem) return { kind: 'item', value: parseNumeral(kanjiItem[1]) };
  return undefined;
}

function jaStep(match: RegExpExecArray): Step | undefined {
  const value = parseNumeral(match[1]);
  if (Number.isNaN(value)) return undefined;
  const branches = [...match[3].matchAll(new RegExp(N, 'gu'))].map((m) => parseNumeral(m[0]));
  switch (match[2]) {
    case '編':
      return { kind: 'part', value: String(value) };
    case '章':
      return { kind: 'chapter', value: String(value) };
    case '節':
      return { kind: 'jaSection', value: String(value) };
    case '款':
      return undefined;
    case '条':
      return { kind: 'article', value: [value, ...branches].join('-') };
    case '項':
      return { kind: 'paragraph', value };
    default:
      return { kind: 'item', value };
  }
}

function enStep(word: string, number: string): Step | undefined {
  const value = /^[0-9.]+$/.test(number) ? dotted(number) : /^[ivxlc]+$/.test(number) ? String(parseRoman(number)) : number;
  if (!value || value === 'NaN') return undefined;
  // A letter numbers only schedules and exhibits (Exhibit A); "part y" is the word "party".
  if (/^[a-z]$/.test(value) && !['schedule', 'appendix', 'annex', 'exhibit'].includes(word)) return undefined;
  switch (word) {
    case 'part':
      return { kind: 'part', value };
    case 'chapter':
      return { kind: 'chapter', value };
    case 'article':
    case 'art.':
      return { kind: 'article', value };
    case 'schedule':
    case 'appendix':
    case 'annex':
    case 'exhibit':
      return { kind: 'schedule', value };
    default:
      return /^[0-9.]+$/.test(value) ? { kind: 'numbered', value } : undefined;
  }
}

/** Address chains (several when a level is ambiguous), each a list of elements like 'a5', 'p6'. */
class AddressBuilder {
  /** Top-level addresses of chapters, parts and schedules. */
  readonly standalone = new Set<string>();
  chains: string[][] = [];
  private hasParagraph = false;
  private underArticle = false;

  step(step: Step): void {
    switch (step.kind) {
      case 'part':
      case 'chapter':
      case 'jaSection':
        this.standalone.add(`${{ part: 'pt', chapter: 'ch', jaSection: 'sc' }[step.kind]}${step.value}`);
        this.chains = [];
        return;
      case 'schedule':
        this.reset([`x${step.value}`], false);
        return;
      case 'article':
        this.reset([`a${step.value}`], true);
        return;
      case 'numbered':
        this.reset([`n${step.value}`], false);
        return;
      case 'paragraph':
        this.extend([[`p${step.value}`]]);
        this.hasParagraph = true;
        return;
      case 'item':
        // 号 right under an article (no 項) is in its first paragraph: both addresses hold.
        this.extend(this.underArticle && !this.hasParagraph ? [[`i${step.value}`], ['p1', `i${step.value}`]] : [[`i${step.value}`]]);
        return;
      case 'subNumber':
        if (!this.underArticle || this.hasParagraph) this.extend([[`i${step.value}`]]);
        else {
          // Under an article with no 項 yet: ② and (6) are paragraphs in most texts, items in some.
          this.extend(step.circled ? [[`p${step.value}`]] : [[`p${step.value}`], [`i${step.value}`], ['p1', `i${step.value}`]]);
          if (step.circled) this.hasParagraph = true;
        }
        return;
      case 'letter':
        this.extend([[`l${step.value}`]]);
        return;
    }
  }

  private reset(chain: string[], underArticle: boolean): void {
    this.chains = [chain];
    this.underArticle = underArticle;
    this.hasParagraph = false;
  }

  private extend(options: string[][]): void {
    if (this.chains.length === 0) return;
    this.chains = this.chains.flatMap((chain) => options.map((option) => [...chain, ...option]));
  }
}

/** Every address term of one chain: each prefix, and each level of a dotted section number. */
function chainTerms(chain: string[], out: Set<string>): void {
  const [head, ...rest] = chain;
  if (head.startsWith('n')) {
    const parts = head.slice(1).split('.');
    for (let i = 1; i < parts.length; i++) out.add(`${ADDRESS_PREFIX}n${parts.slice(0, i).join('.')}`);
  }
  let address = `${ADDRESS_PREFIX}${head}`;
  out.add(address);
  for (const element of rest) {
    address += `.${element}`;
    out.add(address);
  }
}

/** Address terms of a section path (labels outermost first), e.g. ['第3章 服務規律', '第11条（遵守事項）', '②']. */
export function pathAddresses(labels: readonly string[], out = new Set<string>()): Set<string> {
  const builder = new AddressBuilder();
  for (const label of labels) {
    const step = labelStep(label);
    if (step) builder.step(step);
  }
  for (const standalone of builder.standalone) out.add(`${ADDRESS_PREFIX}${standalone}`);
  for (const chain of builder.chains) chainTerms(chain, out);
  return out;
}

/** Address terms of a chunk that holds these section paths (each unit's path; duplicates are fine). */
export function chunkAddresses(paths: ReadonlyArray<readonly string[]>): string[] {
  const out = new Set<string>();
  for (const path of paths) pathAddresses(path, out);
  return [...out];
}

const JA_REFERENCE = new RegExp(
  `第\\s*(${N})\\s*条((?:\\s*の\\s*(?:${N}))*)` + `(?:\\s*(?:第\\s*(${N})\\s*項|([①-⑳])))?` + `(?:\\s*(?:第\\s*(${N})\\s*号|[(（]\\s*([0-9]+)\\s*[)）]))?`,
  'gu',
);
const JA_CHAPTER = new RegExp(`第\\s*(${N})\\s*([編章])`, 'gu');
const JA_SCHEDULE = new RegExp(`別表\\s*(?:第\\s*)?(${N})`, 'gu');
const EN_REFERENCE =
  /(?:\b(article|art\.|section|sec\.|clause|schedule|appendix|annex|exhibit|chapter|part)\s+|(§)\s*)([0-9]+(?:\.[0-9]+)*|[ivxlc]+\b|[a-z]\b)((?:\s*\(\s*(?:[0-9]{1,3}|[a-z])\s*\))*)/gu;

/**
 * The provisions a question names, each as its address terms from the broadest to the most
 * specific (第5条第6項 → ['§a5', '§a5.p6']). The last term of each is what must rank first.
 */
export function provisionReferences(query: string): string[][] {
  const references: string[][] = [];
  // Circled numbers before NFKC turns ② into 2.
  const text = normalizeForSearch(query.replace(/[①-⑳]/gu, (c) => `第${circledNumber(c)}項`));
  for (const m of text.matchAll(JA_REFERENCE)) {
    const branches = [...m[2].matchAll(new RegExp(N, 'gu'))].map((b) => parseNumeral(b[0]));
    const chain = [`a${[parseNumeral(m[1]), ...branches].join('-')}`];
    if (m[3]) chain.push(`p${parseNumeral(m[3])}`);
    const item = m[5] ? parseNumeral(m[5]) : m[6] ? Number(m[6]) : undefined;
    if (item !== undefined) chain.push(`i${item}`);
    references.push(prefixes(chain));
  }
  for (const m of text.matchAll(JA_CHAPTER)) references.push([`${ADDRESS_PREFIX}${m[2] === '章' ? 'ch' : 'pt'}${parseNumeral(m[1])}`]);
  for (const m of text.matchAll(JA_SCHEDULE)) references.push([`${ADDRESS_PREFIX}x${parseNumeral(m[1])}`]);
  for (const m of text.matchAll(EN_REFERENCE)) {
    const step = enStep(m[1] ?? m[2], m[3]);
    if (!step) continue;
    const subs: Step[] = [];
    subSteps(m[4].trim(), subs);
    let chain: string[];
    if (step.kind === 'article') {
      // Article 5(6)(b): paragraph 6, then items and letters.
      chain = [`a${step.value}`];
      subs.forEach((sub, i) => chain.push(sub.kind === 'letter' ? `l${sub.value}` : `${i === 0 ? 'p' : 'i'}${sub.value}`));
    } else if (step.kind === 'numbered') {
      chain = [`n${step.value}`, ...subs.map((sub) => (sub.kind === 'letter' ? `l${sub.value}` : `i${sub.value}`))];
      const parts = step.value.split('.');
      const head = parts.slice(0, -1).map((_, i) => `${ADDRESS_PREFIX}n${parts.slice(0, i + 1).join('.')}`);
      references.push([...head, ...prefixes(chain)]);
      continue;
    } else if (step.kind === 'schedule') chain = [`x${step.value}`];
    else chain = [`${step.kind === 'chapter' ? 'ch' : 'pt'}${step.value}`];
    references.push(prefixes(chain));
  }
  return references;
}

function prefixes(chain: string[]): string[] {
  return chain.map((_, i) => `${ADDRESS_PREFIX}${chain.slice(0, i + 1).join('.')}`);
}

/** The address terms among a chunk's analysed terms (space-separated). */
export function addressTermsOf(terms: string): Set<string> {
  const out = new Set<string>();
  for (let at = terms.indexOf(ADDRESS_PREFIX); at >= 0; at = terms.indexOf(ADDRESS_PREFIX, at + 1)) {
    const end = terms.indexOf(' ', at);
    out.add(terms.slice(at, end < 0 ? terms.length : end));
  }
  return out;
}

/**
 * How well a chunk's addresses answer the references: 1 when it holds the most specific address
 * of a reference, less for a broader one (第5条 for 第5条第6項), 0 when none.
 */
export function addressMatch(references: string[][], addresses: Set<string>): number {
  let best = 0;
  for (const reference of references) {
    for (let i = reference.length - 1; i >= 0; i--) {
      if (addresses.has(reference[i])) {
        best = Math.max(best, (i + 1) / reference.length);
        break;
      }
    }
  }
  return best;
}
