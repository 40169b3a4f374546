/**
 * One checklist item asked of one document: retrieval (retrieve-item.ts), then the same answer
 * pipeline and support check as `ask`, then the citations a reviewer sees. The run (run-review.ts)
 * and the eval (scripts/eval-review.ts) both go through here, so the eval measures what a user gets.
 */
import type { Citation } from '../../../shared/api';
import type { ChecklistItem, ReviewDocument, ReviewItemResult, ReviewStatus } from '../../../shared/review';
import { renderReason, type ReasonLanguage, type ReviewReason } from '../../../shared/review-reasons';
import type { Hit } from '../../../shared/types';
import { answerQuestion } from '../answer/answer-question';
import type { AnswerStyle } from '../answer/types';
import type { Engine } from '../engine';
import type { ChatModel } from '../llm/types';
import { retrieveForItem, type ItemEvidence, type ItemRetrievalCache } from './retrieve-item';

export interface ReviewItemOptions {
  engine: Engine;
  item: ChecklistItem;
  document: Pick<ReviewDocument, 'id' | 'hash'>;
  /** The language of the run's messages (the checklist's). */
  language: ReasonLanguage;
  model?: ChatModel | null;
  /** Whether the model answers (answer-question.ts; default 'auto': a base model is not asked). */
  style?: AnswerStyle;
  collection?: string;
  /** Passages retrieved per item. Default 5. */
  k?: number;
  signal?: AbortSignal;
  cache?: ItemRetrievalCache;
  /** Receives retrieval's evidence (the eval's tuning dump). */
  onEvidence?: (evidence: ItemEvidence) => void;
}

/** Passages shown with a not_found item: the nearest ones, for the reviewer to check. */
const NEAREST_WHEN_ABSENT = 3;

const NOT_FOUND_ANSWER = {
  ja: 'この文書には該当する定めが見つかりませんでした。',
  en: 'No provision on this was found in the document.',
};

/**
 * The citations a reviewer sees: every retrieved passage in retrieval's order (the reviewer checks
 * the evidence, not only what the answer happened to quote), each quoted by the sentences that
 * match the item; the answer's own quote only when retrieval chose none.
 */
function reviewCitations(hits: Array<Hit & { quote?: string }>, answered: Citation[]): Citation[] {
  const byChunk = new Map(answered.map((c) => [c.chunkId, c]));
  return hits.map((hit, i) => {
    const cited = byChunk.get(hit.chunkId);
    return {
      n: i + 1,
      path: hit.path,
      title: hit.title,
      page: hit.page,
      pageEnd: hit.pageEnd,
      section: hit.section,
      quote: hit.quote ?? cited?.quote ?? hit.text.slice(0, 300),
      chunkId: hit.chunkId,
      ...(hit.ocrConfidence !== undefined ? { ocrConfidence: hit.ocrConfidence } : {}),
    };
  });
}

/** The result of one item for one document, or null when the signal stopped it midway. */
export async function reviewItem(options: ReviewItemOptions): Promise<ReviewItemResult | null> {
  const { engine, item, document, language, model, style, collection, k = 5, signal, cache } = options;
  const started = performance.now();
  const evidence = await retrieveForItem(engine, item, { documentId: document.id, collection, k, signal, cache });
  const retrieveMs = performance.now() - started;
  options.onEvidence?.(evidence);
  let status: ReviewStatus = evidence.status;
  let why: ReviewReason = evidence.why;
  const base = {
    itemId: item.id,
    documentId: document.id,
    documentHash: document.hash,
    score: evidence.score,
    mode: model ? 'generative' : 'extractive',
  } as const;
  if (evidence.status === 'not_found') {
    return {
      ...base,
      status,
      reason: renderReason(why, language),
      reasonCode: why,
      answer: NOT_FOUND_ANSWER[language],
      // The nearest passages all the same: the reviewer can see what the document says instead.
      citations: reviewCitations(evidence.hits.slice(0, NEAREST_WHEN_ABSENT), []),
      unsupported: [],
      timings: { retrieveMs, answerMs: 0, totalMs: performance.now() - started, tokens: 0, tokensPerSecond: null },
    };
  }
  const analyzer = await engine.getAnalyzer();
  const answer = await answerQuestion({
    question: item.question,
    retrieve: async () => evidence.hits,
    model: model ?? undefined,
    style,
    analyze: (text) => analyzer.terms(text),
    signal,
  });
  if (answer.cancelled || signal?.aborted) return null; // a half answer is not kept
  // A generated answer that cites nothing is not evidence; an extractive one is the passages themselves.
  if (status === 'found' && answer.mode === 'generative' && answer.citations.length === 0) {
    status = 'needs_review';
    why = { code: 'answer_cites_nothing', params: {} };
  } else if (status === 'found' && answer.unsupported.length > 0) {
    status = 'needs_review';
    why = { code: 'answer_unsupported', params: { count: answer.unsupported.length } };
  }
  return {
    ...base,
    mode: answer.mode,
    status,
    reason: renderReason(why, language),
    reasonCode: why,
    answer: answer.answer,
    citations: reviewCitations(evidence.hits, answer.citations),
    unsupported: answer.unsupported,
    timings: {
      retrieveMs,
      answerMs: answer.timings.totalMs,
      totalMs: performance.now() - started,
      tokens: answer.timings.tokens,
      tokensPerSecond: answer.timings.tokensPerSecond,
    },
  };
}
