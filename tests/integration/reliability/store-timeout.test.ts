/**
 * A LanceDB call that never returns (injected with GENTEN_TEST_STORE_HANG, as the full-text index
 * deadlock did) fails the job with TIMEOUT within the bound, releases the lock and leaves the
 * library usable; the next run completes the work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-timeout-');
afterAll(() => temp.cleanup());

describe('timeouts around the store', () => {
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');

  it('a hung index build fails the job with TIMEOUT and lists nothing half-written; the next run completes', async () => {
    fs.mkdirSync(docs);
    fs.writeFileSync(path.join(docs, 'a.txt'), 'ポンプP-101の点検は毎日行う。');
    const started = performance.now();
    const hung = await runCli(['index', docs, '--db', db, '--json'], {
      env: { GENTEN_TEST_STORE_HANG: 'createIndex', GENTEN_STORE_TIMEOUT_MS: '5000' },
      timeoutMs: 60_000,
    });
    expect(hung.code).toBe(1);
    expect(hung.stderr).toMatch(/did not answer within 5 s \(createIndex\).*\(TIMEOUT\)/);
    expect(performance.now() - started).toBeLessThan(45_000);
    expect(fs.existsSync(path.join(db, 'genten.lock'))).toBe(false);
    const status = JSON.parse((await runCli(['status', '--db', db, '--json'])).stdout);
    expect(status.documents).toBe(0); // as it was: no document listed without its search index

    const rerun = await runCli(['index', docs, '--db', db, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ indexed: 1, documents: 1, chunks: 1 });
    expect(JSON.parse((await runCli(['check', '--db', db, '--json'])).stdout)).toEqual({ ok: true, documents: 1, chunks: 1, problems: [] });
  }, 180_000);

  it('a hung compaction after a committed batch fails the job with TIMEOUT; the library stays consistent and searchable', async () => {
    fs.writeFileSync(path.join(docs, 'b.txt'), 'バルブV-7は月に一度清掃する。');
    const hung = await runCli(['index', docs, '--db', db, '--json'], {
      env: { GENTEN_TEST_STORE_HANG: 'optimize', GENTEN_STORE_TIMEOUT_MS: '5000' },
      timeoutMs: 60_000,
    });
    expect(hung.code).toBe(1);
    expect(hung.stderr).toContain('(TIMEOUT)');
    expect(fs.existsSync(path.join(db, 'genten.lock'))).toBe(false);
    expect(JSON.parse((await runCli(['check', '--db', db, '--json'])).stdout)).toMatchObject({ ok: true, problems: [] });
    const hits = JSON.parse((await runCli(['search', 'ポンプ 点検', '--db', db, '--json'])).stdout).hits;
    expect(hits[0].path).toBe(path.join(docs, 'a.txt'));
  }, 180_000);
});
