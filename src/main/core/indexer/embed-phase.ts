/** The embedding phase of an index run, and the progress throttle the run reports through. */
import { toErrorInfo } from '../../../shared/errors';
import type { IngestProgress, IngestSummary } from '../../../shared/types';
import { embedLibrary } from '../embeddings/embed-library';
import type { EmbeddingModel } from '../embeddings/model';
import type { LibraryStore } from '../store/library-store';

/**
 * Embeds what the library is missing. A model that fails (cannot load, errors on a passage) is
 * reported as a failure of the run: the indexed text stays searchable by BM25.
 */
export async function embedPhase(
  store: LibraryStore,
  model: EmbeddingModel,
  context: { signal?: AbortSignal; progress: IngestProgress; report: (force?: boolean) => void; summary: IngestSummary },
): Promise<void> {
  const { progress, report, summary, signal } = context;
  const started = performance.now();
  progress.phase = 'embedding';
  progress.file = undefined;
  progress.page = undefined;
  progress.pagesInFile = undefined;
  progress.rate = 0;
  progress.etaSeconds = undefined;
  progress.chunksDone = 0;
  progress.chunksTotal = 0;
  report(true);
  try {
    const result = await embedLibrary(store, model, {
      signal,
      onProgress: (done, total) => {
        const seconds = (performance.now() - started) / 1000;
        progress.chunksDone = done;
        progress.chunksTotal = total;
        progress.rate = seconds > 0 ? done / seconds : 0;
        progress.etaSeconds = done > 0 ? ((total - done) * seconds) / done : undefined;
        report();
      },
    });
    summary.embedded = result.embedded;
    summary.cancelled ||= result.cancelled;
    report(true); // the last count, which the throttle may have held back
  } catch (error) {
    summary.embedded = 0;
    if (signal?.aborted) {
      summary.cancelled = true;
      return;
    }
    const info = toErrorInfo(error);
    summary.failed.push({ path: model.name, code: info.code, message: info.message });
  }
}

/** Calls `fn` at most every `ms`; `force` calls it now. A throwing listener never stops indexing. */
export function throttle(fn: () => void, ms: number): (force?: boolean) => void {
  let last = 0;
  return (force = false) => {
    const now = performance.now();
    if (!force && now - last < ms) return;
    last = now;
    try {
      fn();
    } catch {
      // Progress is advisory.
    }
  };
}
