import { describe, expect, it, vi } from 'vitest';
import { answerQuestion, type AskOptions } from '../../../src/main/core/answer/answer-question';
import { EXTRACTED_LABEL } from '../../../src/main/core/answer/extractive';
import type { Hit } from '../../../src/shared/types';
import { FakeChatModel } from './fake-chat-model';
import { hit, simpleAnalyze } from './fixtures';

const contract = hit('第12条第3項 乙は、甲の事前の書面による承諾を得た場合に限り、本業務を第三者に再委託することができる。', {
  title: '業務委託契約書',
  page: 7,
  section: '第3章 > 第12条',
  chunkId: 'contract-12',
  rank: 1,
});
const rules = hit('承諾の申請は、再委託の開始日の30日前までに書面で行う。', { title: '委託管理規程', page: 3, chunkId: 'rules-3', rank: 2 });
const hits = [contract, rules];

function ask(overrides: Partial<AskOptions>) {
  return answerQuestion({
    question: '再委託に事前承諾は必要か',
    retrieve: async () => hits,
    analyze: simpleAnalyze,
    ...overrides,
  });
}

describe('answerQuestion without a model', () => {
  it('answers extractively from the passages, with citations and timings', async () => {
    const deltas: string[] = [];
    const result = await ask({ onDelta: (d) => deltas.push(d) });
    expect(result.mode).toBe('extractive');
    expect(result.model).toBeNull();
    expect(result.answer.startsWith(EXTRACTED_LABEL.ja)).toBe(true);
    expect(result.citations[0]).toMatchObject({ n: 1, title: '業務委託契約書', page: 7, section: '第3章 > 第12条', chunkId: 'contract-12' });
    expect(contract.text).toContain(result.citations[0]!.quote);
    expect(deltas.join('')).toBe(result.answer);
    expect(result.unsupported).toEqual([]);
    expect(result.cancelled).toBe(false);
    expect(result.timings.firstTokenMs).not.toBeNull();
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.retrieveMs);
  });
});

describe('answerQuestion with a model', () => {
  it('streams the answer, keeps valid citations, drops invented ones and flags what the sources do not support', async () => {
    const model = new FakeChatModel('再委託には甲の事前の書面による承諾が必要です[1]。申請は30日前までに書面で行います[2]。違反すると契約は解除されます[5]。');
    const deltas: string[] = [];
    const result = await ask({ model, onDelta: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(1);
    expect(result.mode).toBe('generative');
    expect(result.model).toBe('fake-model');
    expect(result.language).toBe('ja');
    expect(result.answer).toBe('再委託には甲の事前の書面による承諾が必要です[1]。申請は30日前までに書面で行います[2]。違反すると契約は解除されます。');
    expect(result.invalidCitations).toEqual([5]);
    expect(result.citations.map((c) => [c.n, c.chunkId])).toEqual([
      [1, 'contract-12'],
      [2, 'rules-3'],
    ]);
    expect(result.citations[1]!.quote).toBe(rules.text);
    expect(result.unsupported).toEqual(['違反すると契約は解除されます。']);
  });

  it('sends the passages numbered in rank order with the question, in the question language', async () => {
    const model = new FakeChatModel('The documents do not say.');
    await ask({ model, question: 'Is subcontracting allowed?' });
    const [system, user] = model.calls[0]!;
    expect(system!.content).toContain('The documents do not say');
    expect(user!.content.indexOf('[1] 業務委託契約書')).toBeLessThan(user!.content.indexOf('[2] 委託管理規程'));
    expect(user!.content).toContain('Question: Is subcontracting allowed?');
  });

  it('gives the model only the passages that fit its context', async () => {
    const long = Array.from({ length: 6 }, (_, i) => hit('長い本文。'.repeat(60), { rank: i + 1, title: `文書${i + 1}` }));
    const model = new FakeChatModel('資料には記載がありません。', 1400);
    const result = await ask({ model, retrieve: async () => long, maxAnswerTokens: 200 });
    const user = model.calls[0]!.at(-1)!.content;
    expect(user).toContain('[1] 文書1');
    expect(user).not.toContain('[6] 文書6');
    const total = model.calls[0]!.reduce((sum, m) => sum + model.countTokens(m.content), 0);
    expect(total + 200).toBeLessThanOrEqual(1400);
    expect(result.unsupported).toEqual([]);
  });

  it('answers "not in the documents" without calling the model when nothing is retrieved', async () => {
    const model = new FakeChatModel('should not be called');
    const result = await ask({ model, retrieve: async () => [] });
    expect(model.calls).toHaveLength(0);
    expect(result.answer).toBe('資料には記載がありません。');
    expect(result.citations).toEqual([]);
  });

  it('stops on abort and returns the partial answer marked cancelled', async () => {
    const model = new FakeChatModel('再委託には甲の事前の書面による承諾が必要です[1]。'.repeat(20), 4096, 5);
    const controller = new AbortController();
    let received = '';
    let abortedAt = 0;
    const result = await ask({
      model,
      signal: controller.signal,
      onDelta: (d) => {
        received += d;
        if (received.length >= 12 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(result.cancelled).toBe(true);
    expect(result.answer.length).toBeGreaterThan(0);
    expect(result.answer.length).toBeLessThan(100);
  });

  it('returns at once, cancelled, when aborted during retrieval', async () => {
    const controller = new AbortController();
    const model = new FakeChatModel('x');
    const result = await ask({
      model,
      signal: controller.signal,
      retrieve: (_query, { signal }) =>
        new Promise<Hit[]>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          setTimeout(() => controller.abort(), 10);
        }),
    });
    expect(result.cancelled).toBe(true);
    expect(result.answer).toBe('');
    expect(model.calls).toHaveLength(0);
  });

  it('falls back to an extractive answer, with a warning, when the model fails', async () => {
    const model = new FakeChatModel(() => {
      throw new Error('out of memory');
    });
    const result = await ask({ model });
    expect(result.mode).toBe('extractive');
    expect(result.warning).toMatch(/out of memory/);
    expect(result.citations.length).toBeGreaterThan(0);
  });

  it('does not let a throwing onDelta break the answer', async () => {
    const model = new FakeChatModel('再委託には事前の書面による承諾が必要です[1]。');
    const result = await ask({
      model,
      onDelta: () => {
        throw new Error('UI gone');
      },
    });
    expect(result.answer).toBe('再委託には事前の書面による承諾が必要です[1]。');
  });
});

describe('follow-up questions', () => {
  it('carries the key terms of the previous question into the retrieval query', async () => {
    const retrieve = vi.fn(async (_query: string) => hits);
    const result = await ask({
      question: 'その申請期限は？',
      history: [{ question: '再委託に事前承諾は必要か', answer: '必要です[1]。' }],
      retrieve,
    });
    const query = retrieve.mock.calls[0]![0];
    expect(query.startsWith('その申請期限は？')).toBe(true);
    expect(query).toContain('再委託');
    expect(result.query).toBe(query);
    expect(result.question).toBe('その申請期限は？');
  });

  it('leaves a self-contained new question alone', async () => {
    const retrieve = vi.fn(async (_query: string) => hits);
    await ask({
      question: 'E-203 エラー 冷却ファン 交換手順',
      history: [{ question: '再委託に事前承諾は必要か', answer: '必要です。' }],
      retrieve,
    });
    expect(retrieve.mock.calls[0]![0]).toBe('E-203 エラー 冷却ファン 交換手順');
  });
});
