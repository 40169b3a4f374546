/**
 * A small model often states a fact from the passages without writing [n] after it. Such a
 * sentence gets, by code, the citation of the passage that supports it best (every number and
 * identifier in it, and at least minCoverage of its content terms); one that no passage supports
 * stays uncited and the support check flags it. Citations the model wrote are left as written.
 */
import type { Hit } from '../../../shared/types';
import { findCitationMarkers } from './citations';
import { answerSentences, checkSupport } from './support-check';
import type { Analyze } from './types';

export interface CiteUncitedOptions {
  analyze: Analyze;
  /** Least share of content terms the passage must hold. Default 0.6 (the support check's). */
  minCoverage?: number;
}

export interface CitedAnswer {
  answer: string;
  /** How many sentences got their citation from the code. */
  added: number;
}

/** Adds [n] after each uncited sentence that one passage supports; passages[n - 1] is [n]. */
export function citeUncitedSentences(answer: string, passages: Hit[], options: CiteUncitedOptions): CitedAnswer {
  const { analyze, minCoverage = 0.6 } = options;
  let out = '';
  let last = 0;
  let added = 0;
  for (const span of answerSentences(answer)) {
    if (findCitationMarkers(span.text).length > 0) continue;
    let best: { n: number; coverage: number } | undefined;
    for (let n = 1; n <= passages.length; n++) {
      const [sentence] = checkSupport(`${span.text} [${n}]`, passages, { analyze, minCoverage }).sentences;
      if (!sentence || sentence.reason === 'not-a-claim') break;
      if (sentence.supported && sentence.coverage > (best?.coverage ?? 0)) best = { n, coverage: sentence.coverage };
    }
    if (!best) continue;
    // The marker goes after the sentence's closing punctuation, as the model would write it.
    out += `${answer.slice(last, span.end)}[${best.n}]`;
    last = span.end;
    added++;
  }
  return { answer: out + answer.slice(last), added };
}
