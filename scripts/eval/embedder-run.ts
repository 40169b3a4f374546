/**
 * The embedder run of `npm run eval`: the same library searched by BM25 alone and by BM25 with a
 * vector leg from a real embedding model. The vector leg's weight is chosen on the tuning part of
 * the questions only; both parts are reported, the held-out part is the figure that counts.
 * Also printed: embedding seconds per page (the library's passages, after indexing) and what the
 * vectors add to the library on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { queryInput } from '../../src/main/core/embeddings/families';
import { openEmbeddingModel } from '../../src/main/core/embeddings/model-file';
import type { Engine } from '../../src/main/core/engine';
import { DEFAULT_FUSION, searchLibrary, type FusionOptions } from '../../src/main/core/search/search';
import { isTuningQuestion, measureRetrieval, type Question, type RetrievalMetrics } from './retrieval-metrics';

export interface EmbedderRunOptions {
  engine: Engine;
  /** The library's folder (for its size on disk). */
  libraryDir: string;
  corpus: string;
  pages: number;
  questions: Question[];
  modelPath: string;
  threads: number;
  /** Vector-leg weights tried on the tuning part. */
  weights?: number[];
  log: (line: string) => void;
}

export interface EmbedderRunResult {
  model: string;
  vectorWeight: number;
  tuning: { bm25: RetrievalMetrics; hybrid: RetrievalMetrics; byWeight: Record<string, RetrievalMetrics> };
  heldOut: { bm25: RetrievalMetrics; hybrid: RetrievalMetrics; vectorsOnly: RetrievalMetrics };
  embedSecondsPerPage: number;
  passagesPerSecond: number;
  queryEmbedMs: number;
  libraryMB: { bm25: number; withVectors: number };
}

export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

const mb = (bytes: number) => +(bytes / 1e6).toFixed(1);

export async function runEmbedderEval(options: EmbedderRunOptions): Promise<EmbedderRunResult> {
  const { engine, corpus, questions, log } = options;
  const weights = options.weights ?? [0.25, 0.5, 0.8, 1.2, 1.8];
  const tuning = questions.filter(isTuningQuestion);
  const heldOut = questions.filter((q) => !isTuningQuestion(q));
  const analyzer = await engine.getAnalyzer();
  const vectors = new Map<string, number[]>();
  const search = (fusion: FusionOptions, useVectors: boolean) => (q: Question) =>
    searchLibrary(engine.store, analyzer, q.question, { k: 10, fusion, vectorLeg: useVectors ? { vector: vectors.get(q.id)! } : undefined });
  const measure = (part: Question[], fusion: FusionOptions, useVectors: boolean) => measureRetrieval(part, search(fusion, useVectors), { corpus });

  const bytesBefore = folderBytes(options.libraryDir);
  const model = await openEmbeddingModel(options.modelPath, { threads: options.threads });
  engine.setEmbedding(model);
  const embedded = await engine.embed();
  const bytesAfter = folderBytes(options.libraryDir);
  log(`Embedded ${embedded.embedded} passages with ${model.name} in ${embedded.seconds.toFixed(1)} s (${options.threads} threads)`);

  const embedder = await model.load();
  const queryStart = performance.now();
  const queryVectors = await embedder.embed(questions.map((q) => queryInput(model.family, q.question)));
  const queryEmbedMs = (performance.now() - queryStart) / Math.max(1, questions.length);
  questions.forEach((q, i) => vectors.set(q.id, queryVectors[i]!));

  const byWeight: Record<string, RetrievalMetrics> = {};
  for (const w of weights) {
    byWeight[w] = await measure(tuning, { ...DEFAULT_FUSION, vectorWeight: w }, true);
    log(`  tuning, vector weight ${w}: hit@1 ${byWeight[w].hit1} / hit@5 ${byWeight[w].hit5} / MRR ${byWeight[w].mrr10} / page ${byWeight[w].pageAccuracy}`);
  }
  // Best hit@1 on the tuning part, then MRR; nothing of the held-out part is looked at.
  const vectorWeight = weights.reduce((best, w) =>
    byWeight[w]!.hit1 > byWeight[best]!.hit1 || (byWeight[w]!.hit1 === byWeight[best]!.hit1 && byWeight[w]!.mrr10 > byWeight[best]!.mrr10) ? w : best,
  );
  const hybrid: FusionOptions = { ...DEFAULT_FUSION, vectorWeight };
  const vectorsOnly: FusionOptions = {
    ...DEFAULT_FUSION,
    weights: { terms: 0, grams: 0 },
    expansionWeight: 0,
    proximity: { ...DEFAULT_FUSION.proximity, weight: 0 },
  };
  const result: EmbedderRunResult = {
    model: model.name,
    vectorWeight,
    tuning: { bm25: await measure(tuning, DEFAULT_FUSION, false), hybrid: byWeight[vectorWeight]!, byWeight },
    heldOut: {
      bm25: await measure(heldOut, DEFAULT_FUSION, false),
      hybrid: await measure(heldOut, hybrid, true),
      vectorsOnly: await measure(heldOut, { ...vectorsOnly, vectorWeight: 1 }, true),
    },
    embedSecondsPerPage: +(embedded.seconds / Math.max(1, options.pages)).toFixed(3),
    passagesPerSecond: +(embedded.embedded / Math.max(1e-9, embedded.seconds)).toFixed(1),
    queryEmbedMs: +queryEmbedMs.toFixed(1),
    libraryMB: { bm25: mb(bytesBefore), withVectors: mb(bytesAfter) },
  };
  engine.setEmbedding(undefined);
  await model.dispose();
  return result;
}

/** The run as a Markdown table (tuning and held-out parts side by side). */
export function embedderTable(r: EmbedderRunResult): string {
  const row = (name: string, m: RetrievalMetrics) =>
    `| ${name} | ${m.questions} | ${m.hit1} | ${m.hit5} | ${m.mrr10} | ${m.pageAccuracy} | ${m.charsPerTop5} |`;
  return [
    `Embedder ${r.model}: vector weight ${r.vectorWeight} (chosen on the tuning part); ${r.embedSecondsPerPage} s per page to embed (${r.passagesPerSecond} passages/s), ${r.queryEmbedMs} ms per query; library ${r.libraryMB.bm25} MB, ${r.libraryMB.withVectors} MB with vectors`,
    '',
    '| run | questions | hit@1 | hit@5 | MRR@10 | page acc. | chars/top-5 |',
    '|---|---|---|---|---|---|---|',
    row('tuning: BM25', r.tuning.bm25),
    row(`tuning: hybrid (${r.vectorWeight})`, r.tuning.hybrid),
    row('held out: BM25', r.heldOut.bm25),
    row(`held out: hybrid (${r.vectorWeight})`, r.heldOut.hybrid),
    row('held out: vectors alone', r.heldOut.vectorsOnly),
  ].join('\n');
}
