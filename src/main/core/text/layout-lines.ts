/**
 * Layout, first step: pdf.js text runs → fragments (their text cleaned of the spaces pdf.js guessed) →
 * segments (runs on one baseline, cut where a gap is a gutter or a cell border), with the gap rules that
 * decide a space and the ruby filter. Reading order is `layout-order.ts`; vertical writing `layout-vertical.ts`.
 */
import type { RawLine } from '../ingest/types';
import { JAPANESE_LETTERS, isJapaneseChar } from './japanese';

const ONE_JAPANESE_LETTER = new RegExp(`^[${JAPANESE_LETTERS}ー]$`, 'u');

/** What this needs of a pdf.js TextItem. */
export interface TextRun {
  str: string;
  /** [a, b, c, d, e, f]: the run's text matrix in PDF space (y up). */
  transform: number[];
  /** Advance of the run along its direction, in PDF units. */
  width: number;
  height: number;
  fontName?: string;
}

export interface LayoutInput {
  runs: TextRun[];
  /** Page height in PDF units (to turn y upside down). */
  pageHeight: number;
  /** Fonts pdf.js reports as vertical (Identity-V and the like). */
  verticalFonts?: ReadonlySet<string>;
}

/** One line in reading order, with what the line joiner needs to know of its shape. */
export type LayoutLine = RawLine;

export interface Fragment {
  text: string;
  /** pdf.js had spaces between each of its letters (letter-spaced or distributed). */
  spaced?: boolean;
  x0: number;
  x1: number;
  /** Baseline, top-down. */
  y: number;
  size: number;
}

export interface Segment extends Fragment {
  top: number;
  bottom: number;
}

/**
 * A heading number 「第3章」「第12条」 just before: the space after it is the one Japanese headings
 * are written with (「第3章 雑則」), and what tells a heading from running text (「第9条の改正」).
 */
const HEADING_NUMBER_END = /第[0-9０-９一二三四五六七八九十百千]{1,6}[編章節款条項]$/;

/** Two full-width numbers side by side (「２０００ ２００１」): the space between them keeps them two. */
const FULL_WIDTH_DIGIT = /[０-９]/;

/** Spaces pdf.js put between two Japanese characters out (but after a heading number or between two numbers), runs of spaces made one. */
function cleanRun(str: string): string {
  if (str.indexOf(' ') < 0 && str.indexOf('\u00A0') < 0) return str;
  const text = str.replace(/[ \u00A0]{2,}/g, ' ');
  return text.replace(
    /(?<=[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]) (?=[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])/g,
    (space, at: number) =>
      HEADING_NUMBER_END.test(text.slice(Math.max(0, at - 9), at)) || (FULL_WIDTH_DIGIT.test(text[at - 1]) && FULL_WIDTH_DIGIT.test(text[at + 1])) ? space : '',
  );
}

export function lastChar(s: string): string | undefined {
  const trimmed = s.trimEnd();
  return trimmed ? Array.from(trimmed.slice(-2)).pop() : undefined;
}

export function firstChar(s: string): string | undefined {
  const trimmed = s.trimStart();
  return trimmed ? String.fromCodePoint(trimmed.codePointAt(0)!) : undefined;
}

/**
 * What goes between two pieces of one line, from the gap between them (in ems). `spread`: the gap
 * spreads letters (distributed or letter-spaced), never a word space.
 */
