// Recognises heading lines in plain and PDF text, so that chunks can carry a section path.
import { JAPANESE_LETTERS, hasJapanese } from './japanese';

/** A heading found at the start of a line. */
export interface RecognizedHeading {
  /** Nesting rank: a smaller rank is further out (章 < 節 < 条 < 項 < (1)). Only the order matters. */
  rank: number;
  /** Label for the section path, e.g. '第11条（遵守事項）', '1.2 Scope', '(1)'. */
  label: string;
  /** Offset in the line where the heading starts (after leading spaces). */
  start: number;
  /** Offset in the line where the heading ends (exclusive); text after it is body text. */
  end: number;
  /**
   * 項 and list items ((1), ①, (a)): they refine the section path but are body text, so they do
   * not force a new chunk.
   */
  minor: boolean;
  /**
   * Set for "N. Title" lines, which may be a section or a step of a numbered list; see
   * `asListItem`.
   */
  listNumber?: number;
}

export interface RecognizeOptions {
  /**
   * Read a line that starts with a bare number and a space (`２　…`) as a 項 (paragraph of an
   * article), as Japanese contracts number them. Only sensible inside a 第N条. Default false.
   */
  paragraphNumbers?: boolean;
}

/** Lines longer than this are body text, not headings (except 第N条 lines, see below). */
export const HEADING_MAX_CHARS = 60;

/** Ranks, outermost first. Numbered sections (1 > 1.2 > 1.2.3) sit between 章/Article and 条. */
export const HEADING_RANK = {
  part: 10,
  chapter: 20,
  article: 24,
  numbered: 26, // + 4 per level below the first
  section: 30,
  subsection: 34,
  clause: 40,
  paragraph: 50,
  subItem: 60,
  item: 70,
  circledItem: 72,
  letterItem: 74,
} as const;

const NUMERAL = '[0-9０-９]+|[一二三四五六七八九十百千〇零]+';
const JA_STRUCTURE = new RegExp(`^第[ 　]*(?:${NUMERAL})[ 　]*([編章節款条項])(?:の[ 　]*(?:${NUMERAL}))*`);
const JA_UNIT_RANK: Record<string, number> = {
  編: HEADING_RANK.part,
  章: HEADING_RANK.chapter,
  節: HEADING_RANK.section,
  款: HEADING_RANK.subsection,
  条: HEADING_RANK.clause,
  項: HEADING_RANK.paragraph,
};
const EN_STRUCTURE = /^(part|chapter|article|section|clause|§)[ \u00A0]*(\d+(?:\.\d+)*|[IVXLC]+|[ivxlc]+)\b\.?/i;
const NUMBERED = /^([0-9０-９]{1,2}(?:[.．][0-9０-９]{1,3})*)([.．])?(?:[ \u00A0　]+|(?<=．))/;
/**
 * A clause number set in the margin, its text at an indent the layout read as a tab ("17.\tWAIVER. No…",
 * "3.2\tPayment"): read as a space. Only a number with a dot, and no second tab (a table row).
 */
const TABBED_NUMBER = /^[0-9０-９]{1,2}(?:[.．][0-9０-９]{1,3})*(?:[.．][0-9０-９]{1,3}|[.．])\t(?=[^\t]+$)/;
const ITEM = /^(?:[(（][ 　]*[0-9０-９]{1,2}[ 　]*[)）]|[①-⑳㉑-㉟]|[(（][a-zａ-ｚア-ンｱ-ﾝ][)）])/;
const KANJI_ITEM = /^[一二三四五六七八九十]{1,3}[ 　]/;
const CAPTION_BEFORE_ARTICLE = /^[(（][^()（）]{1,30}[)）][ 　]*(?=第)/;
/** A caption alone on its line, the way statutes put it above their article: （定義） */
export const CAPTION_LINE = /^[ 　]*[(（][^()（）0-9０-９]{1,30}[)）][ 　]*$/;
const PARAGRAPH_NUMBER = new RegExp(`^([0-9０-９]{1,2})[ 　]+(?=[${JAPANESE_LETTERS}「（])`, 'u');
// Table-of-contents lines ("2.1 INITEX . . . . 3") are not headings of the text that follows.
const DOT_LEADER = /(?:\.\s?){4,}|…|‥|・{3,}/;
const SENTENCE_END = /[。．.!?！？]$/;
const LEADING_SPACE_CHARS = ' \t\u00A0\u3000';

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toAsciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

