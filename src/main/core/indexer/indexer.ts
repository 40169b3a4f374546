/**
 * Indexes files and folders into the library: scan, skip what has not changed, parse and analyse
 * the rest in worker threads (stages.ts), write each batch atomically, remove files gone from
 * re-indexed folders. A killed run leaves every committed batch; the next run of the same paths
 * finishes the work.
 */
import path from 'node:path';
import { GentenError, toErrorInfo } from '../../../shared/errors';
import type { IngestFailure, IngestProgress, IngestSummary } from '../../../shared/types';
import type { EmbeddingModel } from '../embeddings/model';
import { docTypeFromPath } from '../ingest/file-types';
import { checkFileSize, type SizeLimits } from '../ingest/limits';
import { isUnder, scanPaths } from '../ingest/scan';
import { displayPath } from '../../../shared/display';
import type { LibraryStore } from '../store/library-store';
import { checkLibrary } from '../store/check';
import type { FileStore } from '../store/file-store';
import { acquireWriteLock } from '../store/lock';
import { DEFAULT_OCR, type OcrSettings } from '../ocr/types';
import type { DocumentReplacement, DocumentRow, OcrPageRow } from '../store/types';
import type { ChunkOptions } from '../text/types';
import type { ParseTask } from './parse-document';
import { IndexingStages } from './stages';
import { embedPhase, throttle } from './embed-phase';
import { chunkRows, documentIdFor, documentRowFor, INDEX_VERSION, isCurrentIndexVersion, isNewerIndexVersion, isPartialScan } from './index-rows';

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
   * cores), at least 1. See stages.ts.
   */
  workers?: number;
  chunking?: ChunkOptions;
  /**
   * When set, chunks without a vector from this model are embedded after indexing (phase
   * 'embedding'); a different model than last time re-embeds every chunk. Default: none.
   */
  embedding?: EmbeddingModel;
  /** Symlinks are followed only into these (real) folders; see ScanOptions.confineTo. Default: anywhere. */
  confineTo?: string[];
  /** Largest file per type (TOO_LARGE beyond). Default: DEFAULT_SIZE_LIMITS (text 200 MB, PDF 2 GB…). */
  limits?: Partial<SizeLimits>;
  /** Longest one file may take to parse; TIMEOUT beyond. Default 600 000 ms (10 min). */
  fileTimeoutMs?: number;
  /**
   * OCR of scanned pages and images (see ocr/). Default { mode: 'auto', langs: 'jpn+eng' }: pages
   * without a usable text layer are read; mode 'off' leaves a scan failing with NO_TEXT.
   */
  ocr?: OcrSettings;
  /** OCR worker threads. Default: one per core. */
  ocrWorkers?: number;
  /**
   * Where each indexed document's bytes are kept (files/<sha256> in the library's storage), so
   * readers on other machines open its pages. Default: none (the source path is enough locally).
   */
  files?: FileStore;
  /**
   * Take the local write lock (one writer per library folder). Default true; false for object
   * storage, where a lock file cannot work across machines and LanceDB's commits keep writers apart.
   */
  writeLock?: boolean;
  /** How often a scan being read by OCR has its pages so far written, searchable. Default 5000 ms. */
  ocrPartialMs?: number;
}

/** A batch is written when it holds this many chunks or has waited this long. */
const BATCH_CHUNKS = 4000;
const BATCH_MS = 2000;
const PROGRESS_MS = 250;
const HEARTBEAT_MS = 500;

