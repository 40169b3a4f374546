/**
 * Brings the library's vectors up to date with an embedding model: a new model (or a new input
 * format) starts the vectors over; then every chunk without a vector is embedded, in small
 * batches, each batch of vectors committed as it is done. A cancel or a kill keeps what was
 * committed, and the next run embeds only what is still missing.
 */
import { GentenError, toErrorInfo } from '../../../shared/errors';
import { callSafely, type Embedder } from '../llm/types';
import { chunkFingerprint } from '../store/chunk-fingerprint';
import type { LibraryStore } from '../store/library-store';
import type { VectorRow, VectorSpace } from '../store/types';
import { inputSignature, passageInput } from './families';
import type { EmbeddingModel } from './model';

export interface EmbedLibraryOptions {
  /** Stops between texts; what was embedded so far is committed and kept. */
  signal?: AbortSignal;
  /** After every text: chunks embedded so far in this run, and to embed in this run. A throwing callback is ignored. */
  onProgress?: (done: number, total: number) => void;
  /** Texts per embed() call (the embedder is busy, e.g. for a query, for one call at most). Default 16. */
  batchSize?: number;
  /** Vectors are committed when this many are waiting, or after `commitMs`. Default 512. */
  commitSize?: number;
  /** Default 3000 ms. */
  commitMs?: number;
}

export interface EmbedLibrarySummary {
  /** The model's id, as stored in the library. */
  model: string;
  /** Chunks embedded by this run. */
  embedded: number;
  /** Chunks that still have no vector (after a cancel). */
  missing: number;
  /** True when this run started the vectors over (a new model, or the first one). */
  reset: boolean;
  cancelled: boolean;
  seconds: number;
}

function sameSpace(a: VectorSpace | undefined, b: VectorSpace): boolean {
  return a !== undefined && a.model === b.model && a.dimensions === b.dimensions && a.input === b.input;
}

export async function embedLibrary(store: LibraryStore, model: EmbeddingModel, options: EmbedLibraryOptions = {}): Promise<EmbedLibrarySummary> {
  const started = performance.now();
  const { signal } = options;
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const commitSize = Math.max(1, options.commitSize ?? 512);
  const commitMs = options.commitMs ?? 3000;
  const input = inputSignature(model.family);
  const summary: EmbedLibrarySummary = { model: model.id, embedded: 0, missing: 0, reset: false, cancelled: false, seconds: 0 };
  const finish = () => ({ ...summary, seconds: (performance.now() - started) / 1000 });

  // The same model as last time: find what is missing without loading the weights.
  const current = await store.vectorSpace();
  let pending = current && current.model === model.id && current.input === input ? await store.chunksWithoutVectors() : undefined;
  if (pending?.length === 0) return finish();

  let embedder: Embedder;
  try {
    embedder = await model.load({ signal });
  } catch (error) {
    if (signal?.aborted) {
      summary.cancelled = true;
      summary.missing = pending?.length ?? (await store.countChunks());
      return finish();
    }
    throw error;
  }
  const space: VectorSpace = { model: model.id, dimensions: embedder.dimensions, input };
  if (!sameSpace(current, space)) {
    await store.resetVectors(space);
    summary.reset = true;
    pending = await store.chunksWithoutVectors();
  }
  pending ??= await store.chunksWithoutVectors();

  const total = pending.length;
  let waiting: VectorRow[] = [];
  let lastCommit = performance.now();
  const commit = async () => {
    const rows = waiting;
    waiting = [];
    lastCommit = performance.now();
    await store.addVectors(rows);
    summary.embedded += rows.length;
  };
  callSafely(options.onProgress, 0, total);

  try {
    // Read texts a few batches at a time: a large library's text never sits in memory at once.
    for (let start = 0; start < total; start += batchSize * 8) {
      const chunks = await store.embeddingInputs(pending.slice(start, start + batchSize * 8));
      for (let i = 0; i < chunks.length; i += batchSize) {
        signal?.throwIfAborted();
        const batch = chunks.slice(i, i + batchSize);
        const base = summary.embedded + waiting.length;
        const vectors = await embedder.embed(
          batch.map((chunk) => passageInput(model.family, chunk)),
          { signal, onProgress: (done) => callSafely(options.onProgress, base + done, total) },
        );
        vectors.forEach((vector, j) => {
          if (vector.length !== space.dimensions) {
            throw new GentenError('MODEL_ERROR', `${model.name} returned a vector of ${vector.length} values, not ${space.dimensions}`);
          }
          const chunk = batch[j]!;
          waiting.push({ id: chunk.id, documentId: chunk.documentId, source: chunkFingerprint(chunk), vector });
        });
        if (waiting.length >= commitSize || performance.now() - lastCommit >= commitMs) await commit();
      }
    }
  } catch (error) {
    if (!signal?.aborted) {
      await commit().catch(() => undefined);
      const info = toErrorInfo(error);
      throw error instanceof GentenError ? error : new GentenError('MODEL_ERROR', `Embedding with ${model.name} failed: ${info.message}`);
    }
    summary.cancelled = true;
  }
  await commit();
  summary.missing = total - summary.embedded;
  if (!summary.cancelled && summary.embedded > 0) await store.optimizeVectors();
  return finish();
}
