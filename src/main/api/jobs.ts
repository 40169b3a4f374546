/**
 * The service's long work, by id: index runs and answers. Library writes (index runs, removals,
 * syncs) run one at a time in the order asked, because the write lock is per process, not per
 * call; answers run at once. Each job has an AbortController that cancel(id) and stop() use.
 */
import { randomUUID } from 'node:crypto';
import { SerialQueue } from '../../shared/serial-queue';

export type JobKind = 'index' | 'ask';

export class Jobs {
  private readonly running = new Map<string, { kind: JobKind; controller: AbortController }>();
  private readonly writes = new SerialQueue();

  /**
   * Starts a job and returns its id at once; `run` gets the id and the job's signal and reports
   * through events (its errors are its own to report). `write` jobs wait for the writes before them;
   * `id` is one the caller made (to record the job before it starts). Default: a new one.
   */
  start(kind: JobKind, run: (id: string, signal: AbortSignal) => Promise<void>, options: { write?: boolean; id?: string } = {}): string {
    const id = options.id ?? randomUUID();
    const controller = new AbortController();
    this.running.set(id, { kind, controller });
    const task = () => run(id, controller.signal).finally(() => this.running.delete(id));
    if (options.write) void this.serial(task);
    else void task();
    return id;
  }

  /** Runs `fn` after every library write asked for before it; its result (or error) is the caller's. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.writes.run(fn);
  }

  /** Aborts a running job of this kind; false when there is none by that id. */
  cancel(kind: JobKind, id: string): boolean {
    const job = this.running.get(id);
    if (!job || job.kind !== kind) return false;
    job.controller.abort();
    return true;
  }

  ids(): string[] {
    return [...this.running.keys()];
  }

  /** Aborts every job and waits for the library writes to stop. */
  async stop(): Promise<void> {
    for (const job of this.running.values()) job.controller.abort();
    await this.writes.idle();
  }
}

/**
 * Streamed text gathered into one event every `intervalMs` (a token per event would flood IPC and
 * the renderer); flush() sends what is pending at once (before the answer's last event).
 */
export function batchedText(emit: (text: string) => void, intervalMs: number): { push(text: string): void; flush(): void } {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const text = pending;
    pending = '';
    emit(text);
  };
  return {
    push(text) {
      if (!text) return;
      pending += text;
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}
