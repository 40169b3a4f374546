/** Local GGUF embedding models (multilingual-e5, bge-m3): one vector per text, normalised by default. */
import path from 'node:path';
import type { LlamaEmbeddingContext, LlamaModel, Token } from 'node-llama-cpp';
import { GentenError } from '../../../shared/errors';
import { DEFAULT_MAX_CONTEXT, LoadedModel, defaultThreads, loadLlamaModel, type LoadCommonOptions } from './llama-runtime';
import { callSafely, type EmbedOptions, type Embedder } from './types';

export interface LoadEmbedderOptions extends LoadCommonOptions {
  /** Tokens per text; longer texts are cut. Default: the model's training context, capped at 8192. */
  contextSize?: number;
  /** Scale vectors to length 1, so that cosine similarity is a dot product. Default true. */
  normalize?: boolean;
}

/** A local GGUF embedding model (e.g. multilingual-e5, bge-m3). */
export class LocalEmbedder extends LoadedModel implements Embedder {
  private constructor(
    model: LlamaModel,
    private readonly context: LlamaEmbeddingContext,
    private readonly contextSize: number,
    private readonly normalize: boolean,
    modelPath: string,
    threads: number,
    threadsByHand: boolean,
  ) {
    super(model, modelPath, threads, threadsByHand);
  }

  /** @internal Use loadEmbedder(). */
  static async create(modelPath: string, options: LoadEmbedderOptions = {}): Promise<LocalEmbedder> {
    const model = await loadLlamaModel(modelPath, options.signal);
    const threads = options.threads ?? defaultThreads(model.size);
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, DEFAULT_MAX_CONTEXT);
    try {
      const context = await model.createEmbeddingContext({ contextSize, threads, createSignal: options.signal });
      return new LocalEmbedder(model, context, contextSize, options.normalize ?? true, path.resolve(modelPath), threads, options.threads !== undefined);
    } catch (error) {
      await model.dispose();
      if (options.signal?.aborted) throw options.signal.reason;
      throw new GentenError('MODEL_ERROR', `Cannot create an embedding context for ${modelPath}: ${(error as Error).message}`, modelPath);
    }
  }

  get dimensions(): number {
    return this.model.embeddingVectorSize;
  }

  embed(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    return this.whileLoaded(async () => {
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

  protected release(): Promise<void> {
    return this.context.dispose();
  }
}

/** Loads a GGUF embedding model. Call dispose() when done. */
export function loadEmbedder(modelPath: string, options: LoadEmbedderOptions = {}): Promise<LocalEmbedder> {
  return LocalEmbedder.create(modelPath, options);
}
