/**
 * A fixed pool of worker threads that runs one task per worker at a time. Workers post events
 * (progress) and one result per task. `terminate()` stops everything at once: that is how a
 * cancel takes effect within a second even in the middle of a 1,000-page PDF. A worker that dies
 * (a parser crash, out of memory) or goes silent for too long fails only its own task and is
 * replaced, so one bad file never stalls the run.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { abortError, GentenError, type ErrorInfo } from '../../../shared/errors';

export type WorkerMessage<TResult, TEvent> =
  { taskId: number; kind: 'event'; event: TEvent } | { taskId: number; kind: 'result'; result: TResult } | { taskId: number; kind: 'error'; error: ErrorInfo };

interface Pending<TResult, TEvent> {
  resolve(result: TResult): void;
  reject(error: Error): void;
  onEvent?: (event: TEvent) => void;
}

export interface WorkerPoolOptions {
  /**
   * A task whose worker sends nothing (no event, no result) for this long is stopped and fails.
   * Default 120 000 ms: workers report every batch of pages, so silence means a stuck parser.
   */
  silenceTimeoutMs?: number;
  /** Describes a task in the error of one that crashed or stalled, e.g. its file. */
  describe?: (task: unknown) => string | undefined;
  /** Given to every worker as `workerData` (shared memory stays shared). */
  workerData?: unknown;
  /** Heap caps of each worker; a task that needs more fails with TOO_LARGE. Default: Node's. */
  resourceLimits?: ResourceLimits;
  /** Longest a task may run in all, even while it reports progress; it then fails with TIMEOUT. Default: none. */
  taskTimeoutMs?: number;
}

interface Running {
  taskId: number;
  task: unknown;
  timer: NodeJS.Timeout;
  /** The overall time cap (taskTimeoutMs). */
  deadline?: NodeJS.Timeout;
  /** Why we stopped it, when we did, and the code its task fails with. */
  stoppedBecause?: string;
  code?: 'TIMEOUT' | 'TOO_LARGE';
}

/** The process's `--cpu-prof…` / `--heap-prof…` flags, so that `node --cpu-prof` profiles the workers too. */
function profilingFlags(): string[] {
  return process.execArgv.filter((arg) => /^--(?:cpu|heap)-prof/.test(arg));
}

export class WorkerPool<TTask, TResult, TEvent> {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly queue: Array<{ taskId: number; task: TTask }> = [];
  private readonly pending = new Map<number, Pending<TResult, TEvent>>();
  private readonly busy = new Map<Worker, Running>();
  private readonly silenceTimeoutMs: number;
  private nextTaskId = 1;
  private terminated = false;

  constructor(
    private readonly script: URL,
    size: number,
    private readonly options: WorkerPoolOptions = {},
  ) {
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? 120_000;
    for (let i = 0; i < Math.max(1, size); i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    // The script is plain JavaScript: without this, a worker inherits the TypeScript loader (tsx)
    // and source-map support of a CLI run from source, which made its first PDF take 2 s longer.
    // Profiling flags (`--cpu-prof-dir=DIR` form) do reach it: each thread writes its own profile.
    const worker = new Worker(this.script, { execArgv: profilingFlags(), workerData: this.options.workerData, resourceLimits: this.options.resourceLimits });
    worker.on('message', (message: WorkerMessage<TResult, TEvent>) => this.onMessage(worker, message));
    worker.on('error', (error: Error & { code?: string }) => {
      // 'exit' follows and fails the task; out of memory is the file's size, not a crash.
      const running = this.busy.get(worker);
      if (running && error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        running.code = 'TOO_LARGE';
        running.stoppedBecause = 'it needs more memory than a parse thread may use';
      }
    });
    worker.on('exit', (code) => this.onExit(worker, code));
    this.all.add(worker);
    return worker;
  }

  /** Adds workers up to `size` in all (for a stage left with more work than its workers). */
  grow(size: number): void {
    if (this.terminated) return;
    while (this.all.size < size) this.idle.push(this.spawn());
    this.dispatch();
  }

  run(task: TTask, onEvent?: (event: TEvent) => void): Promise<TResult> {
    if (this.terminated) return Promise.reject(new Error('Worker pool terminated'));
    const taskId = this.nextTaskId++;
    return new Promise<TResult>((resolve, reject) => {
      this.pending.set(taskId, { resolve, reject, onEvent });
      this.queue.push({ taskId, task });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { taskId, task } = this.queue.shift()!;
      const deadline = this.options.taskTimeoutMs ? this.cap(worker, this.options.taskTimeoutMs) : undefined;
      this.busy.set(worker, { taskId, task, timer: this.watch(worker), deadline });
      worker.postMessage({ taskId, task });
    }
  }

  private watch(worker: Worker): NodeJS.Timeout {
    return setTimeout(() => {
      const running = this.busy.get(worker);
      if (!running) return;
      running.stoppedBecause = `stopped after ${Math.round(this.silenceTimeoutMs / 1000)} s without progress`;
      void worker.terminate();
    }, this.silenceTimeoutMs);
  }

  private cap(worker: Worker, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      const running = this.busy.get(worker);
      if (!running) return;
      running.code = 'TIMEOUT';
      running.stoppedBecause = `stopped after ${Math.round(ms / 1000)} s, the time allowed for one file`;
      void worker.terminate();
    }, ms);
  }

  private onMessage(worker: Worker, message: WorkerMessage<TResult, TEvent>): void {
    const running = this.busy.get(worker);
    const pending = this.pending.get(message.taskId);
    if (!running || !pending) return;
    clearTimeout(running.timer);
    if (message.kind === 'event') {
      running.timer = this.watch(worker);
      try {
        pending.onEvent?.(message.event);
      } catch {
        // A progress listener's failure must not break the work.
      }
      return;
    }
    clearTimeout(running.deadline);
    this.pending.delete(message.taskId);
    this.busy.delete(worker);
    this.idle.push(worker);
    if (message.kind === 'result') pending.resolve(message.result);
    else {
      const { code, message: text, path } = message.error;
      // Keep the per-file code across the thread boundary (ENCRYPTED, INVALID_FILE…).
      pending.reject(code === 'CANCELLED' ? abortError(text) : new GentenError(code, text, path));
    }
    this.dispatch();
  }

  private onExit(worker: Worker, code: number): void {
    this.all.delete(worker);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    const running = this.busy.get(worker);
    this.busy.delete(worker);
    if (this.terminated) return;
    if (running) {
      clearTimeout(running.timer);
      clearTimeout(running.deadline);
      const pending = this.pending.get(running.taskId);
      this.pending.delete(running.taskId);
      const what = this.options.describe?.(running.task) ?? 'The task';
      const why = running.stoppedBecause ?? `its worker stopped unexpectedly (exit code ${code}; out of memory or a parser crash)`;
      pending?.reject(new GentenError(running.code ?? 'INVALID_FILE', `${what} could not be processed: ${why}.`));
    }
    this.idle.push(this.spawn());
    this.dispatch();
  }

  /** Stops all workers now; pending tasks reject. */
  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    for (const running of this.busy.values()) {
      clearTimeout(running.timer);
      clearTimeout(running.deadline);
    }
    for (const { reject } of this.pending.values()) reject(abortError());
    this.pending.clear();
    await Promise.all([...this.all].map((worker) => worker.terminate()));
  }
}
