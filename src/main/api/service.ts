/**
 * The one GentenApi implementation, over the Engine. Every host (Electron IPC, the HTTP server)
 * calls this class: it validates each request with the shared zod schemas, never throws across the
 * boundary (Results with codes), runs long work as jobs with ids and AbortControllers, and streams
 * progress and answers as typed events (answer deltas batched every ~40 ms).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Answer, AnswerServer, DocumentText, GentenApi, ModelEntry, PassageView, Settings, SyncResult } from '../../shared/api';
import { Comparisons } from './comparisons';
import { documentTextView, passageView } from './document-views';
import type { OcrSettings } from '../core/ocr/types';
import { GentenError, toErrorInfo, type Result } from '../../shared/errors';
import { parseRequest, type ApiMethod, type ApiRequest } from '../../shared/schemas';
import type { CompareMarkEntry, ComparisonSummary, SavedComparison } from '../../shared/compare';
import type { Checklist, ReviewItemResult, ReviewRun, ReviewSummary, ShippedChecklist } from '../../shared/review';
import type { PolicyReport } from '../../shared/policy';
import type { DocumentInfo, Hit, LibraryStatus } from '../../shared/types';
import { openAuditLog, type AuditLog } from '../core/audit/audit-log';
import { auditedIndex, auditedRemove, recordAnswer, recordQuestion } from '../core/audit/audited';
import { Engine } from '../core/engine';
import { LineIndex } from '../core/search/line-ranges';
import { Policy } from '../core/policy/policy';
import { isInside } from '../core/files/inside';
import { defaultDataDir } from '../core/settings/paths';
import { isObjectStorage } from '../core/store/location';
import { documentSource } from './document-source';
import { offlineCopyFor, syncOfflineCopy } from './team-library';
import { vetSettingsPatch } from './settings-patch';
import { createAnswerer, type AnswerFn } from './answer';
import { AnswerModelSlot } from './answer-model-slot';
import { GentenEmitter } from './events';
import { ReadRoots, realPathOf } from './read-roots';
import { Jobs, batchedText } from './jobs';
import { ReviewJobs } from './review-jobs';
import { copySamples, SAMPLES_COLLECTION, SAMPLES_FOLDER } from './samples';
import { SettingsStore, settingsFile } from './settings-store';
import { discoverModelEntries, openEmbeddingChoice } from './models';
import type { DocumentFile } from './document-file';

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
  /** The managed policy every call is checked against. Default: none (open() loads the machine's). */
  policy?: Policy;
  /** The audit log (on where policy says so). Default: none. */
  audit?: AuditLog | null;
  /**
   * Folders the app may read (browser mode's --allow-root): paths to index, model files and
   * served documents must be inside them. Default: none (the host checks, e.g. Electron's dialog grants).
   */
  allowedRoots?: string[];
  /**
   * OCR for each index run (read when the run starts, so a policy or setting change applies to the
   * next run). Default: the settings' `ocr`, else the engine's default, { mode: 'auto', langs: 'jpn+eng' }.
   */
  ocr?: () => OcrSettings | undefined;
}

export interface OpenServiceOptions {
  /** The library folder (LanceDB). */
  libraryDir: string;
  /** The user's data folder. Default: defaultDataDir() (GENTEN_DATA_DIR overrides it). */
  dataDir?: string;
  /** Settings file. Default: `<dataDir>/settings.json`. */
  settingsFile?: string;
  /** The managed policy. Default: the machine's (Policy.load()): registry, managed preferences, policy.json. */
  policy?: Policy;
  /** See GentenServiceOptions.allowedRoots. */
  allowedRoots?: string[];
}

/** Where uploaded files are kept: a folder inside the library, so they live and go with it. */
export const UPLOADS_FOLDER = 'uploads';

