/**
 * Embeddings and hybrid search on a real library (LanceDB in a temp dir, kuromoji, worker threads)
 * with the tiny GGUF embedding model (64 dimensions, random weights: its similarities are noise,
 * so these tests assert behaviour, never ranking quality).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hit } from '../../../src/shared/types';
import { embeddingFamilyOf, inputSignature, passageInput, queryInput } from '../../../src/main/core/embeddings/families';
import type { EmbeddingModel } from '../../../src/main/core/embeddings/model';
import { modelFileId, openEmbeddingModel } from '../../../src/main/core/embeddings/model-file';
import { Engine } from '../../../src/main/core/engine';
import type { Embedder } from '../../../src/main/core/llm/types';
import { configureLlama, disposeLlama } from '../../../src/main/core/llm/llama';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';
import { TINY_GGUF, writeTinyGguf } from '../../helpers/tiny-gguf';

const QUERIES = ['E-203 エラー', '再委託の事前承諾', 'lockout breaker', '就業規則 施行'];

/** ~110 passages: enough batches (16 texts each) to cancel in the middle of embedding. */
function writeDocs(dir: string): void {
  fs.mkdirSync(path.join(dir, 'manuals'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'manuals', 'errors.md'),
    '# エラーコード\n\n## E-203\n\nE-203 が表示されたら、冷却ファンの回転を確認し、フィルターを清掃してから再起動する。\n',
  );
  fs.writeFileSync(
    path.join(dir, 'contract.md'),
    '# 業務委託契約書\n\n## 第12条（再委託）\n\n乙は、甲の書面による事前の承諾を得なければ、本業務の全部又は一部を第三者に再委託してはならない。\n',
  );
  fs.writeFileSync(path.join(dir, 'guide.md'), '# Safety guide\n\n## Lockout\n\nAlways lock out the main breaker before opening the panel.\n');
  for (let file = 0; file < 6; file++) {
    const sections = Array.from({ length: 18 }, (_, i) => {
      const n = file * 18 + i + 1;
      return `## 第${n}条（規程${n}）\n\n${`従業員は規程${n}に定める手続に従い、所属長の承認を得て申請する。`.repeat(6)}\n`;
    });
    fs.writeFileSync(path.join(dir, `rules-${file}.md`), `# 就業規則 第${file + 1}編\n\n${sections.join('\n')}`);
  }
}

/** A model whose load() calls are counted (to prove that nothing to embed loads nothing). */
function counting(model: EmbeddingModel): EmbeddingModel & { loads: number } {
  const counted = {
    ...model,
    loads: 0,
    load(options?: { signal?: AbortSignal }) {
      counted.loads++;
      return model.load(options);
    },
  };
  return counted;
}

/** Aborts `controller` once `count` texts have been embedded (after the embed() call that reaches it). */
function abortingAfter(model: EmbeddingModel, count: number, controller: AbortController): EmbeddingModel {
  let embedded = 0;
  return {
    ...model,
    async load(options?: { signal?: AbortSignal }): Promise<Embedder> {
      const embedder = await model.load(options);
      return {
        name: embedder.name,
        dimensions: embedder.dimensions,
        dispose: () => embedder.dispose(),
        async embed(texts, embedOptions) {
          const vectors = await embedder.embed(texts, embedOptions);
          embedded += texts.length;
          if (embedded >= count) controller.abort();
          return vectors;
        },
      };
    },
  };
}

async function readVectors(db: string): Promise<Array<{ id: string; vector: number[] }>> {
  const conn = await lancedb.connect(db);
  try {
    const rows = await (await conn.openTable('vectors')).query().select(['id', 'vector']).toArray();
    return rows.map((row) => ({ id: String(row.id), vector: [...(row.vector as Iterable<number>)] }));
  } finally {
    conn.close();
  }
}

const brief = (hits: Hit[]) => hits.map((h) => ({ chunkId: h.chunkId, score: h.score }));

