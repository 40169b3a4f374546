import { createHash } from 'node:crypto';
import type { EmbeddingInput } from './types';

/**
 * Fingerprint of what an embedding of this chunk was made from (title, section path, text). A
 * document re-indexed with the same chunks keeps its vectors; a chunk whose text changed loses it.
 */
export function chunkFingerprint(chunk: EmbeddingInput): string {
  return createHash('sha256').update(`${chunk.title}\u0000${chunk.section}\u0000${chunk.text}`).digest('hex').slice(0, 20);
}
