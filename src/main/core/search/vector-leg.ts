/**
 * The vector leg's scores. A multilingual embedder puts passages in the question's own language
 * nearer than the passage that answers it in another (multilingual-e5-small: in a library of
 * Japanese and English manuals, a Japanese question's nearest English passage ranks below dozens
 * of loosely related Japanese ones). So the nearest candidates are ranked per script of the
 * passage (languages.ts), each script on its own scale, and a script counts by how far its best
 * passage stands above the others of that script: a passage that answers the question stands
 * out; the nearest of a language that holds no answer does not.
 */
import type { RankedChunk } from '../store/types';
import { scriptOf, type Script } from './languages';

/**
 * Cosine similarities to the contributions of a score-fused leg: the similarity above the
 * weakest candidate's, so the best candidate counts fully and the last not at all. (Similarities
 * of all candidates sit close together; divided by the best alone they would add almost the same
 * amount to every candidate.)
 */
export function vectorLegScores<T extends RankedChunk>(chunks: T[]): T[] {
  if (chunks.length === 0) return chunks;
  const floor = Math.min(...chunks.map((c) => c.score));
  const spread = Math.max(...chunks.map((c) => c.score)) - floor;
  return chunks.map((chunk) => ({ ...chunk, score: spread > 0 ? (chunk.score - floor) / spread : 1 }));
}

/** How many standard deviations the best similarity stands above the mean of the group's candidates. */
export function standOut(similarities: number[]): number {
  if (similarities.length < 2) return 0;
  const mean = similarities.reduce((s, x) => s + x, 0) / similarities.length;
  const sd = Math.sqrt(similarities.reduce((s, x) => s + (x - mean) ** 2, 0) / similarities.length);
  return sd > 1e-9 ? (Math.max(...similarities) - mean) / sd : 0;
}

/** The nearest `limit` candidates of each script among `pool` (nearest first). */
export function byScript<T extends RankedChunk>(pool: T[], limit: number): Map<Script, T[]> {
  const groups = new Map<Script, T[]>();
  for (const chunk of pool) {
    const script = scriptOf(chunk.terms ?? '');
    const group = groups.get(script);
    if (!group) groups.set(script, [chunk]);
    else if (group.length < limit) group.push(chunk);
  }
  return groups;
}

/**
 * The candidates of each script (byScript; cosine similarity as score), each script min-max
 * scaled as vectorLegScores does and weighted by its stand-out relative to the script that stands
 * out most. Passages in another script than the query's count `otherScale` times: the word legs
 * cannot find them, so their meaning is all the evidence there is. With one script this is
 * vectorLegScores.
 */
export function vectorLegByScript<T extends RankedChunk>(groups: Map<Script, T[]>, query: { script: Script; otherScale: number }): T[] {
  // A script with fewer than a handful of candidates cannot show a stand-out: it counts at the best's.
  const shows = (chunks: T[]) => chunks.length >= 5;
  const outs = new Map([...groups].map(([script, chunks]) => [script, shows(chunks) ? standOut(chunks.map((c) => c.score)) : 0]));
  const top = Math.max(...outs.values());
  return [...groups]
    .flatMap(([script, chunks]) => {
      const weight = (top > 0 && shows(chunks) ? outs.get(script)! / top : 1) * (groups.size > 1 && script !== query.script ? query.otherScale : 1);
      return vectorLegScores(chunks).map((chunk) => ({ ...chunk, score: chunk.score * weight }));
    })
    .sort((a, b) => b.score - a.score);
}
