/**
 * Retrieval for one checklist item in one document, and the evidence for its status.
 *
 * Checklist items are generic ("Is there a cap on liability?") while clauses are worded their own
 * way, so a passage is scored on signals every contract and set of rules has, over every passage
 * of the document under review (BM25 statistics from that document alone):
 * - the item's own words (BM25), its category counting double;
 * - the item's words in the passage's own heading (`12. Governing Law`, `（懲戒の種類）`): the
 *   caption names the clause better than any word list;
 * - the topic's usual wording (analysis/legal-terms.ts), in the passage and in its section path;
 * - a provision the item names (第5条第6項, Article 5(6)): the passages at that address;
 * - position: names, parties and dates sit on the first page (title and preamble).
 * - with an embedding model whose vectors the library holds, the item's similarity to each passage
 *   (item-vectors.ts), read against the document's own spread; `extraScores` is one more leg.
 * - the item's example wording (item-examples.ts), when the checklist gives it: the share of an
 *   example's words the passage holds; it is evidence for the status too.
 * The status is decided in item-status.ts; each hit carries the quote the reviewer will see.
 */
import { GentenError } from '../../../shared/errors';
import { renderReason, type ReviewReason } from '../../../shared/review-reasons';
import type { Hit } from '../../../shared/types';
import type { Analyzer } from '../analysis/analyzer';
import { expressionOccurs, legalTerms, termPositions, type CompiledConcept, type ConceptMatch } from '../analysis/legal-concepts';
import type { Engine } from '../engine';
import { toHit } from '../search/search';
import type { DocumentRow, ScoredChunk } from '../store/types';
import { addressMatch, provisionReferences } from '../text/provisions';
import { nearestExample, readWhole } from './item-examples';
import { bm25, coverage, ItemRetrievalCache, preparePassages, type Passage, type PreparedSet } from './item-passages';
import { categoryOf, itemTerms, type ReviewItemQuery } from './item-query';
import { quoteFor } from './item-quote';
import { decideStatus, statusSignals, type ConceptEvidence, type Scored, type StatusSignals } from './item-status';
import { itemSimilarity } from './item-vectors';

export { ItemRetrievalCache } from './item-passages';
export type { ReviewItemQuery } from './item-query';

/** A passage found for an item, with the sentences of it that match the item. */
export type ItemHit = Hit & { quote: string };

export interface ItemEvidence {
  /** Best passages for the item within the document, best first. */
  hits: ItemHit[];
  /** found: the clause is there; not_found: evidence says the document lacks it; needs_review: weak or ambiguous. */
  status: 'found' | 'not_found' | 'needs_review';
  /** 0..1 strength of the best evidence. */
  score: number;
  /** Why, as a code and parameters (shared/review-reasons.ts renders it per language). */
  why: ReviewReason;
  /** The same in English. */
  reason: string;
  signals: StatusSignals;
}

export interface RetrieveItemOptions {
  documentId?: string;
  path?: string;
  collection?: string;
  /** Passages returned. Default 5. */
  k?: number;
  signal?: AbortSignal;
  /**
   * Keeps each document's prepared passages between items (a 41-item checklist then reads and
   * prepares the document once). Default: a small cache of the engine's last few documents, keyed
   * by the document's hash and indexing time, so a re-indexed document is read again.
   */
  cache?: ItemRetrievalCache;
  /**
   * One more leg per passage, 0..1 (e.g. an embedder's similarity of the item to each passage),
   * added with weight WEIGHTS.extra. Called with the passages of the document in order.
   */
  extraScores?: (item: ReviewItemQuery, passages: Passage[]) => Promise<number[]>;
  /** Use the engine's embedding model when the library holds its vectors (default true; false: words alone). */
  vectors?: boolean;
}

const DEFAULT_K = 5;
/** Library candidates read when no document is named (a collection or the whole library). */
const LIBRARY_CANDIDATES = 60;
/** A concept within this share of the strongest one is also what the item is about. */
const MAIN_CONCEPT_SHARE = 0.85;
/**
 * Weights of the signals in a passage's score (see the file comment). `vector` was chosen on
 * CUAD-22's tuning part with multilingual-e5-small among 0.25 / 0.5 / 1 / 1.5 / 2 (1: page recall
 * as without it, quote recall +0.013; 1.5 and more lose both). `example` (the share of an example's
 * words a passage holds) likewise with examples among 1 / 2 / 3: page recall 0.875 → 0.897 and
 * quote recall 0.743 → 0.770 at 1 and 2, fewer clauses found at 2 and 3.
 */
