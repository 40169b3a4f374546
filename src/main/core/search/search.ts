/**
 * Search: the query through the same analysers as the index, BM25 on two legs (kuromoji terms
 * and character bigrams), fused. The morphological leg carries most of the precision; the bigram
 * leg finds words the dictionary splits differently in the question and the passage.
 */
import type { Hit, SearchOptions } from '../../../shared/types';
import type { Analyzer } from '../analysis/analyzer';
import { charBigrams } from '../analysis/bigrams';
import { sqlString, type LanceStore, type SearchLeg } from '../store/lancedb';
import type { ScoredChunk } from '../store/types';
import { findHighlights } from './highlight';

export const DEFAULT_K = 5;

export interface FusionOptions {
  /** Weight of each leg in the fused score. */
  weights: Record<SearchLeg, number>;
  /** Candidates read from each leg: max(k × this, 30). */
  depthFactor: number;
  mode: 'rrf' | 'score';
  /** RRF constant (mode 'rrf'). */
  rrfK: number;
}

/** Measured with `npm run eval` (docs/retrieval.md): score fusion beat RRF on hit@1 by 1.5 points. */
export const DEFAULT_FUSION: FusionOptions = {
  weights: { terms: 1, grams: 0.8 },
  depthFactor: 4,
  mode: 'score',
  rrfK: 60,
};

export function toHit(chunk: ScoredChunk, rank: number, highlightTerms: string[]): Hit {
  return {
    rank,
    score: chunk.score,
    chunkId: chunk.id,
    documentId: chunk.documentId,
    path: chunk.path,
    title: chunk.title,
    page: chunk.pageStart,
    pageEnd: chunk.pageEnd,
    section: chunk.section,
    text: chunk.text,
    highlights: findHighlights(chunk.text, highlightTerms),
  };
}

/** Fuses ranked lists into one; each list contributes by rank (RRF) or by its max-normalised score. */
export function fuse(lists: Array<{ weight: number; chunks: ScoredChunk[] }>, options: Pick<FusionOptions, 'mode' | 'rrfK'>): ScoredChunk[] {
  const fused = new Map<string, ScoredChunk>();
  for (const { weight, chunks } of lists) {
    const top = chunks[0]?.score || 1;
    chunks.forEach((chunk, rank) => {
      const contribution = weight * (options.mode === 'rrf' ? 1 / (options.rrfK + rank + 1) : chunk.score / top);
      const seen = fused.get(chunk.id);
      if (seen) seen.score += contribution;
      else fused.set(chunk.id, { ...chunk, score: contribution });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

export async function searchLibrary(
  store: LanceStore,
  analyzer: Analyzer,
  query: string,
  options: SearchOptions = {},
  fusion: FusionOptions = DEFAULT_FUSION,
): Promise<Hit[]> {
  const k = options.k ?? DEFAULT_K;
  const terms = [...new Set(analyzer.terms(query))];
  const grams = [...new Set(charBigrams(query))];
  if (terms.length === 0 && grams.length === 0) return [];
  const where = options.collection ? `collection = ${sqlString(options.collection)}` : undefined;
  const limit = Math.max(k * fusion.depthFactor, 30);
  const [byTerms, byGrams] = await Promise.all([
    fusion.weights.terms > 0 ? store.searchLeg('terms', terms.join(' '), { limit, where }) : [],
    fusion.weights.grams > 0 ? store.searchLeg('grams', grams.join(' '), { limit, where }) : [],
  ]);
  const chunks = fuse(
    [
      { weight: fusion.weights.terms, chunks: byTerms },
      { weight: fusion.weights.grams, chunks: byGrams },
    ],
    fusion,
  ).slice(0, k);
  const highlightTerms = analyzer.highlightTerms(query);
  return chunks.map((chunk, i) => toHit(chunk, i + 1, highlightTerms));
}
