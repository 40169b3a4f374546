import type { Chunk } from '../../../shared/types';

/** Page text after clean-up: what chunks quote and what offsets point into. */
export interface CleanPage {
  page: number;
  text: string;
}

/** A chunk as the chunker makes it: the shared Chunk before the indexer gives it ids. */
export type ChunkDraft = Omit<Chunk, 'id' | 'documentId'> & {
  /** Structural address terms of the provisions the chunk holds (provisions.ts), indexed as search terms. */
  addresses?: string[];
};

export interface ChunkOptions {
  /** Target chunk length in characters. Default 400 (a few hundred Japanese characters). */
  targetChars?: number;
  /** Hard maximum; a single sentence longer than this is split. Default 2 × targetChars. */
  maxChars?: number;
  /** Characters of overlap carried from the previous chunk (whole sentences). Default 60. */
  overlapChars?: number;
}
