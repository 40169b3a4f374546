/**
 * A page's text from the positions of its text runs (pdf.js text items), in reading order.
 *
 * pdf.js gives runs of glyphs with their origin, advance width and font size, and guesses spaces
 * from gaps: justified, distributed and letter-spaced Japanese then reads 「就 業 規 則」. Here the
 * gaps decide: between two Japanese characters there is never a space (a gap of a full em alone in
 * tight text is a typed ideographic space), between Latin words there is one. Runs on one baseline
 * become lines; lines are ordered by the page's layout: bands of lines top to bottom, and where
 * consecutive bands share a gutter, columns left to right (text columns, a text box beside the text)
 * or rows (a table: cells left to right, separated by a tab). Ruby (furigana) over its base text is
 * left out. Vertical writing reads columns right to left. Pure: no pdf.js, no node:*.
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

interface Fragment {
  text: string;
  /** pdf.js had spaces between each of its letters (letter-spaced or distributed). */
  spaced?: boolean;
  x0: number;
  x1: number;
  /** Baseline, top-down. */
  y: number;
  size: number;
}

interface Segment extends Fragment {
  top: number;
  bottom: number;
}

/**
 * A heading number 「第3章」「第12条」 just before: the space after it is the one Japanese headings
 * are written with (「第3章 雑則」), and what tells a heading from running text (「第9条の改正」).
 */
const HEADING_NUMBER_END = /第[0-9０-９一二三四五六七八九十百千]{1,6}[編章節款条項]$/;

/** Spaces pdf.js put between two Japanese characters out (but after a heading number), runs of spaces made one. */
function cleanRun(str: string): string {
  if (str.indexOf(' ') < 0 && str.indexOf('\u00A0') < 0) return str;
  const text = str.replace(/[ \u00A0]{2,}/g, ' ');
  return text.replace(
    /(?<=[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]) (?=[\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])/g,
    (space, at: number) => (HEADING_NUMBER_END.test(text.slice(Math.max(0, at - 9), at)) ? space : ''),
  );
}

function lastChar(s: string): string | undefined {
  const trimmed = s.trimEnd();
  return trimmed ? Array.from(trimmed.slice(-2)).pop() : undefined;
}

function firstChar(s: string): string | undefined {
  const trimmed = s.trimStart();
  return trimmed ? String.fromCodePoint(trimmed.codePointAt(0)!) : undefined;
}

/**
 * What goes between two pieces of one line, from the gap between them (in ems). `spread`: the gap
 * spreads letters (distributed or letter-spaced), never a word space.
 */
