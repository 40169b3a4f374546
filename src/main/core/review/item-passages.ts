/**
 * A document's passages prepared for matching checklist items (terms with positions, the section
 * path's terms, provision addresses), BM25 over that document alone, and a cache so a 41-item
 * checklist reads and prepares each document once.
 */
import type { Analyzer } from '../analysis/analyzer';
import { termPositions, type TermPositions } from '../analysis/legal-concepts';
import type { ChunkRow } from '../store/types';
import { labelCaption } from '../text/headings';
import { addressTermsOf } from '../text/provisions';

const BM25 = { k1: 1.2, b: 0.75 };

/** A passage prepared for matching. */
export interface Passage {
  row: ChunkRow;
  terms: TermPositions;
  section: TermPositions;
  /** Terms of the clause's own caption: the innermost heading of the section path that is short enough to be one. */
  heading: Set<string>;
  addresses: Set<string>;
  length: number;
}

export interface PreparedSet {
  passages: Passage[];
  df: Map<string, number>;
  averageLength: number;
  /** Last page of the document's passages (position signals). */
  lastPage: number;
  /** Terms of the document's title, which every passage's terms carry. */
  titleTerms: Set<string>;
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

/** Widest caption, counting a CJK character as two: longer labels are numbered lines taken for headings. */
const CAPTION_WIDTH = 48;

/**
 * The clause's own caption: the innermost label of the section path short enough to be one and with
 * words of a caption ("第8条　法定時間外労働手当", "12. Governing Law"). An item of it (12.3, (a), 第2項) has
 * only a number, and a numbered line taken for a heading may start a sentence: both give way to the label around them.
 */
export function captionOf(labels: string[]): string {
  const width = (label: string) => [...label].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  for (let i = labels.length - 1; i >= 0; i--) if (width(labels[i]) <= CAPTION_WIDTH && labelCaption(labels[i])) return labels[i];
  return '';
}

export function preparePassages(rows: ChunkRow[], analyzer: Analyzer): PreparedSet {
  const df = new Map<string, number>();
  const sections = new Map<string, { section: TermPositions; heading: Set<string> }>();
  const passages = rows.map((row) => {
    const terms = termPositions(row.terms ? row.terms.split(' ') : [], row.text);
    for (const term of terms.positions.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    let prepared = sections.get(row.section);
    if (!prepared) {
      const labels = row.section.split(' > ');
      prepared = {
        section: termPositions(analyzer.terms(labels.join(' ')), row.section),
        heading: new Set(analyzer.terms(captionOf(labels))),
      };
      sections.set(row.section, prepared);
    }
    return { row, terms, ...prepared, addresses: addressTermsOf(row.terms), length: terms.terms.length };
  });
  const averageLength = passages.reduce((sum, p) => sum + p.length, 0) / Math.max(1, passages.length);
  const lastPage = passages.reduce((max, p) => Math.max(max, p.row.pageEnd), 1);
  const titleTerms = new Set(rows[0] ? analyzer.terms(rows[0].title) : []);
  return { passages, df, averageLength, lastPage, titleTerms };
}

export function idf(set: PreparedSet, term: string): number {
  const n = set.passages.length;
  const df = set.df.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function bm25(set: PreparedSet, passage: Passage, query: Map<string, number>): number {
  let score = 0;
  for (const [term, weight] of query) {
    const tf = passage.terms.positions.get(term)?.length ?? 0;
    if (tf === 0) continue;
    const norm = tf + BM25.k1 * (1 - BM25.b + (BM25.b * passage.length) / Math.max(1, set.averageLength));
    score += weight * idf(set, term) * ((tf * (BM25.k1 + 1)) / norm);
  }
  return score;
}

/** IDF-weighted share of the query's terms that `has` holds. */
export function coverage(set: PreparedSet, has: (term: string) => boolean, query: Map<string, number>): number {
  let held = 0;
  let all = 0;
  for (const [term, weight] of query) {
    const w = weight * idf(set, term);
    all += w;
    if (has(term)) held += w;
  }
  return all > 0 ? held / all : 0;
}
