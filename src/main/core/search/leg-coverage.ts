/**
 * How far to trust a BM25 leg: by how much of the question its best candidate says. Each leg's
 * scores are divided by its top score, so a passage sharing one common word of six with the
 * question (対策, 条件) counts as much as one that says all six, and outranks a passage that
 * only the vector leg finds (the answer in another language). A leg whose best candidate holds
 * less than `full` of the question's terms is weighted down in proportion.
 */
import { charBigrams } from '../analysis/bigrams';
import type { RankedChunk } from '../store/types';

export type LegTokens = (terms: string) => string[];

/** The terms leg matches analysed terms; the bigram leg their bigrams (terms hold no particles, so neither side counts them). */
export const termTokens: LegTokens = (terms) => terms.split(' ').filter(Boolean);
export const gramTokens: LegTokens = (terms) => charBigrams(terms);

/** Share of the query's distinct tokens found in the candidate that holds most of them (0 without candidates, 1 for a query of no tokens). */
export function bestCoverage(candidates: RankedChunk[], queryTerms: string[], tokens: LegTokens): number {
  const wanted = new Set(tokens(queryTerms.join(' ')));
  if (wanted.size === 0) return 1;
  let best = 0;
  for (const candidate of candidates) {
    const have = new Set(tokens(candidate.terms ?? ''));
    let found = 0;
    for (const token of wanted) if (have.has(token)) found++;
    best = Math.max(best, found / wanted.size);
  }
  return best;
}

/** The leg's weight: full from `full` coverage up, none at `floor` or below, in proportion between (`full` 0: unscaled). */
export function coveredWeight(weight: number, coverage: number, ramp: { floor: number; full: number }): number {
  if (ramp.full <= 0) return weight;
  return weight * Math.min(1, Math.max(0, (coverage - ramp.floor) / (ramp.full - ramp.floor)));
}
