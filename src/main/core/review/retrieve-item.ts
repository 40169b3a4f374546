/**
 * Retrieval for one checklist item in one document.
 *
 * PLACEHOLDER: the review-core branch replaces this file (English analysis, legal term expansion,
 * provision addresses, section-path matching, not_found decided by evidence). Until then it is a
 * plain library search kept to the document under review, and the status comes from how many of
 * the item's content terms the best passage holds. Keep the exported signature: review runs,
 * reports, the CLI and the UI call only this.
 */
import type { Hit } from '../../../shared/types';
import type { Engine } from '../engine';

export interface ReviewItemQuery {
  question: string;
  category?: string;
  guidance?: string;
}

export interface ItemEvidence {
  hits: Hit[];
  status: 'found' | 'not_found' | 'needs_review';
  score: number; // 0..1
  reason: string; // one short English sentence
}

export interface RetrieveItemOptions {
  documentId?: string;
  path?: string;
  collection?: string;
  k?: number;
  signal?: AbortSignal;
}

/** Library-wide candidates read to find the document's own best passages. */
const CANDIDATES = 100;
/** Share of the item's terms the best passage must hold: found at or above, needs_review above the second. */
const FOUND_COVERAGE = 0.5;
const WEAK_COVERAGE = 0.25;

export async function retrieveForItem(engine: Engine, item: ReviewItemQuery, options: RetrieveItemOptions): Promise<ItemEvidence> {
  const { documentId, path, collection, k = 5, signal } = options;
  signal?.throwIfAborted();
  const query = [item.category, item.question].filter(Boolean).join(' ');
  const [analyzer, candidates] = await Promise.all([engine.getAnalyzer(), engine.search(query, { k: CANDIDATES, collection })]);
  signal?.throwIfAborted();
  const hits = candidates
    .filter((hit) => (documentId === undefined || hit.documentId === documentId) && (path === undefined || hit.path === path))
    .slice(0, k)
    .map((hit, i) => ({ ...hit, rank: i + 1 }));
  const wanted = new Set(analyzer.terms(item.question));
  if (hits.length === 0 || wanted.size === 0) {
    return { hits, status: 'not_found', score: 0, reason: 'No passage of the document shares words with the item.' };
  }
  const best = hits[0]!;
  const present = new Set(analyzer.terms(`${best.section} ${best.text}`));
  const score = [...wanted].filter((term) => present.has(term)).length / wanted.size;
  if (score >= FOUND_COVERAGE) return { hits, status: 'found', score, reason: `The best passage holds ${Math.round(score * 100)}% of the item's words.` };
  if (score > WEAK_COVERAGE) return { hits, status: 'needs_review', score, reason: `The best passage holds only ${Math.round(score * 100)}% of the item's words.` };
  return { hits, status: 'not_found', score, reason: `The best passage holds only ${Math.round(score * 100)}% of the item's words.` };
}
