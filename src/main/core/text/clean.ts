// Turns parser output into the page text that chunks quote and offsets point into.
import type { RawLine, RawPage } from '../ingest/types';
import { recognizeHeading, type RecognizedHeading } from './headings';
import { mapVerticalForms, normalizeLineEndings, removeControlChars } from './normalize';
import { JAPANESE_LETTERS, hasJapanese, isCjkChar, isCjkPunctuation } from './japanese';
import { dropRunningLines } from './running-lines';
import type { CleanPage } from './types';

export interface CleanOptions {
  /**
   * True for paged formats (PDF): also drop running headers, footers and page numbers, and
   * rejoin lines broken at the right margin. False keeps the text as written apart from
   * control characters, vertical forms and line endings.
   */
  paged: boolean;
}

/** A line at least this share of the page's full width ran to the margin (it was wrapped). */
const FULL_LINE_RATIO = 0.65;
/**
 * A line ending a sentence ends its paragraph unless it is this close to full width. Breaking
 * there costs nothing (the sentence ended anyway), so the bar is high.
 */
const FULL_FINAL_LINE_RATIO = 0.9;
/** Lines narrower than this share of the full width, without final punctuation, read as labels. */
const LABEL_LINE_RATIO = 0.6;

/** Cleans each page; the result has one entry per input page, with the same page numbers. */
export function cleanPages(pages: RawPage[], options: CleanOptions): CleanPage[] {
  if (!options.paged) return pages.map((p) => ({ page: p.page, text: cleanCharacters(p.text) }));

  const split = pages.map((p) => (p.lines ? layoutLines(p.lines) : splitLines(mapVerticalForms(normalizeLineEndings(p.text)))));
  const lines = split.map((page) => page.lines);
  const widths = split.map((page) => page.widths);
  dropRunningLines(lines);
  const typical = typicalWidth(pages.map((p, i) => (p.lines ? [] : widths[i])));
  const hyphenated = new HyphenatedWords(lines);
  return pages.map((p, i) => {
    const pageMax = widths[i].reduce((max, w) => Math.max(max, w), 0);
    // A page of short lines (a title page) or one overlong line must not redefine "full".
    const fullWidth = p.lines ? LAID_OUT_FULL : typical > 0 ? Math.min(Math.max(pageMax, 0.45 * typical), 1.15 * typical) : pageMax;
    return { page: p.page, text: joinLines(lines[i], widths[i], fullWidth, hyphenated, split[i].indents) };
  });
}

/** Widths of laid-out lines are their fill in percent of their column. */
const LAID_OUT_FULL = 100;

/**
 * Lines the parser laid out from positions: each line's width is its fill of its own column (a
 * column of a two-column page, a table cell's row, a text box), a gap is a blank line, and the
 * first-line indent is known, so paragraphs break where the page shows them.
 */
function layoutLines(raw: RawLine[]): { lines: (string | null)[]; widths: number[]; indents: boolean[] } {
  const lines: (string | null)[] = [];
  const widths: number[] = [];
  const indents: boolean[] = [];
  for (const line of raw) {
    if (line.gapBefore && lines.length) {
      lines.push('');
      widths.push(0);
      indents.push(false);
    }
    lines.push(mapVerticalForms(removeControlChars(line.text)));
    widths.push(line.fill * LAID_OUT_FULL);
    indents.push(line.indent);
  }
  return { lines, widths, indents };
}

function cleanCharacters(text: string): string {
  return mapVerticalForms(removeControlChars(normalizeLineEndings(text)));
}

/**
 * Lines of a page without control characters and with layout whitespace tidied (pdf-parse puts
 * tabs and runs of spaces between text runs), and their display widths. Widths are taken before
 * either is removed: pdf-parse writes \u0000 or spaces for glyphs it has no text for, and those
 * glyphs still filled the line. Ideographic-space indentation is kept, as it marks a Japanese
 * paragraph. Blank lines become '' (a paragraph break); dropped lines become null later.
 */
function splitLines(text: string): { lines: (string | null)[]; widths: number[]; indents?: boolean[] } {
  const lines: (string | null)[] = text.split('\n');
  const widths: number[] = [];
  // Most pages need neither step; testing the page once saves a regex call per line.
  const hasControls = CONTROL_OR_LAYOUT.test(text);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (isLayoutSpace(line.charCodeAt(0)) || isLayoutSpace(line.charCodeAt(line.length - 1))) {
      line = line.replace(/^[ \t\u00A0]+|[ \t\u00A0\u3000]+$/g, '');
    }
    widths.push(line ? displayWidth(line) : 0);
    if (hasControls)
      line = removeControlChars(line)
        .replace(/[ \t\u00A0]+/g, ' ')
        .replace(/^ | $/g, '');
    else if (line.indexOf('  ') >= 0) line = line.replace(/ {2,}/g, ' ');
    lines[i] = line;
  }
  return { lines, widths };
}

