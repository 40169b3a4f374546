/**
 * Search: the query through the same analysers as the index, BM25 on two legs (kuromoji terms
 * and character bigrams), fused. The morphological leg carries most of the precision; the bigram
 * leg finds words the dictionary splits differently in the question and the passage. When the
 * library has vectors from the engine's embedding model, a third leg (nearest vectors by cosine)
 * joins the same fusion; without one, search is the two BM25 legs alone.
 * A question about a legal topic (準拠法, cap on liability…) adds a light leg of the topic's
 * wording in both languages (analysis/legal-terms.ts); a question that names a provision
 * (第168条, Article 5(6)) ranks the chunks at that address first (text/provisions.ts).
 */
import type { Hit, SearchOptions } from '../../../shared/types';
import type { Analyzer } from '../analysis/analyzer';
import { charBigrams } from '../analysis/bigrams';
import { legalTerms } from '../analysis/legal-concepts';
import type { LibraryStore } from '../store/library-store';
import type { ChunkFilter, RankedChunk, ScoredChunk } from '../store/types';
import { addressMatch, addressTermsOf, provisionReferences } from '../text/provisions';
import { findHighlights } from './highlight';
import { scriptOf, type Script } from './languages';
import { bestCoverage, coveredWeight, gramTokens, termTokens, type LegTokens } from './leg-coverage';
import { byScript, vectorLegByScript, vectorLegScores } from './vector-leg';

export const DEFAULT_K = 5;

export interface FusionOptions {
  /** Weight of each BM25 leg in the fused score. */
  weights: { terms: number; grams: number };
  /** Weight of the legal-term expansion leg (a BM25 leg on the terms column); 0 turns it off. */
  expansionWeight: number;
  /** Weight of the vector leg (used only when a query vector is given). */
  vectorWeight: number;
  /** Candidates read from each leg: max(k × this, 30). */
  depthFactor: number;
  /**
   * The vector leg ranks Japanese and other passages apart (vector-leg.ts), reading this many
   * times the leg's depth of nearest candidates to find those of the less near language; 0 ranks
   * all together.
   */
  vectorPool: number;
  /** The vector leg's weight for passages in another script than the query's, as a multiple of `vectorWeight` (vector-leg.ts). */
  otherScriptScale: number;
  /**
   * A BM25 leg whose best candidate holds less than `full` of the query's terms is weighted down,
   * to nothing at `floor` (leg-coverage.ts); `full` 0 turns it off. Only where the vector leg has passages of two scripts.
   */
  coverage: { floor: number; full: number };
  mode: 'rrf' | 'score';
  /** RRF constant (mode 'rrf'). */
  rrfK: number;
  /** Proximity re-ranking of the fused candidates (weight 0 turns it off). */
  proximity: { weight: number; window: number; candidates: number };
}

/** Measured with `npm run eval` (docs/retrieval.md): score fusion beat RRF on hit@1 by 1.5 points. */
export const DEFAULT_FUSION: FusionOptions = {
  weights: { terms: 1, grams: 0.8 },
  // Low: the expansion finds clauses worded unlike the question, and must not outvote its words.
  expansionWeight: 0.3,
  // Measured with multilingual-e5-small (docs/retrieval.md, issue 19), chosen on a tuning third of
  // jsquad-dev's documents among 0.25-1.8 (0.5 best hit@1): on the held-out rest hit@1 0.9324 → 0.9330,
  // hit@5 0.9792 → 0.9807. The BM25 legs together weigh 1.8, so an exact identifier match still
  // outranks a passage that is only close in meaning; where BM25 finds nothing (a Japanese question
  // over English passages) the vector leg alone decides.
  vectorWeight: 0.5,
  depthFactor: 4,
  // Issue 19 (docs/retrieval.md, "Across languages"), tuned on the 44 questions of
  // scripts/eval-data/crosslingual.jsonl: Japanese questions over English manuals in a library of
  // both went from hit@1 0.056 to 0.417; without the per-script leg (vectorPool 0), 0.194.
  // otherScriptScale 2 gave 0.444, 1 gave 0.278; 1.5 because jsquad-dev's Japanese questions over a
  // library of its pages and the English PDFs lost hit@5 with 2 (0.9867 → 0.9836; 1.5: 0.9847, hit@1
  // 0.9346 → 0.9366) and 3 (0.9806). Held out, that library's same-language hit@1 fell 0.9281 → 0.9218
  // (docs/retrieval.md): open.
  vectorPool: 10,
  otherScriptScale: 1.5,
  // jsquad-dev: the best passage of a question with its answer in the library holds ≥ 80 % of the
  // question's terms in 86 % of questions; across languages the best shares one or two words (0-67 %).
  coverage: { floor: 0.5, full: 1 },
  mode: 'score',
  rrfK: 60,
  // Measured on jsquad-dev (docs/retrieval.md): window 8, weight 0.4 gained one point of hit@1.
  proximity: { weight: 0.4, window: 8, candidates: 20 },
};