export function gapJoiner(left: string, right: string, gapEm: number, spread = false): string {
  const x = lastChar(left);
  const y = firstChar(right);
  if (x === undefined || y === undefined || spread) return '';
  const jx = isJapaneseChar(x);
  const jy = isJapaneseChar(y);
  // A full-em gap alone in tight Japanese is an ideographic space someone typed.
  if (jx && jy) {
    if (gapEm > 0.8 && gapEm < 1.3) return '\u3000';
    const spaced = HEADING_NUMBER_END.test(left.trimEnd()) || (FULL_WIDTH_DIGIT.test(x) && FULL_WIDTH_DIGIT.test(y));
    return gapEm >= 0.2 && spaced ? ' ' : '';
  }
  if (/\s$/.test(left) || /^\s/.test(right)) return '';
  // LibreOffice puts a fifth of an em between Japanese and Latin (autospace): not a space. A
  // typed space is a quarter em or more (0.27 em in DocBook manuals), with autospace 0.45 em.
  if (jx || jy) return gapEm >= 0.24 ? ' ' : '';
  return gapEm >= 0.15 ? ' ' : '';
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// ------------------------------------------------------------------------------------------ runs

export function fragmentsOf(input: LayoutInput): { horizontal: Fragment[]; glyphs: Fragment[] } {
  const horizontal: Fragment[] = [];
  const glyphs: Fragment[] = [];
  for (const run of input.runs) {
    const str = run.str;
    if (!str || (str.length === 1 && str === ' ') || !str.trim()) continue;
    const t = run.transform;
    const a = t[0] ?? 0,
      b = t[1] ?? 0,
      c = t[2] ?? 0,
      d = t[3] ?? 0,
      e = t[4] ?? 0,
      f = t[5] ?? 0;
    // Upright text (the usual case): the font size is the matrix's d.
    const size = b === 0 && c === 0 ? Math.abs(d) : Math.hypot(c, d) || Math.hypot(a, b);
    if (!(size > 0)) continue;
    const vertical = input.verticalFonts?.has(run.fontName ?? '') ?? false;
    const text = cleanRun(run.str);
    if (vertical) {
      // Vertical fonts: the run advances down the page from its origin.
      const chars = Array.from(text.replace(/\s/g, ''));
      const step = chars.length ? Math.abs(run.height) / chars.length : 0;
      chars.forEach((ch, i) => glyphs.push({ text: ch, x0: e - size / 2, x1: e + size / 2, y: input.pageHeight - f + (i + 1) * (step || size), size }));
      continue;
    }
    if (Math.abs(b) > Math.abs(a)) {
      // Latin turned on its side in vertical writing: its ascent lies across the column.
      const [x0, x1] = b < 0 ? [e - 0.12 * size, e + 0.88 * size] : [e - 0.88 * size, e + 0.12 * size];
      glyphs.push({ text: text.trim(), x0, x1, y: input.pageHeight - f + (b < 0 ? run.width : 0), size });
      continue;
    }
    const spaced = text !== str && /^\S( \S){2,}$/u.test(str.trim());
    horizontal.push({ text, x0: e, x1: e + run.width, y: input.pageHeight - f, size, spaced });
  }
  return { horizontal, glyphs };
}

// ------------------------------------------------------------------------------------------ ruby

/** Small runs sitting just over larger text they overlap: readings, not text. */
export function dropRuby(fragments: Fragment[]): Fragment[] {
  const big = fragments.filter((f) => f.size > 0);
  return fragments.filter((small) => {
    if (!/^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]+$/u.test(small.text)) return true;
    return !big.some((base) => {
      if (small.size > 0.65 * base.size) return false;
      const rise = base.y - small.y;
      if (rise < 0.6 * base.size || rise > 1.6 * base.size) return false;
      return small.x0 < base.x1 + 0.2 * base.size && small.x1 > base.x0 - 0.2 * base.size;
    });
  });
}

// ------------------------------------------------------------------------------------------ lines

