/**
 * The ask pipeline: condense a follow-up into a query, retrieve, fit passages into the model's
 * context, generate with [n] citations (or extract sentences when there is no model), then map
 * citations and check every sentence against its sources by code.
 */
import type { Hit } from '../../../shared/types';
import { callSafely, type ChatModel, type PromptStyle } from '../llm/types';
import { selectPassages } from './budget';
import { buildCitations, lowOcrConfidence, mapCitationMarkers } from './citations';
import { citeUncitedSentences } from './cite-uncited';
import { buildCompletionPrompt, COMPLETION_MAX_TOKENS, completionStops } from './completion-prompt';
import { condenseQuery } from './condense';
import { buildExtractiveAnswer } from './extractive';
import { buildAnswerMessages, detectLanguage, formatPassage, NOT_IN_DOCUMENTS } from './prompt';
import { checkSupport } from './support-check';
import type { Analyze, AnswerResult, AnswerStyle, ConversationTurn, Language } from './types';

export interface AskOptions {
  question: string;
  /** Earlier turns of this conversation, oldest first. */
  history?: ConversationTurn[];
  /** The search engine: passages for a query, best first. */
  retrieve: (query: string, options: { signal?: AbortSignal }) => Promise<Hit[]>;
  /** Without a model the answer is extractive. */
  model?: ChatModel;
  /** Whether a set model answers (see AnswerStyle). Default 'auto'. */
  style?: AnswerStyle;
  /** A set model that was not even loaded, because `skipsModel` said 'auto' would not ask it: named in the answer. */
  skippedModel?: string;
  /** The engine's analyser (Analyzer.terms). */
  analyze: Analyze;
  /** Stops retrieval or generation; the partial answer is returned with cancelled: true. */
  signal?: AbortSignal;
  /** Receives answer text as it is generated (the whole extractive answer at once). */
  onDelta?: (delta: string) => void;
  /** Tokens kept free for the answer. Default 512. */
  maxAnswerTokens?: number;
  /** Most passages given to the model. Default 8 for a chat model, 3 for a base model (it loses track of more). */
  maxPassages?: number;
  /** Most earlier turns sent to the model. Default 2. */
  maxHistoryTurns?: number;
  /** Sampling temperature. Default 0 (the likeliest words: no creativity wanted here). */
  temperature?: number;
  /** Repeat penalty over the last 64 generated tokens (1 = off). Default 1.1: small models loop without it. */
  repeatPenalty?: number;
  /** Give an uncited sentence the citation of the passage that supports it (see cite-uncited.ts). Default true. */
  citeUncited?: boolean;
  /** Least share of a sentence's content terms its sources must contain. Default 0.6. */
  minCoverage?: number;
  /** Receives the passages given to the model, [n] being passages[n - 1] (evaluation, debugging). */
  onPassages?: (passages: Hit[]) => void;
}

/** Tokens a chat template adds around each message (role markers, separators), rounded up. */
const TEMPLATE_TOKENS_PER_MESSAGE = 12;

function endSentence(text: string, language: Language): string {
  return `${text}${language === 'ja' ? '。' : '.'}`;
}

/** Answers a question from retrieved passages, with checked citations. */
/** 'auto' does not ask a base model prompted by plain completion: its answers were measured worse than the extracted sentences. */
export function skipsModel(style: AnswerStyle | undefined, promptStyle: PromptStyle | undefined): boolean {
  return (style ?? 'auto') === 'auto' && promptStyle === 'completion';
}

