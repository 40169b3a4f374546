/**
 * The only file that imports node-llama-cpp: local GGUF chat models and embedders, and header /
 * memory insights for the model list. Everything else talks to the ChatModel / Embedder seams.
 *
 * The Llama instance (the native binding plus llama.cpp's process-wide backend) is a documented
 * module-level singleton: created on first use, shared by every model, freed by disposeLlama().
 */
import os from 'node:os';
import path from 'node:path';
import {
  getLlama,
  GgufFileType,
  GgufInsights,
  LlamaChat,
  LlamaCompletion,
  LlamaLogLevel,
  readGgufFileInfo,
  type ChatHistoryItem,
  type GgufFileInfo,
  type Llama,
  type LlamaContext,
  type LlamaEmbeddingContext,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { GentenError } from '../../../shared/errors';
import { SerialQueue } from '../../../shared/serial-queue';
import {
  callSafely,
  renderPlainPrompt,
  type ChatMessage,
  type ChatModel,
  type EmbedOptions,
  type Embedder,
  type GenerateOptions,
  type GenerateResult,
  type PromptStyle,
} from './types';

// ---------------------------------------------------------------------------------------------
// The Llama singleton

export interface LlamaRuntimeOptions {
  /**
   * 'auto' uses a GPU (CUDA, Vulkan, Metal) when its prebuilt binary passes its self-test, else
   * the CPU; false always uses the CPU. Default 'auto' (tests pass false).
   */
  gpu?: 'auto' | false;
  /** llama.cpp messages at or above this level go to the console. Default 'error'. */
  logLevel?: 'disabled' | 'error' | 'warn' | 'info' | 'debug';
}

let runtimeOptions: Required<LlamaRuntimeOptions> = { gpu: 'auto', logLevel: 'error' };
let llamaPromise: Promise<Llama> | undefined;

/** Sets how the Llama instance is created. Call before the first model loads; later calls with other options throw. */
export function configureLlama(options: LlamaRuntimeOptions): void {
  const next = { ...runtimeOptions, ...options };
  if (llamaPromise && (next.gpu !== runtimeOptions.gpu || next.logLevel !== runtimeOptions.logLevel))
    throw new GentenError('MODEL_ERROR', 'configureLlama() must be called before the first model is loaded');
  runtimeOptions = next;
}

function llamaInstance(): Promise<Llama> {
  llamaPromise ??= getLlama({
    // Never compile llama.cpp from source at run time: on a failed binary self-test that takes minutes.
    build: 'never',
    gpu: runtimeOptions.gpu,
    logLevel: LlamaLogLevel[runtimeOptions.logLevel],
  }).catch((error: unknown) => {
    llamaPromise = undefined;
    throw new GentenError('MODEL_ERROR', `The local model runtime (llama.cpp) could not start: ${(error as Error).message}`);
  });
  return llamaPromise;
}

/** Frees the Llama instance (after every model is disposed). The next load creates a new one. */
export async function disposeLlama(): Promise<void> {
  const pending = llamaPromise;
  llamaPromise = undefined;
  if (!pending) return;
  const llama = await pending.catch(() => undefined);
  await llama?.dispose();
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Below this file size thread synchronisation costs more than the matrix work. */
const SMALL_MODEL_BYTES = 64 * 1024 * 1024;
/** Default cap on the context of a chat model: enough for ~8 passages and an answer. */
const DEFAULT_MAX_CONTEXT = 8192;

/**
 * Threads for evaluation: GENTEN_LLAMA_THREADS when set (IT or CI on machines where threads
 * fight), else 1 for tiny files, else every core. Measured on a 2-vCPU VM: 0.4 MB model 1 thread
 * ~1,500 tokens/s, 2 threads ~10 tokens/s; 200 MB model 1 thread ~40, 2 threads ~3 tokens/s
 * (ggml's spin barriers on oversubscribed vCPUs). On ordinary laptops every core helps.
 */
function defaultThreads(fileBytes: number): number {
  const fromEnv = Number(process.env.GENTEN_LLAMA_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return fileBytes < SMALL_MODEL_BYTES ? 1 : Math.max(1, os.availableParallelism());
}

interface LoadCommonOptions {
  /** Aborts loading (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * CPU threads for evaluation. Default: GENTEN_LLAMA_THREADS if set, else 1 for files under
   * 64 MB, else every core (os.availableParallelism()).
   */
  threads?: number;
}

async function loadLlamaModel(modelPath: string, signal: AbortSignal | undefined): Promise<LlamaModel> {
  const llama = await llamaInstance();
  signal?.throwIfAborted();
  try {
    return await llama.loadModel({ modelPath: path.resolve(modelPath), loadSignal: signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new GentenError('MODEL_ERROR', `Cannot load the model ${modelPath}: ${(error as Error).message}`, modelPath);
  }
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

// ---------------------------------------------------------------------------------------------
// Chat

export interface LoadModelOptions extends LoadCommonOptions {
  /**
   * Tokens the context holds (prompt plus answer). Default: as many as free memory allows
   * between 2048 and min(training context, 8192).
   */
  contextSize?: number;
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
export class LocalChatModel implements ChatModel {
  private readonly queue = new SerialQueue();
  private disposed = false;

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly runner: { kind: 'chat'; chat: LlamaChat } | { kind: 'completion'; completion: LlamaCompletion },
    /** The model file. */
    readonly path: string,
    /** CPU threads used for evaluation. */
    readonly threads: number,
  ) {}

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
      return new LocalChatModel(model, context, runner, path.resolve(modelPath), threads);
    } catch (error) {
      await model.dispose();
      if (options.signal?.aborted) throw options.signal.reason;
      throw new GentenError('MODEL_ERROR', `Cannot create a context for ${modelPath}: ${(error as Error).message}`, modelPath);
    }
  }

  get name(): string {
    return path.basename(this.path);
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
    if (this.disposed) return Promise.reject(new GentenError('MODEL_ERROR', `The model ${this.name} was disposed`));
    return this.queue.run(() => this.generateNow(input, options));
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

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Let a running generation finish its abort before freeing native memory.
    await this.queue.run(async () => {
      if (this.runner.kind === 'chat') this.runner.chat.dispose();
      else this.runner.completion.dispose();
      await this.context.dispose();
      await this.model.dispose();
    });
  }
}

/** Loads a GGUF chat model and creates its context. Call dispose() when done. */
export function loadModel(modelPath: string, options: LoadModelOptions = {}): Promise<LocalChatModel> {
  return LocalChatModel.create(modelPath, options);
}

// ---------------------------------------------------------------------------------------------
// Embeddings

export interface LoadEmbedderOptions extends LoadCommonOptions {
  /** Tokens per text; longer texts are cut. Default: the model's training context, capped at 8192. */
  contextSize?: number;
  /** Scale vectors to length 1, so that cosine similarity is a dot product. Default true. */
  normalize?: boolean;
}

/** A local GGUF embedding model (e.g. multilingual-e5, bge-m3). */
export class LocalEmbedder implements Embedder {
  private readonly queue = new SerialQueue();
  private disposed = false;

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
    private readonly contextSize: number,
    private readonly normalize: boolean,
    readonly path: string,
    readonly threads: number,
  ) {}

  /** @internal Use loadEmbedder(). */
  static async create(modelPath: string, options: LoadEmbedderOptions = {}): Promise<LocalEmbedder> {
    const model = await loadLlamaModel(modelPath, options.signal);
    const threads = options.threads ?? defaultThreads(model.size);
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT);
    try {
      const context = await model.createEmbeddingContext({ contextSize, threads, createSignal: options.signal });
      return new LocalEmbedder(model, context, contextSize, options.normalize ?? true, path.resolve(modelPath), threads);
    } catch (error) {
      await model.dispose();
      if (options.signal?.aborted) throw options.signal.reason;
      throw new GentenError('MODEL_ERROR', `Cannot create an embedding context for ${modelPath}: ${(error as Error).message}`, modelPath);
    }
  }

  get name(): string {
    return path.basename(this.path);
  }

  get dimensions(): number {
    return this.model.embeddingVectorSize;
  }

  embed(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    if (this.disposed) return Promise.reject(new GentenError('MODEL_ERROR', `The embedder ${this.name} was disposed`));
    return this.queue.run(async () => {
      const vectors: number[][] = [];
      for (const text of texts) {
        options.signal?.throwIfAborted();
        vectors.push(await this.embedOne(text));
        callSafely(options.onProgress, vectors.length, texts.length);
      }
      return vectors;
    });
  }

  private async embedOne(text: string): Promise<number[]> {
    let input: string | Token[] = text;
    // Leave room for BOS/EOS the embedding context adds.
    if (this.context.calculateInputLength(text) >= this.contextSize) input = this.model.tokenize(text, false).slice(0, this.contextSize - 4);
    const { vector } = await this.context.getEmbeddingFor(input);
    const values = vector.length === this.dimensions ? [...vector] : new Array<number>(this.dimensions).fill(0);
    if (!this.normalize) return values;
    const norm = Math.hypot(...values);
    return norm > 0 ? values.map((v) => v / norm) : values;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.run(async () => {
      await this.context.dispose();
      await this.model.dispose();
    });
  }
}

/** Loads a GGUF embedding model. Call dispose() when done. */
export function loadEmbedder(modelPath: string, options: LoadEmbedderOptions = {}): Promise<LocalEmbedder> {
  return LocalEmbedder.create(modelPath, options);
}

// ---------------------------------------------------------------------------------------------
// Headers and memory (no weights loaded)

/** What a GGUF header says about a model, read without loading weights. */
export interface GgufHeader {
  architecture: string;
  /** general.name, when the file has one. */
  name?: string;
  /** general.size_label, e.g. '1.5B'. */
  sizeLabel?: string;
  /** Quantisation from general.file_type, e.g. 'Q4_K_M', 'F16'. */
  quantization?: string;
  /** Training context length in tokens. */
  contextLength?: number;
  /** Hidden size: the embedding vector length of embedding models. */
  embeddingLength?: number;
  layers?: number;
  /** Total weights counted from the tensor shapes. */
  parameterCount?: number;
  hasChatTemplate: boolean;
  /** Pooling type (set by embedding models). */
  poolingType?: number;
}

/** Metadata we never need: large vocabulary arrays (hundreds of thousands of entries). */
const SKIPPED_HEADER_KEYS = ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'];

function quantizationName(fileType: number | undefined): string | undefined {
  if (fileType === undefined) return undefined;
  const name = (GgufFileType as unknown as Record<number, string>)[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, '') : `type ${fileType}`;
}

function countParameters(info: GgufFileInfo): number | undefined {
  const tensors = info.fullTensorInfo ?? info.tensorInfo;
  if (!tensors?.length) return undefined;
  return tensors.reduce((sum, t) => sum + t.dimensions.reduce<number>((n, d) => n * Number(d), 1), 0);
}

/** Reads a GGUF file's header (metadata and tensor shapes) without loading its weights. */
export async function readGgufHeader(modelPath: string, options: { signal?: AbortSignal } = {}): Promise<GgufHeader> {
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(modelPath, {
      sourceType: 'filesystem',
      ignoreKeys: SKIPPED_HEADER_KEYS,
      logWarnings: false,
      signal: options.signal,
    });
  } catch (error) {
    throw new GentenError('INVALID_FILE', `Not a readable GGUF model file: ${modelPath} (${(error as Error).message})`, modelPath);
  }
  const general = info.metadata.general ?? {};
  const arch = (info.architectureMetadata ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
  const tokenizer = info.metadata.tokenizer as Record<string, unknown> | undefined;
  return {
    architecture: String(general.architecture ?? 'unknown'),
    name: typeof general.name === 'string' ? general.name : undefined,
    sizeLabel: typeof general.size_label === 'string' ? general.size_label : undefined,
    quantization: quantizationName(num(general.file_type)),
    contextLength: num(arch.context_length),
    embeddingLength: num(arch.embedding_length),
    layers: num(arch.block_count),
    parameterCount: countParameters(info),
    hasChatTemplate: typeof tokenizer?.chat_template === 'string' && tokenizer.chat_template.length > 0,
    poolingType: num(arch.pooling_type),
  };
}

export interface ResourceEstimate {
  /** RAM the model and a context of this size need. */
  ramBytes: number;
  /** GPU memory they need (0 on the CPU). */
  vramBytes: number;
  /** Layers that would run on the GPU. */
  gpuLayers: number;
  /** 'cuda', 'vulkan', 'metal' or false (CPU only). */
  gpu: string | false;
  /** Free GPU memory now (0 without a GPU). */
  freeVramBytes: number;
}

/** node-llama-cpp's estimate of the memory a model and a context of `contextSize` tokens need. */
export async function estimateResources(
  modelPath: string,
  options: { contextSize: number; embedding?: boolean; signal?: AbortSignal },
): Promise<ResourceEstimate> {
  const llama = await llamaInstance();
  const info = await readGgufFileInfo(modelPath, { sourceType: 'filesystem', logWarnings: false, signal: options.signal });
  const insights = await GgufInsights.from(info, llama);
  const { resolvedValues } = await insights.configurationResolver.resolveAndScoreConfig({
    targetContextSize: options.contextSize,
    embeddingContext: options.embedding ?? false,
  });
  const vram = llama.gpu === false ? { free: 0 } : await llama.getVramState();
  return {
    ramBytes: resolvedValues.totalRamUsage,
    vramBytes: resolvedValues.totalVramUsage,
    gpuLayers: resolvedValues.gpuLayers,
    gpu: llama.gpu,
    freeVramBytes: vram.free,
  };
}
