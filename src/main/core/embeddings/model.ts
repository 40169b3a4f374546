/**
 * The embedding model as the library sees it: a stable id (stored with the vectors, so that a
 * change of model re-embeds), the family that decides its prefixes, and the embedder itself,
 * loaded only when something needs embedding (a search against vectors of another model, or a
 * library with nothing left to embed, never loads it).
 */
import type { Embedder } from '../llm/types';
import { PLAIN_FAMILY, type EmbeddingFamily } from './families';

export interface EmbeddingModel {
  /** Stored in the library's meta; equal ids mean interchangeable vectors. */
  readonly id: string;
  /** For messages: the model file's name. */
  readonly name: string;
  readonly family: EmbeddingFamily;
  /** The embedder, loaded on first call (later calls share it). */
  load(options?: { signal?: AbortSignal }): Promise<Embedder>;
  /** Frees the embedder if it was loaded. */
  dispose(): Promise<void>;
}

/** Wraps an embedder that is already loaded (a fake in tests, a server client). */
export function embeddingModelOf(embedder: Embedder, options: { id?: string; family?: EmbeddingFamily } = {}): EmbeddingModel {
  return {
    id: options.id ?? `${embedder.name} ${embedder.dimensions}d`,
    name: embedder.name,
    family: options.family ?? PLAIN_FAMILY,
    load: async () => embedder,
    dispose: () => embedder.dispose(),
  };
}
