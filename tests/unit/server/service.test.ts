import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Answer, GentenEventName, GentenEvents } from '../../../src/shared/api';
import type { AnswerFn } from '../../../src/main/api/answer';
import { makeTempDir } from '../../helpers/temp';
import { makeFakeService } from './fake-service';

const answerOf = (question: string, text: string, cancelled = false): Answer => ({
  question,
  mode: 'extractive',
  answer: text,
  citations: [],
  unsupported: [],
  model: null,
  ...(cancelled ? { cancelled } : {}),
  timings: { retrieveMs: 0, firstTokenMs: 0, totalMs: 0, tokens: 0, tokensPerSecond: null },
});

/** Streams a word every 5 ms until stopped, like a model. */
const slowAnswer: AnswerFn = async ({ question, signal, onDelta }) => {
  let text = '';
  for (let i = 0; i < 400 && !signal.aborted; i++) {
    const word = `w${i} `;
    text += word;
    onDelta(word);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return answerOf(question, text, signal.aborted);
};

function record(service: ReturnType<typeof makeFakeService>['service']) {
  const events: Array<{ name: GentenEventName; payload: GentenEvents[GentenEventName]; at: number }> = [];
  service.events.onAny((name, payload) => events.push({ name, payload, at: performance.now() }));
  return events;
}

describe('GentenService: jobs, cancel and batched deltas', () => {
  const temp = makeTempDir('genten-service-');
  const fake = makeFakeService({ dir: temp.dir, answer: slowAnswer });
  afterAll(async () => {
    await fake.service.dispose();
    temp.cleanup();
  });

  it('streams an answer in batches of ~40 ms and stops it on cancelAsk, keeping the partial text', async () => {
    const events = record(fake.service);
    const started = await fake.service.ask({ question: 'E-203' });
    if (!started.ok) throw new Error(started.error.message);
    const { askId } = started.value;
    const mine = () => events.filter((e) => (e.payload as { askId?: string }).askId === askId);
    // Let a few batches go out before cancelling.
    await vi.waitFor(() => expect(mine().filter((e) => e.name === 'answer:delta').length).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 10 });
    const stoppedAt = performance.now();
    await expect(fake.service.cancelAsk({ askId })).resolves.toEqual({ ok: true, value: null });
    await vi.waitFor(() => expect(mine().some((e) => e.name === 'answer:done')).toBe(true), { timeout: 5000, interval: 10 });
    const deltas = mine().filter((e) => e.name === 'answer:delta');
    const done = mine().find((e) => e.name === 'answer:done');
    const words = deltas
      .map((d) => (d.payload as GentenEvents['answer:delta']).text)
      .join('')
      .split(' ').length;
    expect(done!.at - stoppedAt).toBeLessThan(1000);
    const answer = (done!.payload as GentenEvents['answer:done']).answer;
    expect(answer.cancelled).toBe(true);
    // Words went out batched (several per event), and nothing was lost.
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.length).toBeLessThan(words / 2);
    expect(deltas.map((d) => (d.payload as GentenEvents['answer:delta']).text).join('')).toBe(answer.answer);
    await expect(fake.service.cancelAsk({ askId })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('runs index jobs one after another and reports progress and done with the job id', async () => {
    const events = record(fake.service);
    const a = await fake.service.startIndex({ paths: ['/a'] });
    const b = await fake.service.startIndex({ paths: ['/b'] });
    if (!a.ok || !b.ok) throw new Error('startIndex failed');
    await vi.waitFor(() => expect(events.filter((e) => e.name === 'ingest:done')).toHaveLength(2), { timeout: 5000, interval: 10 });
    const names = events.map((e) => `${e.name}:${(e.payload as { jobId?: string }).jobId === a.value.jobId ? 'a' : 'b'}`);
    expect(names).toEqual(['ingest:progress:a', 'ingest:done:a', 'ingest:progress:b', 'ingest:done:b']);
    expect(fake.indexed.slice(-2)).toEqual([['/a'], ['/b']]);
  });

  it('a job cancelled while it waits for the one before ends with CANCELLED', async () => {
    const slowTemp = makeTempDir('genten-service-slow-');
    const slowFake = makeFakeService({ dir: slowTemp.dir, indexDelayMs: 150 });
    const events = record(slowFake.service);
    const first = await slowFake.service.startIndex({ paths: ['/first'] });
    const second = await slowFake.service.startIndex({ paths: ['/second'] });
    if (!second.ok || !first.ok) throw new Error('start failed');
    await slowFake.service.cancelIndex({ jobId: second.value.jobId });
    const ended = (jobId: string) => events.some((e) => (e.payload as { jobId?: string }).jobId === jobId && e.name !== 'ingest:progress');
    await vi.waitFor(() => expect(ended(first.value.jobId) && ended(second.value.jobId)).toBe(true), { timeout: 5000, interval: 10 });
    await slowFake.service.dispose();
    slowTemp.cleanup();
    expect(slowFake.indexed).toEqual([['/first']]);
    const end = events.find((e) => (e.payload as { jobId?: string }).jobId === second.value.jobId && e.name !== 'ingest:progress');
    expect(end?.name).toBe('ingest:error');
    expect((end?.payload as GentenEvents['ingest:error']).error.code).toBe('CANCELLED');
  });

  it('turns every bad request into BAD_REQUEST without touching the engine', async () => {
    await expect(fake.service.search({ query: '   ' })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(fake.service.getPassage({ chunkId: 'missing' })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await expect(fake.service.getPassage({ chunkId: 'c1' })).resolves.toMatchObject({ ok: true, value: { page: 2, type: 'pdf', documentId: 'doc1' } });
    await expect(fake.service.updateSettings({ answerModel: '/no/such/model.gguf' })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await expect(fake.service.updateSettings({ answerModel: '/etc/passwd' })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(fake.service.updateSettings({ language: 'ja' })).resolves.toMatchObject({ ok: true, value: { language: 'ja', answerModel: null } });
    await expect(fake.service.getSettings()).resolves.toMatchObject({ ok: true, value: { language: 'ja' } });
  });
});