const CONTROL_OR_LAYOUT = /[\u0000-\u0009\u000E-\u001F\u007F-\u00A0]/;

function isLayoutSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0 || code === 0x3000;
}

// ---------------------------------------------------------------- line joining

/** Display width: CJK and full-width characters count two, others one. */
function displayWidth(line: string): number {
  let width = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) continue; // second half of a surrogate pair
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0xd800 && code <= 0xdbff)
        ? 2
        : 1;
  }
  return width;
}

/** The document's usual full line width: the median of the widest line of each text page. */
function typicalWidth(widths: number[][]): number {
  const maxima = widths
    .filter((page) => page.filter((w) => w > 0).length >= 5)
    .map((page) => page.reduce((max, w) => Math.max(max, w), 0))
    .sort((a, b) => a - b);
  if (maxima.length) return maxima[Math.floor(maxima.length / 2)];
  return widths.reduce((max, page) => page.reduce((m, w) => Math.max(m, w), max), 0);
}

/**
 * Hyphenated words written whole somewhere in the document ("context-aware"): a line ending in
 * "context-" followed by "aware" keeps its hyphen; "manu-" + "al" loses it. Built on first use.
 */
class HyphenatedWords {
  private words: Set<string> | null = null;
  constructor(private readonly pages: (string | null)[][]) {}

  has(word: string): boolean {
    if (!this.words) {
      this.words = new Set();
      for (const lines of this.pages) {
        for (const line of lines) {
          if (!line || line.indexOf('-') < 0) continue;
          for (const m of line.matchAll(/[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)+/g)) this.words.add(m[0].toLowerCase());
        }
      }
    }
    return this.words.has(word);
  }
}

