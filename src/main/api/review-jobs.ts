/**
 * Review runs for the service: start, cancel, resume, re-run, marks and exports, with progress as
 * `review:*` events. Runs queue one after another (they share the answer model); each is saved in
 * the library's `reviews/` folder as it goes.
 */
import path from 'node:path';
import { GentenError, toErrorInfo } from '../../shared/errors';
import { SerialQueue } from '../../shared/serial-queue';
import {
  summarizeRun,
  type Checklist,
  type ChecklistSource,
  type ReportFormat,
  type ReviewerMark,
  type ReviewItemResult,
  type ReviewRun,
  type ReviewSummary,
  type ShippedChecklist,
} from '../../shared/review';
import type { AuditLog } from '../core/audit/audit-log';
import { recordExport, recordReviewEnd, recordReviewStart } from '../core/audit/review-events';
import type { AnswerStyle } from '../core/answer/types';
import type { Engine } from '../core/engine';
import type { ChatModel } from '../core/llm/types';
import { checklistFromText, loadChecklist } from '../core/review/checklist';
import { describeModel } from '../core/review/provenance';
import { reportFileName, writeReport } from '../core/review/report';
import { ReviewStore } from '../core/review/review-store';
import { checkDocumentsUnchanged, createRun, executeRun, resolveDocuments } from '../core/review/run-review';
import { listShippedChecklists, shippedChecklistFile } from '../core/review/shipped';
import type { GentenEmitter } from './events';

export interface ReviewJobsOptions {
  engine: Engine;
  /** The user's data folder: a shared library's reviews and reports are kept there (libraryFilesDir). */
  dataDir: string;
  events: GentenEmitter;
  /** The answer model (loaded on demand), or null for extractive answers. */
  getModel: () => Promise<ChatModel | null>;
  /** Which model answers (for the report's record), without loading it. */
  modelSource: () => Promise<{ key: string; file?: string } | null>;
  /** The user's answer style (Settings.answerStyle), which reviews follow as answers do. */
  answerStyle: () => Promise<AnswerStyle>;
  /** Bundled resources (shipped checklists). Default: the repository's resources/. */
  resourcesDir?: string;
  /** The audit log (policy): each run and export is recorded. Default: none. */
  audit?: AuditLog | null;
}

/** Where exported reports are written inside the library. */
export const REPORTS_FOLDER = 'reports';

export class ReviewJobs {
  readonly store: ReviewStore;
  private readonly live = new Map<string, { run: ReviewRun; controller: AbortController }>();
  private readonly queue = new SerialQueue();

  constructor(private readonly options: ReviewJobsOptions) {
    this.store = ReviewStore.forLibrary(options.engine.libraryDir, options.dataDir);
  }

  listChecklists(): Promise<ShippedChecklist[]> {
    return listShippedChecklists(this.options.resourcesDir);
  }

  async checklist(source: ChecklistSource): Promise<Checklist> {
    if ('shipped' in source) {
      const shipped = (await this.listChecklists()).find((c) => c.id === source.shipped);
      const checklist = await loadChecklist(await shippedChecklistFile(source.shipped, this.options.resourcesDir));
      return shipped ? { ...checklist, name: shipped.names[checklist.language] } : checklist;
    }
    if ('path' in source) return loadChecklist(source.path);
    return checklistFromText(source.text, source.name?.trim() || 'Checklist');
  }

  async start(request: { checklist: ChecklistSource; documentIds?: string[]; collection?: string }): Promise<{ runId: string }> {
    const checklist = await this.checklist(request.checklist);
    const documents = await resolveDocuments(this.options.engine, { documentIds: request.documentIds, collection: request.collection });
    const run = createRun({ checklist, documents, model: await describeModel(await this.options.modelSource()), collection: request.collection });
    recordReviewStart(this.options.audit, run, 'start');
    await this.store.save(run);
    this.launch(run);
    return { runId: run.id };
  }

  async resume(runId: string): Promise<{ runId: string }> {
    if (this.live.has(runId)) throw new GentenError('BAD_REQUEST', 'This review is already running.');
    const run = await this.store.load(runId);
    if (run.state === 'done') throw new GentenError('BAD_REQUEST', 'This review is already complete.');
    await checkDocumentsUnchanged(this.options.engine, run);
    recordReviewStart(this.options.audit, run, 'resume');
    this.launch(run, await this.previousOf(run));
    return { runId };
  }

