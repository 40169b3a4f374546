/**
 * The legal-term table (legal-terms.ts) through the analyser: which concepts a question is
 * about, the terms that expand a query (JA ↔ EN, topic ↔ clause wording), and where a passage
 * says a concept's wording. Expressions are matched as sequences of analysed terms, so English
 * inflections and Japanese conjugations meet; `…` lets a few words stand between two parts.
 */
import { hasJapanese } from '../text/japanese';
import { normalizeForSearch } from '../text/normalize';
import type { Analyzer } from './analyzer';
import { LEGAL_CONCEPTS, type LegalConcept } from './legal-terms';
import { cachedTerms } from './term-cache';

/** Terms allowed between the parts of an expression written with `…`. */
const MAX_GAP = 12;

export type ExpressionKind = 'name' | 'cue' | 'weak';

export interface Expression {
  text: string;
  kind: ExpressionKind;
  /** Analysed terms of each part (parts are separated by `…` in the table). */
  parts: string[][];
  /** Normalised surface of a Japanese expression without gaps: also matched as a substring. */
  surface?: string;
  /**
   * Matched only as written (its surface): an English phrase that analyses to one term because its
   * other words are stop words ("most favoured" → favour; "after termination" → termin) would
   * otherwise match every passage with that one word.
   */
  surfaceOnly?: boolean;
  /** Analysed terms in all parts. */
  termCount: number;
}

export interface CompiledConcept {
  concept: LegalConcept;
  expressions: Expression[];
}

/** A concept a question is about, with how strongly the question says so. */
export interface ConceptMatch {
  compiled: CompiledConcept;
  /** Sum of matched expressions (names count more than cues; the category line counts double). */
  weight: number;
}

/** A text's analysed terms with each term's positions, for sequence matching. */
export interface TermPositions {
  terms: string[];
  positions: Map<string, number[]>;
  /** Normalised text, for Japanese surface matches. */
  normalized: string;
}

export function termPositions(terms: string[], text: string): TermPositions {
  const positions = new Map<string, number[]>();
  terms.forEach((term, i) => {
    const list = positions.get(term);
    if (list) list.push(i);
    else positions.set(term, [i]);
  });
  return { terms, positions, normalized: normalizeForSearch(text) };
}

/** Where `part` occurs as a contiguous run of terms at or after `from`; -1 when it does not. */
function findPart(text: TermPositions, part: string[], from: number): number {
  for (const start of text.positions.get(part[0]) ?? []) {
    if (start < from) continue;
    let ok = true;
    for (let j = 1; j < part.length && ok; j++) ok = text.terms[start + j] === part[j];
    if (ok) return start;
  }
  return -1;
}

/** True when the expression occurs in the text: its parts in order, each within MAX_GAP terms of the last. */
export function expressionOccurs(expression: Expression, text: TermPositions): boolean {
  if (expression.surface && text.normalized.includes(expression.surface)) return true;
  if (expression.surfaceOnly) return false;
  const [first, ...rest] = expression.parts;
  if (!first) return false;
  for (const start of text.positions.get(first[0]) ?? []) {
    let at = findPart(text, first, start);
    if (at !== start) continue;
    let end = at + first.length;
    let ok = true;
    for (const part of rest) {
      at = findPart(text, part, end);
      if (at < 0 || at - end > MAX_GAP) {
        ok = false;
        break;
      }
      end = at + part.length;
    }
    if (ok) return true;
  }
  return false;
}

/** The table compiled with one analyser (build once per analyser: see `legalTerms`). */
export class LegalTerms {
  readonly concepts: CompiledConcept[];

  /** Terms of every part of every expression of the table, analysed once per analyser version (see term-cache.ts). */
  private readonly partTerms: Map<string, string[]>;

