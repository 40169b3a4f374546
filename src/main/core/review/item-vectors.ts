/**
 * The embedder's leg of an item's retrieval, when the library holds vectors of the engine's
 * embedding model (none: review goes by words alone, as it must work without a model). A small
 * embedder's cosines sit in a narrow band (e5: 0.75–0.90 for anything), so they are read against
 * the document's own distribution, never as absolute figures.
 */
import type { Engine } from '../engine';
import type { Passage } from './item-passages';
import type { ReviewItemQuery } from './item-query';

export interface ItemSimilarity {
  /** 0..1 per passage: how far its similarity stands above the document's median, the best passage 1. */
  leg: number[];
  /** How far the best passage stands above the document's typical passage (z-score of the best similarity). */
  contrast: number;
}

/** Share of the document's passages that must have vectors: a half-embedded document is read by words alone. */
const EMBEDDED_SHARE = 0.9;

/** What the embedder is asked: the item as the reviewer wrote it, its category first. */
function itemText(item: ReviewItemQuery): string {
  return [item.category, item.question].filter(Boolean).join(': ');
}

export async function itemSimilarity(engine: Engine, item: ReviewItemQuery, documentId: string, passages: Passage[]): Promise<ItemSimilarity | undefined> {
  const byId = await engine.passageSimilarities(itemText(item), documentId, passages.length);
  if (!byId || byId.size < EMBEDDED_SHARE * passages.length) return undefined;
  const known = [...byId.values()].sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)];
  const best = known[known.length - 1];
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  const sd = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / known.length) || 1;
  const span = best - median || 1;
  // A passage without a vector yet (embedding still running) counts as a typical one.
  const leg = passages.map((p) => Math.max(0, ((byId.get(p.row.id) ?? median) - median) / span));
  return { leg, contrast: (best - mean) / sd };
}