/** Runs on one baseline, left to right, cut where a gap is wide enough to be a gutter or a cell border. */
export function segmentsOf(fragments: Fragment[]): Segment[] {
  const sorted = [...fragments].sort((p, q) => p.y - q.y || p.x0 - q.x0);
  const lines: Fragment[][] = [];
  let current: Fragment[] = [];
  let y = -Infinity;
  let size = 0;
  for (const f of sorted) {
    if (current.length && Math.abs(f.y - y) <= 0.4 * Math.min(size, f.size)) {
      current.push(f);
      continue;
    }
    if (current.length) lines.push(current);
    current = [f];
    y = f.y;
    size = f.size;
  }
  if (current.length) lines.push(current);

  const segments: Segment[] = [];
  for (const line of lines) {
    line.sort((p, q) => p.x0 - q.x0);
    const gaps = line.slice(1).map((f, i) => f.x0 - line[i]!.x1);
    const spreadLine = isSpreadLine(line, gaps);
    const spread = gaps.map((_, i) => spreadLine || isSpreadGap(line, gaps, i));
    let first = 0;
    for (let i = 1; i <= line.length; i++) {
      const em = i < line.length ? Math.max(line[i]!.size, line[i - 1]!.size) : 0;
      if (i < line.length && (spread[i - 1] || gaps[i - 1]! <= 1.2 * em)) continue;
      segments.push(mergeFragments(line.slice(first, i), gaps.slice(first, i - 1), spread.slice(first, i - 1), spreadLine ? median(gaps) : 0));
      first = i;
    }
  }
  return segments;
}

/** Japanese letters one by one at even gaps: a distributed line (均等割り付け), its gaps no spaces. */
function isSpreadLine(line: Fragment[], gaps: number[]): boolean {
  if (gaps.length < 2) return false;
  const singles = line.filter((f) => f.spaced || ONE_JAPANESE_LETTER.test(f.text.trim())).length;
  if (singles < (2 / 3) * line.length) return false;
  const usual = median(gaps);
  const em = median(line.map((f) => f.size));
  if (usual < 0.3 * em) return false;
  return gaps.filter((g) => Math.abs(g - usual) <= 0.2 * usual).length >= 0.6 * gaps.length;
}

/**
 * Gap i (between runs i and i+1) spreads letters (letter spacing, a label set wide) rather than
 * separating cells: a single letter on one side whose other side has a gap of the same width, or
 * the line's edge; and wide enough to be spacing at all.
 */
function isSpreadGap(line: Fragment[], gaps: number[], i: number): boolean {
  if (gaps[i]! < 0.3 * line[i]!.size) return false;
  const same = (g: number | undefined) => g === undefined || Math.abs(g - gaps[i]!) <= 0.2 * gaps[i]! + 0.5;
  const single = (f: Fragment) => Array.from(f.text.trim()).length === 1;
  // At the line's edge there is no gap to compare with: it is spacing only when both sides are single
  // letters (総 則), not a paragraph number before its text (２　前項の…).
  const spreadLeft = single(line[i]!) && (gaps[i - 1] === undefined ? single(line[i + 1]!) : same(gaps[i - 1]));
  const spreadRight = single(line[i + 1]!) && (gaps[i + 1] === undefined ? single(line[i]!) : same(gaps[i + 1]));
  return spreadLeft || spreadRight;
}

/**
 * One segment of runs. Spread gaps join without a space; in a distributed line (`spreadGap`: its
 * usual gap) a gap well over the usual one held an ideographic space.
 */
function mergeFragments(pieces: Fragment[], gaps: number[], spread: boolean[], spreadGap: number): Segment {
  let text = pieces[0]!.text;
  for (let i = 1; i < pieces.length; i++) {
    const next = pieces[i]!;
    const em = Math.max(pieces[i - 1]!.size, next.size);
    const gap = gaps[i - 1]!;
    if (spreadGap > 0) text += isJapaneseChar(lastChar(text)) && isJapaneseChar(firstChar(next.text)) && gap > 1.6 * spreadGap ? '\u3000' : '';
    else text += gapJoiner(text, next.text, gap / em, spread[i - 1]);
    text += next.text;
  }
  if (/\s\s|^\s|\s$/.test(text)) text = text.replace(/\s+/g, (s) => (s.includes('\u3000') ? '\u3000' : ' ')).trim();
  let size = 0;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const p of pieces) {
    if (p.size > size) size = p.size;
    if (p.x0 < x0) x0 = p.x0;
    if (p.x1 > x1) x1 = p.x1;
  }
  const y = pieces.length === 1 ? pieces[0]!.y : median(pieces.map((p) => p.y));
  return { text, x0, x1, y, size, top: y - 0.8 * size, bottom: y + 0.15 * size };
}