const WEIGHTS = {
  words: 0.5,
  concept: 1,
  heading: 0.6,
  caption: 1,
  section: 0.4,
  secondary: 0.3,
  address: 3,
  preamble: 1.2,
  extra: 0.5,
  vector: 1,
  example: 1,
};

/** The cache used when a caller passes none: one per engine, gone with it. */
const engineCaches = new WeakMap<Engine, ItemRetrievalCache>();

function defaultCache(engine: Engine): ItemRetrievalCache {
  let cache = engineCaches.get(engine);
  if (!cache) {
    cache = new ItemRetrievalCache();
    engineCaches.set(engine, cache);
  }
  return cache;
}

async function documentRow(engine: Engine, options: RetrieveItemOptions): Promise<DocumentRow | undefined> {
  if (options.documentId === undefined && options.path === undefined) return undefined;
  const key = options.documentId !== undefined ? { id: options.documentId } : { path: options.path! };
  const doc = await engine.store.findDocument(key);
  const named = options.path ?? options.documentId!;
  if (!doc) throw new GentenError('NOT_FOUND', `${named} is not in the library: index it first.`, options.path);
  if (doc.status === 'failed')
    throw new GentenError('NOT_FOUND', `${doc.path} could not be indexed (${doc.errorMessage || doc.errorCode}): it has no passages to review.`, doc.path);
  return doc;
}

function conceptEvidence(passage: Passage, concepts: CompiledConcept[]): ConceptEvidence {
  let best: ConceptEvidence = { strength: 0, inHeading: false };
  /** Expressions found: more of the topic's wording in one passage is more evidence. */
  let found = 0;
  for (const compiled of concepts) {
    let cues = 0;
    for (const expression of compiled.expressions) {
      // A heading names the topic, or says a clause's wording of more than one word ("Period of the
      // Agreement" is not about the document's name).
      if ((expression.kind === 'name' || (expression.kind === 'cue' && expression.termCount > 1)) && expressionOccurs(expression, passage.section)) {
        found++;
        if (best.strength < 1 || !best.inHeading) best = { strength: 1, expression, inHeading: true };
        continue;
      }
      if (!expressionOccurs(expression, passage.terms)) continue;
      if (expression.kind !== 'weak') found++;
      const strength = expression.kind === 'cue' ? Math.min(1, 0.8 + 0.1 * cues++) : expression.kind === 'name' ? 0.6 : 0.3;
      if (strength > best.strength) best = { strength, expression, inHeading: false };
    }
  }
  return found > 1 ? { ...best, strength: best.strength + Math.min(0.3, 0.1 * (found - 1)) } : best;
}

/** Characters under which a passage is mostly a remnant (a page number, a lone heading, "Exhibit 10.1"). */
const SHORT_PASSAGE = 50;

/**
 * A passage's share of its score by how much it says: a page number or a lone title under the
 * right heading shares the heading's signals but shows the reviewer nothing of the clause.
 */
function substance(passage: Passage): number {
  return Math.min(1, 0.4 + (0.6 * passage.row.text.trim().length) / SHORT_PASSAGE);
}

/** How well one sentence matches the item: its share of the item's words, and the topic's wording. */
function sentenceScorer(analyzer: Analyzer, set: PreparedSet, query: Map<string, number>, concepts: CompiledConcept[]) {
  return (sentence: string) => {
    const terms = termPositions(analyzer.terms(sentence), sentence);
    const words = coverage(set, (t) => terms.positions.has(t), query);
    const wording = concepts.some((c) => c.expressions.some((e) => e.kind !== 'weak' && expressionOccurs(e, terms))) ? 0.5 : 0;
    return words + wording;
  };
}

