/** Model download against a loopback server: progress, resume with Range, checksum, no network. */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pullModel, type PullProgress } from '../../../src/main/core/models/pull';
import { writeTinyGguf } from '../../helpers/tiny-gguf';
import { closedLoopbackPort, startLoopbackServer, type LoopbackServer } from './loopback-server';

let dir: string;
let model: Buffer;
let sha256: string;
let server: LoopbackServer;
const ranges: Array<string | undefined> = [];
/** Bytes per write and pause between writes, so that progress and abort can be observed. */
let slow = false;

const REVISION = '0123456789abcdef0123456789abcdef01234567';

function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  ranges.push(req.headers.range);
  req.url = req.url?.replace(`/resolve/${REVISION}`, ''); // pinned URLs name the commit
  if (req.url === '/missing.gguf') {
    res.writeHead(404).end('not found');
    return;
  }
  if (req.url === '/not-gguf.gguf') {
    res.writeHead(200, { 'content-length': '11' }).end('<html></html>'.slice(0, 11));
    return;
  }
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  if (start >= model.length) {
    res.writeHead(416, { 'content-range': `bytes */${model.length}` }).end();
    return;
  }
  const body = model.subarray(start);
  res.writeHead(range ? 206 : 200, {
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    ...(range ? { 'content-range': `bytes ${start}-${model.length - 1}/${model.length}` } : {}),
  });
  if (!slow) {
    res.end(body);
    return;
  }
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(body.subarray(at, at + 16 * 1024));
    at += 16 * 1024;
    if (at >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, 5);
  res.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'genten-pull-'));
  model = await readFile(await writeTinyGguf(path.join(dir, 'source.gguf')));
  sha256 = createHash('sha256').update(model).digest('hex');
  server = await startLoopbackServer(serve);
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

let dest: string;
/** Buffer.equals: deep toEqual on half a megabyte takes seconds. */
const sameAsModel = async (file: string) => (await readFile(file)).equals(model);
beforeEach(async () => {
  dest = await mkdtemp(path.join(dir, 'dest-'));
  ranges.length = 0;
  slow = false;
});

const entry = (overrides: Partial<{ url: string; fileName: string; sha256: string | null; revision: string | null }> = {}) => ({
  url: `${server.url}/resolve/${REVISION}/tiny.gguf`,
  fileName: 'tiny.gguf',
  revision: REVISION,
  sha256,
  ...overrides,
});

describe('pullModel', () => {
  it('downloads with progress, verifies the checksum and leaves no .part behind', async () => {
    const progress: PullProgress[] = [];
    const result = await pullModel(entry(), { destDir: dest, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({
      path: path.join(dest, 'tiny.gguf'),
      sizeBytes: model.length,
      sha256,
      verified: true,
      resumedFrom: 0,
      alreadyPresent: false,
    });
    expect(await sameAsModel(result.path)).toBe(true);
    expect(await readdir(dest)).toEqual(['tiny.gguf']);
    expect(progress.at(-1)).toMatchObject({ receivedBytes: model.length, totalBytes: model.length });
    expect(ranges).toEqual([undefined]);
  });

  it('resumes an interrupted download with a Range request and still verifies the whole file', async () => {
    const half = Math.floor(model.length / 2);
    await writeFile(path.join(dest, 'tiny.gguf.part'), model.subarray(0, half));
    const result = await pullModel(entry(), { destDir: dest });
    expect(ranges).toEqual([`bytes=${half}-`]);
    expect(result).toMatchObject({ verified: true, resumedFrom: half, sizeBytes: model.length });
    expect(await sameAsModel(result.path)).toBe(true);
  });

  it('keeps the .part on abort so that the next call resumes', async () => {
    slow = true;
    const controller = new AbortController();
    const first = pullModel(entry(), {
      destDir: dest,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.receivedBytes > 64 * 1024) controller.abort();
      },
    });
    await expect(first).rejects.toThrow();
    const partial = (await stat(path.join(dest, 'tiny.gguf.part'))).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(model.length);

    slow = false;
    const result = await pullModel(entry(), { destDir: dest });
    expect(result.resumedFrom).toBe(partial);
    expect(await sameAsModel(result.path)).toBe(true);
  });

  it('deletes the download and says so when the checksum does not match', async () => {
    await expect(pullModel(entry({ sha256: 'a'.repeat(64) }), { destDir: dest })).rejects.toMatchObject({
      code: 'MODEL_ERROR',
      message: expect.stringMatching(/Checksum mismatch for tiny\.gguf/),
    });
    expect(await readdir(dest)).toEqual([]);
  });

  it('without a known checksum, accepts a GGUF but rejects anything else', async () => {
    // Not pinned: refused unless asked for explicitly, and then reported as unverified.
    await expect(pullModel(entry({ sha256: null }), { destDir: dest })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('--unverified'),
    });
    await expect(pullModel(entry({ url: `${server.url}/tiny.gguf`, revision: null }), { destDir: dest })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('not pinned'),
    });
    expect((await pullModel(entry({ sha256: null }), { destDir: dest, allowUnverified: true })).verified).toBe(false);
    await expect(
      pullModel(entry({ url: `${server.url}/not-gguf.gguf`, fileName: 'x.gguf', sha256: null }), { destDir: dest, allowUnverified: true }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/not a GGUF file/),
    });
  });

  it('reports a file that is already there without downloading it', async () => {
    await pullModel(entry(), { destDir: dest });
    ranges.length = 0;
    const again = await pullModel(entry(), { destDir: dest });
    expect(again).toMatchObject({ alreadyPresent: true, verified: true });
    expect(ranges).toEqual([]);
  });

  it('fails at once, with a clear message, when the server cannot be reached', async () => {
    const port = await closedLoopbackPort();
    const started = performance.now();
    await expect(pullModel(entry({ url: `http://127.0.0.1:${port}/resolve/${REVISION}/tiny.gguf` }), { destDir: dest })).rejects.toMatchObject({
      code: 'MODEL_ERROR',
      message: expect.stringMatching(/Cannot download tiny\.gguf from 127\.0\.0\.1:\d+: the connection was refused\. .*copy a \.gguf file into/),
    });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('gives up on a server that does not answer within connectTimeoutMs', async () => {
    const silent = await startLoopbackServer(() => undefined);
    try {
      await expect(pullModel(entry({ url: `${silent.url}/resolve/${REVISION}/tiny.gguf` }), { destDir: dest, connectTimeoutMs: 300 })).rejects.toMatchObject({
        message: expect.stringMatching(/no answer within 300 ms/),
      });
    } finally {
      await silent.close();
    }
  });

  it('reports HTTP errors and refuses file names with folders', async () => {
    await expect(pullModel(entry({ url: `${server.url}/resolve/${REVISION}/missing.gguf` }), { destDir: dest })).rejects.toMatchObject({
      message: expect.stringMatching(/404/),
    });
    await expect(pullModel(entry({ fileName: '../evil.gguf' }), { destDir: dest })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
