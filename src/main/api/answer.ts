/**
 * The one place where the service meets the answer pipeline (src/main/core/answer): retrieval
 * from this engine, the engine's analyser for the support check, and the answer model chosen in
 * settings (none: an extractive answer). Returns the shared Answer shape the hosts send.
 */
import type { Answer, ChatTurn } from '../../shared/api';
import { answerQuestion, skipsModel } from '../core/answer/answer-question';
import type { ModelDescription } from './answer-model';
import type { Engine } from '../core/engine';
import type { AnswerStyle } from '../core/answer/types';
import type { ChatModel } from '../core/llm/types';
import { LineIndex } from '../core/search/line-ranges';

export interface AnswerRequest {
  question: string;
  history: ChatTurn[];
  collection?: string;
  signal: AbortSignal;
  /** New answer text, in order. */
  onDelta: (text: string) => void;
}

export type AnswerFn = (request: AnswerRequest) => Promise<Answer>;

export interface AnswererOptions {
  engine: Engine;
  /** The answer model, loaded on demand; null for extractive answers. */
  getModel: () => Promise<ChatModel | null>;
  /** Passages retrieved per question. Default 8. */
  k?: number;
  /** The answer style from settings. Default: 'auto'. */
  getStyle?: () => Promise<AnswerStyle | undefined>;
  /** The set model's name and prompt style without loading it, so that 'auto' loads no model it would not ask. Default: none (load it and see). */
  describeModel?: () => Promise<ModelDescription | null>;
}

/** The model 'auto' would skip, known from its header before any weights are loaded; undefined when it will be asked (or cannot be described). */
async function skippedBeforeLoading(style: AnswerStyle | undefined, describeModel: AnswererOptions['describeModel']): Promise<string | undefined> {
  if (!describeModel || (style ?? 'auto') !== 'auto') return undefined;
  const described = await describeModel().catch(() => null);
  return described && skipsModel(style, described.promptStyle) ? described.name : undefined;
}

export function createAnswerer(options: AnswererOptions): AnswerFn {
  const { engine, getModel, k = 8 } = options;
  const lines = new LineIndex(engine.store);
  return async ({ question, history, collection, signal, onDelta }) => {
    // Loading a model can take long: a stop during the load ends the answer at once (the load goes
    // on in the background and the model is ready for the next question).
    // 'extractive' never asks a model, and 'auto' skips a base model: neither loads one.
    const style = await options.getStyle?.();
    const skippedModel = await skippedBeforeLoading(style, options.describeModel);
    const asksModel = style !== 'extractive' && skippedModel === undefined;
    const [analyzer, model] = await untilAborted(Promise.all([engine.getAnalyzer(), asksModel ? getModel() : null]), signal);
    const result = await answerQuestion({
      question,
      history,
      retrieve: (query) => engine.search(query, { k, collection }),
      model: model ?? undefined,
      style,
      skippedModel,
      analyze: (text) => analyzer.terms(text),
      signal,
      onDelta,
    });
    return {
      question: result.question,
      mode: result.mode,
      answer: result.answer,
      // Text files are cited by lines (the answer itself already streamed).
      citations: await lines.addLines(result.citations),
      unsupported: result.unsupported,
      model: result.model,
      ...(result.cancelled ? { cancelled: true } : {}),
      ...(result.warning ? { warning: result.warning } : {}),
      ...(result.modelSkipped ? { modelSkipped: result.modelSkipped } : {}),
      ...(result.lowOcrConfidence !== undefined ? { lowOcrConfidence: result.lowOcrConfidence } : {}),
      timings: result.timings,
    };
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
