/**
 * Indexes files and folders into the library: scan, skip what has not changed, prepare the rest
 * in worker threads, write each batch atomically, remove files gone from re-indexed folders.
 * A killed run leaves every committed batch; the next run of the same paths finishes the work.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { toErrorInfo } from '../../../shared/errors';
import type { IngestFailure, IngestProgress, IngestSummary } from '../../../shared/types';
import { ANALYZER_VERSION, dictionaryFiles, loadedDictionaryFiles } from '../analysis/analyzer';
import { embedLibrary } from '../embeddings/embed-library';
import type { EmbeddingModel } from '../embeddings/model';
import { docTypeFromPath } from '../ingest/file-types';
import { isUnder, scanPaths } from '../ingest/scan';
import type { LanceStore } from '../store/lancedb';
import { acquireWriteLock } from '../store/lock';
import type { ChunkRow, DocumentReplacement, DocumentRow } from '../store/types';
import type { ChunkOptions } from '../text/types';
import { workerScript } from '../workers/bundle';
import { WorkerPool } from '../workers/pool';
import type { AnalysedChunk, AnalysisTask } from './analyse-chunks';
import type { AnalysisWorkerData } from './analysis-worker';
import type { ParseEvent, ParseResult, ParseTask } from './parse-document';

export const DEFAULT_COLLECTION = 'default';

export interface IndexOptions {
  paths: string[];
  /** Collection for new documents; a document already indexed keeps its own unless this is set. */
  collection?: string;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /**
   * Parse worker threads (PDF and other formats). Default: as many as the cores for a big job
   * (16 MB or more to parse), else the cores left after the analysis workers (one per four
   * cores), at least 1.
   */
  workers?: number;
  chunking?: ChunkOptions;
  /**
   * When set, chunks without a vector from this model are embedded after indexing (phase
   * 'embedding'); a different model than last time re-embeds every chunk. Default: none.
   */
  embedding?: EmbeddingModel;
}

/** A batch is written when it holds this many chunks or has waited this long. */
const BATCH_CHUNKS = 4000;
const BATCH_MS = 2000;
const PROGRESS_MS = 250;
/** Chunks per analysis task. */
const ANALYSIS_SLICE = 1000;
/** Chunks waiting for analysis (~2 s of work on one core) that make it worth starting more analysis workers at the end. */
const GROW_ANALYSIS_BACKLOG = 3000;
const HEARTBEAT_MS = 500;

/** Bytes to parse above which every core parses (a second pdf.js warm-up is then worth it). */
const BIG_JOB_BYTES = 16 * 1024 * 1024;

/**
 * Threads for each stage. Analysis takes about a third of the CPU time parsing does, so one
 * analysis worker keeps up with about three parse workers. A small job leaves the analysis
 * workers their cores; a big one parses on every core as well. Measured on 2 cores: 411 pages
 * (10 MB) indexed faster with one parse worker, 4,896 pages (48 MB) with two (32 s instead of 38 s).
 */
function threadsFor(cores: number, bytes: number, parseWorkers?: number): { parse: number; analysis: number } {
  const analysis = Math.max(1, Math.round(cores / 4));
  return { parse: parseWorkers ?? (bytes >= BIG_JOB_BYTES ? cores : Math.max(1, cores - analysis)), analysis };
}

export function documentIdFor(filePath: string): string {
  return createHash('sha256').update(filePath).digest('hex').slice(0, 16);
}