export async function retrieveForItem(engine: Engine, item: ReviewItemQuery, options: RetrieveItemOptions): Promise<ItemEvidence> {
  const { collection, k = DEFAULT_K, signal, cache = defaultCache(engine) } = options;
  signal?.throwIfAborted();
  if (!item.question?.trim()) throw new GentenError('BAD_REQUEST', 'A checklist item needs a question.');
  const analyzer = await engine.getAnalyzer();
  const doc = await documentRow(engine, options);
  signal?.throwIfAborted();

  const category = categoryOf(item);
  const query = itemTerms(analyzer, item, category);
  const references = provisionReferences([item.category, item.question].filter(Boolean).join(' '));
  const detected: ConceptMatch[] = legalTerms(analyzer).detect([item.question, item.guidance].filter(Boolean).join('\n'), category);
  const top = detected[0]?.weight ?? 0;
  const main = detected.filter((c) => c.weight >= MAIN_CONCEPT_SHARE * top).map((c) => c.compiled);
  const secondary = detected.filter((c) => c.weight < MAIN_CONCEPT_SHARE * top).map((c) => c.compiled);
  const preamble = main.some((c) => c.concept.place === 'preamble');

  let set: PreparedSet;
  if (doc) {
    const load = async () => preparePassages(await engine.store.chunksOf(doc.id), analyzer);
    set = await cache.get(`${doc.id}\u0000${doc.hash}\u0000${doc.indexedAt}`, load);
  } else {
    // No document named: the library's (or collection's) best candidates, with the topic's wording.
    const text = [category, item.question, ...main.flatMap((c) => c.concept.names.slice(0, 2))].filter(Boolean).join(' ');
    const hits = await engine.search(text, { k: LIBRARY_CANDIDATES, collection });
    set = preparePassages(await engine.store.chunksByIds(hits.map((h) => h.chunkId)), analyzer);
  }
  signal?.throwIfAborted();
  if (set.passages.length === 0) {
    const why: ReviewReason = { code: doc ? 'no_passages' : 'no_library_match', params: {} };
    return {
      hits: [],
      status: 'not_found',
      score: 0,
      why,
      reason: renderReason(why, 'en'),
      signals: { wording: 0, keyWords: 0, heading: 0, contrast: 0, inDocument: 0, inDocumentIdf: 0 },
    };
  }

  const words = set.passages.map((passage) => bm25(set, passage, query));
  const extra = options.extraScores ? await options.extraScores(item, set.passages) : undefined;
  const similarity = doc && options.vectors !== false ? await itemSimilarity(engine, item, doc.id, set.passages) : undefined;
  // The section path is matched against the category when there is one (it names the topic).
  const sectionQuery = category ? itemTerms(analyzer, { question: category }, undefined) : query;
  const topWords = Math.max(...words) || 1;
  // Examples speak of one document read whole, not of a library's scattered candidates.
  const example = doc ? nearestExample(analyzer, set, item.examples) : undefined;
  const scored: Scored[] = set.passages.map((passage, i) => {
    const evidence = conceptEvidence(passage, main);
    const side = secondary.length > 0 ? conceptEvidence(passage, secondary).strength : 0;
    const address = references.length > 0 ? addressMatch(references, passage.addresses) : 0;
    const sectionShare = coverage(set, (t) => passage.section.positions.has(t), sectionQuery);
    const heading = coverage(set, (t) => passage.heading.has(t), query);
    const firstPage = passage.row.pageStart === 1 ? 1 : 0;
    const score =
      WEIGHTS.words * (words[i] / topWords) +
      WEIGHTS.concept * evidence.strength +
      (evidence.inHeading ? WEIGHTS.heading : 0) +
      WEIGHTS.caption * heading +
      WEIGHTS.section * sectionShare +
      WEIGHTS.secondary * side +
      WEIGHTS.address * address +
      (preamble && doc ? WEIGHTS.preamble * firstPage * Math.max(0.5, 1 - passage.row.ordinal / 4) : 0) +
      WEIGHTS.extra * (extra?.[i] ?? 0) +
      WEIGHTS.vector * (similarity?.leg[i] ?? 0) +
      WEIGHTS.example * (example?.shares[i] ?? 0);
    return { passage, score: score * substance(passage), evidence, address, heading };
  });
  scored.sort((a, b) => b.score - a.score || a.passage.row.ordinal - b.passage.row.ordinal);

  const highlight = [...analyzer.highlightTerms(item.question)];
  const chosen = scored.slice(0, k);
  for (const s of chosen)
    if (s.evidence.expression)
      highlight.push(
        ...s.evidence.expression.text
          .split('…')
          .map((part) => part.trim().toLowerCase())
          .filter(Boolean),
      );
  const score = sentenceScorer(analyzer, set, query, main);
  const hits = chosen.map((s, i) => ({
    ...toHit({ ...s.passage.row, score: s.score } satisfies ScoredChunk, i + 1, [...new Set(highlight)]),
    quote: quoteFor(s.passage.row.text, { score }),
  }));

  const signals: StatusSignals = {
    ...statusSignals(set, scored, query, similarity?.contrast),
    ...(example ? { example: example.share, readWhole: readWhole(set) } : {}),
  };
  const status = decideStatus({
    set,
    scored,
    signals,
    main,
    references,
    query,
    question: item.question,
    topic: category,
    preamble: preamble && !!doc,
    example,
  });
  return {
    hits,
    status: status.status,
    score: status.score,
    why: status.why,
    reason: renderReason(status.why, 'en'),
    signals,
  };
}
