/**
 * The Llama instance (the native binding plus llama.cpp's process-wide backend) is a documented
 * module-level singleton: created on first use, shared by every model, freed by disposeLlama().
 * Also what chat models and embedders share: loading a file, threads, one call at a time.
 */
import os from 'node:os';
import path from 'node:path';
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { GentenError } from '../../../shared/errors';
import { SerialQueue } from '../../../shared/serial-queue';
import { ThreadGovernor } from './thread-governor';

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

export function llamaInstance(): Promise<Llama> {
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
export const DEFAULT_MAX_CONTEXT = 8192;

/**
 * Threads for evaluation: GENTEN_LLAMA_THREADS when set (IT or CI on machines where threads
 * fight), else 1 for tiny files, else every core. Measured on a 2-vCPU VM: 0.4 MB model 1 thread
 * ~1,500 tokens/s, 2 threads ~10 tokens/s; 200 MB model 1 thread ~40, 2 threads ~3 tokens/s
 * (ggml's spin barriers on oversubscribed vCPUs). On ordinary laptops every core helps.
 */
export function defaultThreads(fileBytes: number): number {
  return threadsFromEnv() ?? (fileBytes < SMALL_MODEL_BYTES ? 1 : Math.max(1, os.availableParallelism()));
}

function threadsFromEnv(): number | undefined {
  const fromEnv = Number(process.env.GENTEN_LLAMA_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/** One per Llama instance: its thread budget is shared by every model loaded in it. */
const governors = new WeakMap<Llama, ThreadGovernor>();
function governorFor(llama: Llama): ThreadGovernor {
  let governor = governors.get(llama);
  if (!governor) governors.set(llama, (governor = new ThreadGovernor(llama, Math.max(1, os.availableParallelism()))));
  return governor;
}

export interface LoadCommonOptions {
  /** Aborts loading (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * CPU threads for evaluation. Default: GENTEN_LLAMA_THREADS if set, else 1 for files under
   * 64 MB, else every core (os.availableParallelism()).
   */
  threads?: number;
}

export async function loadLlamaModel(modelPath: string, signal: AbortSignal | undefined): Promise<LlamaModel> {
  const llama = await llamaInstance();
  signal?.throwIfAborted();
  try {
    return await llama.loadModel({ modelPath: path.resolve(modelPath), loadSignal: signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new GentenError('MODEL_ERROR', `Cannot load the model ${modelPath}: ${(error as Error).message}`, modelPath);
  }
}

/**
 * What a loaded model file shares, chat or embedder: calls run one at a time on its context, and
 * dispose() waits for the running one before freeing native memory.
 */
export abstract class LoadedModel {
  private readonly queue = new SerialQueue();
  private disposed = false;
  /** Lends the threads other work leaves free (thread-governor.ts); none when they were set by hand. */
  private readonly governor: ThreadGovernor | undefined;

  protected constructor(
    protected readonly model: LlamaModel,
    /** The model file. */
    readonly path: string,
    /** CPU threads used for evaluation, at most. */
    readonly threads: number,
    /** The caller chose `threads` (an option): keep it whatever the machine's load. */
    threadsByHand: boolean,
  ) {
    this.governor = threads > 1 && !threadsByHand && threadsFromEnv() === undefined ? governorFor(model.llama) : undefined;
  }

  get name(): string {
    return path.basename(this.path);
  }

  /** Runs `task` after the calls before it; rejects once the model is disposed. */
  protected whileLoaded<T>(task: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new GentenError('MODEL_ERROR', `The model ${this.name} was disposed`));
    return this.queue.run(async () => {
      const release = this.governor?.hold();
      try {
        return await task();
      } finally {
        release?.();
      }
    });
  }

  /** Frees what the subclass created on top of the model (its context, its chat). */
  protected abstract release(): Promise<void>;

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Let a running call finish its abort before freeing native memory.
    await this.queue.run(async () => {
      await this.release();
      await this.model.dispose();
    });
  }
}
