/**
 * A library of some folders, indexed and embedded with a GGUF embedding model, and a search over
 * it that runs the same query by BM25 alone or with the vector leg (the query embedded once). For
 * the embedder's evaluation scripts. The library is kept in ~/.cache/genten-eval-crosslingual/
 * <model>-<hash of the files>: embedding thousands of passages takes minutes on two cores, so later
 * runs reuse it (an interrupted one resumes: indexing skips unchanged files, embedding the done).
 */
import { createHash } from 'node:crypto';
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

/** The fusion before issue 19's: all vector candidates ranked together, BM25 legs unscaled. */
export const RANKED_TOGETHER: Partial<FusionOptions> = { vectorPool: 0, coverage: { floor: 0, full: 0 } };

export interface EmbeddedLibrary {
  engine: Engine;
  /** True when the kept library was reused (the seconds are those of the run that built it). */
  reused: boolean;
  model: EmbeddingModel;
  pages: number;
  chunks: number;
  indexSeconds: number;
  embedSeconds: number;
  libraryMB: { bm25: number; withVectors: number };
  /** Top `k` hits; `vectorWeight` 0 is BM25 alone; `fusion` changes DEFAULT_FUSION otherwise. */
  search(query: string, options: { k: number; vectorWeight: number; documentId?: string; fusion?: Partial<FusionOptions> }): Promise<Hit[]>;
  close(): Promise<void>;
}

/** What building the library measured, kept beside it so that a reused library reports the same. */
interface BuildSummary {
  pages: number;
  chunks: number;
  indexSeconds: number;
  embedSeconds: number;
  libraryMB: { bm25: number; withVectors: number };
}

/** The kept library's folder: one per model and set of files (paths, sizes, modification times). */
export function cachedLibraryDir(paths: string[], modelPath: string): string {
  const files = paths.flatMap((p) => filesUnder(path.resolve(p))).sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = fs.statSync(file);
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  const root = process.env.GENTEN_EVAL_CACHE || path.join(os.homedir(), '.cache', 'genten-eval-crosslingual');
  return path.join(root, `${path.basename(modelPath, '.gguf')}-${hash.digest('hex').slice(0, 16)}`);
}

function filesUnder(p: string): string[] {
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => filesUnder(path.join(p, e.name)));
}

async function build(engine: Engine, model: EmbeddingModel, paths: string[], dir: string): Promise<BuildSummary> {
  const indexStart = performance.now();
  await engine.index({ paths });
  const indexSeconds = (performance.now() - indexStart) / 1000;
  const bm25Bytes = folderBytes(dir);
  engine.setEmbedding(model);
  const embedded = await engine.embed();
  const mb = (bytes: number) => +(bytes / 1e6).toFixed(1);
  return {
    pages: (await engine.documents()).reduce((sum, d) => sum + d.pages, 0),
    chunks: await engine.store.countChunks(),
    indexSeconds,
    embedSeconds: embedded.seconds,
    libraryMB: { bm25: mb(bm25Bytes), withVectors: mb(folderBytes(dir)) },
  };
}

/** `fresh` builds the library again (in a temporary folder, removed on close) instead of reusing the kept one. */
export async function embeddedLibrary(options: { paths: string[]; modelPath: string; threads?: number; fresh?: boolean }): Promise<EmbeddedLibrary> {
  configureLlama({ gpu: false });
  const dir = options.fresh ? fs.mkdtempSync(path.join(os.tmpdir(), 'genten-embed-eval-')) : cachedLibraryDir(options.paths, options.modelPath);
  const summaryFile = path.join(dir, 'eval-summary.json');
  fs.mkdirSync(dir, { recursive: true });
  const model = await openEmbeddingModel(options.modelPath, { threads: options.threads ?? 1 });
  // The model is set after indexing, so that indexing does not embed (its time is reported apart).
  const engine = await Engine.open({ libraryDir: dir });
  let built: BuildSummary;
  const reused = fs.existsSync(summaryFile);
  if (reused) built = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
  else {
    built = await build(engine, model, options.paths, dir);
    if (!options.fresh) fs.writeFileSync(summaryFile, JSON.stringify(built));
  }
  engine.setEmbedding(model);
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
    reused,
    ...built,
    async search(query, { k, vectorWeight, documentId, fusion: changes }) {
      const fusion: FusionOptions = { ...DEFAULT_FUSION, ...changes, vectorWeight };
      const vectorLeg = vectorWeight > 0 ? { vector: await vectorOf(query) } : undefined;
      return searchLibrary(engine.store, analyzer, query, { k, fusion, vectorLeg, documentId });
    },
    async close() {
      engine.dispose();
      await model.dispose();
      await disposeLlama();
      if (options.fresh) fs.rmSync(dir, { recursive: true, force: true });
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
