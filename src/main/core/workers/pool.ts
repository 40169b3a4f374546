/**
 * A fixed pool of worker threads that runs one task per worker at a time. Workers post events
 * (progress) and one result per task. `terminate()` stops everything at once: that is how a
 * cancel takes effect within a second even in the middle of a 1,000-page PDF.
 */
import { Worker } from 'node:worker_threads';
import { GentenError, type ErrorInfo } from '../../../shared/errors';

export type WorkerMessage<TResult, TEvent> =
  | { taskId: number; kind: 'event'; event: TEvent }
  | { taskId: number; kind: 'result'; result: TResult }
  | { taskId: number; kind: 'error'; error: ErrorInfo };

interface Pending<TResult, TEvent> {
  resolve(result: TResult): void;
  reject(error: Error): void;
  onEvent?: (event: TEvent) => void;
}

export class WorkerPool<TTask, TResult, TEvent> {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<{ taskId: number; task: TTask }> = [];
  private readonly pending = new Map<number, Pending<TResult, TEvent>>();
  private readonly busy = new Map<Worker, number>();
  private nextTaskId = 1;
  private terminated = false;

  constructor(script: URL, size: number) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = new Worker(script);
      worker.on('message', (message: WorkerMessage<TResult, TEvent>) => this.onMessage(worker, message));
      worker.on('error', (error) => this.onWorkerFailure(worker, error));
      worker.on('exit', (code) => {
        if (!this.terminated) this.onWorkerFailure(worker, new Error(`Worker stopped unexpectedly (exit code ${code})`));
      });
      this.all.push(worker);
      this.idle.push(worker);
    }
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
      this.busy.set(worker, taskId);
      worker.postMessage({ taskId, task });
    }
  }

  private onMessage(worker: Worker, message: WorkerMessage<TResult, TEvent>): void {
    const pending = this.pending.get(message.taskId);
    if (!pending) return;
    if (message.kind === 'event') {
      try {
        pending.onEvent?.(message.event);
      } catch {
        // A progress listener's failure must not break the work.
      }
      return;
    }
    this.pending.delete(message.taskId);
    this.busy.delete(worker);
    this.idle.push(worker);
    if (message.kind === 'result') pending.resolve(message.result);
    else {
      const { code, message: text, path } = message.error;
      // Keep the per-file code across the thread boundary (ENCRYPTED, INVALID_FILE…).
      pending.reject(code === 'CANCELLED' ? Object.assign(new Error(text), { name: 'AbortError' }) : new GentenError(code, text, path));
    }
    this.dispatch();
  }

  private onWorkerFailure(worker: Worker, error: Error): void {
    const taskId = this.busy.get(worker);
    if (taskId === undefined) return;
    const pending = this.pending.get(taskId);
    this.pending.delete(taskId);
    this.busy.delete(worker);
    pending?.reject(error);
  }

  /** Stops all workers now; pending tasks reject. */
  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    for (const { reject } of this.pending.values()) reject(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
    this.pending.clear();
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }
}