describe('embeddings: vectors for every chunk, resumable, re-embedded on a model change; hybrid search', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'library');
  let modelA: EmbeddingModel;
  let modelB: EmbeddingModel;
  let engine: Engine;
  const bm25: Record<string, Hit[]> = {};

  beforeAll(async () => {
    configureLlama({ gpu: false });
    writeDocs(docs);
    // Two different files: the same shape, other weights, so another model id.
    modelA = await openEmbeddingModel(await writeTinyGguf(path.join(temp.dir, 'tiny-embed-a.gguf'), { embedding: true, seed: 1 }));
    modelB = await openEmbeddingModel(await writeTinyGguf(path.join(temp.dir, 'tiny-embed-b.gguf'), { embedding: true, seed: 2 }));
    engine = await Engine.open({ libraryDir: db });
  });
  afterAll(async () => {
    engine?.dispose();
    await modelA?.dispose();
    await modelB?.dispose();
    await disposeLlama();
    temp.cleanup();
  });

  it('without an embedding model, indexing writes no vectors and search is BM25 alone', async () => {
    const summary = await engine.index({ paths: [docs] });
    expect(summary.indexed).toBe(9);
    expect(summary.chunks).toBeGreaterThan(100);
    expect(summary.embedded).toBeUndefined();
    expect(fs.existsSync(path.join(db, 'vectors.lance'))).toBe(false);
    expect(await engine.embeddingStatus()).toMatchObject({ model: null, libraryModel: null, vectors: 0, hybrid: false });
    for (const q of QUERIES) bm25[q] = await engine.search(q, { k: 10 });
    expect(bm25['E-203 エラー']![0]!.path).toBe(path.join(docs, 'manuals', 'errors.md'));
    expect(await engine.search('qqqq zzzz')).toEqual([]);
  });

  it('an embedding model gives every chunk a vector of its dimensions (the files are not re-read)', async () => {
    expect(modelA.id).toMatch(/^tiny-embed-a\.gguf \d+ [0-9a-f]{16}$/);
    expect(modelA.id).not.toBe(modelB.id);
    engine.setEmbedding(modelA);
    const phases = new Set<string>();
    const embedding: Array<[number, number]> = [];
    const started = performance.now();
    const summary = await engine.index({
      paths: [docs],
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === 'embedding') embedding.push([p.chunksDone ?? -1, p.chunksTotal ?? -1]);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`embedded ${summary.embedded} passages with the tiny model in ${seconds.toFixed(1)} s`);
    expect(summary).toMatchObject({ indexed: 0, unchanged: 9, embedded: summary.chunks, cancelled: false, failed: [] });
    expect([...phases]).toEqual(['scanning', 'indexing', 'embedding', 'done']);
    expect(embedding.at(-1)).toEqual([summary.chunks, summary.chunks]);

    const vectors = await readVectors(db);
    expect(vectors).toHaveLength(summary.chunks);
    expect(new Set(vectors.map((v) => v.id)).size).toBe(summary.chunks);
    for (const { vector } of vectors) {
      expect(vector).toHaveLength(TINY_GGUF.embd);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 3);
    }
    expect(await engine.store.vectorSpace()).toEqual({ model: modelA.id, dimensions: TINY_GGUF.embd, input: inputSignature(modelA.family) });
    expect(await engine.embeddingStatus()).toMatchObject({ model: modelA.id, libraryModel: modelA.id, vectors: summary.chunks, hybrid: true });
  });

  it('a second run embeds nothing and does not even load the model; a changed file re-embeds only its passages', async () => {
    const counted = counting(modelA);
    engine.setEmbedding(counted);
    const again = await engine.index({ paths: [docs] });
    expect(again).toMatchObject({ indexed: 0, embedded: 0 });
    expect(counted.loads).toBe(0);

    fs.appendFileSync(path.join(docs, 'guide.md'), '\n## Tagging\n\nTag the breaker with your name and the date.\n');
    const changed = await engine.index({ paths: [docs] });
    const guide = (await engine.documents()).find((d) => d.path === path.join(docs, 'guide.md'))!;
    expect(changed.indexed).toBe(1);
    expect(changed.embedded).toBeGreaterThan(0);
    expect(changed.embedded).toBeLessThanOrEqual(guide.chunks);
    expect(await engine.store.countVectors()).toBe(changed.chunks);

    // A file that is gone takes its vectors with it.
    fs.rmSync(path.join(docs, 'guide.md'));
    const removed = await engine.index({ paths: [docs] });
    expect(removed).toMatchObject({ removed: 1, embedded: 0 });
    expect(await engine.store.countVectors()).toBe(removed.chunks);
    engine.setEmbedding(modelA);
  });

  it('hybrid search adds the vector leg and still puts exact identifier matches first', async () => {
    const hits = await engine.search('E-203 エラー', { k: 5 });
    expect(hits).toHaveLength(5);
    expect(hits[0]!.path).toBe(path.join(docs, 'manuals', 'errors.md'));
    expect(hits[0]!.text).toContain('E-203');
    expect(hits[0]!.highlights.length).toBeGreaterThan(0);
    const clause = await engine.search('第12条 再委託', { k: 5 });
    expect(clause[0]!.path).toBe(path.join(docs, 'contract.md'));
    // Words no passage contains: BM25 finds nothing, the vector leg still returns its nearest passages.
    const vague = await engine.search('qqqq zzzz', { k: 3 });
    expect(vague).toHaveLength(3);
    expect(vague.map((h) => h.rank)).toEqual([1, 2, 3]);
    // A collection filter applies to the vector leg too.
    expect(await engine.search('qqqq zzzz', { k: 3, collection: 'no-such-collection' })).toEqual([]);
  });

  it('a cancel during embedding keeps the committed vectors; the next run embeds only the rest (a new model re-embeds everything)', async () => {
    const controller = new AbortController();
    // Cancelled after the third batch of 16: those 48 vectors are committed on the way out.
    engine.setEmbedding(abortingAfter(modelB, 40, controller));
    const cancelled = await engine.index({ paths: [docs], signal: controller.signal });
    expect(cancelled.cancelled).toBe(true);
    const kept = await engine.store.countVectors();
    expect(kept).toBe(48);
    expect(cancelled.embedded).toBe(kept);

    engine.setEmbedding(modelB);
    expect((await engine.store.vectorSpace())?.model).toBe(modelB.id);
    // Half-embedded: search already uses what there is.
    expect(await engine.embeddingStatus()).toMatchObject({ libraryModel: modelB.id, vectors: kept, hybrid: true });

    const resumed = await engine.index({ paths: [docs] });
    expect(resumed).toMatchObject({ cancelled: false, embedded: resumed.chunks - kept });
    expect(await engine.store.countVectors()).toBe(resumed.chunks);
    const ids = (await readVectors(db)).map((v) => v.id);
    expect(new Set(ids).size).toBe(resumed.chunks);
  });

  it('a model other than the library’s, or none, searches exactly as BM25 does', async () => {
    const plain = await Engine.open({ libraryDir: db });
    try {
      // The library holds model B's vectors: model A cannot use them, and none is loaded for the query.
      const counted = counting(modelA);
      engine.setEmbedding(counted);
      expect((await engine.embeddingStatus()).hybrid).toBe(false);
      for (const q of QUERIES) expect(brief(await engine.search(q, { k: 10 }))).toEqual(brief(await plain.search(q, { k: 10 })));
      expect(counted.loads).toBe(0);

      engine.setEmbedding(undefined);
      for (const q of QUERIES) expect(brief(await engine.search(q, { k: 10 }))).toEqual(brief(await plain.search(q, { k: 10 })));
      expect(await engine.search('qqqq zzzz')).toEqual([]);
    } finally {
      plain.dispose();
    }
    // Indexing without a model leaves the vectors alone.
    const summary = await engine.index({ paths: [docs] });
    expect(summary.embedded).toBeUndefined();
    expect(await engine.store.countVectors()).toBe(summary.chunks);
  });

  it('an embedding model that cannot load is a failure of the run, not of the indexing', async () => {
    const broken: EmbeddingModel = { ...modelA, id: 'broken.gguf 1 0', name: 'broken.gguf', load: async () => Promise.reject(new Error('bad weights')) };
    engine.setEmbedding(broken);
    fs.writeFileSync(path.join(docs, 'new.md'), '# New\n\nA new page about the coolant pump.\n');
    const summary = await engine.index({ paths: [docs] });
    expect(summary.indexed).toBe(1);
    expect(summary.failed).toEqual([expect.objectContaining({ path: 'broken.gguf', message: expect.stringContaining('bad weights') })]);
    expect((await engine.search('coolant pump'))[0]!.path).toBe(path.join(docs, 'new.md'));
    engine.setEmbedding(undefined);
  });
});