export async function indexPaths(store: LibraryStore, options: IndexOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { signal } = options;
  const lock = options.writeLock === false ? undefined : acquireWriteLock(store.path);
  const summary: IngestSummary = {
    indexed: 0,
    unchanged: 0,
    removed: 0,
    unavailable: 0,
    skipped: 0,
    failed: [],
    documents: 0,
    pages: 0,
    chunks: 0,
    seconds: 0,
    cancelled: false,
  };
  let stages: IndexingStages | undefined;
  const onAbort = () => void stages?.stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  let heartbeat: NodeJS.Timeout | undefined;
  const ocr = options.ocr ?? DEFAULT_OCR;

  try {
    const roots = options.paths.map((p) => path.resolve(p));
    const progress: IngestProgress = { phase: 'scanning', filesTotal: 0, filesDone: 0, pagesDone: 0, rate: 0 };
    const report = throttle(() => options.onProgress?.({ ...progress }), PROGRESS_MS);
    report(true);
    // Workers report per batch of pages, and say nothing while they start: keep the user's bar
    // (rate, ETA, elapsed) moving at least twice a second anyway.
    heartbeat = setInterval(() => report(true), HEARTBEAT_MS);

    // Under the lock: repair what a killed run left (orphan chunks, a missing search index) first.
    await checkLibrary(store, { quick: true, repair: true, locked: true });
    const scan = await scanPaths(roots, { signal, confineTo: options.confineTo });
    summary.skipped = scan.skipped.hidden + scan.skipped.temporary + scan.skipped.unsupported + scan.outside;
    const existing = await store.listDocuments();
    const byPath = new Map(existing.map((doc) => [doc.path, doc]));
    const found = new Set(scan.files.map((f) => f.path));
    const inRun = existing.filter((doc) => !found.has(doc.path) && roots.some((root) => isUnder(doc.path, root)));
    const unreachable = (doc: DocumentRow) => scan.unavailable.find((u) => isUnder(doc.path, u.path));
    for (const { path: where, reason } of scan.unavailable) {
      // A folder that cannot be opened is worth a line; a dangling link or an empty folder only when it held documents.
      if (scan.missing.includes(where) || inRun.some((doc) => isUnder(doc.path, where))) {
        summary.failed.push({ path: where, code: 'READ_ERROR', message: `${displayPath(where)} ${reason}.` });
      }
    }

    // Only files positively gone from a folder that was read are removed. A root, subfolder or
    // file that could not be read (unplugged drive, permissions, a failed stat) keeps its
    // documents, marked unavailable with the reason, and still searchable.
    const gone = inRun.filter((doc) => !unreachable(doc));
    const keptUnavailable: DocumentRow[] = [];
    for (const doc of inRun) {
      const where = unreachable(doc);
      if (!where || doc.status === 'failed') continue;
      summary.unavailable++;
      const errorMessage = `${displayPath(doc.path)} cannot be reached: ${displayPath(where.path)} ${where.reason}. It stays searchable until it is back.`;
      if (doc.status !== 'unavailable' || doc.errorMessage !== errorMessage)
        keptUnavailable.push({ ...doc, status: 'unavailable', errorCode: 'READ_ERROR', errorMessage });
    }

    const now = () => new Date().toISOString();
    const collectionFor = (doc?: DocumentRow) => options.collection ?? doc?.collection ?? DEFAULT_COLLECTION;
    const tasks: Array<{ file: (typeof scan.files)[number]; doc?: DocumentRow; task: ParseTask }> = [];
    for (const file of scan.files) {
      const doc = byPath.get(file.path);
      const current =
        doc && (doc.status === 'indexed' || doc.status === 'unavailable') && isCurrentIndexVersion(doc.analyzer) && doc.collection === collectionFor(doc);
      if (current && doc.size === file.size && doc.mtimeMs === file.mtimeMs) {
        summary.unchanged++;
        // Back from an unplugged drive: available again, nothing to re-read.
        if (doc.status === 'unavailable') keptUnavailable.push({ ...doc, status: 'indexed', errorCode: '', errorMessage: '' });
        continue;
      }
      tasks.push({ file, doc, task: { path: file.path, knownHash: current ? doc.hash : undefined, chunking: options.chunking, limits: options.limits, ocr } });
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
    const documentUpdates: DocumentRow[] = [...keptUnavailable];
    // Pages read by OCR are written as they come (a page takes seconds), before their document:
    // a cancelled or killed run keeps them, and the next run reads only the pages it had not reached.
    const saveOcrPage = (row: OcrPageRow) => {
      writes = writes.then(() => store.putOcrPages([row]));
    };
    const flush = () => {
      const pending = batch;
      const updates = documentUpdates.splice(0);
      batch = [];
      batchChunks = 0;
      lastFlush = performance.now();
      writes = writes.then(async () => {
        await store.pruneOcrPages(pending.map(({ document: d }) => ({ id: d.id, hash: d.hash, pages: d.pages })));
        await store.replaceDocuments(pending);
        await store.upsertDocuments(updates);
      });
      return writes;
    };

    if (tasks.length > 0) {
      stages = await IndexingStages.start({
        files: tasks.length,
        bytes: bytesTotal,
        parseWorkers: options.workers,
        fileTimeoutMs: options.fileTimeoutMs,
        analyzeSoon: tasks.some(({ task }) => task.knownHash === undefined),
        ocrWorkers: options.ocrWorkers,
      });
      if (signal?.aborted) await stages.stop();
    }

    await Promise.all(
      tasks.map(async ({ file, doc, task }) => {
        const collection = collectionFor(doc);
        const base: DocumentRow = {
          id: doc?.id ?? documentIdFor(file.path),
          path: file.path,
          hash: doc?.hash ?? '',
          size: file.size,
          mtimeMs: file.mtimeMs,
          type: doc?.type ?? docTypeFromPath(file.path) ?? 'unknown',
          title: doc?.title ?? path.basename(file.path),
          collection,
          pages: doc?.pages ?? 0,
          chunks: doc?.chunks ?? 0,
          status: 'indexed',
          errorCode: '',
          errorMessage: '',
          indexedAt: doc?.indexedAt ?? now(),
          analyzer: doc?.analyzer ?? INDEX_VERSION,
        };
        try {
          // Too big for its type: fails at once, from its size on disk, before a byte is read.
          checkFileSize(file.path, base.type === 'unknown' ? 'text' : base.type, file.size, options.limits);
          let result = await stages!.parse(task, (event) => {
            pagesInFlight.set(file.path, event.page);
            progress.file = file.path;
            progress.page = event.page;
            progress.pagesInFile = event.pages;
            updateRate();
            report();
          });
          if (result.kind === 'scan') {
            const scan = result;
            progress.ocrPagesTotal = (progress.ocrPagesTotal ?? 0) + scan.ocrPages.length;
            progress.ocrPagesDone ??= 0;
            // A scan with no complete earlier version becomes searchable as its pages are read: the
            // pages so far are written every few seconds, the document marked stale (NO_TEXT) until
            // its last page is in. An earlier complete version stays whole until the new one is.
            const partials = !doc || doc.status === 'failed' || doc.chunks === 0 || isPartialScan(doc);
            let partialWrite: Promise<void> | undefined;
            const read = await stages!.ocr.read({
              documentId: base.id,
              path: file.path,
              scan,
              settings: ocr,
              chunking: options.chunking,
              known: await store.ocrPagesOf(base.id),
              partialMs: options.ocrPartialMs,
              onPartial: !partials
                ? undefined
                : (parsed, pagesRead) => {
                    if (partialWrite) return; // the last one is still being analysed: the next one will do
                    partialWrite = (async () => {
                      const analyzed = await stages!.analyze(file.path, parsed.title, parsed.chunks);
                      const row = documentRowFor(base, parsed, now());
                      const message = `${displayPath(file.path)}: OCR has read ${pagesRead} of ${scan.ocrPages.length} pages so far; they are searchable, the rest follow (an index run finishes what a stopped one left).`;
                      batch.push({
                        document: { ...row, status: 'stale', errorCode: 'NO_TEXT', errorMessage: message },
                        chunks: chunkRows(row, parsed.chunks, analyzed),
                      });
                      batchChunks += parsed.chunks.length;
                      await flush();
                    })()
                      .catch(() => undefined) // a cancel: the next run starts again from the pages saved
                      .finally(() => (partialWrite = undefined));
                  },
              onPage: (row, fresh) => {
                if (fresh) {
                  saveOcrPage(row);
                  summary.ocrPages = (summary.ocrPages ?? 0) + 1;
                }
                progress.ocrPagesDone!++;
                progress.file = file.path;
                progress.page = row.page;
                progress.pagesInFile = scan.pages.length;
                report();
              },
            });
            await partialWrite;
            if (read.warnings.length > 0) (summary.warnings ??= []).push(...read.warnings);
            result = read.parsed;
          }
          if (result.kind === 'unchanged') {
            summary.unchanged++;
            documentUpdates.push({ ...base, mtimeMs: file.mtimeMs });
          } else {
            if (result.warnings?.length) (summary.warnings ??= []).push(...result.warnings.map((w) => ({ path: file.path, ...w })));
            const analyzed = await stages!.analyze(file.path, result.title, result.chunks);
            // The bytes before the row that cites them: a document listed is a document that opens.
            if (options.files && !(await options.files.put(result.hash, file.path))) {
              throw new GentenError('READ_ERROR', `${file.path} changed while it was being indexed; run the index again.`, file.path);
            }
            const row = documentRowFor(base, result, now());
            const chunks = chunkRows(row, result.chunks, analyzed);
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
          documentUpdates.push({
            ...base,
            status,
            errorCode: failure.code,
            errorMessage: failure.message,
            ...(status === 'failed' ? { pages: 0, chunks: 0, indexedAt: now() } : {}),
          });
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
      if (!isNewerIndexVersion((await store.getMeta('analyzer')) ?? '')) await store.setMeta('analyzer', INDEX_VERSION);
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
    await stages?.stop();
    lock?.release();
    summary.seconds = (performance.now() - started) / 1000;
  }
}
