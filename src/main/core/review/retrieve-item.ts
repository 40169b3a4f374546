/**
 * Retrieval for one checklist item in one document, and the evidence for its status.
 *
 * Checklist items are generic ("Is there a cap on liability?") while clauses are worded their own
 * way ("in no event shall … exceed the fees paid"), so an item is matched on four signals, over
 * every passage of the document under review (BM25 statistics from that document alone):
 * - the legal concepts the item is about (analysis/legal-terms.ts): their wording in a passage,
 *   and above all in its section path (`12. Governing Law`, `第１５条（秘密保持）`);
 * - the item's own words (BM25), its category counting double;
 * - a provision the item names (第5条第6項, Article 5(6)): the passages at that address;
 * - for names, parties and dates, the top of the document.
 * `not_found` is decided by evidence: no passage anywhere in the document uses any wording of the
 * item's topic (nor holds most of its key words), or the named provision is not in it.
 */
import { GentenError } from '../../../shared/errors';
import type { Hit } from '../../../shared/types';
import type { Analyzer } from '../analysis/analyzer';
import {
  expressionOccurs,
  legalTerms,
  termPositions,
  type CompiledConcept,
  type ConceptMatch,
  type Expression,
  type LegalTerms,
  type TermPositions,
} from '../analysis/legal-concepts';
import type { Engine } from '../engine';
import { toHit } from '../search/search';
import type { ChunkRow, DocumentRow, ScoredChunk } from '../store/types';
import { ADDRESS_PREFIX, addressMatch, addressTermsOf, provisionReferences } from '../text/provisions';

export interface ReviewItemQuery {
  question: string;
  category?: string;
  guidance?: string;
}

export interface ItemEvidence {
  /** Best passages for the item within the document, best first. */
  hits: Hit[];
  /** found: the clause is there; not_found: evidence says the document lacks it; needs_review: weak or ambiguous. */
  status: 'found' | 'not_found' | 'needs_review';
  /** 0..1 strength of the best evidence. */
  score: number;
  /** One short sentence saying why (shown to the reviewer), in English. */
  reason: string;
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
}

const DEFAULT_K = 5;
/** Library candidates read when no document is named (a collection or the whole library). */
const LIBRARY_CANDIDATES = 60;
const BM25 = { k1: 1.2, b: 0.75 };
/** A concept within this share of the strongest one is also what the item is about. */
const MAIN_CONCEPT_SHARE = 0.85;
/** Weights of the signals in a passage's score (see the file comment). */
const WEIGHTS = { words: 0.5, concept: 1, heading: 0.6, section: 0.4, secondary: 0.3, address: 3, preamble: 0.6 };
/** Key-word coverage of the best passage: found at or above, needs_review at or above the second. */
const FOUND_COVERAGE = 0.6;
const WEAK_COVERAGE = 0.3;
/** Words every checklist item uses: they say nothing about which clause is meant. */
const GENERIC_WORDS = [
  'clause',
  'contract',
  'agreement',
  'party',
  'parties',
  'counterparty',
  'provision',
  'document',
  'include',
  'require',
  'there',
  'any',
  'state',
  'whether',
  'shall',
  'may',
  'will',
  'must',
  'one',
  'either',
  'other',
  'certain',
  'such',
  '契約',
  '条項',
  '規定',
  '定め',
  '当事者',
  '場合',
  '必要',
  '有無',
  '記載',
  '本',
  '規則',
  '事項',
  'ある',
  '定める',
];

/** A passage prepared for matching. */
interface Passage {
  row: ChunkRow;
  terms: TermPositions;
  section: TermPositions;
  addresses: Set<string>;
  length: number;
}

interface PreparedSet {
  passages: Passage[];
  df: Map<string, number>;
  averageLength: number;
}

/** Prepared passages per document, the most recently used kept. */
export class ItemRetrievalCache {
  private readonly documents = new Map<string, Promise<PreparedSet>>();

