/**
 * The one GentenApi implementation, over the Engine. Every host (Electron IPC, the HTTP server)
 * calls this class: it validates each request with the shared zod schemas, never throws across the
 * boundary (Results with codes), runs long work as jobs with ids and AbortControllers, and streams
 * progress and answers as typed events (answer deltas batched every ~40 ms).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Answer, GentenApi, ModelEntry, PassageView, Settings, SyncResult } from '../../shared/api';
import { GentenError, toErrorInfo, type Result } from '../../shared/errors';
import { parseRequest, type ApiMethod, type ApiRequest } from '../../shared/schemas';
import type { DocumentInfo, Hit, LibraryStatus } from '../../shared/types';
import { Engine } from '../core/engine';
import { defaultDataDir } from '../core/settings/paths';
import { documentSource, offlineCopyFor, parseLibrarySetting, syncOfflineCopy } from './team-library';
import type { ChatModel } from '../core/llm/types';
import { createAnswerer, type AnswerFn } from './answer';
import { answerModelSource } from './answer-model';
import { GentenEmitter } from './events';
import { SettingsStore } from './settings-store';

export interface GentenServiceOptions {
  engine: Engine;
  settings: SettingsStore;
  /** The user's data folder (models folder, settings). */
  dataDir: string;
  /** Answers questions. Default: the answer pipeline over this engine (see answer.ts). */
  answer?: AnswerFn;
  /** Lists the GGUF models found. Default: the models folders of `dataDir` and the bundled resources. */
  listModels?: () => Promise<ModelEntry[]>;
  /** How long answer deltas are gathered before one event is sent. Default 40 ms. */
  deltaIntervalMs?: number;
}

export interface OpenServiceOptions {
  /** The library folder (LanceDB). */
  libraryDir: string;
  /** The user's data folder. Default: defaultDataDir() (GENTEN_DATA_DIR overrides it). */
  dataDir?: string;
  /** Settings file. Default: `<dataDir>/settings.json`. */
  settingsFile?: string;
}

interface Job {
  kind: 'index' | 'ask';
  controller: AbortController;
}

/** Where uploaded files are kept: a folder inside the library, so they live and go with it. */
export const UPLOADS_FOLDER = 'uploads';

export class GentenService implements GentenApi {
  readonly events = new GentenEmitter();
  private readonly jobs = new Map<string, Job>();
  /** Writes to the library run one at a time (the lock file is per process, not per call). */
  private writes: Promise<unknown> = Promise.resolve();
  private readonly answer: AnswerFn;
  private readonly listModelsImpl: () => Promise<ModelEntry[]>;
  private readonly deltaIntervalMs: number;
  private model?: { key: string; model: Promise<ChatModel> };
  private embeddingFile: string | null = null;
  private disposed = false;

  constructor(private readonly options: GentenServiceOptions) {
    this.deltaIntervalMs = options.deltaIntervalMs ?? 40;
    this.answer = options.answer ?? createAnswerer({ engine: options.engine, getModel: () => this.answerModel() });
    this.listModelsImpl = options.listModels ?? (() => discoverModelEntries(options.dataDir));
  }

  /** Opens the library and the settings: the composition root for every host. */
  static async open(options: OpenServiceOptions): Promise<GentenService> {
    const dataDir = options.dataDir ?? defaultDataDir();
    const engine = await Engine.open({ libraryDir: options.libraryDir });
    const settings = new SettingsStore(options.settingsFile ?? path.join(dataDir, 'settings.json'));
    const service = new GentenService({ engine, settings, dataDir });
    await service.useEmbeddingModel((await settings.get()).embeddingModel);
    return service;
  }

  /**
   * Sets the engine's embedding model from a GGUF path (null: none). Its weights load only when
   * something needs embedding. A file that cannot be read leaves search as BM25 instead of
   * breaking start-up; the settings keep its path, where the user sees it.
   */
  async useEmbeddingModel(file: string | null): Promise<void> {
    const current = this.engine.embedding;
    if (!current && !file) return;
    if (current && this.embeddingFile === file) return;
    this.engine.setEmbedding(undefined);
    this.embeddingFile = null;
    await current?.dispose();
    if (!file) return;
    try {
      const { openEmbeddingModel } = await import('../core/embeddings/model-file');
      this.engine.setEmbedding(await openEmbeddingModel(file));
      this.embeddingFile = file;
    } catch {
      // Unreadable model file: search stays BM25; settings show the file for the user to fix.
    }
  }

  get engine(): Engine {
    return this.options.engine;
  }

  get libraryDir(): string {
    return this.options.engine.libraryDir;
  }

  get uploadsDir(): string {
    return path.join(this.libraryDir, UPLOADS_FOLDER);
  }

  // ------------------------------------------------------------------------------------------
  // GentenApi

  listDocuments(request?: unknown): Promise<Result<DocumentInfo[]>> {
    return this.call('listDocuments', request, () => this.engine.documents());
  }

  status(request?: unknown): Promise<Result<LibraryStatus>> {
    return this.call('status', request, async () => {
      const status = await this.engine.status();
      const copy = status.offlineCopy ?? (status.storage === 's3' ? offlineCopyFor(status.path, this.options.dataDir) : undefined);
      return copy ? { ...status, offlineCopy: copy } : status;
    });
  }

