/**
 * A page's text from the positions of its text runs (pdf.js text items), in reading order.
 *
 * pdf.js gives runs of glyphs with their origin, advance width and font size, and guesses spaces
 * from gaps: justified, distributed and letter-spaced Japanese then reads 「就 業 規 則」. Here the
 * gaps decide: between two Japanese characters there is never a space (a gap of a full em alone in
 * tight text is a typed ideographic space), between Latin words there is one (`layout-lines.ts`).
 * Runs on one baseline become lines; lines are ordered by the page's layout (`layout-order.ts`):
 * bands of lines top to bottom, and where consecutive bands share a gutter, columns left to right
 * (text columns, a text box beside the text) or rows (a table: cells left to right, separated by a
 * tab). Ruby (furigana) over its base text is left out. Vertical writing, told from the way the
 * glyphs advance, reads columns right to left (`layout-vertical.ts`). Pure: no pdf.js, no node:*.
 */
import { type LayoutInput, type LayoutLine, dropRuby, fragmentsOf } from './layout-lines';
import { horizontalLines } from './layout-order';
import { isVerticalPage, verticalLines } from './layout-vertical';

export type { LayoutInput, LayoutLine, TextRun } from './layout-lines';

/** The page's lines in reading order. */
export function layoutPage(input: LayoutInput): LayoutLine[] {
  const { horizontal, glyphs } = fragmentsOf(input);
  if (glyphs.length > horizontal.length || isVerticalPage(input.runs)) return verticalLines([...glyphs, ...horizontal]);
  const fragments = dropRuby(horizontal);
  if (fragments.length === 0) return [];
  return horizontalLines(fragments);
}

/** The page text of laid-out lines: one line each, a blank line before a paragraph gap. */
export function linesToText(lines: LayoutLine[]): string {
  return lines.map((l, i) => (l.gapBefore && i > 0 ? '\n' : '') + l.text).join('\n');
}
