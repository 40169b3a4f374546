/** Test helpers for answer/: a simple stand-in for the engine's kuromoji analyser, and hits. */
import type { Hit } from '../../../src/shared/types';

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'is', 'are', 'be', 'and', 'or', 'for', 'with', 'it', 'what', 'how', 'do', 'does']);

/**
 * Kanji/katakana runs (hiragana splits them, roughly where particles are) and Latin/digit codes,
 * normalised like the real analyser (NFKC, lower case). Enough to test behaviour, not recall.
 */
export function simpleAnalyze(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  const terms = normalized.match(/第[0-9]+[章節条項号](?:第?[0-9]+[章節条項号])*|[\p{Script=Han}\p{Script=Katakana}ー]+|[a-z0-9]+(?:[-.×][a-z0-9]+)*/gu) ?? [];
  return terms.filter((t) => !STOP.has(t));
}

let counter = 0;

/** A hit with sensible defaults; `rank` defaults to the order of creation within a test. */
export function hit(text: string, overrides: Partial<Hit> = {}): Hit {
  counter += 1;
  return {
    rank: overrides.rank ?? counter,
    score: 1,
    chunkId: `chunk-${counter}`,
    documentId: `doc-${counter}`,
    path: `/docs/doc-${counter}.pdf`,
    title: `Document ${counter}`,
    page: 1,
    pageEnd: 1,
    section: '',
    highlights: [],
    ...overrides,
    text,
  };
}
