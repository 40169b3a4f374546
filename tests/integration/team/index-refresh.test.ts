/**
 * How a library was built must not change what a search finds. A shared library grows in runs:
 * a first run whose first batch makes a small full-text index, later runs that add a little or
 * double it. refreshIndex rebuilds an index whole when a run at least doubles it, or after
 * several small updates (each an extra partition, an extra request per token through S3), and
 * updates it otherwise; whichever it did, both legs must rank exactly as a library built at once,
 * and every index (the id index too, which a refresh that does not compact rebuilds) covers every row.
 */
import * as lancedb from '@lancedb/lancedb';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import type { SearchLeg } from '../../../src/main/core/store/types';
import type { DocumentReplacement } from '../../../src/main/core/store/types';
import { documentReplacement } from '../../helpers/store-rows';
import { makeTempDir } from '../../helpers/temp';

const CHUNKS_PER_DOC = 40;
const VOCABULARY = ['弁', '圧力', '点検', '温度', '記録', '交換', '手順', '保守', 'valve', 'pressure', 'seal', 'pump', '契約', '解除', '通知'];

/** mulberry32: the same text on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function replacement(d: number, version = 0): DocumentReplacement {
  const next = random(d * 1000 + version + 1);
  const chunks = Array.from({ length: CHUNKS_PER_DOC }, (_, i) => {
    // Common words 0-3 times each and filler of varying length, so scores differ; one term only this chunk has.
    const words = VOCABULARY.flatMap((w) => Array.from({ length: Math.floor(next() * next() * 4) }, () => w));
    const filler = Array.from({ length: Math.floor(next() * 12) }, (_, k) => `f${d}x${i}x${k}`);
    return { terms: [...words, ...filler, `u${d}v${version}c${i}`].join(' '), grams: [...words, ...filler].join(' ') };
  });
  return documentReplacement(`doc${d}`, chunks, `h${version}`);
}

const QUERIES: Array<[SearchLeg, string]> = [
  ['terms', '弁 圧力 点検'],
  ['terms', 'valve seal pump'],
  ['terms', '契約 解除 通知 記録'],
  ['grams', '温度 記録 交換'],
  ['grams', '保守 手順 pressure'],
];

/** Every match of each query with its score, best first (ties by id: their order is LanceDB's to choose). */
async function ranking(store: LanceStore): Promise<string[]> {
  const out: string[] = [];
  for (const [leg, query] of QUERIES) {
    const hits = (await store.searchLeg(leg, query, { limit: 10_000 })).map((h) => ({ id: h.id, score: h.score.toFixed(4) }));
    hits.sort((a, b) => Number(b.score) - Number(a.score) || a.id.localeCompare(b.id));
    out.push(`${leg} ${query}: ${hits.length} hits: ${hits.map((h) => `${h.id}=${h.score}`).join(' ')}`);
  }
  return out;
}

/** Rows each index of the chunks table has not indexed, by its column ('id', 'terms', 'grams'). */
async function unindexedRows(dir: string): Promise<Record<string, number>> {
  const conn = await lancedb.connect(dir);
  try {
    const chunks = await conn.openTable('chunks');
    const out: Record<string, number> = {};
    for (const index of await chunks.listIndices()) out[index.columns.join()] = (await chunks.indexStats(index.name))!.numUnindexedRows;
    return out;
  } finally {
    conn.close();
  }
}

/** A library with exactly these documents, written in one batch and refreshed once. */
async function builtAtOnce(dir: string, docs: DocumentReplacement[]): Promise<string[]> {
  const store = await LanceStore.open(dir);
  try {
    await store.replaceDocuments(docs);
    await store.refreshIndex();
    return await ranking(store);
  } finally {
    store.dispose();
  }
}

describe('a library built in runs', () => {
  const temp = makeTempDir('genten-refresh-');
  afterAll(() => temp.cleanup());

  it('ranks exactly as one built at once, after a first run, a doubling run and many small runs', async () => {
    const store = await LanceStore.open(path.join(temp.dir, 'runs'));
    const current = new Map<number, DocumentReplacement>();
    const write = async (batch: DocumentReplacement[]) => {
      await store.replaceDocuments(batch);
      for (const doc of batch) current.set(Number(doc.document.id.slice(3)), doc);
    };
    let step = 0;
    const expectSameAsAtOnce = async () => {
      expect(await unindexedRows(path.join(temp.dir, 'runs'))).toEqual({ id: 0, terms: 0, grams: 0 });
      const expected = await builtAtOnce(path.join(temp.dir, `at-once-${step++}`), [...current.values()]);
      expect(await ranking(store)).toEqual(expected);
    };
    try {
      // A first run: its first batch makes the indexes (one document), the rest follows.
      await write([replacement(0)]);
      for (let d = 1; d < 8; d += 3) await write([replacement(d), replacement(d + 1), replacement(d + 2)]);
      await store.refreshIndex();
      await expectSameAsAtOnce();
      // A run that doubles the library.
      await write(Array.from({ length: 10 }, (_, i) => replacement(10 + i)));
      await store.refreshIndex();
      await expectSameAsAtOnce();
      // Small runs: one document changed each time, past the number of updates that forces a rebuild.
      for (let run = 1; run <= 9; run++) {
        await write([replacement(run, run)]);
        await store.refreshIndex();
        expect((await store.searchLeg('terms', `u${run}v${run}c7`, { limit: 1 }))[0]?.id).toBe(`doc${run}-7`);
        expect(await store.searchLeg('terms', `u${run}v0c7`, { limit: 1 })).toEqual([]);
      }
      await expectSameAsAtOnce();
    } finally {
      store.dispose();
    }
  }, 180_000);
});
