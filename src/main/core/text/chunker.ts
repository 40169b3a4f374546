// Cuts cleaned pages into sentence-aligned chunks that carry their pages, offsets and section.
import type { MarkupHeading } from '../ingest/types';
import { asListItem, CAPTION_LINE, HEADING_RANK, isListStep, recognizeHeading, SectionPath } from './headings';
import { chunkAddresses } from './provisions';
import { forEachSentence, splitLongSentence } from './sentences';
import type { ChunkDraft, ChunkOptions, CleanPage } from './types';

const DEFAULT_TARGET_CHARS = 400;
const DEFAULT_OVERLAP_CHARS = 60;
/** A last piece of a section shorter than this share of the target joins the chunk before it. */
const SMALL_TAIL_RATIO = 0.25;
/** A 項 or list item starts a new chunk once the current one holds this share of the target. */
const SOFT_BREAK_RATIO = 0.5;

/** A sentence, a heading or a piece of an overlong sentence: what chunks are made of. */
interface Unit {
  /** Index into the pages array. */
  page: number;
  /** Offsets in the page text. */
  start: number;
  end: number;
  /** Offsets in the document as if its pages were joined with '\n': lengths by subtraction. */
  docStart: number;
  docEnd: number;
  /** A heading line: it opens a section, so a new chunk. */
  heading: boolean;
  /** Opens a 項 or list item: a good place for a chunk to start. */
  soft: boolean;
  /** Section path in force (a heading's own path includes it); shared until the path changes. */
  path: string[];
}

/** A finished chunk as its first and last unit; the text is cut from the pages at the end. */
interface UnitRange {
  first: Unit;
  last: Unit;
  section: string[];
  /** The distinct section paths of the chunk's own units (not the overlap): its provisions' addresses. */
  paths: string[][];
}

/**
 * Packs units into chunks as they stream in, holding only the current chunk's units (a
 * 3 M-character document has a few hundred thousand sentences).
 */
class Packer {
  readonly ranges: UnitRange[] = [];
  private units: Unit[] = [];
  /** Index in `units` of the first unit not carried over from the previous chunk. */
  private fresh = 0;
  private hasBody = false;
  /** The current chunk continues the previous one's section (it may absorb a small tail). */
  private continues = false;

  constructor(private readonly limits: { target: number; max: number; overlap: number }) {}

  push(unit: Unit): void {
    const { target, max } = this.limits;
    const units = this.units;
    if (!units.length) {
      this.begin([], unit);
      return;
    }
    const length = units[units.length - 1].docEnd - units[0].docStart;
    const withUnit = unit.docEnd - units[0].docStart;
    if (this.hasBody && (unit.heading || (unit.soft && length >= SOFT_BREAK_RATIO * target))) {
      this.emit();
      this.begin([], unit);
      return;
    }
    // Break before the unit when adding it overshoots the target by more than stopping
    // undershoots it. Headings with no body yet stay with the body that follows them.
    const full = this.hasBody ? withUnit > target && withUnit - target > target - length : withUnit > max;
    if (full || withUnit > max) {
      const hadBody = this.hasBody;
      this.emit();
      const carried = hadBody ? this.overlap(unit) : [];
      this.begin(carried, unit);
      this.continues = hadBody;
      return;
    }
    units.push(unit);
    if (!unit.heading) this.hasBody = true;
  }

  /** Emits the last chunk; call once after the last unit. */
  finish(): void {
    if (this.units.length) this.emit();
    this.units = [];
  }

  private begin(carried: Unit[], unit: Unit): void {
    this.units = [...carried, unit];
    this.fresh = carried.length;
    this.hasBody = carried.length > 0 || !unit.heading;
    this.continues = false;
  }

