/** Types of the answer pipeline: pure data, no store, no model runtime. */
import type { ChatTurn, Citation } from '../../../shared/api';

/** The engine's analyser (normalised content terms of a text), injected so answer/ stays pure. */
export type Analyze = (text: string) => string[];

export type Language = 'ja' | 'en';

/** One earlier exchange of a conversation. */
export type ConversationTurn = ChatTurn;

/** A passage the answer cites: the shared Citation every host sends (n, path, page, quote…). */
export type AnswerCitation = Citation;

export type AnswerMode = 'generative' | 'extractive';

/**
 * Which answer to give when a model is set: 'model' its answer; 'extractive' the passages' own
 * sentences; 'auto' the one measured better for this kind of model: extractive for a base model
 * prompted by plain completion (Gemma 3 270M: 5 % of its answers hold the gold answer against 87 %
 * extracted, docs/answers.md), the model's for a chat model.
 */
export type AnswerStyle = 'auto' | 'model' | 'extractive';

export interface AnswerResult {
  question: string;
  /** What was sent to retrieval (the question, plus carried terms for a follow-up). */
  query: string;
  mode: AnswerMode;
  language: Language;
  answer: string;
  citations: AnswerCitation[];
  /** A cited passage is OCR text of low confidence: its confidence (see lowOcrConfidence). */
  lowOcrConfidence?: number;
  /** Sentences of the answer that their cited passages do not support (or that cite nothing). */
  unsupported: string[];
  /** Citation numbers the model invented (no such passage was given); removed from the answer. */
  invalidCitations: number[];
  /** The user stopped it: `answer` holds what was generated until then. */
  cancelled: boolean;
  /** The chat model's name; null for an extractive answer. */
  model: string | null;
  /** Why the answer is extractive although a model was given (it failed). */
  warning?: string;
  /** The model that was set but not asked, because the style ('auto') chose the extracted answer. */
  modelSkipped?: string;
  timings: {
    retrieveMs: number;
    /** From the call to the first text shown; null when nothing was shown. */
    firstTokenMs: number | null;
    totalMs: number;
    /** Tokens the model generated (0 for an extractive answer). */
    tokens: number;
    /** Generated tokens per second after the first; null without a model or with one token. */
    tokensPerSecond: number | null;
  };
}