  startIndex(request: unknown): Promise<Result<{ jobId: string }>> {
    return this.call('startIndex', request, async ({ paths, collection }) => {
      const jobId = randomUUID();
      const controller = new AbortController();
      this.jobs.set(jobId, { kind: 'index', controller });
      const run = async () => {
        try {
          if (controller.signal.aborted) throw new GentenError('CANCELLED', 'Indexing was cancelled before it started.');
          const summary = await this.engine.index({
            paths,
            collection,
            signal: controller.signal,
            onProgress: (progress) => this.events.emit('ingest:progress', { jobId, progress }),
          });
          this.events.emit('ingest:done', { jobId, summary });
        } catch (error) {
          this.events.emit('ingest:error', { jobId, error: toErrorInfo(error) });
        } finally {
          this.jobs.delete(jobId);
        }
      };
      this.writes = this.writes.then(run, run);
      return { jobId };
    });
  }

  cancelIndex(request: unknown): Promise<Result<null>> {
    return this.call('cancelIndex', request, async ({ jobId }) => {
      const job = this.jobs.get(jobId);
      if (!job || job.kind !== 'index') throw new GentenError('NOT_FOUND', `No indexing job ${jobId} is running.`);
      job.controller.abort();
      return null;
    });
  }

  removeDocuments(request: unknown): Promise<Result<{ removed: string[] }>> {
    return this.call('removeDocuments', request, async ({ paths }) => {
      const removed = await this.serial(() => this.engine.remove(paths));
      // Uploaded copies belong to the library: removing the document removes the file too.
      for (const file of removed) {
        if (isInside(file, this.uploadsDir)) fs.rmSync(file, { force: true });
      }
      return { removed };
    });
  }

  search(request: unknown): Promise<Result<Hit[]>> {
    return this.call('search', request, ({ query, k, collection }) => this.engine.search(query, { k, collection }));
  }

