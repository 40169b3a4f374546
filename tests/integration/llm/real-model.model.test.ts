/**
 * End to end with a real GGUF model: runs only when GENTEN_TEST_MODEL points at one (CI: Gemma 3
 * 270M, a base model without a chat template), e.g.
 *   GENTEN_TEST_MODEL=~/.cache/genten-eval-models/gemma-3-270m-q4_k_m.gguf npx vitest run tests/integration/llm/real-model.model.test.ts
 * A generated PDF is indexed by the engine, and questions go through the app's answer pipeline.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../../src/main/core/answer/types';
import type { Engine } from '../../../src/main/core/engine';
import type { LocalChatModel } from '../../../src/main/core/llm/llama';
import type { Hit } from '../../../src/shared/types';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const modelPath = process.env.GENTEN_TEST_MODEL;

/** Three pages, each about something else: the answer to each question is on one page only. */
const PAGES = [
  ['業務委託契約書', '第1条（目的）', '甲は、甲の工場設備の保守点検業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。'],
  [
    '第6条（再委託）',
    '乙は、甲の書面による事前の承諾を得た場合に限り、本業務の全部又は一部を第三者に再委託することができる。',
    '承諾の申請は、再委託開始日の30日前までに行うものとする。',
  ],
  ['第7条（秘密保持）', '甲及び乙は、本契約に関して知り得た相手方の秘密情報を、第三者に開示してはならない。', '前項の義務は、本契約終了後も3年間存続する。'],
];

describe.skipIf(!modelPath)('a real model end to end', () => {
  const temp = makeTempDir('genten-real-model-');
  let engine: Engine;
  let model: LocalChatModel;
  let analyze: (text: string) => string[];
  let ask: (question: string, options?: { signal?: AbortSignal; onDelta?: (d: string) => void; onPassages?: (p: Hit[]) => void }) => Promise<AnswerResult>;

  beforeAll(async () => {
    // Imported here so that the file loads (and skips) without the native runtime or kuromoji.
    const llama = await import('../../../src/main/core/llm/llama');
    const { Engine } = await import('../../../src/main/core/engine');
    const { answerQuestion } = await import('../../../src/main/core/answer/answer-question');
    llama.configureLlama({ gpu: process.env.GENTEN_TEST_GPU === '1' ? 'auto' : false });
    await makePdf(path.join(temp.dir, 'docs', '業務委託契約書.pdf'), PAGES, { title: '業務委託契約書' });
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
    await engine.index({ paths: [path.join(temp.dir, 'docs')] });
    const analyzer = await engine.getAnalyzer();
    analyze = (text) => analyzer.terms(text);
    model = await llama.loadModel(modelPath!, { contextSize: 4096 });
    ask = (question, options = {}) =>
      answerQuestion({ question, retrieve: (query) => engine.search(query, { k: 8 }), model, style: 'model', analyze, ...options });
  }, 300_000);

  afterAll(async () => {
    await model?.dispose();
    engine?.dispose();
    const llama = await import('../../../src/main/core/llm/llama');
    await llama.disposeLlama();
    temp.cleanup();
  });

  it('is found by discovery as a model that can answer, and fits in memory', async () => {
    const { discoverModels } = await import('../../../src/main/core/models/discover');
    const { estimateFit } = await import('../../../src/main/core/models/fit');
    const { models } = await discoverModels([path.dirname(path.resolve(modelPath!))], { maxDepth: 0 });
    expect(models.find((m) => m.path.endsWith(path.basename(modelPath!)))?.kind).toBe('chat');
    expect((await estimateFit(modelPath!, { contextSize: 4096 })).fits).toBe(true);
  });

  it('answers a Japanese question in Japanese, streamed as whole characters, citing the page that holds the answer', async () => {
    const { stripCitationMarkers } = await import('../../../src/main/core/answer/citations');
    let streamed = '';
    const result = await ask('再委託の承諾申請はいつまでに行う必要がありますか？', { onDelta: (d) => (streamed += d) });
    console.info(result.answer, JSON.stringify({ unsupported: result.unsupported, timings: result.timings, model: model.chatWrapperName }));
    expect(result.mode).toBe('generative');
    // Multi-byte characters arrive whole: no replacement character anywhere in the stream.
    expect(streamed).not.toContain('\uFFFD');
    expect(stripCitationMarkers(result.answer).replace(/\s+/gu, '')).toBe(stripCitationMarkers(streamed).replace(/\s+/gu, ''));
    expect(result.answer).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/u);
    expect(result.answer).toMatch(/30日/u);
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.citations.every((c) => c.page === 2)).toBe(true);
    expect(result.unsupported).toEqual([]);
    expect(result.timings.tokens).toBeGreaterThan(0);
  }, 300_000);

  it('flags a fabricated sentence planted in a real answer, and not the answer itself', async () => {
    const { checkSupport } = await import('../../../src/main/core/answer/support-check');
    let passages: Hit[] = [];
    const result = await ask('秘密保持の義務は契約終了後も続きますか？', { onPassages: (p) => (passages = p) });
    expect(result.mode).toBe('generative');
    const own = checkSupport(result.answer, passages, { analyze });
    const fabricated = '乙は、秘密情報を漏えいした場合、違約金として金一千万円を甲に支払う。[1]';
    const planted = checkSupport(`${result.answer}\n${fabricated}`, passages, { analyze });
    expect(planted.unsupported).toEqual([...own.unsupported, '乙は、秘密情報を漏えいした場合、違約金として金一千万円を甲に支払う。']);
  }, 300_000);

  it('gives the extracted answer by default (measured better than this base model), naming the model it skipped', async () => {
    const { answerQuestion } = await import('../../../src/main/core/answer/answer-question');
    const result = await answerQuestion({
      question: '秘密保持の義務は契約終了後も続きますか？',
      retrieve: (query) => engine.search(query, { k: 8 }),
      model,
      analyze,
    });
    expect(model.promptStyle).toBe('completion');
    expect(result).toMatchObject({ mode: 'extractive', modelSkipped: path.basename(modelPath!) });
    expect(result.answer).toContain('3年間');
    expect(result.citations.map((c) => c.page)).toContain(3);
  }, 300_000);

  it('stops when cancelled mid-answer, keeps the partial answer, and answers the next question', async () => {
    const controller = new AbortController();
    let streamed = '';
    const cancelled = await ask('秘密保持の義務について、対象、期間、例外を詳しく説明してください。', {
      signal: controller.signal,
      onDelta: (d) => {
        streamed += d;
        // The first piece may be the space after "回答:"; stop once there is text.
        if (streamed.trim()) controller.abort();
      },
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.answer.length).toBeGreaterThan(0);
    // One token was asked for after the abort at most: far below the answer cap.
    expect(cancelled.timings.tokens).toBeLessThan(8);

    const next = await ask('再委託の承諾申請はいつまでに行う必要がありますか？');
    expect(next.cancelled).toBe(false);
    expect(next.answer).toMatch(/30日/u);
  }, 300_000);
});