function gapJoiner(left: string, right: string, gapEm: number, spread = false): string {
  const x = lastChar(left);
  const y = firstChar(right);
  if (x === undefined || y === undefined || spread) return '';
  const jx = isJapaneseChar(x);
  const jy = isJapaneseChar(y);
  // A full-em gap alone in tight Japanese is an ideographic space someone typed.
  if (jx && jy) return gapEm > 0.8 && gapEm < 1.3 ? '\u3000' : gapEm >= 0.2 && HEADING_NUMBER_END.test(left.trimEnd()) ? ' ' : '';
  if (/\s$/.test(left) || /^\s/.test(right)) return '';
  // LibreOffice puts a fifth of an em between Japanese and Latin (autospace): not a space. A
  // typed space is a quarter em or more (0.27 em in DocBook manuals), with autospace 0.45 em.
  if (jx || jy) return gapEm >= 0.24 ? ' ' : '';
  return gapEm >= 0.15 ? ' ' : '';
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// ------------------------------------------------------------------------------------------ runs

function fragmentsOf(input: LayoutInput): { horizontal: Fragment[]; glyphs: Fragment[] } {
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

/**
 * Single glyphs stacked one under another (vertical writing set glyph by glyph, as LibreOffice
 * and Word export it) make up most of the page.
 */
function looksVertical(fragments: Fragment[]): boolean {
  const chars = fragments.reduce((n, f) => n + f.text.trim().length, 0);
  if (chars < 8) return false;
  const singles = fragments.filter((f) => f.text.trim().length === 1);
  if (singles.length < 0.6 * fragments.length) return false;
  let stacked = 0;
  const byX = new Map<number, Fragment[]>();
  for (const f of singles) {
    const key = Math.round(f.x0 / (f.size / 2));
    (byX.get(key) ?? byX.set(key, []).get(key)!).push(f);
  }
  for (const column of byX.values()) if (column.length >= 3) stacked += column.length;
  return stacked >= 0.6 * singles.length;
}

// ------------------------------------------------------------------------------------------ ruby

/** Small runs sitting just over larger text they overlap: readings, not text. */
function dropRuby(fragments: Fragment[]): Fragment[] {
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
function segmentsOf(fragments: Fragment[]): Segment[] {
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

// ------------------------------------------------------------------------------------------ blocks

type Interval = [number, number];

/** Gaps at least `min` wide between the segments' horizontal extents. */
function gutters(segments: Segment[], min: number): Interval[] {
  const spans = segments.map((s) => [s.x0, s.x1] as Interval).sort((p, q) => p[0] - q[0]);
  const out: Interval[] = [];
  let right = spans[0]![1];
  for (const [l, r] of spans.slice(1)) {
    if (l - right >= min) out.push([right, l]);
    right = Math.max(right, r);
  }
  return out;
}

/** The gutters left of `current` once `segments` are laid over them (none may cross one). */
function narrow(current: Interval[], segments: Segment[], min: number): Interval[] | null {
  const out: Interval[] = [];
  for (const [l, r] of current) {
    let left = l;
    let right = r;
    for (const s of segments) {
      if (s.x1 <= left || s.x0 >= right) continue;
      // A segment reaching into the gutter from one side narrows it; one spanning it closes it.
      if (s.x0 <= left && s.x1 >= right) return null;
      if (s.x0 <= left) left = s.x1;
      else if (s.x1 >= right) right = s.x0;
      else return null;
    }
    if (right - left >= min) out.push([left, right]);
  }
  return out.length ? out : null;
}

interface Band {
  segments: Segment[];
  top: number;
  bottom: number;
}

function bandsOf(segments: Segment[]): Band[] {
  const sorted = [...segments].sort((p, q) => p.top - q.top);
  const bands: Band[] = [];
  for (const s of sorted) {
    const band = bands[bands.length - 1];
    if (band && s.top < band.bottom) {
      band.segments.push(s);
      band.bottom = Math.max(band.bottom, s.bottom);
    } else bands.push({ segments: [s], top: s.top, bottom: s.bottom });
  }
  return bands;
}

interface Group {
  bands: Band[];
  gutters: Interval[];
}

/** Consecutive bands that share at least one gutter. */
function groupsOf(bands: Band[], em: number): Group[] {
  const min = 0.8 * em;
  const groups: Group[] = [];
  let open: Group | null = null;
  for (const band of bands) {
    // A wide vertical gap ends the columns: what follows (a footer, a new section) is read after them.
    const last = open?.bands[open.bands.length - 1];
    if (open && last && band.top - last.bottom <= 2 * em) {
      const shared = narrow(open.gutters, band.segments, min);
      if (shared) {
        open.bands.push(band);
        open.gutters = shared;
        continue;
      }
    }
    const own = band.segments.length > 1 ? gutters(band.segments, min) : [];
    open = { bands: [band], gutters: own };
    groups.push(open);
    if (!own.length) open = null;
  }
  return groups;
}

/**
 * The page's first and last band (a running header, a footer with the page number) set apart by a
 * wider gap than the column's lines are: read on their own, first and last, where the running-line
 * filter finds them, not inside the first column.
 */
function detachPageEdges(groups: Group[], bands: Band[], em: number): Group[] {
  const out: Group[] = [];
  for (const group of groups) {
    const gb = group.bands;
    if (gb.length < 3) {
      out.push(group);
      continue;
    }
    const gaps = gb.slice(1).map((b, i) => b.top - gb[i]!.bottom);
    const usual = median(gaps);
    const apart = (gap: number) => gap > Math.max(2 * usual, 0.6 * em);
    const head = gb[0] === bands[0] && apart(gaps[0]!) ? [gb[0]!] : [];
    const tail = gb[gb.length - 1] === bands[bands.length - 1] && apart(gaps[gaps.length - 1]!) ? [gb[gb.length - 1]!] : [];
    const single = (b: Band): Group => ({ bands: [b], gutters: b.segments.length > 1 ? gutters(b.segments, 0.8 * em) : [] });
    out.push(...head.map(single), { bands: gb.slice(head.length, gb.length - tail.length), gutters: group.gutters }, ...tail.map(single));
  }
  return out;
}

/** The parts of a group between its gutters, left to right, each with its segments. */
function partsOf(group: Group): Segment[][] {
  const edges = group.gutters.map(([l, r]) => (l + r) / 2).sort((a, b) => a - b);
  const parts: Segment[][] = edges.map(() => []).concat([[]]);
  for (const band of group.bands) {
    for (const s of band.segments) {
      const centre = (s.x0 + s.x1) / 2;
      let k = edges.findIndex((e) => centre < e);
      if (k < 0) k = edges.length;
      parts[k]!.push(s);
    }
  }
  return parts.filter((p) => p.length > 0);
}

/** Columns of running text (lines that fill their column), not the cells of a table. */
function isTextColumns(parts: Segment[][], em: number): boolean {
  let full = 0;
  let total = 0;
  for (const part of parts) {
    const left = Math.min(...part.map((s) => s.x0));
    const width = Math.max(...part.map((s) => s.x1)) - left;
    if (width < 10 * em || part.length < 2) return false;
    for (const s of part) {
      total++;
      if (s.x1 - left >= 0.8 * width) full++;
    }
  }
  return full >= 0.45 * total;
}

// ------------------------------------------------------------------------------------------ lines out

/** Lines of one column (or the page's single-column flow), with fill, indent and paragraph gaps. */
function columnLines(segments: Segment[], edges?: { left: number; right: number }): LayoutLine[] {
  if (segments.length === 0) return [];
  const sorted = [...segments].sort((p, q) => p.y - q.y || p.x0 - q.x0);
  const wide = sorted.filter((s) => s.x1 - s.x0 > 0);
  const left = edges?.left ?? Math.min(...wide.map((s) => s.x0));
  const right = edges?.right ?? Math.max(...wide.map((s) => s.x1));
  const width = Math.max(1, right - left);
  const pitches = sorted
    .slice(1)
    .map((s, i) => s.y - sorted[i]!.y)
    .filter((p) => p > 0);
  const pitch = median(pitches);
  return sorted.map((s, i) => {
    const prev = sorted[i - 1];
    const step = prev ? s.y - prev.y : 0;
    const sizeChange = prev ? Math.abs(s.size - prev.size) > 0.15 * Math.max(s.size, prev.size) : false;
    return {
      text: s.text,
      fill: Math.min(1, (s.x1 - left) / width),
      indent: s.x0 - left > 0.5 * s.size,
      gapBefore: i === 0 || sizeChange || (pitch > 0 && step > 1.2 * pitch) || step > 2.2 * s.size,
    };
  });
}

/** Rows of a table: bands close together are one row; cells joined by a tab. */
function tableLines(group: Group, em: number): LayoutLine[] {
  const edges = group.gutters.map(([l, r]) => (l + r) / 2).sort((a, b) => a - b);
  const rows: Band[][] = [];
  for (const band of group.bands) {
    const row = rows[rows.length - 1];
    const last = row?.[row.length - 1];
    if (row && last && band.top - last.bottom < 0.25 * em) row.push(band);
    else rows.push([band]);
  }
  return rows.map((row) => {
    const cells: string[][] = edges.map(() => []).concat([[]]);
    for (const band of row) {
      for (const s of [...band.segments].sort((p, q) => p.x0 - q.x0)) {
        let k = edges.findIndex((e) => (s.x0 + s.x1) / 2 < e);
        if (k < 0) k = edges.length;
        cells[k]!.push(s.text);
      }
    }
    const text = cells
      .filter((c) => c.length)
      .map((c) =>
        c.reduce((acc, line) => acc + (acc ? gapJoiner(acc, line, isJapaneseChar(lastChar(acc)) || isJapaneseChar(firstChar(line)) ? 0 : 1) : '') + line, ''),
      )
      .join('\t');
    return { text, fill: 0, indent: false, gapBefore: true };
  });
}

/**
 * Vertical writing: glyphs stacked in columns, read right to left. A page may set its text in
 * tiers (上段・下段) one above the other: each tier is read in turn, top to bottom.
 */
function verticalLines(glyphs: Fragment[]): LayoutLine[] {
  const em = median(glyphs.map((g) => g.size));
  const centre = (g: Fragment) => (g.x0 + g.x1) / 2;
  const byX = [...glyphs].sort((p, q) => centre(q) - centre(p));
  const stacks: Fragment[][] = [];
  for (const g of byX) {
    const stack = stacks[stacks.length - 1];
    if (stack && Math.abs(centre(stack[0]!) - centre(g)) <= 0.5 * em) stack.push(g);
    else stacks.push([g]);
  }
  // A stack breaks into columns where a wide gap runs across it (between tiers).
  interface Column {
    chars: Fragment[];
    top: number;
    bottom: number;
    x: number;
  }
  const columns: Column[] = [];
  for (const stack of stacks) {
    stack.sort((p, q) => p.y - q.y);
    let chars: Fragment[] = [];
    const flush = () => chars.length && columns.push({ chars, top: chars[0]!.y - chars[0]!.size, bottom: chars[chars.length - 1]!.y, x: centre(chars[0]!) });
    for (const g of stack) {
      const last = chars[chars.length - 1];
      if (last && g.y - last.y > 2.5 * em) {
        flush();
        chars = [];
      }
      chars.push(g);
    }
    flush();
  }
  // Tiers: columns whose vertical extents overlap, top to bottom; in each, right to left.
  columns.sort((p, q) => p.top - q.top);
  const tiers: Column[][] = [];
  let bottom = -Infinity;
  for (const column of columns) {
    if (!tiers.length || column.top > bottom) {
      tiers.push([column]);
      bottom = column.bottom;
    } else {
      tiers[tiers.length - 1]!.push(column);
      bottom = Math.max(bottom, column.bottom);
    }
  }
  const lines: LayoutLine[] = [];
  for (const tier of tiers) {
    tier.sort((p, q) => q.x - p.x);
    const top = Math.min(...tier.map((c) => c.top));
    const height = Math.max(1, Math.max(...tier.map((c) => c.bottom)) - top);
    const pitch = median(tier.slice(1).map((c, i) => tier[i]!.x - c.x));
    tier.forEach((c, i) => {
      let text = c.chars[0]!.text;
      for (let k = 1; k < c.chars.length; k++) text += gapJoiner(text, c.chars[k]!.text, 0) + c.chars[k]!.text;
      const step = i > 0 ? tier[i - 1]!.x - c.x : 0;
      lines.push({ text, fill: (c.bottom - top) / height, indent: c.top - top > 0.5 * em, gapBefore: i === 0 || (pitch > 0 && step > 1.3 * pitch) });
    });
  }
  return lines;
}

/** The page's lines in reading order. */
export function layoutPage(input: LayoutInput): LayoutLine[] {
  const { horizontal, glyphs } = fragmentsOf(input);
  if (glyphs.length > horizontal.length || looksVertical(horizontal)) return verticalLines([...glyphs, ...horizontal]);
  const fragments = dropRuby(horizontal);
  if (fragments.length === 0) return [];
  const segments = segmentsOf(fragments);
  const em = median(segments.map((s) => s.size)) || 10;
  const bands = bandsOf(segments);
  const groups = detachPageEdges(groupsOf(bands, em), bands, em);

  // The flow's edges: single-column lines that are not short labels.
  const flow = groups.filter((g) => !g.gutters.length).flatMap((g) => g.bands.flatMap((b) => b.segments));
  const widest = Math.max(0, ...flow.map((s) => s.x1 - s.x0));
  const body = flow.filter((s) => s.x1 - s.x0 >= 0.5 * widest);
  const edges = body.length ? { left: Math.min(...body.map((s) => s.x0)), right: Math.max(...body.map((s) => s.x1)) } : undefined;

  const lines: LayoutLine[] = [];
  let run: Segment[] = [];
  const flushFlow = () => {
    if (!run.length) return;
    const out = columnLines(run, edges);
    // Only the first line of the flow after a block starts a new paragraph by position alone.
    if (lines.length && out[0]) out[0].gapBefore = true;
    lines.push(...out);
    run = [];
  };
  for (const group of groups) {
    if (!group.gutters.length) {
      run.push(...group.bands.flatMap((b) => b.segments));
      continue;
    }
    flushFlow();
    const parts = partsOf(group);
    if (group.bands.length === 1) {
      const segs = [...group.bands[0]!.segments].sort((p, q) => p.x0 - q.x0);
      const edge = group.bands[0] === bands[0] || group.bands[0] === bands[bands.length - 1];
      // A header or footer line: its pieces (title, page number) each a line, for the running-line filter.
      if (edge) for (const s of segs) lines.push({ text: s.text, fill: 0, indent: false, gapBefore: true });
      // One line with wide gaps elsewhere (a form line, a lone table row): its pieces, tab-separated.
      else lines.push({ text: segs.map((s) => s.text).join('\t'), fill: 0, indent: false, gapBefore: true });
    } else if (isTextColumns(parts, em)) {
      for (const part of parts) {
        const out = columnLines(part);
        if (out[0]) out[0].gapBefore = true;
        lines.push(...out);
      }
    } else lines.push(...tableLines(group, em));
  }
  flushFlow();
  return lines;
}

/** The page text of laid-out lines: one line each, a blank line before a paragraph gap. */
export function linesToText(lines: LayoutLine[]): string {
  return lines.map((l, i) => (l.gapBefore && i > 0 ? '\n' : '') + l.text).join('\n');
}
