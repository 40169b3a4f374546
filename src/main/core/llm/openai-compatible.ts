/**
 * ChatModel over an OpenAI-compatible `/v1/chat/completions` endpoint (llama.cpp server, vLLM,
 * Ollama, LM Studio… run by IT on premises), streamed with server-sent events. Used only when
 * configured: Genten itself never reaches out.
 */
import { GentenError } from '../../../shared/errors';
import { JAPANESE_LETTERS } from '../text/japanese';
import { callSafely, type ChatMessage, type ChatModel, type GenerateOptions, type GenerateResult } from './types';

export interface OpenAiCompatibleOptions {
  /** Server root or its /v1, e.g. 'http://llm.intra:8080' or 'http://llm.intra:8080/v1'. */
  baseUrl: string;
  /** Model id the server expects. */
  model: string;
  /** Sent as `Authorization: Bearer …` when given. */
  apiKey?: string;
  /** Tokens the served model holds (prompt plus answer), for budgeting. Default 8192. */
  contextSize?: number;
  /** Most milliseconds to wait for the response to start. Default 30 000. */
  connectTimeoutMs?: number;
}

const CJK = new RegExp(`[${JAPANESE_LETTERS}\\p{Script=Hangul}]`, 'gu');

/**
 * Token estimate without the server's tokenizer: about one token per CJK character and one per
 * four other characters (what BPE vocabularies of Qwen/Llama 3 give, rounded up to stay safe).
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Chat-completions URL from a base that may or may not end in /v1. */
export function chatCompletionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

interface StreamChunk {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  error?: { message?: string };
}

/** Splits an SSE byte stream into the `data:` payloads of its events. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length) yield data.join('\n');
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
      // Comments (':'), event: and id: lines carry nothing we use.
    }
  }
  if (data.length) yield data.join('\n');
}

export class OpenAiCompatibleChatModel implements ChatModel {
  readonly contextSize: number;
  private readonly url: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.contextSize = options.contextSize ?? 8192;
    this.url = chatCompletionsUrl(options.baseUrl);
  }

  get name(): string {
    return this.options.model;
  }

  countTokens(text: string): number {
    return estimateTokens(text);
  }

  async generate(input: ChatMessage[] | string, options: GenerateOptions = {}): Promise<GenerateResult> {
    const { signal, onDelta, maxTokens = 512, temperature = 0 } = options;
    const started = performance.now();
    let firstTokenMs: number | null = null;
    let text = '';
    let stopReason: GenerateResult['stopReason'] = 'stop';
    // Servers stream about one token per chunk; the count of text chunks stands in for tokens.
    let tokens = 0;
    const result = (): GenerateResult => ({ text, stopReason, firstTokenMs, totalMs: performance.now() - started, tokens });
    if (signal?.aborted) {
      stopReason = 'abort';
      return result();
    }
    const messages = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
    const connectTimeout = AbortSignal.timeout(this.options.connectTimeoutMs ?? 30_000);
    // The connect timeout only guards the wait for headers; the user's signal guards everything.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const onTimeout = () => controller.abort(connectTimeout.reason);
    connectTimeout.addEventListener('abort', onTimeout, { once: true });
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.options.model, messages, stream: true, max_tokens: maxTokens, temperature }),
        signal: controller.signal,
      });
      connectTimeout.removeEventListener('abort', onTimeout);
      if (!response.ok || !response.body) {
        const detail = (await response.text().catch(() => '')).slice(0, 300);
        throw new GentenError('MODEL_ERROR', `The model server ${this.url} answered ${response.status} ${response.statusText}${detail ? `: ${detail}` : ''}`);
      }
      for await (const payload of sseData(response.body)) {
        if (payload === '[DONE]') break;
        let chunk: StreamChunk;
        try {
          chunk = JSON.parse(payload) as StreamChunk;
        } catch {
          continue; // keep-alives and vendor extras
        }
        if (chunk.error) throw new GentenError('MODEL_ERROR', `The model server reported: ${chunk.error.message ?? 'an error'}`);
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          firstTokenMs ??= performance.now() - started;
          tokens++;
          text += delta;
          callSafely(onDelta, delta);
        }
        if (choice?.finish_reason === 'length') stopReason = 'maxTokens';
      }
      return result();
    } catch (error) {
      if (signal?.aborted) {
        stopReason = 'abort';
        return result();
      }
      if (error instanceof GentenError) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const why = connectTimeout.aborted ? `no answer within ${this.options.connectTimeoutMs ?? 30_000} ms` : (cause ?? (error as Error).message);
      throw new GentenError('MODEL_ERROR', `Cannot reach the model server ${this.url}: ${why}`);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      connectTimeout.removeEventListener('abort', onTimeout);
    }
  }

  async dispose(): Promise<void> {
    // Stateless: nothing to free.
  }
}
