/** The worker side of WorkerPool: runs each task posted to this thread, posts its events and its result or error. */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors';
import type { WorkerMessage } from './pool';

export function serveTasks<TTask extends { path?: string }, TResult, TEvent = never>(
  handle: (task: TTask, emit: (event: TEvent) => void) => Promise<TResult> | TResult,
): void {
  const port = parentPort!;
  port.on('message', async ({ taskId, task }: { taskId: number; task: TTask }) => {
    const post = (message: WorkerMessage<TResult, TEvent>) => port.postMessage(message);
    try {
      const result = await handle(task, (event) => post({ taskId, kind: 'event', event }));
      post({ taskId, kind: 'result', result });
    } catch (error) {
      const info = toErrorInfo(error);
      post({ taskId, kind: 'error', error: { ...info, path: info.path ?? task.path } });
    }
  });
}