export async function indexPaths(store: LanceStore, options: IndexOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { signal } = options;
  const lock = acquireWriteLock(store.path);
  const summary: IngestSummary = { indexed: 0, unchanged: 0, removed: 0, skipped: 0, failed: [], documents: 0, pages: 0, chunks: 0, seconds: 0, cancelled: false };
  let parsers: WorkerPool<ParseTask, ParseResult, ParseEvent> | undefined;
  let analysers: WorkerPool<AnalysisTask, AnalysedChunk[], never> | undefined;
  const stopWorkers = () => Promise.all([parsers?.terminate(), analysers?.terminate()]);
  const onAbort = () => void stopWorkers();
  signal?.addEventListener('abort', onAbort, { once: true });
  let heartbeat: NodeJS.Timeout | undefined;

  try {
    const roots = options.paths.map((p) => path.resolve(p));
    const progress: IngestProgress = { phase: 'scanning', filesTotal: 0, filesDone: 0, pagesDone: 0, rate: 0 };
    const report = throttle(() => options.onProgress?.({ ...progress }), PROGRESS_MS);
    report(true);
    // Workers report per batch of pages, and say nothing while they start: keep the user's bar
    // (rate, ETA, elapsed) moving at least twice a second anyway.
    heartbeat = setInterval(() => report(true), HEARTBEAT_MS);

    const scan = await scanPaths(roots, { signal });
    summary.skipped = scan.skipped.hidden + scan.skipped.temporary + scan.skipped.unsupported;
    for (const missing of scan.missing) {
      summary.failed.push({ path: missing, code: 'READ_ERROR', message: `${missing} does not exist or cannot be opened.` });
    }
    const existing = await store.listDocuments();
    const byPath = new Map(existing.map((doc) => [doc.path, doc]));
    const found = new Set(scan.files.map((f) => f.path));

    // Files gone from a folder (or a file path) that was given and still exists.
    // A root or subfolder that could not be read (unplugged drive, permissions) removes nothing.
    const gone = existing.filter(
      (doc) => !found.has(doc.path) && roots.some((root) => isUnder(doc.path, root)) && !scan.missing.some((m) => isUnder(doc.path, m)),
    );

    const now = () => new Date().toISOString();
    const collectionFor = (doc?: DocumentRow) => options.collection ?? doc?.collection ?? DEFAULT_COLLECTION;
    const tasks: Array<{ file: (typeof scan.files)[number]; doc?: DocumentRow; task: ParseTask }> = [];
    for (const file of scan.files) {
      const doc = byPath.get(file.path);
      const current = doc && doc.status === 'indexed' && doc.analyzer === ANALYZER_VERSION && doc.collection === collectionFor(doc);
      if (current && doc.size === file.size && doc.mtimeMs === file.mtimeMs) {
        summary.unchanged++;
        continue;
      }
      tasks.push({ file, doc, task: { path: file.path, knownHash: current ? doc.hash : undefined, chunking: options.chunking } });
    }

    // Largest first: the long files start at once and the short ones fill in, instead of one
    // worker finishing a big file alone at the end.
    tasks.sort((a, b) => b.file.size - a.file.size);
    progress.phase = 'indexing';
    progress.filesTotal = tasks.length;
    const bytesTotal = tasks.reduce((sum, t) => sum + t.file.size, 0);
    let bytesDone = 0;
    const pagesInFlight = new Map<string, number>();
    const updateRate = () => {
      const seconds = (performance.now() - started) / 1000;
      const pagesNow = progress.pagesDone + [...pagesInFlight.values()].reduce((a, b) => a + b, 0);
      progress.rate = seconds > 0 ? pagesNow / seconds : 0;
      progress.etaSeconds = bytesDone > 0 ? ((bytesTotal - bytesDone) * seconds) / bytesDone : undefined;
    };
    report(true);

    // Writes are serialised; a batch is one commit for chunks and one for document rows.
    let batch: DocumentReplacement[] = [];
    let batchChunks = 0;
    let lastFlush = performance.now();
    let writes = Promise.resolve();
    const documentUpdates: DocumentRow[] = [];
    const flush = () => {
      const pending = batch;
      const updates = documentUpdates.splice(0);
      batch = [];
      batchChunks = 0;
      lastFlush = performance.now();
      writes = writes.then(async () => {
        await store.replaceDocuments(pending);
        await store.upsertDocuments(updates);
      });
      return writes;
    };

    // Two stages in their own threads: parse workers (pdf.js and the other parsers) and analysis
    // workers (the kuromoji dictionary). Each thread then warms up one library, not both: with one
    // worker doing everything, every worker paid pdf.js's start-up and a dictionary.
    const describe = (task: unknown) => path.basename((task as { path: string }).path);
    let analysisScript: URL | undefined;
    const cores = os.availableParallelism();
    const threads = threadsFor(cores, bytesTotal, options.workers);
    // Started with the parse workers when a file is new or known changed (the dictionary then
    // loads while they parse), else when one turns out to have changed: a run of files that were
    // only touched loads no dictionary. Several analysis workers share one copy of it.
    const analysisPool = () =>
      (analysers ??= new WorkerPool(analysisScript!, Math.min(threads.analysis, tasks.length), {
        describe,
        workerData: { dictionary: threads.analysis > 1 ? dictionaryFiles() : loadedDictionaryFiles() } satisfies AnalysisWorkerData,
      }));
    let parsesLeft = tasks.length;
    let analysisBacklog = 0;
    if (tasks.length > 0) {
      let parseScript: URL;
      [parseScript, analysisScript] = await Promise.all([workerScript(import.meta.url, 'parse-worker'), workerScript(import.meta.url, 'analysis-worker')]);
      parsers = new WorkerPool(parseScript, Math.min(threads.parse, tasks.length), { describe });
      if (tasks.some(({ task }) => task.knownHash === undefined)) analysisPool();
      if (signal?.aborted) await stopWorkers();
    }

    await Promise.all(
      tasks.map(async ({ file, doc, task }) => {
        const collection = collectionFor(doc);
        const base: DocumentRow = {
          id: doc?.id ?? documentIdFor(file.path), path: file.path, hash: doc?.hash ?? '', size: file.size, mtimeMs: file.mtimeMs,
          type: doc?.type ?? docTypeFromPath(file.path) ?? 'unknown', title: doc?.title ?? path.basename(file.path), collection,
          pages: doc?.pages ?? 0, chunks: doc?.chunks ?? 0, status: 'indexed', errorCode: '', errorMessage: '', indexedAt: doc?.indexedAt ?? now(), analyzer: doc?.analyzer ?? ANALYZER_VERSION,
        };
        try {
          const result = await parsers!
            .run(task, (event) => {
              if (!signal?.aborted) analysisPool();
              pagesInFlight.set(file.path, event.page);
              progress.file = file.path;
              progress.page = event.page;
              progress.pagesInFile = event.pages;
              updateRate();
              report();
            })
            .finally(() => parsesLeft--);
          if (result.kind === 'unchanged') {
            summary.unchanged++;
            documentUpdates.push({ ...base, mtimeMs: file.mtimeMs });
          } else {
            // In slices, so that analysis workers share a long document's chunks.
            const slices: Array<Promise<AnalysedChunk[]>> = [];
            for (let first = 0; first < result.chunks.length; first += ANALYSIS_SLICE) {
              const chunks = result.chunks.slice(first, first + ANALYSIS_SLICE).map(({ text, section }) => ({ text, section }));
              analysisBacklog += chunks.length;
              slices.push(analysisPool().run({ path: file.path, title: result.title, chunks }).finally(() => (analysisBacklog -= chunks.length)));
            }
            // The last file parsed and seconds of analysis left: the parse workers' cores are free,
            // give them to analysis (a new analysis worker takes ~0.5 s to load its dictionary).
            if (parsesLeft === 0 && analysisBacklog >= GROW_ANALYSIS_BACKLOG) {
              void parsers?.terminate();
              analysisPool().grow(Math.max(threads.analysis, cores));
            }
            const analysed = (await Promise.all(slices)).flat();
            const row: DocumentRow = {
              ...base, hash: result.hash, size: result.size, type: result.type, title: result.title, pages: result.pages,
              chunks: result.chunks.length, indexedAt: now(), analyzer: ANALYZER_VERSION,
            };
            const chunks: ChunkRow[] = result.chunks.map((chunk, i) => ({
              id: `${row.id}-${result.hash.slice(0, 12)}-${chunk.ordinal}`, documentId: row.id, ordinal: chunk.ordinal, text: chunk.text,
              terms: analysed[i].terms, grams: analysed[i].grams, pageStart: chunk.pageStart, pageEnd: chunk.pageEnd, section: chunk.section.join(' > '),
              charStart: chunk.charStart, charEnd: chunk.charEnd, path: row.path, title: row.title, collection,
            }));
            batch.push({ document: row, chunks });
            batchChunks += chunks.length;
            summary.indexed++;
            progress.pagesDone += result.pages;
          }
        } catch (error) {
          if (signal?.aborted) return;
          const info = toErrorInfo(error);
          const failure: IngestFailure = { path: file.path, code: info.code, message: info.message };
          summary.failed.push(failure);
          // Indexed before and failing now: keep its chunks, mark it stale. New: record the failure.
          const status = doc && doc.status !== 'failed' && doc.chunks > 0 ? 'stale' : 'failed';
          documentUpdates.push({ ...base, status, errorCode: failure.code, errorMessage: failure.message, ...(status === 'failed' ? { pages: 0, chunks: 0, indexedAt: now() } : {}) });
        } finally {
          pagesInFlight.delete(file.path);
          bytesDone += file.size;
          progress.filesDone++;
          updateRate();
          report();
        }
        if (batchChunks >= BATCH_CHUNKS || performance.now() - lastFlush >= BATCH_MS) await flush();
      }),
    );
    summary.cancelled = signal?.aborted ?? false;
    await flush();

    if (!summary.cancelled && gone.length > 0) {
      progress.phase = 'removing';
      report(true);
      await store.removeDocuments(gone.map((doc) => doc.id));
      summary.removed = gone.length;
    }
    // A cancel must stop within a second: unindexed rows stay searchable, the next run indexes them.
    if (!summary.cancelled) {
      await store.refreshIndex();
      await store.setMeta('analyzer', ANALYZER_VERSION);
    }
    const embedding = !summary.cancelled && options.embedding !== undefined;
    if (embedding) await embedPhase(store, options.embedding!, { signal, progress, report, summary });

    const docs = await store.listDocuments();
    summary.documents = docs.filter((d) => d.status !== 'failed').length;
    summary.pages = docs.reduce((sum, d) => sum + (d.status !== 'failed' ? d.pages : 0), 0);
    summary.chunks = await store.countChunks();
    if (!embedding) updateRate();
    progress.phase = 'done';
    report(true);
    return summary;
  } finally {
    clearInterval(heartbeat);
    signal?.removeEventListener('abort', onAbort);
    await stopWorkers();
    lock.release();
    summary.seconds = (performance.now() - started) / 1000;
  }
}

/**
 * Embeds what the library is missing. A model that fails (cannot load, errors on a passage) is
 * reported as a failure of the run: the indexed text stays searchable by BM25.
 */
async function embedPhase(
  store: LanceStore,
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
function throttle(fn: () => void, ms: number): (force?: boolean) => void {
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
