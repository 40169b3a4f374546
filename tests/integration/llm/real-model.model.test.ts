/**
 * End to end with a real GGUF chat model: runs only when GENTEN_TEST_MODEL points at one, e.g.
 *   GENTEN_TEST_MODEL=~/models/Qwen2.5-1.5B-Instruct-Q4_K_M.gguf npx vitest run tests/integration/llm/real-model.model.test.ts
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../../src/main/core/answer/types';
import type { LocalChatModel } from '../../../src/main/core/llm/llama';
import type { Hit } from '../../../src/shared/types';

const modelPath = process.env.GENTEN_TEST_MODEL;

const passage = (rank: number, title: string, page: number, section: string, text: string): Hit => ({
  rank,
  score: 1,
  chunkId: `real-${rank}`,
  documentId: `doc-${rank}`,
  path: `/docs/${title}.pdf`,
  title,
  page,
  pageEnd: page,
  section,
  text,
  highlights: [],
});

const passages = [
  passage(
    1,
    '業務委託契約書',
    7,
    '第3章 > 第12条',
    '第12条第3項 乙は、甲の事前の書面による承諾を得た場合に限り、本業務の全部又は一部を第三者に再委託することができる。承諾の申請は、再委託開始日の30日前までに行うものとする。',
  ),
  passage(2, '保守マニュアル', 45, '第5章 > 5.3 エラーコード', 'E-203 は冷却ファンの停止を示す。電源を切り、冷却ファンユニットを交換してから再起動する。'),
];

describe.skipIf(!modelPath)('a real model end to end', () => {
  let model: LocalChatModel;
  let analyze: (text: string) => string[];
  let ask: (question: string, options?: { signal?: AbortSignal; onDelta?: (d: string) => void }) => Promise<AnswerResult>;

  beforeAll(async () => {
    // Imported here so that the file loads (and skips) without the native runtime or kuromoji.
    const llama = await import('../../../src/main/core/llm/llama');
    const { loadAnalyzer } = await import('../../../src/main/core/analysis/analyzer');
    const { answerQuestion } = await import('../../../src/main/core/answer/answer-question');
    llama.configureLlama({ gpu: process.env.GENTEN_TEST_GPU === '1' ? 'auto' : false });
    const analyzer = await loadAnalyzer();
    analyze = (text) => analyzer.terms(text);
    model = await llama.loadModel(modelPath!, { contextSize: 4096 });
    ask = (question, options = {}) => answerQuestion({ question, retrieve: async () => passages, model, analyze, maxAnswerTokens: 256, ...options });
  }, 300_000);

  afterAll(async () => {
    await model?.dispose();
    const llama = await import('../../../src/main/core/llm/llama');
    await llama.disposeLlama();
  });

  it('is found by discovery and fits in memory', async () => {
    const { discoverModels } = await import('../../../src/main/core/models/discover');
    const { estimateFit } = await import('../../../src/main/core/models/fit');
    const { models } = await discoverModels([path.dirname(path.resolve(modelPath!))], { maxDepth: 0 });
    expect(models.find((m) => m.path.endsWith(path.basename(modelPath!)))?.kind).toBe('chat');
    expect((await estimateFit(modelPath!, { contextSize: 4096 })).fits).toBe(true);
  });

  it('answers a Japanese question with the clause and number from the cited passage', async () => {
    let deltas = 0;
    const result = await ask('再委託の承諾申請はいつまでに行う必要がありますか？', { onDelta: () => deltas++ });
    console.info(result.answer, JSON.stringify({ unsupported: result.unsupported, timings: result.timings }));
    expect(deltas).toBeGreaterThan(1);
    expect(result.mode).toBe('generative');
    expect(result.answer).toMatch(/30日/);
    expect(result.citations.map((c) => c.n)).toContain(1);
    expect(result.invalidCitations).toEqual([]);
  }, 300_000);

  it('stops within a second of an abort and keeps the partial answer', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await ask('E-203 エラーの意味と対処手順を詳しく説明してください。', {
      signal: controller.signal,
      onDelta: () => {
        if (!abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(result.cancelled).toBe(true);
    expect(result.answer.length).toBeGreaterThan(0);
  }, 300_000);
});
