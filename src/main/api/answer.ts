/**
 * The one place where the service meets the answer pipeline. `createAnswerer` returns the
 * function the service calls for `ask`; everything about retrieval, models and the support
 * check lives behind it. Until src/main/core/answer lands, it builds an extractive answer
 * (the best-matching sentences of the top passages, each cited) so that the UI works end to end.
 */
import type { Answer, ChatTurn, Citation } from '../../shared/api';
import type { Hit } from '../../shared/types';
import type { Engine } from '../core/engine';
import type { ChatModel } from '../core/llm/types';

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
  /** Passages retrieved per question. Default 6. */
  k?: number;
}

export function createAnswerer(options: AnswererOptions): AnswerFn {
  const { engine, k = 6 } = options;
  return async (request) => extractiveAnswer(engine, request, k);
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;

/** Splits a passage into sentences, keeping their closing punctuation. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。！？!?])|(?<=\.)\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}

async function extractiveAnswer(engine: Engine, request: AnswerRequest, k: number): Promise<Answer> {
  const started = performance.now();
  const { question, collection, signal, onDelta } = request;
  const hits: Hit[] = await engine.search(question, { k, collection });
  const retrieveMs = performance.now() - started;
  signal.throwIfAborted();
  const analyzer = await engine.getAnalyzer();
  const wanted = new Set(analyzer.terms(question));
  const japanese = JAPANESE.test(question);

  interface Candidate {
    hit: Hit;
    sentence: string;
    score: number;
    order: number;
  }
  const candidates: Candidate[] = [];
  hits.forEach((hit, rank) => {
    splitSentences(hit.text).forEach((sentence, index) => {
      const terms = new Set(analyzer.terms(sentence));
      let matched = 0;
      for (const term of wanted) if (terms.has(term)) matched++;
      if (matched === 0) return;
      candidates.push({ hit, sentence, score: matched / Math.max(1, wanted.size) - rank * 0.05, order: rank * 1000 + index });
    });
  });
  const chosen = candidates
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .sort((a, b) => a.order - b.order);

  const citations: Citation[] = [];
  const numberOf = new Map<string, number>();
  const lines: string[] = [];
  let firstTokenMs: number | null = null;
  let cancelled = false;
  for (const { hit, sentence } of chosen) {
    if (signal.aborted) {
      cancelled = true;
      break;
    }
    let n = numberOf.get(hit.chunkId);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(hit.chunkId, n);
      citations.push({ n, path: hit.path, title: hit.title, page: hit.page, pageEnd: hit.pageEnd, section: hit.section, quote: sentence, chunkId: hit.chunkId });
    } else {
      const citation = citations[n - 1];
      citation.quote = `${citation.quote} ${sentence}`;
    }
    const line = `${sentence} [${n}]`;
    firstTokenMs ??= performance.now() - started;
    onDelta((lines.length ? '\n' : '') + line);
    lines.push(line);
    // Let the host flush between sentences, as a model would stream.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (lines.length === 0 && !cancelled) {
    const none = japanese ? '資料には記載がありません。' : 'The documents do not say.';
    firstTokenMs ??= performance.now() - started;
    onDelta(none);
    lines.push(none);
  }
  return {
    question,
    mode: 'extractive',
    answer: lines.join('\n'),
    citations,
    unsupported: [],
    model: null,
    ...(cancelled ? { cancelled } : {}),
    timings: { retrieveMs, firstTokenMs, totalMs: performance.now() - started },
  };
}
