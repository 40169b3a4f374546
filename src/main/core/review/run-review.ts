/**
 * A review run: every checklist item asked of every document, one at a time, through the item
 * item review (review-item.ts: retrieval, then the same answer pipeline and support check as `ask`). The run is
 * saved after each item; cancel stops between items (or inside an answer) and keeps what is done;
 * resume answers only what is missing.
 */
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { renderReason } from '../../../shared/review-reasons';
import type { Checklist, ReviewDocument, ReviewItemResult, ReviewModel, ReviewProgress, ReviewRun } from '../../../shared/review';
import { checkExpected } from '../compare/expected';
import type { DocumentInfo } from '../../../shared/types';
import type { AnswerStyle } from '../answer/types';
import type { Engine } from '../engine';
import { callSafely, type ChatModel } from '../llm/types';
import { LineIndex } from '../search/line-ranges';
import { compareWithPrevious, indexResults } from './compare-runs';
import { gentenVersion } from './provenance';
import { reviewItem } from './review-item';
import { newRunId, type ReviewStore } from './review-store';

export interface ReviewTarget {
  /** Files in the library (absolute or relative paths). */
  paths?: string[];
  /** Document ids (what the UI sends). */
  documentIds?: string[];
  /** Every document of this collection. */
  collection?: string;
}

/** The library's documents for a review; anything not in the library is a clear error. */
export async function resolveDocuments(engine: Engine, target: ReviewTarget): Promise<ReviewDocument[]> {
  const all = await engine.documents();
  const picked: DocumentInfo[] = [];
  const add = (doc: DocumentInfo) => {
    if (doc.status === 'failed')
      throw new GentenError(
        'INVALID_FILE',
        `${doc.path} is in the library but could not be indexed (${doc.error?.message ?? 'failed'}): fix it and index it again.`,
        doc.path,
      );
    if (!picked.some((d) => d.id === doc.id)) picked.push(doc);
  };
  for (const file of target.paths ?? []) {
    const absolute = path.resolve(file);
    const doc = all.find((d) => d.path === absolute);
    if (!doc) throw new GentenError('NOT_FOUND', `${absolute} is not in the library: index it first (genten index "${file}").`, absolute);
    add(doc);
  }
  for (const id of target.documentIds ?? []) {
    const doc = all.find((d) => d.id === id);
    if (!doc) throw new GentenError('NOT_FOUND', `Document ${id} is not in the library (it was removed).`);
    add(doc);
  }
  if (target.collection !== undefined) {
    const inCollection = all.filter((d) => d.collection === target.collection && d.status !== 'failed');
    if (inCollection.length === 0) throw new GentenError('NOT_FOUND', `The collection "${target.collection}" has no documents.`);
    inCollection.forEach(add);
  }
  if (picked.length === 0) throw new GentenError('BAD_REQUEST', 'Choose at least one document (or a collection) to review.');
  return picked.map((d) => ({ id: d.id, path: d.path, title: d.title, type: d.type, hash: d.hash }));
}

export interface NewRunOptions {
  checklist: Checklist;
  documents: ReviewDocument[];
  model: ReviewModel;
  collection?: string;
  /** The run this one re-runs: its answers are compared with the new ones. */
  previous?: ReviewRun;
  now?: Date;
}

export function createRun(options: NewRunOptions): ReviewRun {
  const now = (options.now ?? new Date()).toISOString();
  return {
    id: newRunId(options.now),
    version: 1,
    checklist: options.checklist,
    documents: options.documents,
    ...(options.collection ? { collection: options.collection } : {}),
    model: options.model,
    gentenVersion: gentenVersion(),
    state: 'running',
    createdAt: now,
    updatedAt: now,
    seconds: 0,
    ...(options.previous ? { previousRunId: options.previous.id } : {}),
    results: [],
  };
}

export interface ExecuteOptions {
  engine: Engine;
  store: ReviewStore;
  /** Generative answers with this model; extractive without. */
  model?: ChatModel | null;
  /** The user's answer style ('auto' when unset: a base model is not asked). */
  style?: AnswerStyle;
  /** The run this one re-runs (for `change`). */
  previous?: ReviewRun;
  signal?: AbortSignal;
  onProgress?: (progress: ReviewProgress) => void;
  /** Each answered item, after it is saved. */
  onItem?: (result: ReviewItemResult) => void;
  /** Passages retrieved per item. Default 5. */
  k?: number;
  /** Adds line ranges to citations of text files. Default: one over the engine's store. */
  lineIndex?: LineIndex;
}