  constructor(
    private readonly analyzer: Analyzer,
    table: LegalConcept[] = LEGAL_CONCEPTS,
  ) {
    const parts = table.flatMap((concept) => [...concept.names, ...concept.cues, ...(concept.weak ?? [])].flatMap((text) => text.split('…')));
    this.partTerms =
      table === LEGAL_CONCEPTS ? cachedTerms(analyzer, parts, { name: 'legal-terms' }) : new Map(parts.map((part) => [part, analyzer.terms(part)]));
    this.concepts = table.map((concept) => ({
      concept,
      expressions: [
        ...concept.names.map((text) => this.compile(text, 'name')),
        ...concept.cues.map((text) => this.compile(text, 'cue')),
        ...(concept.weak ?? []).map((text) => this.compile(text, 'weak')),
      ].filter((e) => e.parts.length > 0 || e.surface),
    }));
  }

  private compile(text: string, kind: ExpressionKind): Expression {
    const parts = text
      .split('…')
      .map((part) => this.partTerms.get(part) ?? this.analyzer.terms(part))
      .filter((terms) => terms.length > 0);
    const termCount = parts.reduce((n, part) => n + part.length, 0);
    if (hasJapanese(text)) {
      const surface = text.includes('…') ? undefined : normalizeForSearch(text).replace(/\s+/g, '');
      return { text, kind, parts, surface, termCount };
    }
    const words = text.trim().split(/\s+/).length;
    if (termCount === 1 && words > 1 && !text.includes('…')) {
      return { text, kind, parts, surface: normalizeForSearch(text).replace(/\s+/g, ' ').trim(), surfaceOnly: true, termCount };
    }
    return { text, kind, parts, termCount };
  }

  /** Analysed terms and positions of a text, ready for `expressionOccurs`. */
  positions(text: string): TermPositions {
    return termPositions(this.analyzer.terms(text), text);
  }

  /**
   * The concepts a question is about, strongest first. `category` (a checklist item's category,
   * or the "Governing Law:" before a question) counts double.
   */
  detect(question: string, category?: string): ConceptMatch[] {
    const texts = [{ text: this.positions(question), factor: 1 }];
    if (category) texts.push({ text: this.positions(category), factor: 2 });
    const matches: ConceptMatch[] = [];
    for (const compiled of this.concepts) {
      let weight = 0;
      for (const expression of compiled.expressions) {
        if (expression.kind === 'weak') continue;
        for (const { text, factor } of texts) {
          if (expressionOccurs(expression, text)) weight += factor * (expression.kind === 'name' ? 1 : 0.6) * expressionLength(expression);
        }
      }
      // A category that is the concept's own label ("Parties", "Governing Law").
      if (category && normalizeForSearch(category).trim() === compiled.concept.label.toLowerCase()) weight += 4;
      if (weight > 0) matches.push({ compiled, weight });
    }
    // A narrower concept asked about takes the lead of the broader ones it narrows.
    const ids = new Set(matches.map((m) => m.compiled.concept.id));
    const narrowed = new Set(matches.flatMap((m) => m.compiled.concept.narrows ?? []).filter((id) => ids.has(id)));
    for (const match of matches) if (narrowed.has(match.compiled.concept.id)) match.weight *= 0.3;
    return matches.sort((a, b) => b.weight - a.weight);
  }

  /**
   * Terms that expand a query about these concepts (their names and wording in both languages),
   * without the query's own terms.
   */
  expansionTerms(concepts: ConceptMatch[], queryTerms: Iterable<string>): string[] {
    const own = new Set(queryTerms);
    const out = new Set<string>();
    for (const { compiled } of concepts) {
      for (const expression of compiled.expressions) {
        if (expression.kind === 'weak') continue;
        for (const part of expression.parts) for (const term of part) if (!own.has(term)) out.add(term);
      }
    }
    return [...out];
  }
}

/** Longer expressions say more: "governed by the laws of" over "law". */
function expressionLength(expression: Expression): number {
  return Math.min(2, 0.5 + 0.5 * expression.termCount);
}

const compiledByAnalyzer = new WeakMap<Analyzer, LegalTerms>();

/** The table compiled for this analyser (compiled once per analyser: ~1 ms per concept). */
export function legalTerms(analyzer: Analyzer): LegalTerms {
  let terms = compiledByAnalyzer.get(analyzer);
  if (!terms) {
    terms = new LegalTerms(analyzer);
    compiledByAnalyzer.set(analyzer, terms);
  }
  return terms;
}