/** The uploads folder of a library: inside a local one; in the data folder for a shared one (s3://), whose storage holds no loose files. */
export function uploadsDirFor(libraryDir: string, dataDir: string): string {
  return isObjectStorage(libraryDir) ? path.join(dataDir, UPLOADS_FOLDER) : path.join(libraryDir, UPLOADS_FOLDER);
}

export class GentenService implements GentenApi {
  readonly events = new GentenEmitter();
  private readonly jobs = new Jobs();
  private readonly answer: AnswerFn;
  private readonly listModelsImpl: () => Promise<ModelEntry[]>;
  private readonly deltaIntervalMs: number;
  private readonly answerModel: AnswerModelSlot;
  private embeddingFile: string | null = null;
  private disposed = false;
  readonly reviews: ReviewJobs;
  readonly comparisons: Comparisons;
  private readonly lineIndex: LineIndex;
  readonly policy: Policy;
  readonly audit: AuditLog | null;
  private readonly readRoots?: ReadRoots;

  constructor(private readonly options: GentenServiceOptions) {
    this.policy = options.policy ?? Policy.none();
    this.audit = options.audit ?? null;
    this.deltaIntervalMs = options.deltaIntervalMs ?? 40;
    this.lineIndex = new LineIndex(options.engine.store);
    this.answerModel = new AnswerModelSlot(() => options.settings.get(), this.policy);
    this.reviews = new ReviewJobs({
      engine: options.engine,
      dataDir: options.dataDir,
      events: this.events,
      getModel: async () => ((await this.answerModel.reviewSource()) ? this.answerModel.get() : null),
      modelSource: () => this.answerModel.reviewSource(),
      answerStyle: async () => (await options.settings.get()).answerStyle ?? 'auto',
      audit: options.audit,
    });
    this.answer =
      options.answer ??
      createAnswerer({
        engine: options.engine,
        getModel: () => this.answerModel.get(),
        getStyle: async () => (await options.settings.get()).answerStyle,
        describeModel: () => this.answerModel.describe(),
      });
    this.listModelsImpl = options.listModels ?? (() => discoverModelEntries(options.dataDir));
    // The sample library is Genten's own copy inside the library: always readable.
    if (options.allowedRoots) this.readRoots = new ReadRoots([...options.allowedRoots, path.join(path.resolve(options.engine.libraryDir), SAMPLES_FOLDER)]);
    this.comparisons = new Comparisons({ engine: options.engine, dataDir: options.dataDir });
  }

  /** Opens the library and the settings: the composition root for every host. */
  static async open(options: OpenServiceOptions): Promise<GentenService> {
    const policy = options.policy ?? (await Policy.load());
    // The policy's data folder wins over the one asked for (GENTEN_DATA_DIR cannot move it).
    const dataDir = policy.dataDir(options.dataDir ?? defaultDataDir());
    policy.assertLibraryDir(options.libraryDir);
    const engine = await Engine.open({ libraryDir: options.libraryDir });
    const settings = new SettingsStore(options.settingsFile ?? settingsFile(dataDir));
    const service = new GentenService({ engine, settings, dataDir, policy, audit: openAuditLog(policy, dataDir), allowedRoots: options.allowedRoots });
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
    // A model the policy does not allow, or an unreadable file, is not used: search stays BM25
    // (settings show the file for the user to fix).
    const { model } = await openEmbeddingChoice(file, this.policy);
    if (!model) return;
    this.engine.setEmbedding(model);
    this.embeddingFile = file;
  }

  get engine(): Engine {
    return this.options.engine;
  }

  get libraryDir(): string {
    return this.options.engine.libraryDir;
  }