  ask(request: unknown): Promise<Result<{ askId: string }>> {
    return this.call('ask', request, async ({ question, history, collection }) => {
      const askId = randomUUID();
      const controller = new AbortController();
      this.jobs.set(askId, { kind: 'ask', controller });
      let pending = '';
      let timer: NodeJS.Timeout | undefined;
      const flush = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (!pending) return;
        const text = pending;
        pending = '';
        this.events.emit('answer:delta', { askId, text });
      };
      const onDelta = (text: string) => {
        if (!text) return;
        pending += text;
        timer ??= setTimeout(flush, this.deltaIntervalMs);
      };
      void (async () => {
        try {
          const answer: Answer = await this.answer({ question, history: history ?? [], collection, signal: controller.signal, onDelta });
          flush();
          this.events.emit('answer:done', { askId, answer: controller.signal.aborted ? { ...answer, cancelled: true } : answer });
        } catch (error) {
          flush();
          const info = controller.signal.aborted ? { code: 'CANCELLED' as const, message: 'The answer was stopped.' } : toErrorInfo(error);
          this.events.emit('answer:error', { askId, error: { code: info.code, message: info.message } });
        } finally {
          this.jobs.delete(askId);
        }
      })();
      return { askId };
    });
  }

  cancelAsk(request: unknown): Promise<Result<null>> {
    return this.call('cancelAsk', request, async ({ askId }) => {
      const job = this.jobs.get(askId);
      if (!job || job.kind !== 'ask') throw new GentenError('NOT_FOUND', `No answer ${askId} is running.`);
      job.controller.abort();
      return null;
    });
  }

  getPassage(request: unknown): Promise<Result<PassageView>> {
    return this.call('getPassage', request, async ({ chunkId }) => {
      const chunk = await this.engine.store.getChunk(chunkId);
      if (!chunk) throw new GentenError('NOT_FOUND', 'That passage is no longer in the library (the document was re-indexed or removed).');
      const doc = (await this.engine.documents()).find((d) => d.id === chunk.documentId);
      const siblings = await this.engine.store.chunksOf(chunk.documentId);
      const at = siblings.findIndex((c) => c.id === chunk.id);
      return {
        chunkId: chunk.id,
        documentId: chunk.documentId,
        path: chunk.path,
        title: chunk.title,
        type: doc?.type ?? 'unknown',
        page: chunk.pageStart,
        pageEnd: chunk.pageEnd,
        section: chunk.section,
        text: chunk.text,
        before: at > 0 ? siblings[at - 1].text : '',
        after: at >= 0 && at + 1 < siblings.length ? siblings[at + 1].text : '',
        charStart: chunk.charStart,
        charEnd: chunk.charEnd,
      };
    });
  }

  listModels(request?: unknown): Promise<Result<ModelEntry[]>> {
    return this.call('listModels', request, () => this.listModelsImpl());
  }

  getSettings(request?: unknown): Promise<Result<Settings>> {
    return this.call('getSettings', request, () => this.options.settings.get());
  }

  updateSettings(request: unknown): Promise<Result<Settings>> {
    return this.call('updateSettings', request, async (patch) => {
      for (const key of ['answerModel', 'embeddingModel'] as const) {
        const file = patch[key];
        if (typeof file !== 'string') continue;
        if (!/\.gguf$/i.test(file)) throw new GentenError('BAD_REQUEST', `${path.basename(file)} is not a GGUF model file.`, file);
        if (!fs.existsSync(file)) throw new GentenError('NOT_FOUND', `The model file ${file} does not exist.`, file);
      }
      if (typeof patch.library === 'string') patch.library = parseLibrarySetting(patch.library);
      const settings = await this.options.settings.update(patch);
      if (this.model && this.model.key !== answerModelSource(settings)?.key) await this.unloadModel();
      await this.useEmbeddingModel(settings.embeddingModel);
      return settings;
    });
  }

  syncLibrary(request?: unknown): Promise<Result<SyncResult>> {
    return this.call('syncLibrary', request, () => this.serial(() => syncOfflineCopy(this.engine, this.options.dataDir)));
  }

  // ------------------------------------------------------------------------------------------
  // Host helpers (not part of GentenApi)

  /**
   * A document's source file, for the PDF viewer: only documents in the library. When the file is
   * not on this machine (a shared library indexed elsewhere), `data` holds the bytes the library
   * keeps of it (files/<sha256>).
   */
  async documentFile(documentId: string): Promise<Result<{ path: string; type: DocumentInfo['type']; title: string; data?: Buffer }>> {
    return this.guard(async () => {
      if (typeof documentId !== 'string' || !/^[\w-]{1,100}$/.test(documentId)) throw new GentenError('BAD_REQUEST', 'Invalid document id.');
      const doc = (await this.engine.documents()).find((d) => d.id === documentId && d.status !== 'failed');
      if (!doc) throw new GentenError('NOT_FOUND', 'That document is not in the library.');
      return { type: doc.type, title: doc.title, ...(await documentSource(this.engine, doc)) };
    });
  }

  /** Ids of jobs still running (index and answers). */
  runningJobs(): string[] {
    return [...this.jobs.keys()];
  }

  /** Cancels every job, waits for library writes to stop, frees the model and the engine. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const job of this.jobs.values()) job.controller.abort();
    await this.writes.catch(() => undefined);
    await this.unloadModel();
    await this.useEmbeddingModel(null);
    this.events.clear();
    this.engine.dispose();
  }

  // ------------------------------------------------------------------------------------------

  private async answerModel(): Promise<ChatModel | null> {
    const source = answerModelSource(await this.options.settings.get());
    if (!source) return null;
    if (this.model?.key !== source.key) {
      await this.unloadModel();
      const entry = { key: source.key, model: source.open() };
      this.model = entry;
      // A failed load is not kept: the next question tries again (the file may have been fixed).
      entry.model.catch(() => {
        if (this.model === entry) this.model = undefined;
      });
    }
    return this.model.model;
  }

  private async unloadModel(): Promise<void> {
    const current = this.model;
    this.model = undefined;
    if (current) await (await current.model.catch(() => undefined))?.dispose();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.writes.then(fn, fn);
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async call<M extends ApiMethod, T>(method: M, input: unknown, fn: (request: NonNullable<ApiRequest<M>>) => Promise<T>): Promise<Result<T>> {
    if (this.disposed) return { ok: false, error: { code: 'INTERNAL', message: 'Genten is shutting down.' } };
    const parsed = parseRequest(method, input);
    if (!parsed.ok) return parsed;
    return this.guard(() => fn(parsed.value as NonNullable<ApiRequest<M>>));
  }

  private async guard<T>(fn: () => Promise<T>): Promise<Result<T>> {
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** GGUF files in the models folders, described from their headers, with whether each fits this machine. */
async function discoverModelEntries(dataDir: string): Promise<ModelEntry[]> {
  const [{ discoverModels, defaultModelFolders }, { estimateFit }] = await Promise.all([import('../core/models/discover'), import('../core/models/fit')]);
  const { models } = await discoverModels(defaultModelFolders({ dataDir }));
  const entries: ModelEntry[] = [];
  for (const model of models) {
    let fits: boolean | null = null;
    let fitReason: string | undefined;
    try {
      const fit = await estimateFit(model.path, { embedding: model.kind === 'embedding' });
      fits = fit.fits;
      fitReason = fit.reason;
    } catch (error) {
      fitReason = toErrorInfo(error).message;
    }
    entries.push({
      path: model.path,
      name: model.name ?? model.fileName,
      architecture: model.architecture ?? null,
      parameters: model.parameterCount ? formatParameters(model.parameterCount) : null,
      quantization: model.quantization ?? null,
      contextLength: model.contextLength ?? null,
      hasChatTemplate: model.hasChatTemplate,
      isEmbedding: model.kind === 'embedding',
      sizeBytes: model.sizeBytes,
      fits,
      ...(fitReason ? { fitReason } : {}),
    });
  }
  return entries;
}

function formatParameters(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${Math.round(count / 1e6)}M`;
  return `${Math.max(1, Math.round(count / 1e3))}K`;
}
