/**
 * An item's example wording (the checklist's `example` column: a playbook's standard clause) against
 * a document: how much of the nearest example the nearest passage holds. Clauses of one kind share
 * their vocabulary across contracts even when worded their own way, so a document read whole whose
 * passages hold little of any example is evidence that the clause is absent. Words only: on CUAD-22
 * an embedder's cosine to the examples separated present from absent clauses no better
 * (docs/review.md).
 */
import type { Analyzer } from '../analysis/analyzer';
import { idf, type Passage, type PreparedSet } from './item-passages';
import { genericTerms } from './item-query';

export interface ExampleMatch {
  /** Most of one example's words (IDF-weighted share, over the document) that one passage holds. */
  share: number;
  passage: Passage;
  /** Per passage, in the document's order: the most of one example's words it holds (a ranking leg). */
  shares: number[];
}

/** The passage that holds most of an example's words, and how much; undefined without examples. */
export function nearestExample(analyzer: Analyzer, set: PreparedSet, examples: string[] | undefined): ExampleMatch | undefined {
  let best: ExampleMatch | undefined;
  const shares = set.passages.map(() => 0);
  const skip = genericTerms(analyzer);
  for (const example of examples ?? []) {
    const weights = new Map<string, number>();
    for (const term of analyzer.terms(example)) if (!skip.has(term)) weights.set(term, idf(set, term));
    const total = [...weights.values()].reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    set.passages.forEach((passage, i) => {
      let held = 0;
      for (const [term, weight] of weights) if (passage.terms.positions.has(term)) held += weight;
      shares[i] = Math.max(shares[i], held / total);
      if (!best || held / total > best.share) best = { share: held / total, passage, shares };
    });
  }
  return best;
}

/** Headings (distinct section paths) and passages a document needs before its examples' absence counts: below, it was not read as a whole contract (a scan, a one-page letter). */
const STRUCTURE = { sections: 3, passages: 20 };

/**
 * True when the document was read with its structure: enough headings and text that a missing clause would have been seen.
 * Numbered clauses without a caption (3.2, (a)) count: most contracts number their clauses and caption them in the text.
 */
export function readWhole(set: PreparedSet): boolean {
  const sections = new Set(set.passages.map((p) => p.row.section).filter(Boolean));
  return sections.size >= STRUCTURE.sections && set.passages.length >= STRUCTURE.passages;
}
