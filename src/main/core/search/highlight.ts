/**
 * Character ranges of a passage that match query terms. Matching is done on a per-character
 * normalised copy (NFKC, lower case) so that full-width or upper-case source text still lights up,
 * while the ranges point into the source text as written.
 */
import { foldText } from '../../../shared/fold';

export function findHighlights(text: string, terms: string[]): Array<[number, number]> {
  if (terms.length === 0) return [];
  const { text: normalized, source: sourceIndex } = foldText(text);
  sourceIndex.push(text.length);

  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = normalized.indexOf(term); at !== -1; at = normalized.indexOf(term, at + term.length)) {
      const end = sourceIndex[at + term.length];
      ranges.push([sourceIndex[at], end === sourceIndex[at] ? end + 1 : end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
