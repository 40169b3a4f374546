/** Search: the query through the same analyser as the index, BM25 over the chunks' terms. */
import type { Hit, SearchOptions } from '../../../shared/types';
import type { Analyzer } from '../analysis/analyzer';
import { sqlString, type LanceStore } from '../store/lancedb';
import type { ScoredChunk } from '../store/types';
import { findHighlights } from './highlight';

export const DEFAULT_K = 5;

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

export async function searchLibrary(store: LanceStore, analyzer: Analyzer, query: string, options: SearchOptions = {}): Promise<Hit[]> {
  const k = options.k ?? DEFAULT_K;
  const terms = [...new Set(analyzer.terms(query))];
  if (terms.length === 0) return [];
  const where = options.collection ? `collection = ${sqlString(options.collection)}` : undefined;
  const chunks = await store.searchTerms(terms.join(' '), { limit: k, where });
  const highlightTerms = analyzer.highlightTerms(query);
  return chunks.map((chunk, i) => toHit(chunk, i + 1, highlightTerms));
}