  /** A new run of the same checklist over the same documents (their current versions), compared with this one. */
  async rerun(runId: string): Promise<{ runId: string }> {
    const previous = this.live.get(runId)?.run ?? (await this.store.load(runId));
    const documents = await resolveDocuments(this.options.engine, { paths: previous.documents.map((d) => d.path) });
    const run = createRun({
      checklist: previous.checklist,
      documents,
      model: await describeModel(await this.options.modelSource()),
      collection: previous.collection,
      previous,
    });
    await this.store.save(run);
    recordReviewStart(this.options.audit, run, 'rerun');
    this.launch(run, previous);
    return { runId: run.id };
  }

  cancel(runId: string): void {
    const job = this.live.get(runId);
    if (!job) throw new GentenError('NOT_FOUND', 'This review is not running.');
    job.controller.abort();
  }

  list(): Promise<ReviewSummary[]> {
    return this.store.list();
  }

  async get(runId: string): Promise<ReviewRun> {
    return this.live.get(runId)?.run ?? (await this.store.load(runId));
  }

  async mark(request: { runId: string; itemId: string; documentId: string; mark: ReviewerMark | null; note?: string }): Promise<ReviewItemResult> {
    const live = this.live.get(request.runId)?.run;
    if (!live) return this.store.update(request.runId, (run) => applyMark(run, request));
    // A run being answered lives in memory: its saves carry every mark.
    const result = applyMark(live, request);
    await this.store.save(live);
    return result;
  }

  /** Writes the report into the library's reviews/reports folder; returns its path. */
  async export(request: { runId: string; format: ReportFormat; language?: 'ja' | 'en' }): Promise<{ path: string; fileName: string }> {
    const run = await this.get(request.runId);
    const fileName = reportFileName(run, request.format);
    const file = await writeReport(run, path.join(this.store.dir, REPORTS_FOLDER, fileName), { language: request.language });
    await recordExport(this.options.audit, run, file);
    return { path: file, fileName };
  }

  /** Stops every run (each keeps what it answered) and waits for them. */
  async dispose(): Promise<void> {
    for (const job of this.live.values()) job.controller.abort();
    await this.queue.idle();
  }

  private async previousOf(run: ReviewRun): Promise<ReviewRun | undefined> {
    if (!run.previousRunId) return undefined;
    return this.store.load(run.previousRunId).catch(() => undefined);
  }

  private launch(run: ReviewRun, previous?: ReviewRun): void {
    const controller = new AbortController();
    this.live.set(run.id, { run, controller });
    this.store.markLive(run.id, true);
    const { events } = this.options;
    const runId = run.id;
    const job = async () => {
      try {
        const model = controller.signal.aborted ? null : await this.options.getModel();
        const finished = await executeRun(run, {
          engine: this.options.engine,
          store: this.store,
          model,
          style: await this.options.answerStyle(),
          previous,
          signal: controller.signal,
          onProgress: (progress) => events.emit('review:progress', { runId, progress }),
          onItem: (result) => events.emit('review:item', { runId, result }),
        });
        recordReviewEnd(this.options.audit, finished);
        if (finished.state === 'failed') events.emit('review:error', { runId, error: finished.error ?? { code: 'INTERNAL', message: 'The review failed.' } });
        else events.emit('review:done', { runId, summary: summarizeRun(finished) });
      } catch (error) {
        const info = toErrorInfo(error);
        events.emit('review:error', { runId, error: { code: info.code, message: info.message } });
      } finally {
        this.live.delete(runId);
        this.store.markLive(runId, false);
      }
    };
    void this.queue.run(job);
  }
}

/** Sets or clears a reviewer's mark and note on one item of `run` (an empty note clears it); the item's result. */
function applyMark(run: ReviewRun, request: { itemId: string; documentId: string; mark: ReviewerMark | null; note?: string }): ReviewItemResult {
  const result = run.results.find((r) => r.itemId === request.itemId && r.documentId === request.documentId);
  if (!result) throw new GentenError('NOT_FOUND', `Item ${request.itemId} has no answer yet in this review.`);
  if (request.mark === null) {
    delete result.mark;
    delete result.markedAt;
  } else {
    result.mark = request.mark;
    result.markedAt = new Date().toISOString();
  }
  if (request.note !== undefined) {
    if (request.note.trim()) result.note = request.note;
    else delete result.note;
  }
  run.updatedAt = new Date().toISOString();
  return result;
}