describe('embedding model families and ids', () => {
  it('prefixes by family, from the GGUF name or the file name', () => {
    const e5 = embeddingFamilyOf({ name: 'Multilingual E5 Small', fileName: 'multilingual-e5-small-q8_0.gguf', architecture: 'bert' });
    expect(e5.id).toBe('e5');
    expect(queryInput(e5, '再委託')).toBe('query: 再委託');
    expect(passageInput(e5, { title: '契約書', section: '第12条', text: '本文' })).toBe('passage: 契約書 > 第12条\n本文');
    expect(embeddingFamilyOf({ fileName: 'multilingual-e5-large-instruct-q8_0.gguf' }).id).toBe('plain');
    expect(embeddingFamilyOf({ name: 'bge-m3', architecture: 'bert' })).toMatchObject({ id: 'bge-m3', query: '', passage: '' });
    expect(embeddingFamilyOf({ fileName: 'ruri-v3-310m-q8_0.gguf' }).id).toBe('ruri-v3');
    expect(embeddingFamilyOf({ fileName: 'ruri-base.gguf' }).query).toBe('クエリ: ');
    expect(embeddingFamilyOf({ name: 'nomic-embed-text-v1.5', architecture: 'nomic-bert' }).passage).toBe('search_document: ');
    expect(embeddingFamilyOf({ name: 'genten-tiny-embedding', architecture: 'llama' })).toMatchObject({ id: 'plain', query: '', passage: '' });
    expect(inputSignature(e5)).not.toBe(inputSignature(embeddingFamilyOf({ name: 'bge-m3' })));
  });

  it('a model id changes with the file’s bytes, not only its name', async () => {
    const temp = makeTempDir();
    try {
      const file = path.join(temp.dir, 'model.gguf');
      fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 1));
      const before = await modelFileId(file);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 10] = 2;
      fs.writeFileSync(file, bytes);
      expect(await modelFileId(file)).not.toBe(before);
      expect(before.startsWith(`model.gguf ${3 * 1024 * 1024} `)).toBe(true);
    } finally {
      temp.cleanup();
    }
  });
});

