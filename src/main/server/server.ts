/**
 * `genten serve`: the GentenApi over HTTP + server-sent events, for the UI in any browser.
 *
 * - Bound to 127.0.0.1 only; a request from any other address is refused.
 * - A random per-launch token is part of every URL (`/t/<token>/…`): the printed URL carries it,
 *   the UI's relative URLs inherit it, anything without it gets 401.
 * - Host must name this loopback server and Origin (when sent) must be this server's own origin, so
 *   a web page reached through DNS rebinding or another local site cannot drive it (403).
 * - POST /api/<method> with a JSON body → the method's Result; bad input → 400 with a code.
 * - GET /api/events → the service's events as SSE. POST /api/upload?name=F → the file is saved in
 *   the library's uploads folder. GET /api/file/<documentId> → a library document, for pdf.js.
 * - Everything else is the built renderer, with a strict CSP.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { GentenApi, GentenEventName, GentenEvents } from '../../shared/api';
import type { ErrorCode, ErrorInfo, Result } from '../../shared/errors';
import { isApiMethod, uploadNameSchema } from '../../shared/schemas';
import type { DocumentFile } from '../api/document-file';
import { formatBytes } from '../../shared/display';
import { isInside } from '../core/files/inside';
import { numberedName, sanitizeUploadName } from './upload-name';
import { CONTENT_SECURITY_POLICY, contentTypeOf, documentFileHeaders, resolveStaticFile } from '../serving/static-files';

/** What the server needs from the service (GentenService provides it; tests pass a fake). */
export interface ServerBackend extends GentenApi {
  events: { onAny(listener: <E extends GentenEventName>(name: E, payload: GentenEvents[E]) => void): () => void };
  readonly uploadsDir: string;
  documentFile(documentId: string): Promise<Result<DocumentFile>>;
}

export interface ServerOptions {
  backend: ServerBackend;
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** Folder of the built renderer (index.html and assets). Default: none (API only). */
  rendererDir?: string;
  /** The access token. Default: 32 random bytes, base64url. */
  token?: string;
  /** Largest upload accepted, in bytes. Default 1 GiB. */
  maxUploadBytes?: number;
  /** An upload that sends nothing for this long is dropped (its partial file removed). Default 60 000 ms. */
  uploadIdleTimeoutMs?: number;
  /** Largest JSON request body, in bytes. Default 1 MiB. */
  maxJsonBytes?: number;
  /** Seconds between SSE keep-alive comments. Default 15. */
  heartbeatSeconds?: number;
}

export interface RunningServer {
  /** The URL to open: http://127.0.0.1:PORT/t/TOKEN/ */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  LIBRARY_LOCKED: 409,
  POLICY: 403,
  INTERNAL: 500,
};

