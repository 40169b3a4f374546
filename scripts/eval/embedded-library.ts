/**
 * A temporary library of some folders, indexed and embedded with a GGUF embedding model, and a
 * search over it that runs the same query by BM25 alone or with the vector leg (the query embedded
 * once). For the embedder's evaluation scripts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { queryInput } from '../../src/main/core/embeddings/families';
import type { EmbeddingModel } from '../../src/main/core/embeddings/model';
import { openEmbeddingModel } from '../../src/main/core/embeddings/model-file';
import { Engine } from '../../src/main/core/engine';
import { configureLlama, disposeLlama } from '../../src/main/core/llm/llama';
import { DEFAULT_FUSION, searchLibrary, type FusionOptions } from '../../src/main/core/search/search';
import type { Hit } from '../../src/shared/types';
import { folderBytes } from './embedder-run';

export interface EmbeddedLibrary {
  engine: Engine;
  model: EmbeddingModel;
  pages: number;
  chunks: number;
  indexSeconds: number;
  embedSeconds: number;
  libraryMB: { bm25: number; withVectors: number };
  /** Top `k` hits; `vectorWeight` 0 is BM25 alone. */
  search(query: string, options: { k: number; vectorWeight: number; documentId?: string }): Promise<Hit[]>;
  close(): Promise<void>;
}

export async function embeddedLibrary(options: { paths: string[]; modelPath: string; threads?: number }): Promise<EmbeddedLibrary> {
  configureLlama({ gpu: false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-embed-eval-'));
  const engine = await Engine.open({ libraryDir: dir });
  const indexStart = performance.now();
  const summary = await engine.index({ paths: options.paths });
  const indexSeconds = (performance.now() - indexStart) / 1000;
  const bm25Bytes = folderBytes(dir);
  const model = await openEmbeddingModel(options.modelPath, { threads: options.threads ?? 1 });
  engine.setEmbedding(model);
  const embedded = await engine.embed();
  const analyzer = await engine.getAnalyzer();
  const embedder = await model.load();
  const queryVectors = new Map<string, number[]>();
  const vectorOf = async (query: string) => {
    let vector = queryVectors.get(query);
    if (!vector) queryVectors.set(query, (vector = (await embedder.embed([queryInput(model.family, query)]))[0]!));
    return vector;
  };
  return {
    engine,
    model,
    pages: summary.pages,
    chunks: summary.chunks,
    indexSeconds,
    embedSeconds: embedded.seconds,
    libraryMB: { bm25: +(bm25Bytes / 1e6).toFixed(1), withVectors: +(folderBytes(dir) / 1e6).toFixed(1) },
    async search(query, { k, vectorWeight, documentId }) {
      const fusion: FusionOptions = { ...DEFAULT_FUSION, vectorWeight };
      const vectorLeg = vectorWeight > 0 ? { vector: await vectorOf(query) } : undefined;
      return searchLibrary(engine.store, analyzer, query, { k, fusion, vectorLeg, documentId });
    },
    async close() {
      engine.dispose();
      await model.dispose();
      await disposeLlama();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Rank (0-based) of the first hit in `doc` on one of `pages`, or -1. */
export function pageRank(hits: Hit[], doc: string, pages: number[]): number {
  return hits.findIndex((h) => h.path === doc && pages.some((p) => p >= h.page && p <= h.pageEnd));
}

export interface PageMetrics {
  questions: number;
  hit1: number;
  hit3: number;
  hit5: number;
  mrr10: number;
  /** Questions with no hit at all. */
  empty: number;
}

export function pageMetrics(ranks: Array<{ rank: number; empty: boolean }>): PageMetrics {
  const n = Math.max(1, ranks.length);
  const share = (f: (r: number) => boolean) => +(ranks.filter(({ rank }) => rank >= 0 && f(rank)).length / n).toFixed(3);
  return {
    questions: ranks.length,
    hit1: share((r) => r === 0),
    hit3: share((r) => r < 3),
    hit5: share((r) => r < 5),
    mrr10: +(ranks.reduce((s, { rank }) => s + (rank >= 0 ? 1 / (rank + 1) : 0), 0) / n).toFixed(3),
    empty: ranks.filter((r) => r.empty).length,
  };
}
