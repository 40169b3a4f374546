/**
 * Ranking reads its candidates' terms by row address (fewer requests through S3 than by id):
 * the terms are those of the chunk the leg found, also when the library was rewritten meanwhile.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import type { DocumentReplacement } from '../../../src/main/core/store/types';
import { documentReplacement } from '../../helpers/store-rows';
import { makeTempDir } from '../../helpers/temp';

function replacement(d: number, version: string): DocumentReplacement {
  return documentReplacement(
    `doc${d}`,
    Array.from({ length: 5 }, (_, i) => ({ terms: `点検 ${version} d${d} c${i}`, grams: '点検 検部' })),
    version,
  );
}

describe('candidate terms', () => {
  const temp = makeTempDir('genten-terms-');
  afterAll(() => temp.cleanup());

  it("are the terms of the chunk each leg found, after it is replaced and after the library's files are compacted", async () => {
    const store = await LanceStore.open(temp.dir);
    try {
      for (let d = 0; d < 4; d++) await store.replaceDocuments([replacement(d, 'v1')]);
      await store.refreshIndex();
      const candidates = await store.searchLeg('terms', 'c3', { limit: 10 });
      expect(candidates.map((c) => c.id).sort()).toEqual(['doc0-3', 'doc1-3', 'doc2-3', 'doc3-3']);
      expect(candidates.every((c) => typeof c.rowId === 'bigint' && c.terms === undefined)).toBe(true);
      const before = await store.termsOf(candidates);
      expect(before.get('doc2-3')).toBe('点検 v1 d2 c3');

      // doc1 is replaced (its old rows deleted in place), then the commits are compacted into new files.
      await store.replaceDocuments([replacement(1, 'v2')]);
      expect((await store.termsOf(candidates)).get('doc1-3')).toBe('点検 v2 d1 c3');
      await store.refreshIndex();
      const after = await store.termsOf(candidates);
      expect(after.get('doc2-3')).toBe('点検 v1 d2 c3');
      expect(after.get('doc1-3')).toBe('点検 v2 d1 c3');
      expect([...after.keys()].sort()).toEqual(['doc0-3', 'doc1-3', 'doc2-3', 'doc3-3']);
    } finally {
      store.dispose();
    }
  }, 60_000);
});
