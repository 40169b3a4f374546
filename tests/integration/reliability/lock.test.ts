/**
 * The write lock: who holds it (host, pid, start time), when it is stale (a dead pid, a reused
 * pid, a silent writer on another host), an atomic take-over when many processes race for a
 * stale lock, and a schema migration that never drops data without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lancedb from '@lancedb/lancedb';
import { Field, Int32, Schema, Utf8 } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { LanceStore } from '../../../src/main/core/store/lancedb';
import { acquireWriteLock, inspectLock, LOCK_FILE, processStartTime } from '../../../src/main/core/store/lock';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-lock-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  temp.cleanup();
});

function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function writeLock(dir: string, fields: Record<string, unknown>, ageMs = 0): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  fs.writeFileSync(file, JSON.stringify({ acquiredAt: new Date().toISOString(), token: 'other', ...fields }));
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
}

describe('the write lock', () => {
  it('records host, pid and start time, and only its owner releases it', () => {
    const dir = path.join(temp.dir, 'own');
    const lock = acquireWriteLock(dir);
    const info = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: os.hostname(), token: lock.info.token });
    expect(Math.abs(Date.parse(info.processStartedAt) - (Date.now() - process.uptime() * 1000))).toBeLessThan(2000);
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

    const second = acquireWriteLock(dir);
    writeLock(dir, { pid: process.pid, host: 'someone-else', processStartedAt: '' }); // taken from us meanwhile
    second.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true); // not ours any more: left alone
  });

  it('is held by a live process, stale once its pid is gone or belongs to another process', async () => {
    const dir = path.join(temp.dir, 'pids');
    const child = sleeper();
    await new Promise((r) => setTimeout(r, 100));
    const started = processStartTime(child.pid!);
    expect(started).toBeDefined();
    writeLock(dir, { pid: child.pid, host: os.hostname(), processStartedAt: new Date(started!).toISOString() });
    expect(inspectLock(dir).state).toBe('held');
    expect(() => acquireWriteLock(dir)).toThrow(expect.objectContaining({ code: 'LIBRARY_LOCKED', message: expect.stringContaining(`pid ${child.pid}`) }));

    // The same pid, but the process that wrote the lock started an hour earlier: the pid was reused.
    writeLock(dir, { pid: child.pid, host: os.hostname(), processStartedAt: new Date(started! - 3_600_000).toISOString() });
    expect(inspectLock(dir)).toMatchObject({ state: 'stale', reason: expect.stringContaining('another process') });
    acquireWriteLock(dir).release();

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    writeLock(dir, { pid: child.pid, host: os.hostname(), processStartedAt: new Date(started!).toISOString() });
    expect(inspectLock(dir)).toMatchObject({ state: 'stale', reason: expect.stringContaining('no longer running') });
    acquireWriteLock(dir).release();
  });

  it("a library's status names the live writer that holds its lock, and nobody once that writer is gone", async () => {
    const dir = path.join(temp.dir, 'status');
    const engine = await Engine.open({ libraryDir: dir });
    try {
      const child = sleeper();
      await new Promise((r) => setTimeout(r, 100));
      const since = new Date().toISOString();
      writeLock(dir, { pid: child.pid, host: os.hostname(), processStartedAt: new Date(processStartTime(child.pid!)!).toISOString(), acquiredAt: since });
      expect((await engine.status()).writer).toEqual({ host: os.hostname(), pid: child.pid, since });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect((await engine.status()).writer).toBeUndefined();
    } finally {
      engine.dispose();
    }
  });

  it('from another host (a shared folder): held while refreshed, stale after a minute of silence', () => {
    const dir = path.join(temp.dir, 'remote');
    writeLock(dir, { pid: 1, host: 'plant-pc-7', processStartedAt: '' }, 5_000);
    expect(() => acquireWriteLock(dir)).toThrow(expect.objectContaining({ code: 'LIBRARY_LOCKED', message: expect.stringContaining('plant-pc-7') }));
    writeLock(dir, { pid: 1, host: 'plant-pc-7', processStartedAt: '' }, 120_000);
    const lock = acquireWriteLock(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).host).toBe(os.hostname());
    lock.release();
  });

  it('is taken over by exactly one of eight processes racing for a stale lock', async () => {
    const dir = path.join(temp.dir, 'race');
    writeLock(dir, { pid: 2 ** 22 + 99, host: os.hostname(), processStartedAt: new Date(0).toISOString() });
    const go = path.join(temp.dir, 'go');
    const lockModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/main/core/store/lock.ts');
    const script = `
      import fs from 'node:fs';
      const { acquireWriteLock } = await import(${JSON.stringify(lockModule)});
      fs.writeFileSync(${JSON.stringify(go)} + '.' + process.pid, '');
      while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 5));
      try { const lock = acquireWriteLock(${JSON.stringify(dir)}); console.log('got'); await new Promise((r) => setTimeout(r, 3000)); lock.release(); }
      catch (e) { console.log(e.code); }`;
    const runs = Array.from({ length: 8 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      return new Promise<string>((resolve) => child.on('exit', () => resolve(out.trim())));
    });
    // Every child started and waiting at the line, then all at once.
    while (fs.readdirSync(temp.dir).filter((name) => name.startsWith('go.')).length < 8) await new Promise((r) => setTimeout(r, 50));
    fs.writeFileSync(go, '');
    const results = await Promise.all(runs);
    expect(results.filter((r) => r === 'got')).toHaveLength(1);
    expect(results.filter((r) => r === 'LIBRARY_LOCKED')).toHaveLength(7);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('a schema migration never drops the chunks table while another process holds the lock', async () => {
    const dir = path.join(temp.dir, 'old-library');
    const conn = await lancedb.connect(dir);
    // A chunks table from an older Genten (no collection column), with a row.
    const old = new Schema([new Field('id', new Utf8(), false), new Field('documentId', new Utf8(), false), new Field('ordinal', new Int32(), false)]);
    const table = await conn.createEmptyTable('chunks', old);
    await table.add([{ id: 'c1', documentId: 'd1', ordinal: 0 }]);
    conn.close();

    const child = sleeper();
    await new Promise((r) => setTimeout(r, 100));
    writeLock(dir, { pid: child.pid, host: os.hostname(), processStartedAt: new Date(processStartTime(child.pid!)!).toISOString() });
    await expect(LanceStore.open(dir)).rejects.toMatchObject({ code: 'LIBRARY_LOCKED' });
    const check = await lancedb.connect(dir);
    expect(await (await check.openTable('chunks')).countRows()).toBe(1); // nothing dropped
    check.close();

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const store = await LanceStore.open(dir); // the writer is gone: migrated under the lock
    expect(await store.countChunks()).toBe(0);
    store.dispose();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });
});