/** (item, document) pairs in report order: checklist order, then document order. */
export function pendingPairs(run: ReviewRun): Array<{ itemIndex: number; document: ReviewDocument }> {
  const done = new Set(run.results.map((r) => `${r.itemId}\u0000${r.documentId}`));
  const pairs: Array<{ itemIndex: number; document: ReviewDocument }> = [];
  run.checklist.items.forEach((item, itemIndex) => {
    for (const document of run.documents) if (!done.has(`${item.id}\u0000${document.id}`)) pairs.push({ itemIndex, document });
  });
  return pairs;
}

/** Checks that the documents are still the versions the run started with (resume only). */
export async function checkDocumentsUnchanged(engine: Engine, run: ReviewRun): Promise<void> {
  const current = new Map((await engine.documents()).map((d) => [d.id, d]));
  for (const doc of run.documents) {
    const now = current.get(doc.id);
    if (!now)
      throw new GentenError(
        'NOT_FOUND',
        `${doc.path} was removed from the library since this review started: re-run the review on the documents you want.`,
        doc.path,
      );
    if (now.hash !== doc.hash)
      throw new GentenError('BAD_REQUEST', `${doc.path} changed since this review started: re-run the review instead (it shows what changed).`, doc.path);
  }
}

/**
 * Answers every pair the run is missing, saving after each. Resolves with the run in its final
 * state: done, cancelled (the signal fired) or failed (with `error`).
 */
export async function executeRun(run: ReviewRun, options: ExecuteOptions): Promise<ReviewRun> {
  const { engine, store, model, style, signal, k = 5 } = options;
  const previous = options.previous ? indexResults(options.previous) : undefined;
  const lineIndex = options.lineIndex ?? new LineIndex(engine.store);
  const pairs = pendingPairs(run);
  const total = run.checklist.items.length * run.documents.length;
  const started = performance.now();
  const secondsBefore = run.seconds;
  let answered = 0;
  run.state = 'running';
  delete run.error;
  store.markLive(run.id, true);
  const progress = (itemId?: string, documentId?: string) => {
    const elapsed = (performance.now() - started) / 1000;
    callSafely(options.onProgress, { done: run.results.length, total, itemId, documentId, rate: elapsed > 0 ? answered / elapsed : 0 });
  };
  const save = async () => {
    run.updatedAt = new Date().toISOString();
    run.seconds = secondsBefore + (performance.now() - started) / 1000;
    await store.save(run);
  };
  try {
    await save();
    progress();
    for (const { itemIndex, document } of pairs) {
      if (signal?.aborted) break;
      const item = run.checklist.items[itemIndex]!;
      let result: ReviewItemResult | null;
      try {
        result = await reviewItem({ engine, item, document, language: run.checklist.language, model, style, collection: run.collection, k, signal });
      } catch (error) {
        if (signal?.aborted) break;
        throw error;
      }
      if (!result) break; // stopped midway: a half answer is not kept
      // The company's standard as the expected answer: a found clause that does not say it is flagged.
      if (item.expected && result.status !== 'not_found' && !checkExpected(item.expected, [result.answer, ...result.citations.map((c) => c.quote)]).holds) {
        result.status = 'needs_review';
        result.reasonCode = { code: 'differs_from_standard', params: { expected: item.expected } };
        result.reason = renderReason(result.reasonCode, run.checklist.language);
      }
      result.citations = await lineIndex.addLines(result.citations);
      if (previous) result = compareWithPrevious(result, document.path, previous);
      run.results.push(result);
      answered++;
      await save();
      callSafely(options.onItem, result);
      progress(item.id, document.id);
    }
    run.state = run.results.length >= total ? 'done' : 'cancelled';
    if (run.state === 'done') run.finishedAt = new Date().toISOString();
  } catch (error) {
    run.state = 'failed';
    const info =
      error instanceof GentenError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) };
    run.error = info;
  } finally {
    store.markLive(run.id, false);
  }
  await save();
  return run;
}
