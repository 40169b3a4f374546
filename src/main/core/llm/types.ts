/**
 * The seams between the answer pipeline and whatever writes text or vectors: a local GGUF model
 * (llama.ts), an on-premises OpenAI-compatible server (openai-compatible.ts) or a fake in tests.
 * Nothing here imports node-llama-cpp, so answer/ runs without native code.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface GenerateOptions {
  /** Stops generation; the text generated so far is returned with stopReason 'abort' (no throw). */
  signal?: AbortSignal;
  /** Receives each new piece of text as it is generated. A throwing callback is ignored. */
  onDelta?: (delta: string) => void;
  /** Most tokens to generate. Default 512. */
  maxTokens?: number;
  /** Sampling temperature; 0 picks the likeliest token every time. Default 0. */
  temperature?: number;
  /** Lowers the odds of tokens among the last 64 generated (1 = off). Default 1.1 for local models; servers ignore it. */
  repeatPenalty?: number;
  /** Generation ends before any of these strings (which are not returned). Default none. */
  stop?: string[];
}

/**
 * How a model wants its prompt: 'chat' as role messages through its template; 'completion' as
 * plain text it continues (a base model, which has no template).
 */
export type PromptStyle = 'chat' | 'completion';

/** Messages as one plain text, for a model that only continues text. */
export function renderPlainPrompt(messages: ChatMessage[]): string {
  return `${messages.map((m) => m.content.trim()).join('\n\n')}\n`;
}

/** 'stop': the model ended its turn; 'maxTokens': cut at maxTokens; 'abort': the signal fired. */
export type StopReason = 'stop' | 'maxTokens' | 'abort';

export interface GenerateResult {
  text: string;
  stopReason: StopReason;
  /** Milliseconds from the call to the first delta; null when nothing was generated. */
  firstTokenMs: number | null;
  totalMs: number;
  /** Tokens generated, when the model reports them (local models count exactly). */
  tokens?: number;
}

export interface ChatModel {
  /** Shown with answers: the file name of a local model or the served model's id. */
  readonly name: string;
  /** Tokens the model sees at once (prompt plus answer). */
  readonly contextSize: number;
  /** Default 'chat'. */
  readonly promptStyle?: PromptStyle;
  /** Tokens of `text` as this model counts them (exact for local models, an estimate for servers). */
  countTokens(text: string): number;
  /** A string is sent as one user message. */
  generate(input: ChatMessage[] | string, options?: GenerateOptions): Promise<GenerateResult>;
  dispose(): Promise<void>;
}

export interface EmbedOptions {
  /** Checked between texts; an abort rejects with the signal's reason (partial vectors are useless). */
  signal?: AbortSignal;
  /** Called after each text. A throwing callback is ignored. */
  onProgress?: (done: number, total: number) => void;
}

export interface Embedder {
  readonly name: string;
  /** Length of every vector `embed` returns. */
  readonly dimensions: number;
  embed(texts: string[], options?: EmbedOptions): Promise<number[][]>;
  dispose(): Promise<void>;
}

/** Calls an outside callback so that its exceptions never break a generation or batch loop. */
export function callSafely<A extends unknown[]>(callback: ((...args: A) => void) | undefined, ...args: A): void {
  if (!callback) return;
  try {
    callback(...args);
  } catch {
    // A UI callback failing must not stop the model.
  }
}
