import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

/** IT's on-premises OpenAI-compatible server, played by a loopback server that streams one answer. */
function startServer(): Promise<{ url: string; requests: unknown[]; close: () => void }> {
  const requests: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of ['乙は、甲の書面による', '事前の承諾を得なければ再委託できない。[1]']) {
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() })),
  );
}

describe('genten ask with an on-premises answer server', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'lib');
  const env = { GENTEN_DATA_DIR: path.join(temp.dir, 'data') };
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer();
    fs.mkdirSync(docs);
    fs.writeFileSync(
      path.join(docs, 'rules.md'),
      '# 規程\n\n## 第12条 再委託\n\n乙は、甲の書面による事前の承諾を得なければ、業務を第三者に再委託してはならない。\n',
    );
    expect((await runCli(['index', docs, '--db', db], { env })).code).toBe(0);
  });
  afterAll(() => {
    server.close();
    temp.cleanup();
  });

  it('answers through the configured server, with citations checked against the passages', async () => {
    const set = await runCli(['models', 'server', server.url, '--model', 'qwen2.5-7b', '--key', 'secret'], { env });
    expect(set.code).toBe(0);
    const result = await runCli(['ask', '再委託の条件は？', '--db', db, '--json'], { env });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ mode: 'generative', unsupported: [] });
    expect(answer.answer).toContain('事前の承諾を得なければ再委託できない');
    expect(answer.citations).toEqual([expect.objectContaining({ n: 1, path: path.join(docs, 'rules.md'), page: 1 })]);
    const [request] = server.requests as Array<{ url: string; auth: string; body: { model: string; stream: boolean; messages: Array<{ content: string }> } }>;
    expect(request).toMatchObject({ url: '/v1/chat/completions', auth: 'Bearer secret', body: { model: 'qwen2.5-7b', stream: true } });
    expect(request.body.messages.at(-1)!.content).toContain('事前の承諾');
  });

  it('goes back to extractive answers when the server is removed', async () => {
    expect((await runCli(['models', 'server', 'off'], { env })).code).toBe(0);
    const answer = JSON.parse((await runCli(['ask', '再委託の条件は？', '--db', db, '--json'], { env })).stdout);
    expect(answer.mode).toBe('extractive');
  });
});
