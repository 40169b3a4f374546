/**
 * Layout, vertical writing: whether a page is set vertically, told from where its glyphs go (each run's
 * transform matrix: a vertical font, Latin turned on its side, or upright glyphs each placed under the one
 * before), and its columns read right to left, in tiers (上段・下段) top to bottom.
 */
import { type Fragment, type LayoutLine, type TextRun, gapJoiner, median } from './layout-lines';

/**
 * True when the page's upright glyphs are set one under another: each run's origin (its transform
 * matrix's e, f) lies about one em below the one before it, at the same x, as Chromium, LibreOffice
 * and Word place vertical writing glyph by glyph. Horizontal text advances to the right instead, also
 * where a browser sets a bold heading glyph by glyph (「テ」「レ」「ワ」…), so short runs alone decide
 * nothing. Runs turned on their side and vertical fonts are told by `fragmentsOf` from their matrix.
 */
export function isVerticalPage(runs: readonly TextRun[]): boolean {
  let down = 0;
  let across = 0;
  let letters = 0;
  let prev: { x: number; y: number; size: number; width: number; chars: number } | undefined;
  for (const run of runs) {
    const str = run.str.trim();
    if (!str) continue;
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = run.transform;
    const chars = Array.from(str).length;
    letters += chars;
    if (b !== 0 || c !== 0 || a <= 0) {
      prev = undefined;
      continue;
    }
    const size = Math.abs(d);
    if (prev && size > 0 && Math.abs(size - prev.size) <= 0.2 * size) {
      const dx = x - prev.x;
      const dy = prev.y - y; // PDF space is y up: a glyph below has a smaller y
      if (Math.abs(dy) <= 0.25 * size && dx > 0 && dx <= prev.width + 2 * size) across += prev.chars;
      else if (prev.chars === 1 && Math.abs(dx) <= 0.25 * size && dy >= 0.6 * size && dy <= 1.35 * size) down++;
    }
    prev = { x, y, size, width: run.width, chars };
  }
  return down >= 6 && down > across && down >= 0.3 * letters;
}

/**
 * Vertical writing: glyphs stacked in columns, read right to left. A page may set its text in
 * tiers (上段・下段) one above the other: each tier is read in turn, top to bottom.
 */
export function verticalLines(glyphs: Fragment[]): LayoutLine[] {
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
