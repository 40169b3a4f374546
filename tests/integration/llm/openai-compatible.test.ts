/** The OpenAI-compatible client against a loopback server that speaks SSE. */
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletionsUrl, estimateTokens, OpenAiCompatibleChatModel } from '../../../src/main/core/llm/openai-compatible';
import { closedLoopbackPort, startLoopbackServer, type LoopbackServer } from './loopback-server';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; messages: Array<{ role: string; content: string }>; stream: boolean; max_tokens: number; temperature: number };
}

let server: LoopbackServer;
const received: Received[] = [];
let connectionClosed: Promise<void> = Promise.resolve();

function sse(res: http.ServerResponse, data: unknown): void {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}
const delta = (content: string, finish: string | null = null) => ({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] });

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Received['body'];
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const prompt = body.messages?.at(-1)?.content ?? '';
      if (req.headers.authorization !== 'Bearer secret' && prompt !== 'no-key') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"bad key"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (prompt === 'slow') {
        // Streams forever until the client goes away.
        connectionClosed = new Promise((resolve) => res.on('close', () => resolve()));
        const timer = setInterval(() => sse(res, delta('あ')), 20);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if (prompt === 'long') {
        sse(res, delta('cut'));
        sse(res, delta('', 'length'));
        sse(res, '[DONE]');
        res.end();
        return;
      }
      // Split an event across writes, add a comment and a role-only chunk, as real servers do.
      res.write(': keep-alive\n\n');
      sse(res, { choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] });
      const first = `data: ${JSON.stringify(delta('再委託には'))}\n\n`;
      res.write(first.slice(0, 10));
      setTimeout(() => {
        res.write(first.slice(10));
        sse(res, delta('承諾が必要です[1]。'));
        sse(res, delta('', 'stop'));
        sse(res, '[DONE]');
        res.end();
      }, 10);
    });
  });
});

afterAll(async () => {
  await server?.close();
});

const client = (overrides: Partial<ConstructorParameters<typeof OpenAiCompatibleChatModel>[0]> = {}) =>
  new OpenAiCompatibleChatModel({ baseUrl: `${server.url}/v1/`, model: 'qwen2.5-7b-instruct', apiKey: 'secret', ...overrides });

describe('OpenAiCompatibleChatModel', () => {
  it('streams deltas over SSE and sends model, messages, max_tokens, temperature and the key', async () => {
    const deltas: string[] = [];
    const result = await client().generate(
      [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q' },
      ],
      { onDelta: (d) => deltas.push(d), maxTokens: 100, temperature: 0.2 },
    );
    expect(deltas).toEqual(['再委託には', '承諾が必要です[1]。']);
    expect(result).toMatchObject({ text: '再委託には承諾が必要です[1]。', stopReason: 'stop', tokens: 2 });
    expect(result.firstTokenMs).not.toBeNull();
    const request = received.at(-1)!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer secret');
    expect(request.body).toMatchObject({ model: 'qwen2.5-7b-instruct', stream: true, max_tokens: 100, temperature: 0.2 });
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'q' },
    ]);
  });

  it('reports a cut answer as maxTokens, and sends no key when none is set', async () => {
    expect((await client().generate('long')).stopReason).toBe('maxTokens');
    await client({ apiKey: undefined }).generate('no-key');
    expect(received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('stops within a second of an abort, keeps the partial text, and closes the connection', async () => {
    const controller = new AbortController();
    let count = 0;
    let abortedAt = 0;
    const result = await client().generate('slow', {
      signal: controller.signal,
      onDelta: () => {
        if (++count === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(result).toMatchObject({ text: 'あああ', stopReason: 'abort' });
    await connectionClosed;
  });

  it('turns HTTP errors and unreachable servers into MODEL_ERROR with a readable message', async () => {
    await expect(client({ apiKey: 'wrong' }).generate('q')).rejects.toMatchObject({ code: 'MODEL_ERROR', message: expect.stringMatching(/401.*bad key/) });
    const port = await closedLoopbackPort();
    const started = performance.now();
    await expect(client({ baseUrl: `http://127.0.0.1:${port}` }).generate('q')).rejects.toMatchObject({
      code: 'MODEL_ERROR',
      message: expect.stringMatching(/Cannot reach the model server .*ECONNREFUSED/),
    });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('gives up waiting for a silent server after connectTimeoutMs', async () => {
    const silent = await startLoopbackServer(() => undefined);
    try {
      await expect(client({ baseUrl: silent.url, connectTimeoutMs: 200 }).generate('q')).rejects.toMatchObject({
        code: 'MODEL_ERROR',
        message: expect.stringMatching(/no answer within 200 ms/),
      });
    } finally {
      await silent.close();
    }
  });
});

describe('helpers', () => {
  it('builds the endpoint from a base with or without /v1', () => {
    expect(chatCompletionsUrl('http://h:8080')).toBe('http://h:8080/v1/chat/completions');
    expect(chatCompletionsUrl('http://h:8080/v1/')).toBe('http://h:8080/v1/chat/completions');
  });

  it('estimates about one token per Japanese character and one per four other characters', () => {
    expect(estimateTokens('再委託')).toBe(3);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(client().countTokens('再委託 abcd')).toBe(5);
  });
});