const FINAL_PUNCTUATION = /[。．.!?！？:：][」』）)"”’\]]*$/;
const TERMINAL_PUNCTUATION = /[。．.!?！？:：、，,;；]$/;
// Punctuation no line starts a paragraph with: the line before was cut just before it.
const CONTINUATION_START = /^[、。，．）」』】〕〉》!?！？,.)\]]/;
const CONTINUATION_END = /[、，,(（[「『“‘/&+=]$/;
// An English line ending in one of these words runs on, however short (an indented first line).
const FUNCTION_WORD_END =
  /(?:^|\s)(?:and|or|nor|but|the|a|an|of|to|in|on|at|by|for|with|from|as|that|which|who|is|are|was|were|be|than|into|under|over|such|this|these|its|their|our|your|any|each|per|via)$/;
const BULLET = /^(?:[•●○◦◆◇■□▪▫►▶‣∙⁃※＊・]|[*\-–—](?=\s))/;
const STRONG_BULLET = /^[•●■◆▪►▶]/;
const NUMBERED_PARAGRAPH = new RegExp(`^(?:\\d{1,3}(?:\\.\\d{1,3})+\\.?|\\d{1,3}[.)])\\s|^[0-9０-９]{1,2}[ 　](?=[${JAPANESE_LETTERS}「（])`, 'u'); // 1.2 / 3) / a statute's ２　前項…
const STARTS_LOWER = /^\p{Ll}/u;
// Japanese text that puts spaces around Latin words also breaks lines between words.
const SPACED_LATIN = new RegExp(`[${JAPANESE_LETTERS}] [A-Za-z0-9]|[A-Za-z0-9] [${JAPANESE_LETTERS}]`, 'u');
const DROP_HYPHEN = Symbol('drop-hyphen');

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Numbered code listings: "52 \def…" then "53 \def…". */
function continuesListing(a: string, b: string): boolean {
  if (!isAsciiDigit(a.charCodeAt(0)) || !isAsciiDigit(b.charCodeAt(0))) return false;
  const na = /^(\d+) /.exec(a);
  const nb = na && /^(\d+) /.exec(b);
  return !!nb && Number(nb[1]) === Number(na[1]) + 1;
}

/** A line with what the joiner asks about it more than once. */
interface Line {
  text: string;
  width: number;
  heading: RecognizedHeading | null;
  /** Laid out: starts right of its column's edge (a first-line indent). */
  indent?: boolean;
}

/** Does b open a block that no wrapped line runs into: a bullet, a heading, a listing line? */
function startsStrongBlock(a: Line, b: Line): boolean {
  if (b.heading && !b.heading.minor) return true;
  return STRONG_BULLET.test(b.text) || continuesListing(a.text, b.text);
}

/** Does b open a new block (a list item, a heading, a numbered or indented paragraph)? */
function startsBlock(a: Line, b: Line): boolean {
  if (b.heading || b.indent || b.text.startsWith('\u3000')) return true;
  return BULLET.test(b.text) || NUMBERED_PARAGRAPH.test(b.text) || continuesListing(a.text, b.text);
}

/**
 * A line read as a heading that runs to the margin and on into a line that opens no block is the
 * first line of a wrapped paragraph (「1. 妊娠・出産等に関する…措置の利」 + 「用に関する言動により、…」): a
 * heading is short. In Latin script the next line must also start in lower case, as a heading's
 * body text starts a sentence.
 */
function wrapsOn(line: Line, next: Line, fullWidth: number): boolean {
  if (line.width < FULL_FINAL_LINE_RATIO * fullWidth || FINAL_PUNCTUATION.test(line.text) || startsBlock(line, next)) return false;
  return hasJapanese(line.text) || STARTS_LOWER.test(next.text);
}

/** How line b continues line a: null for a line break, else the text to put between them. */
function joiner(line: Line, next: Line, fullWidth: number, hyphenated: HyphenatedWords): string | typeof DROP_HYPHEN | null {
  const a = line.text;
  const b = next.text;
  if (line.heading && !line.heading.minor && line.heading.end === a.length && !wrapsOn(line, next, fullWidth)) return null;
  const aWidth = line.width;
  const aFull = aWidth >= FULL_LINE_RATIO * fullWidth;
  const aFinal = FINAL_PUNCTUATION.test(a);
  // A wrapped line runs on even into something that looks like a list marker ("・", "(1)"),
  // but not into a bullet or a heading.
  if (!aFull || aFinal ? startsBlock(line, next) : startsStrongBlock(line, next)) return null;

  if (/[\p{L}\p{N}]-$/u.test(a)) {
    if (/\p{L}-$/u.test(a) && STARTS_LOWER.test(b)) {
      const before = /\p{L}+-$/u.exec(a)![0];
      const after = /^\p{L}+/u.exec(b)![0];
      return hyphenated.has(`${before}${after}`.toLowerCase()) ? '' : DROP_HYPHEN;
    }
    if (/^[\p{L}\p{N}]/u.test(b)) return ''; // an identifier broken at its hyphen: "E-" + "203"
  }

  let runsOn: boolean;
  if (STARTS_LOWER.test(b) || CONTINUATION_START.test(b)) runsOn = true;
  else if (aFinal) {
    // A sentence ending at the margin runs on into the next line, unless that is a short label
    // (a heading without a number).
    const label = next.width < LABEL_LINE_RATIO * fullWidth && !TERMINAL_PUNCTUATION.test(b);
    runsOn = aWidth >= FULL_FINAL_LINE_RATIO * fullWidth && !label;
  } else runsOn = aFull || CONTINUATION_END.test(a) || FUNCTION_WORD_END.test(a);
  if (!runsOn) return null;

  let x = a[a.length - 1];
  if (/[\uDC00-\uDFFF]/.test(x)) x = a[a.length - 2];
  const y = b[0];
  if (x === '/' || /\S-$/.test(a)) return '';
  if (isCjkChar(x) && isCjkChar(y)) return '';
  if (isCjkPunctuation(x) || isCjkPunctuation(y)) return '';
  // Japanese wrapped at the margin breaks anywhere, even inside a Latin word ("Mater" + "ials").
  if (aFull && hasJapanese(a) && !SPACED_LATIN.test(a)) return '';
  return ' ';
}

/** Rejoins a page's wrapped lines; paragraphs, headings and list items stay on their own lines. */
function joinLines(lines: (string | null)[], widths: number[], fullWidth: number, hyphenated: HyphenatedWords, indents?: boolean[]): string {
  const paragraphs: string[] = [];
  let paragraph = '';
  let prev: Line | null = null;
  let blank = false;
  lines.forEach((text, i) => {
    if (text === null) return;
    if (text === '') {
      blank = prev !== null;
      return;
    }
    const line: Line = { text, width: widths[i], heading: recognizeHeading(text), indent: indents?.[i] };
    if (prev === null) paragraph = text;
    else {
      const sep = blank ? null : joiner(prev, line, fullWidth, hyphenated);
      if (sep === null) {
        paragraphs.push(paragraph);
        paragraph = text;
      } else if (sep === DROP_HYPHEN) paragraph = paragraph.slice(0, -1) + text;
      else paragraph += sep + text;
    }
    prev = line;
    blank = false;
  });
  if (prev !== null) paragraphs.push(paragraph);
  return paragraphs.join('\n');
}
