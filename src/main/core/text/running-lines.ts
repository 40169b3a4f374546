// Running headers, footers and page numbers: the lines at a page's edges that are the page's, not the text's.

/** Lines at each edge of a page that may be running headers or footers. */
const EDGE_LINES = 3;

const ROMAN = /^(?=[mdclxvi])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;
const ROMAN_TOKEN = /\b[ivxlcdm]+\b/gi;
const DIGITS = /[0-9０-９]+/g;
// Roman page numbers are front matter, so i…l is enough and "mix" or "did" are not numbers.
const PAGE_NUMBER = /^(?:page|pg\.?|p\.?|ページ|頁)?\s*([0-9０-９]{1,4}|[ivxl]{1,7})\s*(?:(?:\/|／|of)\s*[0-9０-９]{1,4})?\s*(?:ページ|頁)?$/i;
const DECORATION = /^[\s\-–—―‐−－~〜・]+|[\s\-–—―‐−－~〜・]+$/g;

function isRoman(token: string): boolean {
  const lower = token.toLowerCase();
  // Mixed case ("Mix") is a word, not a numeral.
  return (token === lower || token === token.toUpperCase()) && ROMAN.test(lower);
}

/** `12`, `- 12 -`, `— 12 —`, `12 / 40`, `Page 12`, `p. 12`, `Page 3 of 7`, `ii`, `12 ページ`. */
export function isPageNumberLine(line: string): boolean {
  return pageNumberOf(line) !== undefined;
}

/**
 * The number a page-number line gives (a Roman one as its value), and whether it is bare: a number
 * alone, with nothing that says "page" (`12`, `xii`), which a table's last figure or a number wrapped
 * onto a line of its own also is.
 */
function pageNumberOf(line: string): { value: number; bare: boolean } | undefined {
  const trimmed = line.trim();
  const match = PAGE_NUMBER.exec(trimmed.replace(DECORATION, ''));
  if (!match) return undefined;
  const digits = /[0-9０-９]/.test(match[1]);
  if (!digits && !isRoman(match[1])) return undefined;
  const value = digits ? Number(match[1].normalize('NFKC')) : romanValue(match[1].toLowerCase());
  return { value, bare: trimmed === match[1] };
}

function romanValue(numeral: string): number {
  const digit = (c: string) => ({ i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 })[c] ?? 0;
  let value = 0;
  for (let i = 0; i < numeral.length; i++) {
    const here = digit(numeral[i]);
    value += here < digit(numeral[i + 1] ?? '') ? -here : here;
  }
  return value;
}

/** The line with its numbers masked, so that "Page 3" and "Page 4" compare equal. */
function lineSignature(line: string): string | null {
  // Lines without letters (table rows of figures) cannot be told from data; page numbers aside.
  if (!/\p{L}/u.test(line)) return null;
  return line.replace(DIGITS, '#').replace(ROMAN_TOKEN, (t) => (isRoman(t) ? '#' : t));
}

/** Indices of the first and last few non-empty lines of a page. */
function edgeLines(lines: (string | null)[]): number[] {
  const filled: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]) filled.push(i);
  if (filled.length <= 2 * EDGE_LINES) return filled;
  return [...filled.slice(0, EDGE_LINES), ...filled.slice(-EDGE_LINES)];
}

/**
 * Drops (sets to null) running headers, footers and page numbers. A line at a page edge goes
 * when its signature recurs at the edges of at least half the pages (both of two), or of at
 * least three pages making up half of the stretch between its first and last page (a chapter's
 * running title). Page numbers at the edges go (see pageNumbers). A heading that opens one page
 * only never recurs, so it stays.
 */
export function dropRunningLines(pages: (string | null)[][]): void {
  const n = pages.length;
  const edges = pages.map(edgeLines);
  const stats = new Map<string, { count: number; first: number; last: number }>();
  const signatures = pages.map((lines, p) =>
    edges[p].map((i) => {
      const signature = lineSignature(lines[i]!);
      if (signature === null) return null;
      const stat = stats.get(signature);
      if (!stat) stats.set(signature, { count: 1, first: p, last: p });
      else if (stat.last !== p) {
        stat.count++;
        stat.last = p;
      }
      return signature;
    }),
  );
  const recurs = (signature: string | null): boolean => {
    if (signature === null || n < 2) return false;
    const { count, first, last } = stats.get(signature)!;
    if (n === 2) return count === 2;
    return count >= Math.max(2, Math.ceil(n / 2)) || (count >= 3 && 2 * count >= last - first + 1);
  };
  pages.forEach((lines, p) => {
    edges[p].forEach((i, k) => {
      if (recurs(signatures[p][k])) lines[i] = null;
    });
  });
  // After the running lines: a page number under a running header is then the page's first line.
  const numbers = pageNumbers(pages, edges);
  pages.forEach((lines, p) => numbers[p].forEach((i) => (lines[i] = null)));
}

/**
 * The page-number lines among each page's edge lines. A bare number (`12`, `xii`) is one only as
 * the page's first or last line, or when another page's edge has a bare number as far from its
 * page's place (value − page index, as a printed series runs): inside the edge it may be text, the
 * last figure of a table or the end of a number wrapped onto a line of its own ("… 2000-2\n002").
 */
function pageNumbers(pages: (string | null)[][], allEdges: number[][]): Set<number>[] {
  const edges = allEdges.map((indices, p) => indices.filter((i) => pages[p][i] !== null));
  const found = pages.map((lines, p) => edges[p].map((i) => ({ i, number: pageNumberOf(lines[i]!) })));
  const offsets = new Map<number, Set<number>>();
  found.forEach((lines, p) =>
    lines.forEach(({ number }) => {
      if (number?.bare) offsets.set(number.value - p, (offsets.get(number.value - p) ?? new Set()).add(p));
    }),
  );
  return found.map((lines, p) => {
    const outermost = new Set([edges[p][0], edges[p][edges[p].length - 1]]);
    const inSeries = (value: number) => offsets.get(value - p)!.size >= 2;
    return new Set(lines.filter(({ i, number }) => number && (!number.bare || outermost.has(i) || inSeries(number.value))).map(({ i }) => i));
  });
}
