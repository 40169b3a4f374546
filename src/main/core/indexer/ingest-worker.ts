/** Worker thread: prepares one file at a time for the indexer (see prepare-document.ts). */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors';
import { loadAnalyzer } from '../analysis/analyzer';
import type { WorkerMessage } from '../workers/pool';
import { prepareDocument, type PrepareEvent, type PrepareResult, type PrepareTask } from './prepare-document';

const port = parentPort!;
const analyzerReady = loadAnalyzer();
analyzerReady.catch(() => {}); // reported by the task that needs it, not as an unhandled rejection

port.on('message', async ({ taskId, task }: { taskId: number; task: PrepareTask }) => {
  const post = (message: WorkerMessage<PrepareResult, PrepareEvent>) => port.postMessage(message);
  try {
    const result = await prepareDocument(task, analyzerReady, (event) => post({ taskId, kind: 'event', event }));
    post({ taskId, kind: 'result', result });
  } catch (error) {
    const info = toErrorInfo(error);
    post({ taskId, kind: 'error', error: { ...info, path: info.path ?? task.path } });
  }
});
