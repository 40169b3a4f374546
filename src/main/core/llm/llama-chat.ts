/** Local GGUF text models: a file with a chat template is driven through it, a base model by plain completion. */
import path from 'node:path';
import { LlamaChat, LlamaCompletion, type ChatHistoryItem, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { GentenError } from '../../../shared/errors';
import { DEFAULT_MAX_CONTEXT, LoadedModel, defaultThreads, loadLlamaModel, type LoadCommonOptions } from './llama-runtime';
import { callSafely, renderPlainPrompt, type ChatMessage, type ChatModel, type GenerateOptions, type GenerateResult, type PromptStyle } from './types';

export interface LoadModelOptions extends LoadCommonOptions {
  /**
   * Tokens the context holds (prompt plus answer). Default: as many as free memory allows
   * between 2048 and min(training context, 8192).
   */
  contextSize?: number;
}

function toChatHistory(input: ChatMessage[] | string): ChatHistoryItem[] {
  const messages: ChatMessage[] = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === 'system'
      ? { type: 'system', text: m.content }
      : m.role === 'user'
        ? { type: 'user', text: m.content }
        : { type: 'model', response: [m.content] },
  );
  // An empty model turn at the end: LlamaChat writes the next answer into it.
  history.push({ type: 'model', response: [] });
  return history;
}

/** Does the GGUF carry a chat template (tokenizer.chat_template)? Base models do not. */
function hasChatTemplate(model: LlamaModel): boolean {
  const tokenizer = model.fileInfo.metadata.tokenizer as { chat_template?: unknown } | undefined;
  return typeof tokenizer?.chat_template === 'string' && tokenizer.chat_template.length > 0;
}

/** Repeat penalty when the caller gives none: small models otherwise loop on one line. */
const DEFAULT_REPEAT_PENALTY = 1.1;

/**
 * A local GGUF text model with one context sequence; generate() calls run one at a time. A file
 * with a chat template is driven through it (LlamaChat); a base model without one (Gemma 3 270M
 * as published on PyPI) gets plain text completion: the turn markers node-llama-cpp would guess
 * from its name are tokens a base model never learned (measured: Gemma 3 270M answers
 * "…？ mendatangmodel" and repeats itself).
 */
export class LocalChatModel extends LoadedModel implements ChatModel {
  private constructor(
    model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly runner: { kind: 'chat'; chat: LlamaChat } | { kind: 'completion'; completion: LlamaCompletion },
    modelPath: string,
    threads: number,
    threadsByHand: boolean,
  ) {
    super(model, modelPath, threads, threadsByHand);
  }

  /** @internal Use loadModel(). */
  static async create(modelPath: string, options: LoadModelOptions = {}): Promise<LocalChatModel> {
    const model = await loadLlamaModel(modelPath, options.signal);
    const threads = options.threads ?? defaultThreads(model.size);
    try {
      const train = model.trainContextSize;
      const max = Math.min(train, DEFAULT_MAX_CONTEXT);
      const context = await model.createContext({
        contextSize: options.contextSize ?? { min: Math.min(train, 2048), max },
        threads,
        sequences: 1,
        createSignal: options.signal,
      });
      const sequence = context.getSequence();
      const runner = hasChatTemplate(model)
        ? { kind: 'chat' as const, chat: new LlamaChat({ contextSequence: sequence, autoDisposeSequence: true }) }
        : { kind: 'completion' as const, completion: new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: true }) };
      return new LocalChatModel(model, context, runner, path.resolve(modelPath), threads, options.threads !== undefined);
    } catch (error) {
      await model.dispose();
      if (options.signal?.aborted) throw options.signal.reason;
      throw new GentenError('MODEL_ERROR', `Cannot create a context for ${modelPath}: ${(error as Error).message}`, modelPath);
    }
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  /** 'chat' when the file has a chat template, else 'completion' (a base model continues plain text). */
  get promptStyle(): PromptStyle {
    return this.runner.kind;
  }

  /** The chat template in use, as node-llama-cpp resolved it (e.g. 'ChatML', 'Gemma'); 'completion' without one. */
  get chatWrapperName(): string {
    return this.runner.kind === 'chat' ? this.runner.chat.chatWrapper.wrapperName : 'completion';
  }

  countTokens(text: string): number {
    return this.model.tokenize(text, false).length;
  }

  generate(input: ChatMessage[] | string, options: GenerateOptions = {}): Promise<GenerateResult> {
    return this.whileLoaded(() => this.generateNow(input, options));
  }

  private async generateNow(input: ChatMessage[] | string, options: GenerateOptions): Promise<GenerateResult> {
    const { signal, onDelta, maxTokens = 512, temperature = 0, repeatPenalty = DEFAULT_REPEAT_PENALTY, stop = [] } = options;
    const started = performance.now();
    let firstTokenMs: number | null = null;
    let text = '';
    let tokens = 0;
    const result = (stopReason: GenerateResult['stopReason'], finalText = text): GenerateResult => ({
      text: finalText,
      stopReason,
      firstTokenMs,
      totalMs: performance.now() - started,
      tokens,
    });
    if (signal?.aborted) return result('abort');
    const common = {
      signal,
      // Abort ends the generation and returns the partial answer instead of throwing.
      stopOnAbortSignal: true,
      maxTokens,
      temperature,
      repeatPenalty: repeatPenalty > 1 ? { penalty: repeatPenalty, lastTokens: 64, penalizeNewLine: false } : (false as const),
      customStopTriggers: stop.length ? stop : undefined,
      onToken: (generated: Token[]) => {
        tokens += generated.length;
      },
      // node-llama-cpp holds back the bytes of a multi-byte character until it is whole: chunks are valid text.
      onTextChunk: (chunk: string) => {
        if (!chunk) return;
        firstTokenMs ??= performance.now() - started;
        text += chunk;
        callSafely(onDelta, chunk);
      },
    };
    try {
      const { response, stopReason } =
        this.runner.kind === 'chat'
          ? await this.runner.chat
              .generateResponse(toChatHistory(input), common)
              .then((r) => ({ response: r.response, stopReason: r.metadata.stopReason as string }))
          : await this.runner.completion
              .generateCompletionWithMeta(typeof input === 'string' ? input : renderPlainPrompt(input), common)
              .then((r) => ({ response: r.response, stopReason: r.metadata.stopReason as string }));
      return result(signal?.aborted || stopReason === 'abort' ? 'abort' : stopReason === 'maxTokens' ? 'maxTokens' : 'stop', response);
    } catch (error) {
      // Aborted before the first token (during prompt evaluation): node-llama-cpp throws.
      if (signal?.aborted) return result('abort');
      throw new GentenError('MODEL_ERROR', `${this.name} failed while generating: ${(error as Error).message}`, this.path);
    }
  }

  protected async release(): Promise<void> {
    if (this.runner.kind === 'chat') this.runner.chat.dispose();
    else this.runner.completion.dispose();
    await this.context.dispose();
  }
}

/** Loads a GGUF chat model and creates its context. Call dispose() when done. */
export function loadModel(modelPath: string, options: LoadModelOptions = {}): Promise<LocalChatModel> {
  return LocalChatModel.create(modelPath, options);
}