export async function answerQuestion(options: AskOptions): Promise<AnswerResult> {
  const { question, analyze, signal, maxAnswerTokens = 512, maxHistoryTurns = 2, temperature = 0, repeatPenalty = 1.1, minCoverage = 0.6 } = options;
  const style = options.style ?? 'auto';
  const completion = options.model?.promptStyle === 'completion';
  const skippedAsWorse = skipsModel(style, options.model?.promptStyle);
  const model = style === 'extractive' || skippedAsWorse ? undefined : options.model;
  // Said only when 'auto' skipped it for its measured quality; a user who chose 'extractive' chose it.
  const modelSkipped = skippedAsWorse ? options.model?.name : options.skippedModel;
  const maxPassages = options.maxPassages ?? (completion ? 3 : 8);
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const language = detectLanguage(question);
  const history = (options.history ?? []).slice(-maxHistoryTurns);
  const query = condenseQuery(question, history, { analyze });
  let firstTokenMs: number | null = null;
  let tokens = 0;
  const emit = (delta: string) => {
    firstTokenMs ??= elapsed();
    callSafely(options.onDelta, delta);
  };
  let retrieveMs = 0;
  const finish = (fields: Partial<AnswerResult> & Pick<AnswerResult, 'mode' | 'answer'>): AnswerResult => {
    const lowOcr = lowOcrConfidence(fields.citations ?? []);
    return {
      question,
      query,
      language,
      citations: [],
      unsupported: [],
      invalidCitations: [],
      cancelled: false,
      model: fields.mode === 'generative' ? (model?.name ?? null) : null,
      ...fields,
      ...(lowOcr !== undefined ? { lowOcrConfidence: lowOcr } : {}),
      timings: answerTimings({ retrieveMs, firstTokenMs, totalMs: elapsed(), tokens }),
    };
  };
  const defaultMode = model ? 'generative' : 'extractive';

  let hits: Hit[] = [];
  try {
    if (!signal?.aborted) hits = await options.retrieve(query, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  retrieveMs = elapsed();
  if (signal?.aborted) return finish({ mode: defaultMode, answer: '', cancelled: true });

  const extractive = (warning?: string): AnswerResult => {
    const result = buildExtractiveAnswer({ question, passages: hits, analyze, language });
    emit(result.answer);
    const quotes = new Map<number, string>();
    for (const s of result.sentences) if (!quotes.has(s.n)) quotes.set(s.n, s.text);
    return finish({
      mode: 'extractive',
      answer: result.answer,
      citations: buildCitations(result.cited, hits, quotes),
      ...(warning ? { warning } : {}),
      ...(modelSkipped ? { modelSkipped } : {}),
    });
  };
  if (!model) return extractive();
  if (hits.length === 0) {
    const answer = endSentence(NOT_IN_DOCUMENTS[language], language);
    emit(answer);
    return finish({ mode: 'generative', answer });
  }

  // A small context keeps three quarters for the sources: an answer needs fewer tokens than its evidence.
  const answerTokens = Math.min(maxAnswerTokens, Math.floor(model.contextSize / 4), completion ? COMPLETION_MAX_TOKENS : Infinity);
  // Passages get what the context has left after the instructions, the question, history and the answer.
  const prompt = (passages: string[], turns: ConversationTurn[]) =>
    completion
      ? buildCompletionPrompt({ question, passages, language, history: turns })
      : buildAnswerMessages({ question, passages, language, history: turns });
  const fitPassages = (turns: ConversationTurn[]) => {
    const frame = prompt([], turns);
    const fixed =
      typeof frame === 'string' ? model.countTokens(frame) : frame.reduce((sum, m) => sum + model.countTokens(m.content) + TEMPLATE_TOKENS_PER_MESSAGE, 0);
    return selectPassages(hits, {
      maxTokens: Math.max(0, model.contextSize - answerTokens - fixed),
      countTokens: (text) => model.countTokens(text),
      render: (hit, n) => `${formatPassage(hit, n, language)}\n\n`,
      maxPassages,
    }).selected;
  };
  let turns = history;
  let passages = fitPassages(turns);
  if (passages.length === 0 && turns.length) {
    turns = []; // a long conversation must not crowd out the sources
    passages = fitPassages(turns);
  }
  if (passages.length === 0) {
    return extractive(
      `The model ${model.name} has too small a context (${model.contextSize} tokens) for any passage; showing passages extracted from the documents instead.`,
    );
  }
  callSafely(options.onPassages, passages);
  const input = prompt(
    passages.map((hit, i) => formatPassage(hit, i + 1, language)),
    turns,
  );

  let generated;
  try {
    generated = await model.generate(input, {
      signal,
      onDelta: emit,
      maxTokens: answerTokens,
      temperature,
      repeatPenalty,
      ...(completion ? { stop: completionStops() } : {}),
    });
    tokens = generated.tokens ?? 0;
  } catch (error) {
    // The user still gets an answer from the documents, and is told why it is extractive.
    return extractive(`The model ${model.name} failed (${(error as Error).message}); showing passages extracted from the documents instead.`);
  }

  const written = generated.text.trim();
  const cited = options.citeUncited === false ? written : citeUncitedSentences(written, passages, { analyze, minCoverage }).answer;
  const mapped = mapCitationMarkers(cited, passages.length);
  const support = checkSupport(mapped.answer, passages, { analyze, minCoverage });
  return finish({
    mode: 'generative',
    answer: mapped.answer,
    citations: buildCitations(mapped.cited, passages, support.quotes),
    unsupported: support.unsupported,
    invalidCitations: mapped.invalid,
    cancelled: generated.stopReason === 'abort',
  });
}

/** Timings with the generation rate; tokensPerSecond counts from the first token (prompt evaluation is firstTokenMs). */
function answerTimings(t: { retrieveMs: number; firstTokenMs: number | null; totalMs: number; tokens: number }): AnswerResult['timings'] {
  const generatingMs = t.firstTokenMs === null ? 0 : t.totalMs - t.firstTokenMs;
  return { ...t, tokensPerSecond: t.tokens > 1 && generatingMs > 0 ? (t.tokens - 1) / (generatingMs / 1000) : null };
}
