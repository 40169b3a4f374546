/**
 * The real node-llama-cpp code paths with a tiny generated GGUF (random weights: the text is
 * noise, so these tests assert behaviour, never wording).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/main/core/answer/answer-question';
import { configureLlama, disposeLlama, loadEmbedder, loadModel, type LocalChatModel, type LocalEmbedder } from '../../../src/main/core/llm/llama';
import { TINY_GGUF, writeTinyGguf } from '../../helpers/tiny-gguf';
import { hit, simpleAnalyze } from '../../unit/answer/fixtures';

let dir: string;
let chatPath: string;
let embedPath: string;
let model: LocalChatModel;

beforeAll(async () => {
  configureLlama({ gpu: false });
  dir = await mkdtemp(path.join(os.tmpdir(), 'genten-llm-'));
  chatPath = await writeTinyGguf(path.join(dir, 'tiny-chat.gguf'));
  embedPath = await writeTinyGguf(path.join(dir, 'tiny-embedding.gguf'), { embedding: true });
  model = await loadModel(chatPath, { contextSize: 2048 });
});

afterAll(async () => {
  await model?.dispose();
  await disposeLlama();
  await rm(dir, { recursive: true, force: true });
});

describe('LocalChatModel', () => {
  it('loads the tiny model with its ChatML template, the asked context and one thread', () => {
    expect(model.name).toBe('tiny-chat.gguf');
    expect(model.contextSize).toBe(2048);
    expect(model.chatWrapperName).toBe('ChatML');
    expect(model.threads).toBe(1); // files under 64 MB default to one thread
  });

  it('counts tokens with the model tokenizer, Japanese included (byte fallback: 3 bytes per kana)', () => {
    expect(model.countTokens('')).toBe(0);
    const japanese = model.countTokens('日本語の文書');
    expect(japanese).toBeGreaterThanOrEqual(6);
    expect(model.countTokens('日本語の文書日本語の文書')).toBeGreaterThan(japanese);
  });

  it('streams deltas that add up to the returned text, and stops at maxTokens', async () => {
    const deltas: string[] = [];
    const result = await model.generate(
      [
        { role: 'system', content: '資料だけを根拠に答えてください。' },
        { role: 'user', content: 'E-203 エラーの対処は？' },
      ],
      { maxTokens: 40, onDelta: (d) => deltas.push(d) },
    );
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(result.text);
    expect(result.stopReason).toBe('maxTokens');
    expect(result.firstTokenMs).not.toBeNull();
    expect(result.firstTokenMs!).toBeLessThan(result.totalMs);
  });

  it('is deterministic at temperature 0 and accepts a plain prompt', async () => {
    const a = await model.generate('hello', { maxTokens: 16 });
    const b = await model.generate('hello', { maxTokens: 16 });
    expect(a.text.length).toBeGreaterThan(0);
    expect(b.text).toBe(a.text);
  });

  it('stops within a second of an abort and keeps the partial text', async () => {
    const controller = new AbortController();
    let deltas = 0;
    let abortedAt = 0;
    const result = await model.generate('長い回答を書いてください。', {
      maxTokens: 1500,
      signal: controller.signal,
      onDelta: () => {
        deltas += 1;
        if (deltas === 20) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const stopMs = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect(stopMs).toBeLessThan(1000);
    expect(result.stopReason).toBe('abort');
    expect(result.text.length).toBeGreaterThan(0);
    // The next call works: the sequence was left usable.
    expect((await model.generate('again', { maxTokens: 4 })).stopReason).toBe('maxTokens');
  });

  it('returns at once with nothing when already aborted', async () => {
    const result = await model.generate('x', { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ text: '', stopReason: 'abort', firstTokenMs: null });
  });

  it('runs concurrent calls one after another on its one sequence', async () => {
    const [a, b] = await Promise.all([model.generate('one', { maxTokens: 8 }), model.generate('two', { maxTokens: 8 })]);
    expect(a.stopReason).toBe('maxTokens');
    expect(b.stopReason).toBe('maxTokens');
  });

  it('answers a question end to end through the answer pipeline', async () => {
    const passages = [hit('E-203 エラーが表示された場合は、冷却ファンを交換する。', { title: '保守マニュアル', page: 45 })];
    const deltas: string[] = [];
    const result = await answerQuestion({
      question: 'E-203 エラーの対処は？',
      retrieve: async () => passages,
      model,
      analyze: simpleAnalyze,
      maxAnswerTokens: 64,
      onDelta: (d) => deltas.push(d),
    });
    expect(result.mode).toBe('generative');
    expect(result.model).toBe('tiny-chat.gguf');
    expect(result.answer.length).toBeGreaterThan(0);
    expect(deltas.length).toBeGreaterThan(0);
    // Noise cites nothing real: every claim it makes must be flagged, never silently accepted.
    expect(result.citations.every((c) => c.n === 1)).toBe(true);
    expect(result.timings.firstTokenMs).not.toBeNull();
  });

  it('measures first-token latency and speed (reported, loosely bounded)', async () => {
    let first = 0;
    let chunks = 0;
    const started = performance.now();
    const result = await model.generate('速度を測ります。', {
      maxTokens: 200,
      onDelta: () => {
        first ||= performance.now() - started;
        chunks += 1;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const tokens = model.countTokens(result.text);
    console.info(`tiny model: first token ${first.toFixed(1)} ms, ${(tokens / seconds).toFixed(0)} tokens/s (${tokens} tokens, ${chunks} chunks)`);
    expect(first).toBeLessThan(2000);
    expect(tokens / seconds).toBeGreaterThan(20);
  });

  it('rejects generate after dispose, and dispose twice is harmless', async () => {
    const other = await loadModel(chatPath, { contextSize: 512, threads: 1 });
    await other.dispose();
    await other.dispose();
    await expect(other.generate('x')).rejects.toMatchObject({ code: 'MODEL_ERROR' });
  });

  it('does not load when the signal has already fired', async () => {
    await expect(loadModel(chatPath, { signal: AbortSignal.abort(new Error('user cancelled')) })).rejects.toThrow('user cancelled');
  });

  it('reports a file that is not a model with MODEL_ERROR and the path', async () => {
    const bogus = path.join(dir, 'not-a-model.gguf');
    await (await import('node:fs/promises')).writeFile(bogus, 'hello');
    await expect(loadModel(bogus)).rejects.toMatchObject({ code: 'MODEL_ERROR', path: bogus });
  });
});

describe('LocalEmbedder', () => {
  let embedder: LocalEmbedder;
  beforeAll(async () => {
    embedder = await loadEmbedder(embedPath, { contextSize: 512 });
  });
  afterAll(async () => {
    await embedder?.dispose();
  });

  it('gives one unit-length vector of the model dimension per text, the same each time', async () => {
    expect(embedder.dimensions).toBe(TINY_GGUF.embd);
    const progress: number[] = [];
    const texts = ['再委託には事前承諾が必要', 'E-203 cooling fan', ''];
    const vectors = await embedder.embed(texts, { onProgress: (done) => progress.push(done) });
    expect(vectors).toHaveLength(3);
    for (const v of vectors) expect(v).toHaveLength(TINY_GGUF.embd);
    expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 5);
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect(progress).toEqual([1, 2, 3]);
    const again = await embedder.embed([texts[0]!]);
    expect(again[0]).toEqual(vectors[0]);
  });

  it('cuts texts longer than its context instead of failing', async () => {
    const [v] = await embedder.embed(['長い文章。'.repeat(400)]);
    expect(v).toHaveLength(TINY_GGUF.embd);
  });

  it('rejects with the abort reason between texts', async () => {
    const controller = new AbortController();
    const done = embedder.embed(['a', 'b', 'c'], {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('stop')),
    });
    await expect(done).rejects.toThrow('stop');
  });
});
