import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/main/server/server';
import { makeTempDir } from '../../helpers/temp';
import { makeFakeService } from './fake-service';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { ...(options.headers ?? {}) },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('genten serve: the HTTP host', () => {
  const temp = makeTempDir('genten-server-');
  const renderer = path.join(temp.dir, 'renderer');
  let server: RunningServer;
  let fake: ReturnType<typeof makeFakeService>;
  let prefix: string;

  const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(server.port, {
      method: 'POST',
      path: `${prefix}api/${method}`,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Genten</title>');
    fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(temp.dir, 'secret.txt'), 'secret');
    fake = makeFakeService({ dir: temp.dir });
    server = await startServer({ backend: fake.service, port: 0, rendererDir: renderer });
    prefix = `/t/${server.token}/`;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.service.dispose();
    temp.cleanup();
  });

  it('prints a loopback URL that carries a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/t/${server.token}/`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('answers 401 to anything without the token', async () => {
    for (const target of ['/', '/index.html', '/api/status', '/t/', `/t/${server.token.slice(0, -1)}x/`, `/t/${server.token}x/api/status`]) {
      const reply = await request(server.port, { path: target });
      expect(reply.status, target).toBe(401);
      expect(reply.json().error?.message).toMatch(/token/);
    }
    const wrong = await request(server.port, {
      method: 'POST',
      path: `/t/not-the-token/api/status`,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('serves the API and the renderer with the token, the page with a strict CSP', async () => {
    const status = await post('status', {});
    expect(status.status).toBe(200);
    expect(status.json()).toMatchObject({ ok: true, value: { documents: 1 } });
    const page = await request(server.port, { path: prefix });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Genten</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = await request(server.port, { path: `${prefix}assets/app.js` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    const noSlash = await request(server.port, { path: `/t/${server.token}` });
    expect(noSlash.status).toBe(308);
  });

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => Boolean(i) && !i!.internal && i!.family === 'IPv4');
    for (const iface of others) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: iface.address, port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
      expect(refused, `reachable on ${iface.address}`).toBe(true);
    }
    const v6 = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '::1', port: server.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(v6).toBe(true);
  });

  it('refuses other Host names (DNS rebinding) and other origins', async () => {
    const rebound = await request(server.port, {
      path: `${prefix}api/status`,
      method: 'POST',
      headers: { Host: `evil.example:${server.port}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(rebound.status).toBe(403);
    expect(rebound.json().error?.code).toBe('BAD_REQUEST');
    const otherPort = await request(server.port, { path: prefix, headers: { Host: `127.0.0.1:1` } });
    expect(otherPort.status).toBe(403);
    const localhost = await request(server.port, { path: prefix, headers: { Host: `localhost:${server.port}` } });
    expect(localhost.status).toBe(200);

    const foreign = await post('status', {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const sameHostOtherPort = await post('status', {}, { Origin: 'http://127.0.0.1:1' });
    expect(sameHostOtherPort.status).toBe(403);
    const crossSite = await post('status', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const own = await post('status', {}, { Origin: `http://127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(own.status).toBe(200);
  });

  it('rejects bad input with 400 and a code', async () => {
    const notJson = await request(server.port, {
      method: 'POST',
      path: `${prefix}api/search`,
      headers: { 'Content-Type': 'application/json' },
      body: '{"query":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    for (const [method, body] of [
      ['search', { query: '' }],
      ['search', { query: 'x', k: 0 }],
      ['search', { query: 'x', extra: 1 }],
      ['startIndex', { paths: [] }],
      ['startIndex', { paths: ['a\u0000b'] }],
      ['ask', { question: 42 }],
      ['cancelAsk', {}],
      ['updateSettings', { language: 'fr' }],
      ['getPassage', null],
    ] as const) {
      const reply = await post(method, body);
      expect(reply.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      const result = reply.json();
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('BAD_REQUEST');
      expect(result.error?.message).toMatch(new RegExp(`Invalid ${method} request`));
    }

    const form = await request(server.port, {
      method: 'POST',
      path: `${prefix}api/search`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'query=x',
    });
    expect(form.status).toBe(415);
    expect(form.json().error?.code).toBe('BAD_REQUEST');

    const unknown = await post('deleteEverything', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json().error?.code).toBe('NOT_FOUND');

    const get = await request(server.port, { path: `${prefix}api/status` });
    expect(get.status).toBe(405);

    const huge = await post('search', { query: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('maps errors of the service to codes (unknown job → 404 NOT_FOUND)', async () => {
    const reply = await post('cancelIndex', { jobId: 'nope' });
    expect(reply.status).toBe(404);
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('streams events over SSE: an answer arrives as batched deltas, then done', async () => {
    const events: Array<{ name: string; data: { askId?: string; text?: string } }> = [];
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}${prefix}api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const done = (async () => {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        buffer += value;
        let at;
        while ((at = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name && data) events.push({ name, data: JSON.parse(data) });
          if (name === 'answer:done') return;
        }
      }
    })();
    const asked = await post('ask', { question: 'E-203 とは' });
    expect(asked.status).toBe(200);
    const { askId } = asked.json().value as { askId: string };
    await done;
    controller.abort();
    const mine = events.filter((e) => e.data.askId === askId);
    const deltas = mine.filter((e) => e.name === 'answer:delta');
    // Two onDelta calls within 40 ms travel as one event.
    expect(deltas).toHaveLength(1);
    expect(deltas.map((d) => d.data.text).join('')).toBe('answer text [1]');
    expect(mine.at(-1)?.name).toBe('answer:done');
  });

  it('saves uploads in the library uploads folder, refusing names that leave it', async () => {
    const upload = (name: string, body: Buffer) =>
      request(server.port, {
        method: 'POST',
        path: `${prefix}api/upload?name=${encodeURIComponent(name)}`,
        headers: { 'Content-Type': 'application/octet-stream' },
        body,
      });
    const ok = await upload('manuals/手順書.pdf', Buffer.from('%PDF-1.7 upload'));
    expect(ok.status).toBe(200);
    const saved = (ok.json().value as { path: string }).path;
    expect(saved).toBe(path.join(fake.libraryDir, 'uploads', 'manuals', '手順書.pdf'));
    expect(fs.readFileSync(saved, 'utf8')).toBe('%PDF-1.7 upload');
    for (const bad of ['../escape.pdf', 'a/../../b.pdf', '.hidden.pdf', '/abs.pdf', 'a\\b.pdf', '']) {
      const reply = await upload(bad, Buffer.from('x'));
      expect(reply.status, bad).toBe(400);
      expect(reply.json().error?.code).toBe('BAD_REQUEST');
    }
    expect(fs.existsSync(path.join(fake.libraryDir, 'escape.pdf'))).toBe(false);
  });

  it('makes Windows-reserved names safe and never overwrites an existing upload', async () => {
    const upload = (name: string, body: string) =>
      request(server.port, {
        method: 'POST',
        path: `${prefix}api/upload?name=${encodeURIComponent(name)}`,
        headers: { 'Content-Type': 'application/octet-stream' },
        body: Buffer.from(body),
      });
    const saved = async (name: string, body: string) => {
      const reply = await upload(name, body);
      expect(reply.status, name).toBe(200);
      return path.relative(path.join(fake.libraryDir, 'uploads'), (reply.json().value as { path: string }).path);
    };
    expect(await saved('CON.txt', 'a')).toBe('_CON.txt');
    expect(await saved('lpt1', 'b')).toBe('_lpt1');
    expect(await saved('nul/a:b*c?.txt', 'c')).toBe(path.join('_nul', 'a_b_c_.txt'));
    expect(await saved('report. ', 'd')).toBe('report');
    expect(await saved('same.pdf', 'first')).toBe('same.pdf');
    expect(await saved('same.pdf', 'second')).toBe('same (2).pdf');
    expect(await saved('same.pdf', 'third')).toBe('same (3).pdf');
    expect(fs.readFileSync(path.join(fake.libraryDir, 'uploads', 'same.pdf'), 'utf8')).toBe('first');
  });

  it('drops an upload that stops sending, and removes its partial file', async () => {
    const idle = await startServer({ backend: fake.service, port: 0, uploadIdleTimeoutMs: 500 });
    try {
      const uploads = path.join(fake.libraryDir, 'uploads');
      const before = fs.existsSync(uploads) ? fs.readdirSync(uploads) : [];
      const req = http.request({
        host: '127.0.0.1',
        port: idle.port,
        method: 'POST',
        path: `/t/${idle.token}/api/upload?name=stalled.pdf`,
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': 1000 },
      });
      const closed = new Promise<void>((resolve) => {
        req.on('error', () => resolve());
        req.on('response', (res) => res.resume().on('end', () => resolve()));
      });
      req.write(Buffer.alloc(100)); // then nothing more
      const started = performance.now();
      await closed;
      expect(performance.now() - started).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 100));
      expect(fs.readdirSync(uploads).sort()).toEqual(before.sort()); // no partial file, no stalled.pdf
    } finally {
      await idle.close();
    }
  });

  it('refuses an upload over the size limit with 413 TOO_LARGE', async () => {
    const small = await startServer({ backend: fake.service, port: 0, maxUploadBytes: 10 });
    try {
      const reply = await request(small.port, {
        method: 'POST',
        path: `/t/${small.token}/api/upload?name=big.pdf`,
        headers: { 'Content-Type': 'application/octet-stream' },
        body: Buffer.alloc(100),
      });
      expect(reply.status).toBe(413);
      expect(reply.json().error?.code).toBe('TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('serves only library documents as files, and no file outside the renderer folder', async () => {
    const file = await request(server.port, { path: `${prefix}api/file/doc1` });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-security-policy']).toBe('sandbox');
    expect(file.body).toContain('%PDF');
    const missing = await request(server.port, { path: `${prefix}api/file/not-a-doc` });
    expect(missing.status).toBe(404);
    const sneaky = await request(server.port, { path: `${prefix}api/file/..%2F..%2Fsecret.txt` });
    expect(sneaky.status).toBe(400);
    for (const target of [`${prefix}..%2Fsecret.txt`, `${prefix}%2e%2e/secret.txt`, `${prefix}assets/..%2F..%2Fsecret.txt`, `${prefix}.hidden`]) {
      const reply = await request(server.port, { path: target });
      // Either the traversal stays inside the renderer folder (404) or it leaves the token path (401).
      expect([401, 404], target).toContain(reply.status);
      expect(reply.body).not.toContain('secret');
    }
  });
});
