/**
 * What differs inside two wordings of one clause: a longest common subsequence of their tokens'
 * keys (so width, spacing and numeral style never differ), and the runs between the common tokens
 * as spans of each text.
 */
import type { Token } from './tokens';

export interface DiffRegion {
  /** Token ranges [from, to) in each side's token list; one side may be empty (an insertion or deletion). */
  a: [number, number];
  b: [number, number];
}

/** Past this many cells the middle of two texts is taken as one change rather than aligned word by word. */
const MAX_CELLS = 4_000_000;

/** Indices of matched token pairs, in order. */
function lcs(a: string[], b: string[]): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const matches: [number, number][] = [];
  for (let i = 0; i < start; i++) matches.push([i, i]);
  const n = endA - start;
  const m = endB - start;
  if (n > 0 && m > 0 && n * m <= MAX_CELLS) {
    // Lengths of the common subsequence of suffixes, row by row.
    const table = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--) {
        const at = i * (m + 1) + j;
        table[at] = a[start + i] === b[start + j] ? table[at + m + 2] + 1 : Math.max(table[at + m + 1], table[at + 1]);
      }
    for (let i = 0, j = 0; i < n && j < m; ) {
      if (a[start + i] === b[start + j]) {
        matches.push([start + i, start + j]);
        i++;
        j++;
      } else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) i++;
      else j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) matches.push([endA + k, endB + k]);
  return matches;
}

/** The runs that differ between two token lists. */
export function diffTokens(a: Token[], b: Token[]): DiffRegion[] {
  const matches = lcs(
    a.map((t) => t.key),
    b.map((t) => t.key),
  );
  const regions: DiffRegion[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [a.length, b.length] as [number, number]]) {
    if (mi > i || mj > j) regions.push({ a: [i, mi], b: [j, mj] });
    i = mi + 1;
    j = mj + 1;
  }
  return regions;
}
