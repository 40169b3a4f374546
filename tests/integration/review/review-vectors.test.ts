/**
 * The embedder's leg of review retrieval: used when the library holds vectors of the engine's
 * embedding model, never needed. Real PDFs, kuromoji and LanceDB; the embedder is a stand-in that
 * knows one topic (payment) so that the leg's effect can be told from the words'.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingModelOf } from '../../../src/main/core/embeddings/model';
import { Engine } from '../../../src/main/core/engine';
import type { Embedder } from '../../../src/main/core/llm/types';
import { retrieveForItem } from '../../../src/main/core/review/retrieve-item';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

/** Payment or anything else: two directions, so cosine tells the topic apart. */
const topicEmbedder: Embedder = {
  name: 'topic-stand-in',
  dimensions: 2,
  embed: async (texts) => texts.map((text) => (/\b(rent|compensation|owed)\b/i.test(text) ? [1, 0.1] : [0.1, 1])),
  dispose: async () => {},
};

const filler = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${topic} ${i + 1}. The Operator shall keep the equipment in good repair and report defects to the Owner promptly.`);

// Long enough (some fifty passages) for one passage to stand out of the document's spread.
const LEASE = [
  ['EQUIPMENT LEASE AGREEMENT', 'Harbor Cranes Ltd. ("Owner") leases cranes to Northwind Logistics Inc. ("Operator").', ...filler('Operation', 3)],
  ['2. Rent', 'Operator shall remit USD 40,000 on the first business day of each month.', ...filler('Maintenance', 4)],
  ['3. Notices', 'Notices shall be sent to the addresses given above.', ...filler('Inspection', 3)],
  ...Array.from({ length: 30 }, (_, i) => [`${i + 4}. Equipment group ${i + 1}`, ...filler(`Care of group ${i + 1}`, 8)]),
];

describe('review with an embedding model (real PDFs, kuromoji, LanceDB)', () => {
  const temp = makeTempDir();
  const file = path.join(temp.dir, 'docs', 'lease.pdf');
  let engine: Engine;
  let documentId: string;
  // Words the clause does not use: only the embedder relates the item to it.
  const item = { question: 'Compensation: How much is owed each period?' };

  beforeAll(async () => {
    await makePdf(file, LEASE);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library'), embedding: embeddingModelOf(topicEmbedder) });
    await engine.index({ paths: [file] });
    documentId = (await engine.documents())[0]!.id;
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('brings the clause the embedder relates to the item first, and reports how far it stands out', async () => {
    const evidence = await retrieveForItem(engine, item, { documentId, k: 3 });
    expect(evidence.hits[0]!.text).toContain('USD 40,000');
    expect(evidence.signals.vector).toBeGreaterThan(1);
  });

  it('still needs evidence of absence: a clause the lease lacks is not_found, the one it has never is', async () => {
    // The stand-in embedder finds *something* nearest for any item: nearness alone says nothing of absence.
    const lacking = await retrieveForItem(engine, { question: 'Is there a requirement on a party not to disparage the counterparty?' }, { documentId });
    expect(lacking.status).toBe('not_found');
    expect((await retrieveForItem(engine, { question: 'Rent: how much rent is due?' }, { documentId })).status).not.toBe('not_found');
    // No word of the item is in the lease, but the embedder singles the rent clause out: a reviewer checks it.
    const otherwise = await retrieveForItem(engine, item, { documentId });
    expect(otherwise.status).toBe('needs_review');
    expect(otherwise.why.code).toBe('meaning_near');
    expect((await retrieveForItem(engine, item, { documentId, vectors: false })).status).toBe('not_found');
  });

  it('goes by words alone when told to, or when the library holds no vectors of the engine’s model', async () => {
    const words = await retrieveForItem(engine, item, { documentId, k: 3, vectors: false });
    expect(words.signals.vector).toBeUndefined();
    expect(words.hits[0]!.text).not.toContain('USD 40,000');
    const other = await Engine.open({ libraryDir: path.join(temp.dir, 'library'), embedding: embeddingModelOf({ ...topicEmbedder, name: 'another model' }) });
    try {
      const fallback = await retrieveForItem(other, item, { documentId, k: 3 });
      expect(fallback.signals.vector).toBeUndefined();
      expect(fallback.hits.map((h) => h.chunkId)).toEqual(words.hits.map((h) => h.chunkId));
    } finally {
      other.dispose();
    }
  });
});