describe('genten index and search with the embedding model from settings (child process)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  const dataDir = path.join(temp.dir, 'data');
  const env = { GENTEN_DATA_DIR: dataDir };

  beforeAll(async () => {
    fs.mkdirSync(docs, { recursive: true });
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    fs.writeFileSync(
      path.join(docs, 'errors.md'),
      '# エラーコード\n\n## E-203\n\nE-203 が表示されたら、冷却ファンの回転を確認する。\n\n## E-310\n\nE-310 はフィルターの目詰まりを示す。\n',
    );
    const model = await writeTinyGguf(path.join(dataDir, 'models', 'tiny-embedding.gguf'), { embedding: true });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ embeddingModel: model }));
  });
  afterAll(() => temp.cleanup());

  it('index embeds every passage and search still finds the identifier', async () => {
    const indexed = await runCli(['index', docs, '--db', db, '--json'], { env });
    expect(indexed.stderr).toBe('');
    expect(indexed.code).toBe(0);
    const summary = JSON.parse(indexed.stdout);
    expect(summary.embedded).toBe(summary.chunks);
    const searched = await runCli(['search', 'E-310', '--db', db, '--json'], { env });
    expect(searched.code).toBe(0);
    expect(JSON.parse(searched.stdout).hits[0].text).toContain('E-310');
    const status = await runCli(['status', '--db', db], { env });
    expect(status.stdout).toMatch(new RegExp(`Embeddings: ${summary.chunks}/${summary.chunks} passages \\(tiny-embedding\\.gguf .*; used by search\\)`));
  });
});
