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
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../serving/static-files';
import { decodeURIComponentSafe, HttpError, isLoopback, sendJson } from './http';
import { callMethod, openEventStream, sendDocument, sendReport, serveStatic, upload, type RouteContext, type RouteHandler, type ServerBackend } from './routes';

export type { ServerBackend } from './routes';

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

export { CONTENT_SECURITY_POLICY };

const POST_ONLY = 'API calls are POST requests with a JSON body.';

interface ApiRoute {
  /** The name after /api/: exact, or a prefix ending in "/" whose (decoded) rest goes to the handler. */
  path: string;
  methods: readonly string[];
  /** The 405 message for any other method. */
  wrongMethod: string;
  handle: RouteHandler;
}

/** The routes under /t/<token>/api/, tried in order; any other name is an API method (callMethod). */
const API_ROUTES: readonly ApiRoute[] = [
  { path: 'events', methods: ['GET'], wrongMethod: 'Use GET for the event stream.', handle: openEventStream },
  { path: 'review-report/', methods: ['GET'], wrongMethod: 'Use GET for reports.', handle: sendReport },
  { path: 'file/', methods: ['GET', 'HEAD'], wrongMethod: 'Use GET for files.', handle: sendDocument },
  { path: 'upload', methods: ['POST'], wrongMethod: POST_ONLY, handle: upload },
];
const METHOD_ROUTE: ApiRoute = { path: '', methods: ['POST'], wrongMethod: POST_ONLY, handle: callMethod };
const STATIC_ROUTE: ApiRoute = { path: '', methods: ['GET', 'HEAD'], wrongMethod: '', handle: serveStatic };

/** The API route for a name after /api/, with what the handler gets of the name. */
function apiRoute(name: string): { route: ApiRoute; rest: string } {
  for (const route of API_ROUTES) {
    if (route.path.endsWith('/') ? name.startsWith(route.path) : name === route.path) {
      return { route, rest: route.path.endsWith('/') ? decodeURIComponentSafe(name.slice(route.path.length)) : '' };
    }
  }
  return { route: METHOD_ROUTE, rest: name };
}

/** Security headers on every answer. */
function setCommonHeaders(res: http.ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

/** Refuses what is not this computer's own browser on this server's origin (403). Returns the request's host. */
function checkOrigin(req: http.IncomingMessage, port: number): string {
  if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'BAD_REQUEST', 'Genten serves this computer only.');
  const host = (req.headers.host ?? '').toLowerCase();
  if (!new Set([`${HOST}:${port}`, `localhost:${port}`]).has(host))
    throw new HttpError(403, 'BAD_REQUEST', `Unexpected Host header "${host}": open the URL genten serve printed.`);
  const origin = req.headers.origin;
  if (origin !== undefined && !new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]).has(origin.toLowerCase())) {
    throw new HttpError(403, 'BAD_REQUEST', `Requests from ${origin} are not allowed.`);
  }
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw new HttpError(403, 'BAD_REQUEST', 'Requests from other sites are not allowed.');
  return host;
}

/** Answers an error thrown by a route as `{ ok: false, error }`, or cuts a response already under way. */
function answerError(req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
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
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { backend, rendererDir, maxUploadBytes = 1024 ** 3, maxJsonBytes = 1024 ** 2, heartbeatSeconds = 15, uploadIdleTimeoutMs = 60_000 } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const context: RouteContext = {
    backend,
    rendererDir,
    maxJsonBytes,
    heartbeatSeconds,
    upload: { maxBytes: maxUploadBytes, idleTimeoutMs: uploadIdleTimeoutMs },
    streams: new Set(),
  };
  let port = 0;

  const tokenMatches = (candidate: string) => {
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const host = checkOrigin(req, port);
    const url = new URL(req.url ?? '/', `http://${host}`);
    const match = /^\/t\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match || !tokenMatches(decodeURIComponentSafe(match[1]))) {
      throw new HttpError(401, 'BAD_REQUEST', 'This address needs the token that genten serve printed: open the full URL it showed.');
    }
    const path = match[2] ?? '';
    if (path === '') {
      res.writeHead(308, { Location: `/t/${match[1]}/${url.search}` }).end();
      return;
    }
    const isApi = path.startsWith('/api/');
    if (isApi) res.setHeader('Cache-Control', 'no-store');
    const { route, rest } = isApi ? apiRoute(path.slice('/api/'.length)) : { route: STATIC_ROUTE, rest: path };
    if (!route.methods.includes(req.method ?? '')) throw new HttpError(405, 'BAD_REQUEST', route.wrongMethod || `${req.method} is not allowed here.`);
    await route.handle(context, { req, res, url, rest });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answerError(req, res, error));
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // uploads and SSE streams may last long

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
        for (const res of context.streams) res.end();
        context.streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