export { CONTENT_SECURITY_POLICY };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { backend, rendererDir, maxUploadBytes = 1024 ** 3, maxJsonBytes = 1024 ** 2, heartbeatSeconds = 15, uploadIdleTimeoutMs = 60_000 } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);

  const tokenMatches = (candidate: string) => {
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const code: ErrorCode = error instanceof HttpError ? error.code : 'INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A body left unread (a refused upload) cannot be drained cheaply: close after answering.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendJson(res, status, { ok: false, error: { code, message } });
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // uploads and SSE streams may last long

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');

    if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'BAD_REQUEST', 'Genten serves this computer only.');
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(host)) throw new HttpError(403, 'BAD_REQUEST', `Unexpected Host header "${host}": open the URL genten serve printed.`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin.toLowerCase())) throw new HttpError(403, 'BAD_REQUEST', `Requests from ${origin} are not allowed.`);
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw new HttpError(403, 'BAD_REQUEST', 'Requests from other sites are not allowed.');

    const url = new URL(req.url ?? '/', `http://${host}`);
    const match = /^\/t\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match || !tokenMatches(decodeURIComponentSafe(match[1]))) {
      throw new HttpError(401, 'BAD_REQUEST', 'This address needs the token that genten serve printed: open the full URL it showed.');
    }
    const route = match[2] ?? '';
    if (route === '') {
      res.writeHead(308, { Location: `/t/${match[1]}/${url.search}` }).end();
      return;
    }

    if (route.startsWith('/api/')) return handleApi(req, res, route.slice('/api/'.length), url);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'BAD_REQUEST', `${req.method} is not allowed here.`);
    return serveStatic(req, res, route);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string, url: URL): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (name === 'events') {
      if (req.method !== 'GET') throw new HttpError(405, 'BAD_REQUEST', 'Use GET for the event stream.');
      return openEventStream(req, res);
    }
    if (name.startsWith('review-report/')) {
      if (req.method !== 'GET') throw new HttpError(405, 'BAD_REQUEST', 'Use GET for reports.');
      return sendReport(res, decodeURIComponentSafe(name.slice('review-report/'.length)), url);
    }
    if (name.startsWith('file/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'BAD_REQUEST', 'Use GET for files.');
      return sendDocument(req, res, decodeURIComponentSafe(name.slice('file/'.length)));
    }
    if (req.method !== 'POST') throw new HttpError(405, 'BAD_REQUEST', 'API calls are POST requests with a JSON body.');
    if (name === 'upload') return receiveUpload(req, res, url);
    if (!isApiMethod(name)) throw new HttpError(404, 'NOT_FOUND', `There is no API method "${name}".`);

    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (Number(req.headers['content-length'] ?? 0) > maxJsonBytes) throw new HttpError(413, 'TOO_LARGE', `The request body is larger than ${maxJsonBytes} bytes.`);
    const body = await readBody(req, maxJsonBytes);
    let input: unknown;
    if (body.length === 0) input = undefined;
    else {
      // A JSON content type is required: a cross-site form cannot send one without a CORS preflight.
      if (type !== 'application/json') throw new HttpError(415, 'BAD_REQUEST', 'Send the request as application/json.');
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
      }
    }
    const method = backend[name] as (request: unknown) => Promise<Result<unknown>>;
    const result = await method.call(backend, input);
    sendJson(res, result.ok ? 200 : (STATUS_OF[result.error.code] ?? 422), result);
  }

  function openEventStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = backend.events.onAny((name, payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatSeconds * 1000);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const parsed = uploadNameSchema.safeParse(url.searchParams.get('name') ?? '');
    if (!parsed.success) throw new HttpError(400, 'BAD_REQUEST', 'Give the file name as ?name=FILE (a file name or a relative path without "..").');
    const name = sanitizeUploadName(parsed.data.normalize('NFC'));
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxUploadBytes) {
      req.resume();
      throw new HttpError(413, 'TOO_LARGE', `${name} is larger than the ${formatBytes(maxUploadBytes)} upload limit.`);
    }
    const uploads = path.resolve(backend.uploadsDir);
    const wanted = path.join(uploads, ...name.split('/'));
    if (!isInside(wanted, uploads, { orSame: false })) throw new HttpError(400, 'BAD_REQUEST', 'Not a relative file path.');
    fs.mkdirSync(path.dirname(wanted), { recursive: true });
    const partial = path.join(uploads, `.partial-${randomUUID()}`);
    let received = 0;
    let target = '';
    // A sender that stops sending (a closed laptop lid) must not hold a partial file forever.
    req.setTimeout(uploadIdleTimeoutMs, () => req.destroy(new HttpError(408, 'BAD_REQUEST', `${name}: the upload stopped (nothing received for ${Math.round(uploadIdleTimeoutMs / 1000)} s).`)));
    try {
      await pipeline(
        req,
        async function* limit(source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            received += chunk.length;
            if (received > maxUploadBytes) throw new HttpError(413, 'TOO_LARGE', `${name} is larger than the upload limit.`);
            yield chunk;
          }
        },
        fs.createWriteStream(partial, { flags: 'wx' }),
      );
      target = reserveName(wanted);
      fs.renameSync(partial, target); // over the empty file that reserved the name
    } catch (error) {
      if (target && fs.existsSync(partial)) fs.rmSync(target, { force: true }); // reserved, never filled
      fs.rmSync(partial, { force: true });
      throw error;
    }
    req.setTimeout(0);
    sendJson(res, 200, { ok: true, value: { path: target, size: received } });
  }

  async function sendDocument(req: http.IncomingMessage, res: http.ServerResponse, documentId: string): Promise<void> {
    const result = await backend.documentFile(documentId);
    if (!result.ok) {
      sendJson(res, STATUS_OF[result.error.code] ?? 404, result);
      return;
    }
    const stat = fs.statSync(result.value.path);
    res.writeHead(200, { ...documentFileHeaders(result.value.path), 'Content-Length': stat.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(fs.createReadStream(result.value.path), res);
  }

  /** GET review-report/<runId>.<format>[?lang=ja|en]: the report, written in the library and downloaded. */
  async function sendReport(res: http.ServerResponse, name: string, url: URL): Promise<void> {
    const match = /^([\w-]{1,40})\.(xlsx|docx|md|csv)$/.exec(name);
    if (!match) throw new HttpError(400, 'BAD_REQUEST', 'Ask for review-report/<review id>.<xlsx|docx|md|csv>.');
    const lang = url.searchParams.get('lang');
    const result = await backend.exportReview({ runId: match[1]!, format: match[2] as 'xlsx', ...(lang === 'ja' || lang === 'en' ? { language: lang } : {}) });
    if (!result.ok) {
      sendJson(res, STATUS_OF[result.error.code] ?? 422, result);
      return;
    }
    const stat = fs.statSync(result.value.path);
    res.writeHead(200, {
      'Content-Type': contentTypeOf(result.value.path),
      'Content-Length': stat.size,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.value.fileName)}`,
      'Cache-Control': 'no-store',
    });
    await pipeline(fs.createReadStream(result.value.path), res);
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, route: string): Promise<void> {
    if (!rendererDir) throw new HttpError(404, 'NOT_FOUND', 'This server has no user interface (the renderer was not built).');
    const file = resolveStaticFile(rendererDir, route === '/' ? '/index.html' : route);
    if (!file) throw new HttpError(404, 'NOT_FOUND', 'Not found.');
    const isHtml = file.endsWith('.html');
    const stat = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Length': stat.size,
      'Cache-Control': isHtml ? 'no-store' : 'no-cache',
      ...(isHtml ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(fs.createReadStream(file), res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/t/${token}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Claims a free name for an upload: `wanted`, else "name (2).ext", "name (3).ext"… An existing
 * upload is never overwritten: the name is taken by creating the file exclusively.
 */
function reserveName(wanted: string): string {
  for (let n = 1; n <= 10_000; n++) {
    const candidate = n === 1 ? wanted : path.join(path.dirname(wanted), numberedName(path.basename(wanted), n));
    try {
      fs.closeSync(fs.openSync(candidate, 'wx'));
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new HttpError(409, 'BAD_REQUEST', `${path.basename(wanted)}: too many uploads with this name.`);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

function sendJson(res: http.ServerResponse, status: number, body: Result<unknown> | { ok: false; error: ErrorInfo }): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'TOO_LARGE', `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