// First characters a heading can start with; everything else is rejected without a regex.
const HEADING_FIRST_CHAR = /[第0-9０-９pPcCaAsS§(（①-⑳㉑-㉟一二三四五六七八九十別附]/;
/** 別表第一 (a schedule) and 附則 (supplementary provisions): top-level parts of rules and statutes. */
const JA_APPENDIX = /^(?:別表(?:[ 　]*第?[ 　]*(?:[0-9０-９]+|[一二三四五六七八九十]+))?|附[ 　]*則)(?=$|[ 　(（])/;

/** Short enough, and not a sentence or a table-of-contents line. */
function isHeadingLength(text: string): boolean {
  return text.length <= HEADING_MAX_CHARS && !SENTENCE_END.test(text) && !DOT_LEADER.test(text);
}

function makeHeading(rank: number, start: number, length: number, label: string, minor: boolean): RecognizedHeading {
  return { rank, label: collapse(label), start, end: start + length, minor };
}

/** The line as a heading if it is one; null for body text. */
export function recognizeHeading(line: string, options: RecognizeOptions = {}): RecognizedHeading | null {
  let start = 0;
  while (start < line.length && LEADING_SPACE_CHARS.includes(line[start])) start++;
  if (start === line.length || !HEADING_FIRST_CHAR.test(line[start])) return null;
  const cut = line.slice(start).trimEnd();
  const text = TABBED_NUMBER.test(cut) ? cut.replace('\t', ' ') : cut; // same length: offsets hold

  // Statute style puts the caption first: （定義）第２条　この法律において…
  const caption = CAPTION_BEFORE_ARTICLE.exec(text);
  if (caption) {
    const article = recognizeHeading(text.slice(caption[0].length));
    if (article && article.rank === HEADING_RANK.clause) {
      const end = caption[0].length + article.end;
      return makeHeading(article.rank, start, end, text.slice(0, end), false);
    }
  }

  if (JA_APPENDIX.test(text) && isHeadingLength(text)) return makeHeading(HEADING_RANK.chapter, start, text.length, text, false);

  const ja = JA_STRUCTURE.exec(text);
  if (ja) {
    const rest = text.slice(ja[0].length);
    // "第9条の改正を…" is running text: a heading number is followed by a space, a bracket or nothing.
    if (rest && !/^[ 　(（]/.test(rest)) return null;
    const unit = ja[1];
    const rank = JA_UNIT_RANK[unit];
    const minor = unit === '項';
    const title = /^[ 　]*[(（][^()（）]{1,40}[)）]/.exec(rest);
    // "第１条　この規則は、…" broken at the margin is short, but its text is a sentence: only
    // 第N条（title） is the heading.
    const sentence = /[、。]/.test(rest.slice(title ? title[0].length : 0));
    if (isHeadingLength(text) && !(sentence && (unit === '条' || unit === '項'))) return makeHeading(rank, start, text.length, text, minor);
    if (unit !== '条' && unit !== '項') return null;
    // A clause line may carry its text after the title: the heading is 第N条（title） only.
    const length = ja[0].length + (title ? title[0].length : 0);
    return makeHeading(rank, start, length, text.slice(0, length), minor);
  }

  if (options.paragraphNumbers) {
    const para = PARAGRAPH_NUMBER.exec(text);
    if (para) {
      return makeHeading(HEADING_RANK.paragraph, start, para[1].length, `第${toAsciiDigits(para[1])}項`, true);
    }
  }

  const en = EN_STRUCTURE.exec(text);
  if (en) {
    const rest = text.slice(en[0].length);
    // "Article 11 of the WCT states:" is running text; a title starts with a capital or a separator.
    if (rest && !/^\s*(?:[:\-–—.]|\s[^\p{Ll}])/u.test(rest)) return null;
    const word = en[1].toLowerCase();
    const rank =
      word === 'part'
        ? HEADING_RANK.part
        : word === 'chapter'
          ? HEADING_RANK.chapter
          : word === 'article'
            ? HEADING_RANK.article
            : word === 'clause'
              ? HEADING_RANK.clause
              : numberedRank(en[2]);
    const runIn = runInHeading(text, en[0].length, rank, start);
    if (runIn) return runIn;
    if (!isHeadingLength(text)) return null;
    return makeHeading(rank, start, text.length, text, false);
  }

  const numbered = NUMBERED.exec(text);
  if (numbered) {
    const title = text.slice(numbered[0].length);
    // A title starts with a letter, not lower case unless Japanese follows ("3.1 quilt の設定"):
    // "4.0 is faster" and "52 \def" are not headings.
    if (!/^[\p{L}「『【]/u.test(title)) return null;
    if (/^\p{Ll}/u.test(title) && !hasJapanese(title)) return null;
    const runIn = runInHeading(text, numbered[0].length, numberedRank(numbered[1]), start);
    if (runIn) return runIn;
    // 「1. この規則（以下「規則」という。）は、…」 broken at the margin is short, but a 。 makes it a
    // sentence. (A 、 does not: 「2.6. Debian を…取得、インス」 is a question heading wrapped in a text file.)
    if (title.includes('。') || !isHeadingLength(text)) {
      // "12.3 If any part of this Agreement…": a numbered clause of a contract, body text that
      // refines the section path (12.0 General Provisions > 12.3), like a 項.
      if (!/[.．][0-9０-９]/.test(numbered[1]) || DOT_LEADER.test(text)) return null;
      return makeHeading(numberedRank(numbered[1]), start, numbered[1].length, numbered[1].replace(/[.．]$/, ''), true);
    }
    const heading = makeHeading(numberedRank(numbered[1]), start, text.length, text, false);
    if (numbered[2] && !/[.．]/.test(numbered[1])) heading.listNumber = Number(toAsciiDigits(numbered[1]));
    return heading;
  }

  const item = ITEM.exec(text);
  if (item) {
    const marker = item[0];
    const rank = /[①-⑳㉑-㉟]/.test(marker) ? HEADING_RANK.circledItem : /[0-9０-９]/.test(marker) ? HEADING_RANK.item : HEADING_RANK.letterItem;
    return makeHeading(rank, start, marker.length, marker, true);
  }
  const kanjiItem = KANJI_ITEM.exec(text);
  if (kanjiItem) return makeHeading(HEADING_RANK.subItem, start, kanjiItem[0].length - 1, kanjiItem[0], true);
  return null;
}

const ROMAN = '(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})';
/**
 * The number a section label starts with, in any of the shapes above (第3条, 第2項, Article 5, § 4,
 * 12.3, 4., (a), a), (iii), （１）, ①, 二), with its brackets and the separator after it.
 */
const LABEL_NUMBER = new RegExp(
  `^[ 　]*(?:第[ 　]*(?:${NUMERAL})[ 　]*[編章節款条項号](?:の[ 　]*(?:${NUMERAL}))*` +
    `|(?:part|chapter|article|section|clause|§)[ \u00A0]*(?:[0-9]+(?:\\.[0-9]+)*|${ROMAN})` +
    `|[(（]?[ 　]*(?:[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})*|${ROMAN}|[a-zａ-ｚア-ンｱ-ﾝ]|[一二三四五六七八九十]{1,3})[ 　]*[)）]?` +
    `|[①-⑳㉑-㉟])(?![\\p{L}\\p{N}])[ 　\u00A0.．:：\\-–—]*`,
  'iu',
);

/** An English caption is in title case or capitals: its last word and at least half of its words capitalised. */
function isTitleCase(words: string): boolean {
  const cased = (words.match(/[\p{Lu}\p{Ll}][\p{L}'’-]*/gu) ?? []).map((word) => /^\p{Lu}/u.test(word));
  return cased.length === 0 || (cased[cased.length - 1] && 2 * cased.filter(Boolean).length >= cased.length);
}

/**
 * Where a caption that runs into its clause's text ends: a period after a word (not the "S." of
 * "U.S.") before a sentence or the end of the line, a colon before more text, or a dash.
 */
const CAPTION_END = /(?<=\p{L}{2})\.(?=\s+[^\s\p{Ll}]|\s*$)|:(?=\s+\S)|\s*[—–]\s*|\s+-\s+/u;

/** The caption that words open with (all of them when nothing ends it early), or '' when they do not read as one. */
function leadingCaption(words: string): string {
  const caption = words.split(CAPTION_END)[0].trim();
  if (!/\p{L}/u.test(caption)) return '';
  // A line broken in mid-sentence, or a whole sentence.
  if (/[,;、，；]$/u.test(caption) || caption.includes('。')) return '';
  return hasJapanese(caption) || isTitleCase(caption) ? caption : '';
}

/**
 * The caption a section label gives ("Governing Law:" of "12. Governing Law:", "法定時間外労働手当" of
 * "第8条　法定時間外労働手当"); '' when it has none: a bare number (12.3, (a), ①, 第2項), or a sentence
 * that a numbered line starts, taken for a heading ("7.1 Each Party represents and warrants that:").
 */
export function labelCaption(label: string): string {
  return leadingCaption(label.replace(LABEL_NUMBER, ''));
}

/** A run-in caption is a few words; more are the start of the clause's sentence. */
const RUN_IN_MAX_WORDS = 8;
/** Lower-case words of a title join its words (of, and, to, with); a longer one is a sentence's verb ("Agreement means this Agreement"). */
const TITLE_JOINER_MAX_LETTERS = 4;

/**
 * A numbered clause line whose caption runs into its text ("3.2 Payment. The Customer shall pay…",
 * "7. TERM AND TERMINATION. This Agreement…"): a heading labelled by its number and caption that ends
 * after the caption, the rest of the line being the clause's text. A titled clause opens its own
 * passage, as a caption on a line of its own does: a short clause packed after the one before would
 * show that one's caption. Null when the line starts with a sentence. `numberEnd` is where the
 * number ends in the line's text.
 */
function runInHeading(text: string, numberEnd: number, rank: number, start: number): RecognizedHeading | null {
  const words = text.slice(numberEnd).replace(/^[\s:.\-–—]+/u, '');
  const end = CAPTION_END.exec(words);
  if (!end || DOT_LEADER.test(text)) return null;
  const caption = words.slice(0, end.index);
  const labelEnd = text.length - words.length + end.index;
  // English: Japanese clauses put their caption in brackets (第N条（見出し）).
  if (!/^\p{Lu}/u.test(caption) || hasJapanese(caption) || labelEnd > HEADING_MAX_CHARS || leadingCaption(caption) !== caption) return null;
  // A clause number inside is the next heading run into this one ("10.0 REPORTS 10.1 Reports.").
  if (/[0-9][.．][0-9]/.test(caption)) return null;
  const lower = caption.match(/(?<![\p{L}'’-])\p{Ll}[\p{L}'’-]*/gu) ?? [];
  if (caption.split(/\s+/).length > RUN_IN_MAX_WORDS || lower.some((word) => word.length > TITLE_JOINER_MAX_LETTERS)) return null;
  const rest = words.slice(end.index + end[0].length).trim();
  return makeHeading(rank, start, rest ? labelEnd + end[0].length : text.length, text.slice(0, labelEnd), false);
}

// "2.11 …" is no step 2: a dotted clause number is not a list's.
const LIST_NUMBER = /^[ \t\u3000]*([0-9０-９]{1,2})[.．)）](?![0-9０-９])/;

/**
 * A "N. Title" heading is a step of a numbered list, not a section, when the line before or
 * after it is step N-1 or N+1 ("1. Remove the cover" / "2. Disconnect the cable").
 */
export function isListStep(heading: RecognizedHeading, before: string | undefined, after: string | undefined): boolean {
  const n = heading.listNumber;
  if (n === undefined) return false;
  const number = (line: string | undefined) => {
    const match = line === undefined ? null : LIST_NUMBER.exec(line);
    return match ? Number(toAsciiDigits(match[1])) : NaN;
  };
  return number(before) === n - 1 || number(after) === n + 1;
}

/** The heading as an item of a numbered list: innermost, labelled by its number, no new chunk. */
export function asListItem(heading: RecognizedHeading): RecognizedHeading {
  const label = `${heading.listNumber}.`;
  return { rank: HEADING_RANK.item, label, start: heading.start, end: heading.end, minor: true };
}

/** 1 → numbered, 1.2 → one level deeper, 1.2.3 → two levels deeper; 1.0 is 1 (a section whose clauses are 1.1, 1.2…). */
function numberedRank(number: string): number {
  const parts = number.split(/[.．]/).filter(Boolean);
  while (parts.length > 1 && /^[0０]+$/.test(parts[parts.length - 1])) parts.pop();
  const depth = parts.length;
  return HEADING_RANK.numbered + 4 * (Math.min(depth, 4) - 1);
}

/**
 * Keeps the section path while walking a document's headings in order. Markup headings
 * (Markdown `#`, HTML `<h2>`, DOCX styles) nest by their level; recognised headings nest by rank
 * inside the innermost markup heading, so a DOCX titled by styles and numbered 第N条 in its
 * text yields ['就業規則', '第3章 服務規律', '第11条（遵守事項）'].
 */
export class SectionPath {
  private markup: { level: number; label: string }[] = [];
  private recognized: { rank: number; label: string }[] = [];
  private cached: string[] | null = [];

  /** The current path, outermost first. The same array is returned until the path changes. */
  get path(): string[] {
    if (!this.cached) {
      this.cached = [...this.markup.map((h) => h.label), ...this.recognized.map((h) => h.label)];
    }
    return this.cached;
  }

  /** True inside a 第N条 (or Clause N), where `２　…` lines are 項. */
  get inClause(): boolean {
    return this.recognized.some((h) => h.rank === HEADING_RANK.clause);
  }

  enterMarkup(level: number, label: string): void {
    while (this.markup.length && this.markup[this.markup.length - 1].level >= level) this.markup.pop();
    this.markup.push({ level, label: collapse(label) });
    this.recognized = [];
    this.cached = null;
  }

  enterRecognized(heading: Pick<RecognizedHeading, 'rank' | 'label'>): void {
    while (this.recognized.length && this.recognized[this.recognized.length - 1].rank >= heading.rank) {
      this.recognized.pop();
    }
    this.recognized.push({ rank: heading.rank, label: heading.label });
    this.cached = null;
  }
}