  /** Trailing body units of the current chunk that fit in the overlap (never all of them). */
  private overlap(next: Unit): Unit[] {
    const units = this.units;
    const end = units[units.length - 1].docEnd;
    let k = units.length;
    while (k - 1 > 0 && !units[k - 1].heading && end - units[k - 1].docStart <= this.limits.overlap) k--;
    // The overlap plus the next unit must still fit in a chunk.
    while (k < units.length && next.docEnd - units[k].docStart > this.limits.max) k++;
    return units.slice(k);
  }

  private emit(): void {
    const units = this.units;
    const first = units[0];
    const last = units[units.length - 1];
    const prev = this.ranges[this.ranges.length - 1];
    const tail = last.docEnd - units[this.fresh].docStart;
    const paths: string[][] = [];
    // Paths are shared arrays until they change: identity tells them apart.
    for (let i = this.fresh; i < units.length; i++) {
      if (!units[i].heading && paths[paths.length - 1] !== units[i].path) paths.push(units[i].path);
    }
    if (this.continues && tail < SMALL_TAIL_RATIO * this.limits.target && last.docEnd - prev.first.docStart <= this.limits.max) {
      prev.last = last;
      prev.paths.push(...paths);
      return;
    }
    // The section is the one the chunk's body starts in: a chunk that opens with
    // "第1章 総則\n第1条（目的）\n…" belongs to 第1章 > 第1条.
    const body = units.find((u) => !u.heading);
    this.ranges.push({ first, last, section: (body ?? last).path, paths: paths.length > 0 ? paths : [(body ?? last).path] });
  }
}

/**
 * Splits a document into chunks. Headings (markup ones and the numbered ones found in the text)
 * start new chunks and make up each chunk's section path; chunks end at sentence ends near
 * `targetChars`, carry up to `overlapChars` of whole trailing sentences into the next chunk of
 * the same section, and may span pages (their text then joins the page slices with '\n').
 */
export function chunkDocument(pages: CleanPage[], headings: MarkupHeading[], options: ChunkOptions = {}): ChunkDraft[] {
  const target = Math.max(1, Math.floor(options.targetChars ?? DEFAULT_TARGET_CHARS));
  const max = Math.max(target, Math.floor(options.maxChars ?? 2 * target));
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapChars ?? DEFAULT_OVERLAP_CHARS), target - 1));
  const packer = new Packer({ target, max, overlap });
  collectUnits(pages, headings, { max, target }, (unit) => packer.push(unit));
  packer.finish();
  return packer.ranges.map((range, ordinal) => toDraft(pages, range, ordinal));
}

function toDraft(pages: CleanPage[], { first, last, section, paths }: UnitRange, ordinal: number): ChunkDraft {
  let text: string;
  if (first.page === last.page) text = pages[first.page].text.slice(first.start, last.end);
  else {
    const parts = [pages[first.page].text.slice(first.start)];
    for (let p = first.page + 1; p < last.page; p++) parts.push(pages[p].text);
    parts.push(pages[last.page].text.slice(0, last.end));
    text = parts.join('\n');
  }
  return {
    ordinal,
    text,
    pageStart: pages[first.page].page,
    pageEnd: pages[last.page].page,
    section: [...section],
    charStart: first.start,
    charEnd: last.end,
    addresses: chunkAddresses(paths),
  };
}

/** Where each markup heading of a page sits in the cleaned text, in order. */
function locateMarkupHeadings(text: string, headings: MarkupHeading[]): { offset: number; heading: MarkupHeading }[] {
  let from = 0;
  return [...headings]
    .sort((x, y) => x.offset - y.offset)
    .map((heading) => {
      // Clean-up (\r\n → \n, control characters) can shift offsets; the text itself does not move.
      let offset = heading.offset;
      if (!heading.text || !text.startsWith(heading.text, offset)) {
        const found = heading.text ? text.indexOf(heading.text, from) : -1;
        offset = found >= 0 ? found : Math.min(offset, text.length);
      }
      from = offset + 1;
      return { offset, heading };
    });
}