/**
 * Share of the query's distinct terms found together in one window of `window` consecutive
 * analysed terms of the passage: a passage that says the question's words in one breath beats one
 * that scatters them over several paragraphs.
 */
export function proximityScore(passageTerms: string[], queryTerms: Set<string>, window: number): number {
  if (queryTerms.size === 0) return 0;
  const inWindow = new Map<string, number>();
  let distinct = 0;
  let best = 0;
  for (let i = 0; i < passageTerms.length; i++) {
    const entering = passageTerms[i];
    if (queryTerms.has(entering)) {
      const count = inWindow.get(entering) ?? 0;
      if (count === 0) distinct++;
      inWindow.set(entering, count + 1);
    }
    const leaving = passageTerms[i - window];
    if (i >= window && queryTerms.has(leaving)) {
      const count = inWindow.get(leaving)! - 1;
      inWindow.set(leaving, count);
      if (count === 0) distinct--;
    }
    best = Math.max(best, distinct);
  }
  return best / queryTerms.size;
}

/** Re-ranks the best fused candidates by their score (relative to the best) plus proximity. */
function rerankByProximity<T extends RankedChunk>(chunks: T[], queryTerms: Set<string>, options: FusionOptions['proximity']): T[] {
  if (options.weight <= 0 || chunks.length === 0) return chunks;
  const head = chunks.slice(0, options.candidates);
  const top = head[0].score || 1;
  const rescored = head.map((chunk) => ({
    ...chunk,
    score: chunk.score / top + options.weight * proximityScore(chunk.terms ? chunk.terms.split(' ') : [], queryTerms, options.window),
  }));
  return [...rescored.sort((a, b) => b.score - a.score), ...chunks.slice(options.candidates)];
}

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
export function fuse<T extends RankedChunk>(lists: Array<{ weight: number; chunks: T[] }>, options: Pick<FusionOptions, 'mode' | 'rrfK'>): T[] {
  const fused = new Map<string, T>();
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

export interface VectorLeg {
  /** The query's embedding, from the model the library's vectors were made with. */
  vector: number[];
}

export interface SearchLibraryOptions extends SearchOptions {
  /** How the legs are fused and re-ranked. Default DEFAULT_FUSION (measured by npm run eval). */
  fusion?: FusionOptions;
  /** Adds the vector leg. Default none: search is the two BM25 legs exactly. */
  vectorLeg?: VectorLeg;
}

export async function searchLibrary(store: LibraryStore, analyzer: Analyzer, query: string, options: SearchLibraryOptions = {}): Promise<Hit[]> {
  const { fusion = DEFAULT_FUSION, vectorLeg } = options;
  const k = options.k ?? DEFAULT_K;
  const terms = [...new Set(analyzer.terms(query))];
  const grams = [...new Set(charBigrams(query))];
  const useVectors = vectorLeg !== undefined && fusion.vectorWeight > 0;
  if (terms.length === 0 && grams.length === 0 && !useVectors) return [];
  const filter: ChunkFilter = { collection: options.collection, documentId: options.documentId };
  const limit = Math.max(k * fusion.depthFactor, 30);
  const references = provisionReferences(query);
  const addressTerms = [...new Set(references.flat())];
  const expansion = fusion.expansionWeight > 0 ? queryExpansion(analyzer, query, terms) : [];
  const [byTerms, byGrams, byVector, byExpansion] = await Promise.all([
    fusion.weights.terms > 0 ? store.searchLeg('terms', [...terms, ...addressTerms].join(' '), { limit, filter }) : [],
    fusion.weights.grams > 0 ? store.searchLeg('grams', grams.join(' '), { limit, filter }) : [],
    // A vector leg that fails (its table replaced mid-query by a re-embed) leaves the BM25 legs.
    useVectors ? store.searchVectors(vectorLeg.vector, { limit: limit * Math.max(1, fusion.vectorPool), filter }).catch(() => []) : [],
    expansion.length > 0 ? store.searchLeg('terms', expansion.join(' '), { limit, filter }) : [],
  ]);
  const nearest = fusion.mode === 'score' && fusion.vectorPool > 0 ? byScript(byVector, limit) : new Map<Script, RankedChunk[]>();
  // Weak word matches are trusted less only where the vector leg has passages of two scripts (a
  // library of two languages): there a passage sharing a word or two with the question is likely
  // in the question's language, the answer in the other. In one language, long questions (CUAD's
  // clause descriptions) rarely have a passage holding half their terms, and their words still
  // beat the vectors.
  const ramp = nearest.size > 1 ? fusion.coverage : { floor: 0, full: 0 };
  if (ramp.full > 0) await readTerms(store, [...byTerms, ...byGrams]);
  // Coverage is read only where it counts: every candidate's terms and bigrams, for nothing, in a library of one language.
  const legWeight = (weight: number, chunks: RankedChunk[], tokens: LegTokens) =>
    ramp.full > 0 ? coveredWeight(weight, bestCoverage(chunks, terms, tokens), ramp) : weight;
  const legs = [
    { weight: legWeight(fusion.weights.terms, byTerms, termTokens), chunks: byTerms },
    { weight: legWeight(fusion.weights.grams, byGrams, gramTokens), chunks: byGrams },
  ];
  if (useVectors) legs.push({ weight: fusion.vectorWeight, chunks: vectorLegOf(byVector, nearest, limit, fusion, scriptOf(query)) });
  if (byExpansion.length > 0) legs.push({ weight: fusion.expansionWeight, chunks: byExpansion });
  const fused = fuse(legs, fusion);
  // Proximity weighs the first candidates only; a question naming a provision looks at every one.
  await readTerms(store, references.length > 0 ? fused : fused.slice(0, fusion.proximity.candidates));
  const ranked = rerankByProximity(fused, new Set(terms), fusion.proximity);
  const best = (references.length > 0 ? addressesFirst(ranked, references) : ranked).slice(0, k);
  // Only the best are read whole (a passage removed meanwhile drops out).
  const rows = new Map((await store.hitsByIds(best.map((c) => c.id))).map((row) => [row.id, row]));
  const highlightTerms = analyzer.highlightTerms(query);
  const hits = best.flatMap((c) => {
    const row = rows.get(c.id);
    return row ? [{ ...row, score: c.score }] : [];
  });
  return hits.map((chunk, i) => toHit(chunk, i + 1, highlightTerms));
}

/** Fills in the terms of the candidates that lack them, in one read (a chunk removed meanwhile gets none, and drops out with hitsByIds). */
async function readTerms(store: LibraryStore, chunks: RankedChunk[]): Promise<void> {
  const missing = [...new Map(chunks.filter((chunk) => chunk.terms === undefined).map((chunk) => [chunk.id, chunk])).values()];
  if (missing.length === 0) return;
  const terms = await store.termsOf(missing);
  for (const chunk of chunks) chunk.terms ??= terms.get(chunk.id) ?? '';
}

/** The vector leg's candidates as the fusion wants them: the nearest `limit` of the pool, or `limit` of each script (`nearest`). */
function vectorLegOf<T extends RankedChunk>(pool: T[], nearest: Map<Script, T[]>, limit: number, fusion: FusionOptions, queryScript: Script): T[] {
  if (fusion.mode !== 'score') return pool.slice(0, limit);
  if (fusion.vectorPool <= 0) return vectorLegScores(pool.slice(0, limit));
  return vectorLegByScript(nearest, { script: queryScript, otherScale: fusion.otherScriptScale });
}

/**
 * Expansion terms of a query about a legal topic: the strongest topic's names and wording in
 * both languages (準拠法 → govern, law, 準拠…), minus the query's own terms. None for other queries.
 */
export function queryExpansion(analyzer: Analyzer, query: string, queryTerms: string[]): string[] {
  const table = legalTerms(analyzer);
  const concepts = table.detect(query);
  if (concepts.length === 0) return [];
  const main = concepts.filter((c) => c.weight >= 0.85 * concepts[0].weight);
  return table.expansionTerms(main, queryTerms);
}

/**
 * The chunks at the address a query names come first (the one at the most specific address
 * first, 第5条第6項 before the rest of 第5条), each group in its fused order.
 */
export function addressesFirst<T extends RankedChunk>(chunks: T[], references: string[][]): T[] {
  const matched = chunks.map((chunk, order) => ({ chunk, order, match: addressMatch(references, addressTermsOf(chunk.terms ?? '')) }));
  return matched.sort((a, b) => b.match - a.match || a.order - b.order).map((m) => m.chunk);
}
