/**
 * Review runs over a real library (LanceDB in a temp folder, real kuromoji, the sample PDFs and
 * Markdown): every item saved as it is answered, cancel keeps what is done, resume answers only
 * what is missing, marks survive a re-run that changed nothing, and a re-run after the document
 * changed says what changed. Retrieval quality is review-core's: nothing here pins a ranking.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewRun } from '../../../src/shared/review';
import { GentenService } from '../../../src/main/api/service';
import { SettingsStore } from '../../../src/main/api/settings-store';
import { Engine } from '../../../src/main/core/engine';
import { loadChecklist } from '../../../src/main/core/review/checklist';
import { EXTRACTIVE_MODEL } from '../../../src/main/core/review/provenance';
import { ReviewStore } from '../../../src/main/core/review/review-store';
import { checkDocumentsUnchanged, createRun, executeRun, resolveDocuments } from '../../../src/main/core/review/run-review';
import { listShippedChecklists } from '../../../src/main/core/review/shipped';
import { makeTempDir } from '../../helpers/temp';

const SAMPLES = path.resolve(__dirname, '../../../resources/samples');
const temp = makeTempDir('genten-review-');
const docs = path.join(temp.dir, 'docs');
const contract = path.join(docs, '業務委託契約書.pdf');
const rules = path.join(docs, '就業規則.md');
let engine: Engine;
let store: ReviewStore;

beforeAll(async () => {
  fs.mkdirSync(docs, { recursive: true });
  for (const name of fs.readdirSync(SAMPLES)) fs.copyFileSync(path.join(SAMPLES, name), path.join(docs, name));
  engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
  const summary = await engine.index({ paths: [docs] });
  expect(summary.failed).toEqual([]);
  store = ReviewStore.forLibrary(engine.libraryDir);
}, 120_000);

afterAll(() => {
  engine?.dispose();
  temp.cleanup();
});

async function shipped(id: string) {
  const entry = (await listShippedChecklists()).find((c) => c.id === id)!;
  return loadChecklist(entry.path);
}

function onDisk(id: string): ReviewRun {
  return JSON.parse(fs.readFileSync(store.fileOf(id), 'utf8')) as ReviewRun;
}

describe('review runs', () => {
  it('answers every item, saving each one before the next; statuses and citations point into the document', async () => {
    const checklist = await shipped('gyomu-itaku');
    const documents = await resolveDocuments(engine, { paths: [contract] });
    const run = createRun({ checklist, documents, model: EXTRACTIVE_MODEL });
    const savedCounts: number[] = [];
    const finished = await executeRun(run, {
      engine,
      store,
      onItem: (result) => {
        const saved = onDisk(run.id);
        savedCounts.push(saved.results.length);
        expect(saved.results.at(-1)).toEqual(result);
      },
    });
    expect(finished.state).toBe('done');
    expect(savedCounts).toEqual(checklist.items.map((_, i) => i + 1));
    expect(finished.results).toHaveLength(checklist.items.length);
    expect(onDisk(run.id)).toMatchObject({ state: 'done', results: finished.results, finishedAt: expect.any(String) });
    for (const r of finished.results) {
      expect(['found', 'not_found', 'needs_review']).toContain(r.status);
      expect(r.mode).toBe('extractive');
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      for (const c of r.citations) expect(c.path).toBe(contract);
      // not_found still shows the nearest passages, so that a reviewer can see what the document says instead.
      if (r.status === 'not_found') expect(r.citations.length).toBeLessThanOrEqual(3);
      if (r.status === 'found') expect(r.citations.length).toBeGreaterThan(0);
    }
    // package.json's version, with the commit when run from a checkout.
    const version = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')).version as string;
    expect(finished.gentenVersion).toMatch(new RegExp(`^${version.replaceAll('.', '\\.')}( \\([0-9a-f]{7}\\))?$`));
    expect(finished.documents[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('cancel keeps the answered items; resume answers only the rest, in checklist order, with no duplicates', async () => {
    const checklist = await shipped('shugyo-kisoku');
    const documents = await resolveDocuments(engine, { paths: [rules, contract] });
    const total = checklist.items.length * 2;
    const run = createRun({ checklist, documents, model: EXTRACTIVE_MODEL });
    const controller = new AbortController();
    let seen = 0;
    const stopped = await executeRun(run, { engine, store, signal: controller.signal, onItem: () => ++seen === 5 && controller.abort() });
    expect(stopped.state).toBe('cancelled');
    expect(stopped.results).toHaveLength(5);
    // Loaded again (a new process): the same five, and resumable.
    const reloaded = await new ReviewStore(store.dir).load(run.id);
    expect(reloaded.state).toBe('cancelled');
    expect(reloaded.results).toEqual(stopped.results);
    await checkDocumentsUnchanged(engine, reloaded);
    const progress: number[] = [];
    const resumed = await executeRun(reloaded, { engine, store, onProgress: (p) => progress.push(p.done) });
    expect(resumed.state).toBe('done');
    expect(resumed.results).toHaveLength(total);
    expect(new Set(resumed.results.map((r) => `${r.itemId}/${r.documentId}`)).size).toBe(total);
    expect(resumed.results.slice(0, 5)).toEqual(stopped.results);
    expect(progress[0]).toBe(5);
    expect(progress.at(-1)).toBe(total);
  });

  it('a run found "running" on disk that no process runs is interrupted, and resumes', async () => {
    const checklist = await shipped('gyomu-itaku');
    const run = createRun({ checklist, documents: await resolveDocuments(engine, { paths: [contract] }), model: EXTRACTIVE_MODEL });
    await store.save(run); // state "running", as a crash leaves it
    const loaded = await new ReviewStore(store.dir).load(run.id);
    expect(loaded.state).toBe('interrupted');
    expect((await new ReviewStore(store.dir).list()).find((s) => s.id === run.id)).toMatchObject({
      state: 'interrupted',
      done: 0,
      total: checklist.items.length,
    });
  });

  it('documents not in the library, failed, or a missing collection are clear errors', async () => {
    const outside = path.join(temp.dir, 'other.pdf');
    await expect(resolveDocuments(engine, { paths: [outside] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${outside} is not in the library: index it first (genten index "${outside}").`,
    });
    await expect(resolveDocuments(engine, { collection: 'nope' })).rejects.toThrow('The collection "nope" has no documents.');
    await expect(resolveDocuments(engine, {})).rejects.toThrow('Choose at least one document');
  });

  it('through the service: events, marks, export; a re-run after the rules changed says which answers changed and keeps marks of the others', async () => {
    const service = new GentenService({ engine, settings: new SettingsStore(path.join(temp.dir, 'settings.json')), dataDir: temp.dir });
    const events: string[] = [];
    const off = service.events.onAny((name, payload) => {
      if ('runId' in payload) events.push(name);
    });
    const ruleDoc = (await engine.documents()).find((d) => d.path === rules)!;
    const done = (runId: string) =>
      new Promise<void>((resolve, reject) => {
        const stop = service.events.onAny((name, payload) => {
          if (!('runId' in payload) || payload.runId !== runId) return;
          if (name === 'review:done') resolve(stop());
          if (name === 'review:error') reject(new Error(JSON.stringify(payload)));
        });
      });
    const started = await service.startReview({ checklist: { shipped: 'shugyo-kisoku' }, documentIds: [ruleDoc.id] });
    if (!started.ok) throw new Error(started.error.message);
    const first = started.value.runId;
    await done(first);
    const run = await service.getReview({ runId: first });
    if (!run.ok) throw new Error(run.error.message);
    expect(events.filter((e) => e === 'review:item')).toHaveLength(run.value.checklist.items.length);
    expect(events.filter((e) => e === 'review:progress').length).toBeGreaterThan(run.value.checklist.items.length);
    expect(events.at(-1)).toBe('review:done');
    const [a, b] = run.value.results;
    // At once, as the UI sends them: a note saved as its field loses focus while the next item is marked.
    const marks = await Promise.all([
      service.markReviewItem({ runId: first, itemId: a!.itemId, documentId: ruleDoc.id, mark: 'accepted', note: '確認済み' }),
      service.markReviewItem({ runId: first, itemId: b!.itemId, documentId: ruleDoc.id, mark: 'rejected' }),
    ]);
    expect(marks.map((m) => m.ok)).toEqual([true, true]);
    expect(await service.markReviewItem({ runId: first, itemId: 'nope', documentId: ruleDoc.id, mark: 'accepted' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      onDisk(first)
        .results.slice(0, 2)
        .map((r) => [r.mark, r.note]),
    ).toEqual([
      ['accepted', '確認済み'],
      ['rejected', undefined],
    ]);
    const exported = await service.exportReview({ runId: first, format: 'xlsx' });
    expect(exported).toMatchObject({ ok: true, value: { fileName: '就業規則チェック-' + run.value.createdAt.slice(0, 10) + '.xlsx' } });
    if (exported.ok) expect(fs.statSync(exported.value.path).size).toBeGreaterThan(3000);

    // The rules change: every "従業員" becomes "社員". Answers quoting it must be reported changed.
    fs.writeFileSync(rules, fs.readFileSync(rules, 'utf8').replaceAll('従業員', '社員'));
    await engine.index({ paths: [rules] });
    expect(await service.resumeReview({ runId: first })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const again = await service.rerunReview({ runId: first });
    if (!again.ok) throw new Error(again.error.message);
    await done(again.value.runId);
    const second = await service.getReview({ runId: again.value.runId });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.previousRunId).toBe(first);
    expect(second.value.documents[0]!.hash).not.toBe(run.value.documents[0]!.hash);
    const before = new Map(run.value.results.map((r) => [r.itemId, r]));
    let changed = 0;
    for (const r of second.value.results) {
      const old = before.get(r.itemId)!;
      const quotedOld = old.citations.some((c) => c.quote.includes('従業員'));
      if (quotedOld) {
        changed++;
        expect(r.change).toMatchObject({ kind: 'changed', previousStatus: old.status, previousAnswer: old.answer });
        expect(r.mark).toBeUndefined();
      }
      if (r.change?.kind === 'unchanged') expect(r.mark).toBe(old.mark);
      if (old.note) expect(r.note).toBe(old.note);
    }
    expect(changed).toBeGreaterThan(0);
    const listed = await service.listReviews();
    expect(listed.ok && listed.value.map((s) => s.id).slice(0, 2)).toEqual([again.value.runId, first]);
    off();
  }, 120_000);
});
