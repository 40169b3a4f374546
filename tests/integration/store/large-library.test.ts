import { afterAll, describe, expect, it } from 'vitest';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import type { ChunkRow, DocumentReplacement } from '../../../src/main/core/store/types';
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
  const id = `doc${d}`;
  const chunks: ChunkRow[] = Array.from({ length: CHUNKS_PER_DOC }, (_, i) => ({
    id: `${id}-${i}`,
    documentId: id,
    ordinal: i,
    text: `本文 ${d} ${i}`,
    terms: `p${d}-${i} ${passageTerms(d * CHUNKS_PER_DOC + i)}`,
    grams: `点検 検部 部品 p${d}`,
    pageStart: 1 + Math.floor(i / 6),
    pageEnd: 1 + Math.floor(i / 6),
    section: '',
    charStart: 0,
    charEnd: 10,
    path: `/docs/${id}.pdf`,
    title: id,
    collection: 'default',
  }));
  return {
    document: {
      id,
      path: `/docs/${id}.pdf`,
      hash: 'h',
      size: 1,
      mtimeMs: 1,
      type: 'pdf',
      title: id,
      collection: 'default',
      pages: 100,
      chunks: CHUNKS_PER_DOC,
      status: 'indexed',
      errorCode: '',
      errorMessage: '',
      indexedAt: '',
      analyzer: 'test',
    },
    chunks,
  };
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
