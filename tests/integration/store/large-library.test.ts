import { afterAll, describe, expect, it } from 'vitest';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import type { DocumentReplacement } from '../../../src/main/core/store/types';
import { documentReplacement } from '../../helpers/store-rows';
import { makeTempDir } from '../../helpers/temp';

const DOCS = 40;
const CHUNKS_PER_DOC = 600; // 24,000 chunks: past the size where a 2-thread Lance pool deadlocked

/** ~300 terms per chunk from a 20,000-word vocabulary, like analysed passages (the deadlock needs volume). */
function passageTerms(seed: number): string {
  let x = seed * 2654435761 + 1;
  const words: string[] = [];
  for (let i = 0; i < 300; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    words.push(`w${x % 20000}`);
  }
  return words.join(' ');
}

function replacement(d: number): DocumentReplacement {
  return documentReplacement(
    `doc${d}`,
    Array.from({ length: CHUNKS_PER_DOC }, (_, i) => ({
      text: `本文 ${d} ${i}`,
      terms: `p${d}-${i} ${passageTerms(d * CHUNKS_PER_DOC + i)}`,
      grams: `点検 検部 部品 p${d}`,
    })),
  );
}

describe('a library of tens of thousands of chunks', () => {
  const temp = makeTempDir('genten-large-');
  afterAll(() => temp.cleanup());

  it('builds its full-text indexes (no deadlock on two cores) and searches them', async () => {
    const store = await LanceStore.open(temp.dir);
    try {
      for (let d = 0; d < DOCS; d += 10) await store.replaceDocuments(Array.from({ length: 10 }, (_, i) => replacement(d + i)));
      expect(await store.countChunks()).toBe(DOCS * CHUNKS_PER_DOC);
      await store.refreshIndex();
      const [hit] = await store.searchLeg('terms', 'p17-333', { limit: 3 });
      expect(hit.id).toBe('doc17-333');
    } finally {
      store.dispose();
    }
  }, 120_000);
});
