/**
 * Runs tasks one after another, each once the one before has settled: the one promise-chain
 * lock for library writes, review runs, saves of one review and a model's context sequence.
 * A task that fails rejects its own promise and does not stop the queue.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Queues `task`; resolves or rejects as it does. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task, task);
    const settle = () => {
      this.waiting--;
    };
    this.tail = result.then(settle, settle);
    return result;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Resolves once every task queued so far has settled. */
  idle(): Promise<void> {
    return this.tail;
  }
}

/** One SerialQueue per key (a saved file), dropped when it empties: changes to one file in turn, to others side by side. */
export class KeyedQueues {
  private readonly queues = new Map<string, SerialQueue>();

  run<T>(key: string, task: () => T | Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = new SerialQueue()));
    const done = queue.run(task);
    void done
      .finally(() => {
        if (queue.size === 0 && this.queues.get(key) === queue) this.queues.delete(key);
      })
      .catch(() => undefined);
    return done;
  }
}