/** The first non-blank line after `from` (a newline offset or the end), if any. */
function nextLine(text: string, from: number): string | undefined {
  let start = from + 1;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (text.slice(start, end).trim()) return text.slice(start, end);
    start = end + 1;
  }
  return undefined;
}

function isSpaceCode(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0 || code === 0x3000;
}

/** Splits pages into headings and sentences, each with the section path in force, in order. */
function collectUnits(pages: CleanPage[], headings: MarkupHeading[], limits: { max: number; target: number }, push: (unit: Unit) => void): void {
  const byPage = new Map<number, MarkupHeading[]>();
  for (const heading of headings) {
    const list = byPage.get(heading.page);
    if (list) list.push(heading);
    else byPage.set(heading.page, [heading]);
  }
  const section = new SectionPath();
  let base = 0;

  pages.forEach((page, pageIndex) => {
    const text = page.text;
    const markup = locateMarkupHeadings(text, byPage.get(page.page) ?? []);
    let nextMarkup = 0;
    let soft = false;
    let previousLine: string | undefined;
    /** A statute caption line （定義） seen just before a 第N条 line: it joins that article's label. */
    let caption: string | undefined;
    const add = (start: number, end: number, heading: boolean) => {
      push({
        page: pageIndex,
        start,
        end,
        docStart: base + start,
        docEnd: base + end,
        heading,
        soft: soft && !heading,
        path: section.path,
      });
      if (!heading) soft = false;
    };
    const addSentence = (start: number, end: number) => {
      if (end - start <= limits.max) add(start, end, false);
      else for (const piece of splitLongSentence(text, { start, end }, limits.target)) add(piece.start, piece.end, false);
    };

    for (let lineStart = 0; lineStart <= text.length;) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? text.length : newline;
      let start = lineStart;
      while (start < lineEnd && isSpaceCode(text.charCodeAt(start))) start++;
      let end = lineEnd;
      while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;

      let markupHere: MarkupHeading | null = null;
      while (nextMarkup < markup.length && markup[nextMarkup].offset <= lineEnd) {
        if (markup[nextMarkup].offset >= lineStart) markupHere ??= markup[nextMarkup].heading;
        nextMarkup++;
      }
      if (start < end) {
        if (markupHere) {
          section.enterMarkup(markupHere.level, markupHere.text);
          add(start, end, true);
        } else {
          let found = recognizeHeading(text.slice(lineStart, lineEnd), { paragraphNumbers: section.inClause });
          // Inside a 第N条, "4. 死亡したとき" is an item of the article, not a section around it.
          if (found?.listNumber !== undefined && (section.inClause || isListStep(found, previousLine, nextLine(text, lineEnd)))) {
            found = asListItem(found);
          }
          let bodyStart = start;
          if (!found && CAPTION_LINE.test(text.slice(start, end))) {
            const next = nextLine(text, lineEnd);
            const article = next === undefined ? null : recognizeHeading(next);
            if (article?.rank === HEADING_RANK.clause) {
              // The caption opens the article's chunk; the article line names it.
              caption = text.slice(start, end);
              add(start, end, true);
              previousLine = caption;
              if (newline < 0) break;
              lineStart = newline + 1;
              continue;
            }
          }
          if (found && caption !== undefined && found.rank === HEADING_RANK.clause && !/[(（]/.test(found.label)) {
            found = { ...found, label: `${found.label}${caption}` };
          }
          caption = undefined;
          if (found) {
            section.enterRecognized(found);
            if (found.minor) soft = true;
            else {
              add(lineStart + found.start, lineStart + found.end, true);
              bodyStart = lineStart + found.end;
            }
          }
          forEachSentence(text, { start: bodyStart, end }, addSentence);
        }
      }
      if (start < end) previousLine = text.slice(start, end);
      if (newline < 0) break;
      lineStart = newline + 1;
    }
    base += text.length + 1;
  });
}
