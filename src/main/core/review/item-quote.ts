/**
 * The quote a citation shows: the sentences of the passage that match the item, not the passage's
 * first lines. The best sentence is taken, then its neighbours (the likelier first) while the quote
 * stays short, so a reviewer reads the clause itself in the report and the table.
 */
import { splitSentences } from '../text/sentences';

export interface QuoteOptions {
  /** How well a sentence matches the item (0 when not at all). */
  score: (sentence: string) => number;
  /** Most characters of a quote. Default 300. */
  maxLength?: number;
}

/** Sentences shorter than this are joined to the next one: a heading or "(a)" says nothing alone. */
const MIN_SENTENCE = 25;

function sentencesOf(text: string): Array<{ start: number; end: number }> {
  const spans = splitSentences(text);
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.end - last.start < MIN_SENTENCE) last.end = span.end;
    else merged.push({ ...span });
  }
  return merged;
}

export function quoteFor(text: string, options: QuoteOptions): string {
  const { score, maxLength = 300 } = options;
  const trimmed = text.trim();
  if (trimmed.length <= maxLength) return trimmed;
  const spans = sentencesOf(trimmed);
  if (spans.length === 0) return trimmed.slice(0, maxLength);
  const scores = spans.map((s) => score(trimmed.slice(s.start, s.end)));
  let best = 0;
  for (let i = 1; i < spans.length; i++) if (scores[i] > scores[best]) best = i;
  let first = best;
  let last = best;
  const length = () => spans[last].end - spans[first].start;
  for (;;) {
    const before = first > 0 ? spans[last].end - spans[first - 1].start : Infinity;
    const after = last < spans.length - 1 ? spans[last + 1].end - spans[first].start : Infinity;
    const canBefore = before <= maxLength;
    const canAfter = after <= maxLength;
    if (!canBefore && !canAfter) break;
    // The neighbour that matches better; on a tie, the following one (a clause's wording follows its start).
    if (canAfter && (!canBefore || scores[last + 1] >= scores[first - 1])) last++;
    else first--;
  }
  const quote = trimmed.slice(spans[first].start, spans[last].end);
  // One sentence longer than the limit: its start, cut at a space.
  if (length() > maxLength) return quote.slice(0, maxLength).replace(/\s+\S*$/u, '') + '…';
  return quote;
}
