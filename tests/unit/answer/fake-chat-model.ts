/** A scripted ChatModel: streams a fixed reply in pieces, honours abort, records what it was sent. */
import type { ChatMessage, ChatModel, GenerateOptions, GenerateResult } from '../../../src/main/core/llm/types';

export class FakeChatModel implements ChatModel {
  readonly name = 'fake-model';
  readonly calls: ChatMessage[][] = [];

  constructor(
    private readonly reply: string | (() => never),
    readonly contextSize = 4096,
    /** Milliseconds between pieces. */
    private readonly delayMs = 0,
  ) {}

  countTokens(text: string): number {
    return text.length;
  }

  async generate(input: ChatMessage[] | string, options: GenerateOptions = {}): Promise<GenerateResult> {
    const messages = typeof input === 'string' ? [{ role: 'user' as const, content: input }] : input;
    this.calls.push(messages);
    if (typeof this.reply === 'function') this.reply();
    const started = performance.now();
    let text = '';
    let firstTokenMs: number | null = null;
    for (const piece of (this.reply as string).match(/.{1,4}/gsu) ?? []) {
      if (options.signal?.aborted) return { text, stopReason: 'abort', firstTokenMs, totalMs: performance.now() - started };
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      text += piece;
      firstTokenMs ??= performance.now() - started;
      try {
        options.onDelta?.(piece);
      } catch {
        // like the real models: a throwing callback does not stop generation
      }
    }
    return { text, stopReason: 'stop', firstTokenMs, totalMs: performance.now() - started };
  }

  async dispose(): Promise<void> {}
}