  get uploadsDir(): string {
    return uploadsDirFor(this.libraryDir, this.options.dataDir);
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
      for (const file of paths) this.readRoots?.check(file);
      // Symlinks inside the chosen folders are followed only where the app may read anyway.
      const confineTo = this.readRoots?.roots ?? paths.map(realPathOf);
      const run = async (jobId: string, signal: AbortSignal) => {
        try {
          if (signal.aborted) throw new GentenError('CANCELLED', 'Indexing was cancelled before it started.');
          const summary = await auditedIndex(this.engine, this.audit, {
            paths,
            collection,
            confineTo,
            limits: this.policy.sizeLimits(),
            ocr: this.policy.ocrSettings(this.options.ocr?.() ?? (await this.options.settings.get()).ocr),
            signal,
            onProgress: (progress) => this.events.emit('ingest:progress', { jobId, progress }),
          });
          this.events.emit('ingest:done', { jobId, summary });
        } catch (error) {
          const info = toErrorInfo(error);
          this.recordFailure('index', info);
          this.events.emit('ingest:error', { jobId, error: info });
        }
      };
      return { jobId: this.jobs.start('index', run, { write: true }) };
    });
  }

  cancelIndex(request: unknown): Promise<Result<null>> {
    return this.call('cancelIndex', request, async ({ jobId }) => {
      if (!this.jobs.cancel('index', jobId)) throw new GentenError('NOT_FOUND', `No indexing job ${jobId} is running.`);
      return null;
    });
  }

  removeDocuments(request: unknown): Promise<Result<{ removed: string[] }>> {
    return this.call('removeDocuments', request, async ({ paths }) => {
      const removed = await this.jobs.serial(() => auditedRemove(this.engine, this.audit, paths));
      // Uploaded copies belong to the library: removing the document removes the file too.
      for (const file of removed) {
        if (isInside(file, this.uploadsDir)) fs.rmSync(file, { force: true });
      }
      return { removed };
    });
  }

  search(request: unknown): Promise<Result<Hit[]>> {
    return this.call('search', request, ({ query, k, collection, documentId }) => this.engine.search(query, { k, collection, documentId }));
  }

  ask(request: unknown): Promise<Result<{ askId: string }>> {
    return this.call('ask', request, async ({ question, history, collection }) => {
      // A model the policy forbids is refused before anything runs (the user changes it in settings).
      const modelRef = await this.answerModel.ref();
      // Recorded before it runs: a log that cannot be written refuses the question (POLICY).
      const askId = randomUUID();
      if (this.audit) recordQuestion(this.audit, askId, question, collection);
      const run = async (_id: string, signal: AbortSignal) => {
        const deltas = batchedText((text) => this.events.emit('answer:delta', { askId, text }), this.deltaIntervalMs);
        try {
          const answer: Answer = await this.answer({ question, history: history ?? [], collection, signal, onDelta: deltas.push });
          deltas.flush();
          if (this.audit) await recordAnswer(this.audit, askId, answer, modelRef);
          this.events.emit('answer:done', { askId, answer: signal.aborted ? { ...answer, cancelled: true } : answer });
        } catch (error) {
          deltas.flush();
          const info = signal.aborted ? { code: 'CANCELLED' as const, message: 'The answer was stopped.' } : toErrorInfo(error);
          this.recordFailure('ask', info);
          this.events.emit('answer:error', { askId, error: { code: info.code, message: info.message } });
        }
      };
      return { askId: this.jobs.start('ask', run, { id: askId }) };
    });
  }

  cancelAsk(request: unknown): Promise<Result<null>> {
    return this.call('cancelAsk', request, async ({ askId }) => {
      if (!this.jobs.cancel('ask', askId)) throw new GentenError('NOT_FOUND', `No answer ${askId} is running.`);
      return null;
    });
  }

  getPassage(request: unknown): Promise<Result<PassageView>> {
    return this.call('getPassage', request, ({ chunkId }) => passageView(this.engine, this.lineIndex, chunkId));
  }

  getDocumentText(request: unknown): Promise<Result<DocumentText>> {
    return this.call('getDocumentText', request, ({ documentId }) => documentTextView(this.engine, documentId));
  }

  listModels(request?: unknown): Promise<Result<ModelEntry[]>> {
    // Models outside the folders the policy allows cannot be used, so they are not offered.
    return this.call('listModels', request, async () => (await this.listModelsImpl()).filter((m) => this.policy.allowsModelFile(m.path)));
  }

  getSettings(request?: unknown): Promise<Result<Settings>> {
    return this.call('getSettings', request, async () => withoutApiKey(await this.options.settings.get()));
  }

  updateSettings(request: unknown): Promise<Result<Settings>> {
    return this.call('updateSettings', request, async (patch) => {
      await vetSettingsPatch(patch, { policy: this.policy, audit: this.audit, readRoots: this.readRoots, listModels: this.listModelsImpl });
      const settings = await this.options.settings.update(patch);
      await this.answerModel.settingsChanged(settings);
      await this.useEmbeddingModel(settings.embeddingModel);
      return withoutApiKey(settings);
    });
  }

  loadSamples(request?: unknown): Promise<Result<{ jobId: string }>> {
    return this.call('loadSamples', request, async () => {
      const folder = await copySamples(this.libraryDir);
      const started = await this.startIndex({ paths: [folder], collection: SAMPLES_COLLECTION });
      if (!started.ok) throw new GentenError(started.error.code, started.error.message);
      return started.value;
    });
  }

  // Review runs (review-jobs.ts)

  listChecklists(request?: unknown): Promise<Result<ShippedChecklist[]>> {
    return this.call('listChecklists', request, () => this.reviews.listChecklists());
  }

  previewChecklist(request: unknown): Promise<Result<Checklist>> {
    return this.call('previewChecklist', request, ({ checklist }) => this.reviews.checklist(checklist));
  }

  startReview(request: unknown): Promise<Result<{ runId: string }>> {
    return this.call('startReview', request, (r) => this.reviews.start(r));
  }

  cancelReview(request: unknown): Promise<Result<null>> {
    return this.call('cancelReview', request, async ({ runId }) => {
      this.reviews.cancel(runId);
      return null;
    });
  }

  resumeReview(request: unknown): Promise<Result<{ runId: string }>> {
    return this.call('resumeReview', request, ({ runId }) => this.reviews.resume(runId));
  }

  rerunReview(request: unknown): Promise<Result<{ runId: string }>> {
    return this.call('rerunReview', request, ({ runId }) => this.reviews.rerun(runId));
  }

  listReviews(request?: unknown): Promise<Result<ReviewSummary[]>> {
    return this.call('listReviews', request, () => this.reviews.list());
  }

  getReview(request: unknown): Promise<Result<ReviewRun>> {
    return this.call('getReview', request, ({ runId }) => this.reviews.get(runId));
  }

  markReviewItem(request: unknown): Promise<Result<ReviewItemResult>> {
    return this.call('markReviewItem', request, (r) => this.reviews.mark(r));
  }

  exportReview(request: unknown): Promise<Result<{ path: string; fileName: string }>> {
    return this.call('exportReview', request, (r) => this.reviews.export(r));
  }

  // Comparisons (comparisons.ts)

  compareDocuments(request: unknown): Promise<Result<SavedComparison>> {
    return this.call('compareDocuments', request, (r) => this.comparisons.compare(r));
  }

  listComparisons(request?: unknown): Promise<Result<ComparisonSummary[]>> {
    return this.call('listComparisons', request, () => this.comparisons.list());
  }

  markComparison(request: unknown): Promise<Result<CompareMarkEntry | null>> {
    return this.call('markComparison', request, (r) => this.comparisons.mark(r));
  }

  exportComparison(request: unknown): Promise<Result<{ path: string; fileName: string; base64: string }>> {
    return this.call('exportComparison', request, (r) => this.comparisons.export(r));
  }

  getPolicy(request?: unknown): Promise<Result<PolicyReport>> {
    return this.call('getPolicy', request, async () => {
      const report = this.policy.report();
      // The folder the log really goes to (the policy may leave it to the data folder).
      if (this.audit) report.values.audit.dir = this.audit.dir;
      return report;
    });
  }

  syncLibrary(request?: unknown): Promise<Result<SyncResult>> {
    return this.call('syncLibrary', request, () => this.jobs.serial(() => syncOfflineCopy(this.engine, this.options.dataDir)));
  }

  /**
   * Sets (or with null removes) the answer server: a host operation, not part of GentenApi, so
   * neither HTTP nor the renderer can reach it. The desktop app calls it after the user confirmed
   * in a native dialog; the CLI has `genten models server`.
   */
  async setAnswerServer(server: AnswerServer | null): Promise<Settings> {
    if (server) this.assertAnswerServerAllowed(server.baseUrl);
    this.audit?.record({ type: 'settings', changed: ['answerServer'], answerServer: server?.baseUrl ?? null }, 'the settings were not changed');
    const settings = await this.options.settings.update({ answerServer: server });
    await this.answerModel.settingsChanged(settings);
    return withoutApiKey(settings);
  }

  /** Throws POLICY (and records the refusal) when the policy forbids this answer server: checked before the user is asked to confirm it. */
  assertAnswerServerAllowed(baseUrl: string): void {
    try {
      this.policy.assertAnswerServer(baseUrl);
    } catch (error) {
      this.recordFailure('setAnswerServer', toErrorInfo(error));
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Host helpers (not part of GentenApi)

  /**
   * A document's source file, for the PDF viewer: only documents in the library. When the file is
   * not on this machine (a shared library indexed elsewhere), `data` holds the bytes the library
   * keeps of it (files/<sha256>).
   */
  async documentFile(documentId: string): Promise<Result<DocumentFile>> {
    return this.guard(async () => {
      if (typeof documentId !== 'string' || !/^[\w-]{1,100}$/.test(documentId)) throw new GentenError('BAD_REQUEST', 'Invalid document id.');
      const doc = await this.engine.document(documentId);
      if (!doc || doc.status === 'failed') throw new GentenError('NOT_FOUND', 'That document is not in the library.');
      const readRoots = this.readRoots;
      return { type: doc.type, title: doc.title, ...(await documentSource(this.engine, doc, readRoots ? (file) => readRoots.allows(file) : undefined)) };
    });
  }

  /** Ids of jobs still running (index and answers). */
  runningJobs(): string[] {
    return this.jobs.ids();
  }

  /** Cancels every job, waits for library writes to stop, frees the model and the engine. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const jobsStopped = this.jobs.stop();
    await this.reviews.dispose();
    await jobsStopped;
    await this.answerModel.unload();
    await this.useEmbeddingModel(null);
    this.events.clear();
    this.engine.dispose();
  }

  // ------------------------------------------------------------------------------------------

  /** Refusals and errors go to the audit log (a failure to write it cannot make things worse). */
  private recordFailure(action: string, error: { code: string; message: string }): void {
    if (!this.audit || error.code === 'CANCELLED') return;
    this.audit.tryRecord({ type: error.code === 'POLICY' ? 'refusal' : 'error', action, code: error.code, message: error.message });
  }

  private async call<M extends ApiMethod, T>(method: M, input: unknown, fn: (request: NonNullable<ApiRequest<M>>) => Promise<T>): Promise<Result<T>> {
    if (this.disposed) return { ok: false, error: { code: 'INTERNAL', message: 'Genten is shutting down.' } };
    const parsed = parseRequest(method, input);
    if (!parsed.ok) return parsed;
    const result = await this.guard(() => fn(parsed.value as NonNullable<ApiRequest<M>>));
    if (!result.ok && !['BAD_REQUEST', 'NOT_FOUND'].includes(result.error.code)) this.recordFailure(method, result.error);
    return result;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<Result<T>> {
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }
}

/** Settings as the renderer may see them: the answer server's API key never leaves the host. */
function withoutApiKey(settings: Settings): Settings {
  if (!settings.answerServer?.apiKey) return settings;
  const { apiKey: _key, ...server } = settings.answerServer;
  return { ...settings, answerServer: server };
}
