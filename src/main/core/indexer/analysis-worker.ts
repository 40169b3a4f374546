/** Worker thread: the analysis stage of indexing, one document at a time (analyze-chunks.ts). */
import { workerData } from 'node:worker_threads';
import { loadAnalyzer, type DictionaryFiles } from '../analysis/analyzer';
import { serveTasks } from '../workers/serve';
import { analyzeChunks, type AnalyzedChunk, type AnalysisTask } from './analyze-chunks';

export interface AnalysisWorkerData {
  /** The dictionary when the indexing process has it in memory already (shared, not copied). */
  dictionary?: DictionaryFiles;
}

// Loads while the parse workers read the first files.
const analyzer = loadAnalyzer((workerData as AnalysisWorkerData | undefined)?.dictionary);
analyzer.catch(() => {}); // reported by the task that needs it, not as an unhandled rejection

serveTasks<AnalysisTask, AnalyzedChunk[]>(async (task) => analyzeChunks(task, await analyzer));
