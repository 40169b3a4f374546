import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import { runCli, spawnCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

// Enough that a run outlasts its first committed batch (4,000 passages or 2 s) by seconds.
const FILES = 600;

/** Distinct Japanese text per file, long enough that indexing all of them takes several seconds. */
function fileText(i: number): string {
  const lines: string[] = [];
  for (let j = 0; j < 120; j++) {
    lines.push(`第${j + 1}条 装置${i}号機の点検手順${j}。保守担当者は部品コードP${i}-${j}の状態を確認し、異常があれば記録する。`);
  }
  return lines.join('\n');
}

describe('stopping the indexer: SIGKILL and Ctrl-C', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  beforeAll(() => {
    fs.mkdirSync(docs);
    for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(docs, `manual-${String(i).padStart(3, '0')}.txt`), fileText(i));
  });
  afterAll(() => temp.cleanup());

  it('loses nothing already indexed, and the next run completes the work', async () => {
    const child = spawnCli(['index', docs, '--db', db, '--json']);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Wait for the first committed batch, then kill without warning.
    let committed = 0;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 150));
      if (!fs.existsSync(path.join(db, 'documents.lance'))) continue;
      const store = await LanceStore.open(db);
      committed = (await store.listDocuments()).length;
      store.dispose();
      if (committed > 0) break;
    }
    child.kill('SIGKILL');
    await exited;
    expect(committed).toBeGreaterThan(0);

    // What was committed is intact and searchable, even with the dead writer's lock file left behind.
    const store = await LanceStore.open(db);
    const afterKill = await store.listDocuments();
    store.dispose();
    expect(afterKill.length).toBeGreaterThanOrEqual(committed);
    expect(afterKill.length).toBeLessThan(FILES);
    const probe = afterKill[0];
    const number = Number(path.basename(probe.path).match(/\d+/)![0]);
    const found = JSON.parse((await runCli(['search', `P${number}-7`, '--db', db, '--json'])).stdout);
    expect(found.hits[0].path).toBe(probe.path);

    // The same command again finishes the rest without redoing what was done.
    const rerun = await runCli(['index', docs, '--db', db, '--json']);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.unchanged).toBe(afterKill.length);
    expect(summary.indexed).toBe(FILES - afterKill.length);
    expect(summary.documents).toBe(FILES);
    const status = JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout);
    const perDoc = await LanceStore.open(db);
    const expectedChunks = (await perDoc.listDocuments()).reduce((sum, d) => sum + d.chunks, 0);
    perDoc.dispose();
    expect(status.chunks).toBe(expectedChunks); // no duplicates from the interrupted batch
  }, 180_000);

  it('Ctrl-C stops within a second, keeps what was finished and leaves the library usable', async () => {
    const lib = path.join(temp.dir, 'lib-sigint');
    const child = spawnCli(['index', docs, '--db', lib, '--json']);
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once indexing is under way, as a user who changed their mind would.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !fs.existsSync(path.join(lib, 'documents.lance'))) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    const interruptedAt = performance.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(performance.now() - interruptedAt).toBeLessThan(1500);
    expect(code).toBe(130);
    const summary = JSON.parse(stdout);
    expect(summary.cancelled).toBe(true);
    expect(fs.existsSync(path.join(lib, 'genten.lock'))).toBe(false);
    const status = await runCli(['status', '--db', lib, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).documents).toBe(summary.documents);
    expect(summary.documents).toBeLessThan(FILES);
  }, 180_000);
});