  /** @param capacity documents kept (default 4). */
  constructor(private readonly capacity = 4) {}

  get(key: string, prepare: () => Promise<PreparedSet>): Promise<PreparedSet> {
    let set = this.documents.get(key);
    if (set) this.documents.delete(key);
    else {
      set = prepare();
      set.catch(() => this.documents.delete(key));
    }
    this.documents.set(key, set);
    while (this.documents.size > this.capacity) this.documents.delete(this.documents.keys().next().value!);
    return set;
  }
}

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

function prepare(rows: ChunkRow[], analyzer: Analyzer): PreparedSet {
  const df = new Map<string, number>();
  const sections = new Map<string, TermPositions>();
  const passages = rows.map((row) => {
    const terms = termPositions(row.terms ? row.terms.split(' ') : [], row.text);
    for (const term of terms.positions.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    let section = sections.get(row.section);
    if (!section) {
      section = termPositions(analyzer.terms(row.section.replaceAll('>', ' ')), row.section);
      sections.set(row.section, section);
    }
    return { row, terms, section, addresses: addressTermsOf(row.terms), length: terms.terms.length };
  });
  const averageLength = passages.reduce((sum, p) => sum + p.length, 0) / Math.max(1, passages.length);
  return { passages, df, averageLength };
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

const genericTerms = new WeakMap<Analyzer, Set<string>>();

/** The weighted query terms of an item: category double, guidance half; words every item uses left out. */
function itemTerms(analyzer: Analyzer, item: ReviewItemQuery, category: string | undefined): Map<string, number> {
  let generic = genericTerms.get(analyzer);
  if (!generic) {
    generic = new Set(GENERIC_WORDS.flatMap((word) => analyzer.terms(word)));
    genericTerms.set(analyzer, generic);
  }
  const weights = new Map<string, number>();
  const add = (text: string | undefined, weight: number) => {
    for (const term of text ? analyzer.terms(text) : []) {
      if (generic.has(term)) continue;
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
  };
  add(item.question, 1);
  add(item.guidance, 0.5);
  add(category, 2);
  return weights;
}

/** "Governing Law: Which state's law…" → the category "Governing Law" (the item's own category first). */
function categoryOf(item: ReviewItemQuery): string | undefined {
  if (item.category?.trim()) return item.category.trim();
  const match = /^([^:：?？。.]{2,60})[:：]\s*\S/u.exec(item.question.trim());
  return match && match[1].trim().split(/\s+/).length <= 6 ? match[1].trim() : undefined;
}

interface ConceptEvidence {
  /** 0..1: 1 for the topic's wording in the section path or a clear clause cue, less for names and weak words. */
  strength: number;
  expression?: Expression;
  inHeading: boolean;
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

function idf(set: PreparedSet, term: string): number {
  const n = set.passages.length;
  const df = set.df.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function bm25(set: PreparedSet, passage: Passage, query: Map<string, number>): number {
  let score = 0;
  for (const [term, weight] of query) {
    const tf = passage.terms.positions.get(term)?.length ?? 0;
    if (tf === 0) continue;
    const norm = tf + BM25.k1 * (1 - BM25.b + (BM25.b * passage.length) / Math.max(1, set.averageLength));
    score += weight * idf(set, term) * ((tf * (BM25.k1 + 1)) / norm);
  }
  return score;
}

/** IDF-weighted share of the query's terms that the terms hold. */
function coverage(set: PreparedSet, terms: TermPositions, query: Map<string, number>): number {
  let held = 0;
  let all = 0;
  for (const [term, weight] of query) {
    const w = weight * idf(set, term);
    all += w;
    if (terms.positions.has(term)) held += w;
  }
  return all > 0 ? held / all : 0;
}

interface Scored {
  passage: Passage;
  score: number;
  evidence: ConceptEvidence;
  address: number;
}

function quote(text: string): string {
  return `“${text}”`;
}

/** Where a passage is, for a reason: its innermost two headings, or its page. */
function describeSection(passage: Passage): string {
  const row = passage.row;
  return row.section ? `“${row.section.split(' > ').slice(-2).join(' > ')}”` : `page ${row.pageStart}`;
}

/** The provision as the item wrote it (第5条第6項, Article 5(6)), for a reason. */
function referenceText(question: string): string {
  const match =
    /(第[^\s、。？?]{1,20}?[条項号章]|別表[^\s、。？?]{0,4}|(?:article|section|clause|schedule|appendix|annex|exhibit)\s*[0-9ivxlc.]+(?:\([0-9a-z]+\))*)/iu.exec(
      question,
    );
  return match ? match[0] : 'the named provision';
}

export async function retrieveForItem(engine: Engine, item: ReviewItemQuery, options: RetrieveItemOptions): Promise<ItemEvidence> {
  const { collection, k = DEFAULT_K, signal, cache = defaultCache(engine) } = options;
  signal?.throwIfAborted();
  if (!item.question?.trim()) throw new GentenError('BAD_REQUEST', 'A checklist item needs a question.');
  const analyzer = await engine.getAnalyzer();
  const table: LegalTerms = legalTerms(analyzer);
  const doc = await documentRow(engine, options);
  signal?.throwIfAborted();

  const category = categoryOf(item);
  const query = itemTerms(analyzer, item, category);
  const references = provisionReferences([item.category, item.question].filter(Boolean).join(' '));
  const detected: ConceptMatch[] = table.detect([item.question, item.guidance].filter(Boolean).join('\n'), category);
  const top = detected[0]?.weight ?? 0;
  const main = detected.filter((c) => c.weight >= MAIN_CONCEPT_SHARE * top).map((c) => c.compiled);
  const secondary = detected.filter((c) => c.weight < MAIN_CONCEPT_SHARE * top).map((c) => c.compiled);
  const preamble = main.some((c) => c.concept.place === 'preamble');

  let set: PreparedSet;
  if (doc) {
    const load = async () => prepare(await engine.store.chunksOf(doc.id), analyzer);
    set = await cache.get(`${doc.id}\u0000${doc.hash}\u0000${doc.indexedAt}`, load);
  } else {
    // No document named: the library's (or collection's) best candidates, with the topic's wording.
    const text = [category, item.question, ...main.flatMap((c) => c.concept.names.slice(0, 2))].filter(Boolean).join(' ');
    const hits = await engine.search(text, { k: LIBRARY_CANDIDATES, collection });
    set = prepare(await engine.store.chunksByIds(hits.map((h) => h.chunkId)), analyzer);
  }
  signal?.throwIfAborted();
  if (set.passages.length === 0) {
    return { hits: [], status: 'not_found', score: 0, reason: doc ? 'The document has no text passages.' : 'No passage in the library matches the item.' };
  }

  const words = set.passages.map((passage) => bm25(set, passage, query));
  // The section path is matched against the category when there is one (it names the topic).
  const sectionQuery = category ? itemTerms(analyzer, { question: category }, undefined) : query;
  const topWords = Math.max(...words) || 1;
  const scored: Scored[] = set.passages.map((passage, i) => {
    const evidence = conceptEvidence(passage, main);
    const side = secondary.length > 0 ? conceptEvidence(passage, secondary).strength : 0;
    const address = references.length > 0 ? addressMatch(references, passage.addresses) : 0;
    const sectionShare = coverage(set, passage.section, sectionQuery);
    const ordinal = passage.row.ordinal;
    const score =
      WEIGHTS.words * (words[i] / topWords) +
      WEIGHTS.concept * evidence.strength +
      (evidence.inHeading ? WEIGHTS.heading : 0) +
      WEIGHTS.section * sectionShare +
      WEIGHTS.secondary * side +
      WEIGHTS.address * address +
      (preamble && doc ? WEIGHTS.preamble * Math.max(0, 1 - ordinal / 2) : 0);
    return { passage, score, evidence, address };
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
  const hits = chosen.map((s, i) => toHit({ ...s.passage.row, score: s.score } satisfies ScoredChunk, i + 1, [...new Set(highlight)]));

  return { hits, ...decide(set, scored, { main, references, query, question: item.question }) };
}

/** The status, its strength and the reason, from the evidence gathered over the whole document. */
function decide(
  set: PreparedSet,
  scored: Scored[],
  item: { main: CompiledConcept[]; references: string[][]; query: Map<string, number>; question: string },
): Pick<ItemEvidence, 'status' | 'score' | 'reason'> {
  const best = scored[0];
  const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

  if (item.references.length > 0) {
    const ref = referenceText(item.question);
    if (best.address >= 1) return { status: 'found', score: 1, reason: `The document has ${ref} at ${describeSection(best.passage)}.` };
    const anyAddress = set.passages.some((p) => [...p.addresses].some((a) => a.startsWith(ADDRESS_PREFIX)));
    if (best.address > 0)
      return {
        status: 'needs_review',
        score: round(best.address),
        reason: `Only the enclosing provision of ${ref} was found, at ${describeSection(best.passage)}.`,
      };
    if (anyAddress) return { status: 'not_found', score: 0, reason: `The document has no provision numbered ${ref}.` };
  }

  const wordShare = coverage(set, best.passage.terms, item.query);
  if (item.main.length > 0) {
    const label = item.main.map((c) => c.concept.label).join(' / ');
    const strongest = scored.reduce((a, b) => (b.evidence.strength > a.evidence.strength ? b : a));
    const evidence = best.evidence.strength >= strongest.evidence.strength ? best : strongest;
    if (evidence.evidence.inHeading) {
      return { status: 'found', score: round(0.8 + 0.2 * wordShare), reason: `The section heading ${describeSection(evidence.passage)} names the ${label}.` };
    }
    if (evidence.evidence.strength >= 0.8) {
      return {
        status: 'found',
        score: round(0.6 + 0.4 * evidence.evidence.strength * Math.max(0.5, wordShare)),
        reason: `A passage at ${describeSection(evidence.passage)} uses the wording of ${label}: ${quote(evidence.evidence.expression!.text)}.`,
      };
    }
    if (evidence.evidence.strength > 0) {
      return {
        status: 'needs_review',
        score: round(0.3 + 0.3 * wordShare),
        reason: `Only weak wording of ${label} (${quote(evidence.evidence.expression!.text)}) at ${describeSection(evidence.passage)}: check it.`,
      };
    }
    if (wordShare >= FOUND_COVERAGE) {
      return {
        status: 'needs_review',
        score: round(0.3 * wordShare),
        reason: `No passage uses the usual wording of ${label}, but one at ${describeSection(best.passage)} holds most of the item's key words.`,
      };
    }
    const examples = item.main.flatMap((c) =>
      c.expressions
        .filter((e) => e.kind === 'cue')
        .slice(0, 3)
        .map((e) => quote(e.text)),
    );
    return {
      status: 'not_found',
      score: round(0.2 * wordShare),
      reason: `No passage of the document uses any wording of ${label} (such as ${examples.slice(0, 3).join(', ')}).`,
    };
  }

  if (wordShare >= FOUND_COVERAGE)
    return {
      status: 'found',
      score: round(wordShare),
      reason: `The passage at ${describeSection(best.passage)} holds ${Math.round(wordShare * 100)}% of the item's key words.`,
    };
  if (wordShare >= WEAK_COVERAGE)
    return {
      status: 'needs_review',
      score: round(wordShare),
      reason: `The best passage, at ${describeSection(best.passage)}, holds only ${Math.round(wordShare * 100)}% of the item's key words.`,
    };
  return {
    status: 'not_found',
    score: round(wordShare),
    reason: `No passage of the document holds the item's key words (best: ${Math.round(wordShare * 100)}%).`,
  };
}
