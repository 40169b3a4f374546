/** Worker thread: prepares one file at a time for the indexer (see prepare-document.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../../shared/errors';
import { loadAnalyzer, type DictionaryFiles } from '../analysis/analyzer';
import type { WorkerMessage } from '../workers/pool';
import { prepareDocument, type PrepareEvent, type PrepareResult, type PrepareTask } from './prepare-document';

export interface IngestWorkerData {
  /** The analyser's dictionary, read once by the indexing thread and shared. */
  dictionary?: DictionaryFiles;
}

const port = parentPort!;
const analyzerReady = loadAnalyzer((workerData as IngestWorkerData | undefined)?.dictionary);
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
