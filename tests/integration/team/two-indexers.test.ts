/**
 * Two indexers writing one library at once, as on object storage where no lock file can keep
 * them apart. s3rver does not honour conditional put, so this runs on a local folder, where
 * LanceDB's commit handling is the same code: each indexer either succeeds, or fails with the
 * one retry sentence; running the failed one again completes the library; nothing is lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { makeTempDir } from '../../helpers/temp';

function writeManuals(dir: string, tag: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: 40 }, (_, j) => `第${j + 1}条 ${tag}装置${i}号機の点検手順。部品コード${tag}${i}-${j}を確認する。`);
    fs.writeFileSync(path.join(dir, `${tag}-${i}.txt`), lines.join('\n'));
  }
}

describe('two indexers on one library without a lock', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('both succeed, or one fails with a clear retry message; a second run completes; nothing is lost', async () => {
    const db = path.join(temp.dir, 'lib');
    const a = path.join(temp.dir, 'plant-a');
    const b = path.join(temp.dir, 'plant-b');
    writeManuals(a, 'A', 40);
    writeManuals(b, 'B', 40);
    // Create the library first, as IT does once; then two writers race on it.
    (await Engine.open({ libraryDir: db })).dispose();
    const [first, second] = await Promise.all([Engine.open({ libraryDir: db, writeLock: false }), Engine.open({ libraryDir: db, writeLock: false })]);
    try {
      const results = await Promise.allSettled([first.index({ paths: [a] }), second.index({ paths: [b] })]);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason.code).toBe('LIBRARY_LOCKED');
          expect(result.reason.message).toMatch(/at the same time.*run the same command again/);
        } else {
          expect(result.value.failed).toEqual([]);
        }
      }
    } finally {
      first.dispose();
      second.dispose();
    }
    // Whatever happened, running each command again (a new process: a fresh view of the
    // library) leaves both folders fully indexed.
    for (const folder of [a, b]) {
      const again = await Engine.open({ libraryDir: db, writeLock: false });
      try {
        expect((await again.index({ paths: [folder] })).failed).toEqual([]);
      } finally {
        again.dispose();
      }
    }
    const reader = await Engine.open({ libraryDir: db, create: false });
    try {
      const docs = await reader.documents();
      expect(docs.filter((d) => d.status === 'indexed')).toHaveLength(80);
      expect((await reader.search('A7-3', { k: 1 }))[0]?.path).toBe(path.join(a, 'A-7.txt'));
      expect((await reader.search('B31-5', { k: 1 }))[0]?.path).toBe(path.join(b, 'B-31.txt'));
      expect((await reader.status()).chunks).toBe(docs.reduce((sum, d) => sum + d.chunks, 0));
    } finally {
      reader.dispose();
    }
  }, 180_000);
});
