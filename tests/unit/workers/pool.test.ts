import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/core/workers/pool';
import { makeTempDir } from '../../helpers/temp';

/** A worker that doubles numbers, dies on 'crash' and spins forever on 'hang', like a bad parser. */
const WORKER = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ taskId, task }) => {
  if (task === 'crash') process.exit(3);
  if (task === 'hang') for (;;) {}
  if (task === 'slow') return setInterval(() => parentPort.postMessage({ taskId, kind: 'event', event: 'page' }), 100);
  if (task === 'hog') { const kept = []; for (;;) kept.push(new Array(1e6).fill(kept.length)); }
  parentPort.postMessage({ taskId, kind: 'event', event: 'working' });
  parentPort.postMessage({ taskId, kind: 'result', result: task * 2 });
});
`;

describe('WorkerPool', () => {
  const temp = makeTempDir('genten-pool-');
  const script = path.join(temp.dir, 'worker.mjs');
  fs.writeFileSync(script, WORKER);
  afterAll(() => temp.cleanup());

  it('fails only the task whose worker crashed or went silent, and keeps going with a new worker', async () => {
    const pool = new WorkerPool<number | string, number, string>(pathToFileURL(script), 1, { silenceTimeoutMs: 2000, describe: (t) => `task ${t}` }); // 2 s: room for a new worker to start on a loaded machine
    try {
      const crashed = pool.run('crash');
      const hung = pool.run('hang');
      const fine = pool.run(21);
      await expect(crashed).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('task crash could not be processed') });
      await expect(hung).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('without progress') });
      await expect(fine).resolves.toBe(42);
    } finally {
      await pool.terminate();
    }
  });

  it('gives queued tasks to workers added while the first is busy', async () => {
    const pool = new WorkerPool<number | string, number, string>(pathToFileURL(script), 1);
    try {
      void pool.run('hang').catch(() => {});
      const queued = pool.run(5);
      pool.grow(2);
      await expect(queued).resolves.toBe(10);
    } finally {
      await pool.terminate();
    }
  });

  it('rejects what is still queued when terminated (a cancel)', async () => {
    const pool = new WorkerPool<number | string, number, string>(pathToFileURL(script), 1);
    const outcomes = Promise.allSettled([pool.run('hang'), pool.run(1)]);
    await pool.terminate();
    for (const outcome of await outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { name: 'AbortError' } });
  });

  it('stops a task that keeps reporting progress past its time cap (TIMEOUT), and one that runs out of its heap cap (TOO_LARGE)', async () => {
    const capped = new WorkerPool<number | string, number, string>(pathToFileURL(script), 1, { taskTimeoutMs: 1500, describe: (t) => `task ${t}` });
    const small = new WorkerPool<number | string, number, string>(pathToFileURL(script), 1, {
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
      describe: (t) => `task ${t}`,
    });
    try {
      await expect(capped.run('slow')).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: 'task slow could not be processed: stopped after 2 s, the time allowed for one file.',
      });
      await expect(small.run('hog')).rejects.toMatchObject({
        code: 'TOO_LARGE',
        message: expect.stringContaining('needs more memory than a parse thread may use'),
      });
      await expect(small.run(4)).resolves.toBe(8);
    } finally {
      await Promise.all([capped.terminate(), small.terminate()]);
    }
  });
});
