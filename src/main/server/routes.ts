/** The handlers of genten serve's routes, one each; server.ts checks every request and dispatches here. */
import type http from 'node:http';
import type { GentenApi, GentenEventName, GentenEvents } from '../../shared/api';
import type { Result } from '../../shared/errors';
import { isApiMethod } from '../../shared/schemas';
import type { DocumentFile } from '../api/document-file';
import { CONTENT_SECURITY_POLICY, contentTypeOf, documentFileHeaders, resolveStaticFile } from '../serving/static-files';
import { HttpError, readBody, sendFailure, sendFile, sendJson } from './http';
import { receiveUpload, type UploadLimits } from './upload';

/** What the server needs from the service (GentenService provides it; tests pass a fake). */
export interface ServerBackend extends GentenApi {
  events: { onAny(listener: <E extends GentenEventName>(name: E, payload: GentenEvents[E]) => void): () => void };
  readonly uploadsDir: string;
  documentFile(documentId: string): Promise<Result<DocumentFile>>;
}

/** What every route may use: the backend, the limits, and the server's open event streams. */
export interface RouteContext {
  backend: ServerBackend;
  /** Folder of the built renderer; none: API only. */
  rendererDir?: string;
  /** Largest JSON request body, in bytes. */
  maxJsonBytes: number;
  /** Seconds between SSE keep-alive comments. */
  heartbeatSeconds: number;
  upload: UploadLimits;
  /** Open event streams, ended when the server closes. */
  streams: Set<http.ServerResponse>;
}

export interface RouteRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** What follows the route's path: the API method's name, a document id, a report name, a file path. */
  rest: string;
}

export type RouteHandler = (context: RouteContext, request: RouteRequest) => Promise<void> | void;

/** POST /api/<method> with a JSON body (or none) → the method's Result. */
export const callMethod: RouteHandler = async ({ backend, maxJsonBytes }, { req, res, rest: name }) => {
  if (!isApiMethod(name)) throw new HttpError(404, 'NOT_FOUND', `There is no API method "${name}".`);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (Number(req.headers['content-length'] ?? 0) > maxJsonBytes)
    throw new HttpError(413, 'TOO_LARGE', `The request body is larger than ${maxJsonBytes} bytes.`);
  const body = await readBody(req, maxJsonBytes);
  let input: unknown;
  if (body.length > 0) {
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
  if (result.ok) sendJson(res, 200, result);
  else sendFailure(res, result, 422);
};

/** GET /api/events: the service's events as server-sent events, with keep-alive comments. */
export const openEventStream: RouteHandler = ({ backend, heartbeatSeconds, streams }, { req, res }) => {
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
};

/** POST /api/upload?name=F. */
export const upload: RouteHandler = ({ backend, upload: limits }, { req, res, url }) => receiveUpload(req, res, url, backend.uploadsDir, limits);

/** GET /api/file/<documentId>: a library document, for pdf.js and the source viewer. */
export const sendDocument: RouteHandler = async ({ backend }, { req, res, rest: documentId }) => {
  const result = await backend.documentFile(documentId);
  if (!result.ok) return sendFailure(res, result, 404);
  // A shared library's document not on this machine comes from the library's own copy (files/<sha256>).
  await sendFile(req, res, result.value.path, documentFileHeaders(result.value.path), result.value.data);
};

/** GET /api/review-report/<runId>.<format>[?lang=ja|en]: the report, written in the library and downloaded. */
export const sendReport: RouteHandler = async ({ backend }, { req, res, url, rest: name }) => {
  const match = /^([\w-]{1,40})\.(xlsx|docx|md|csv)$/.exec(name);
  if (!match) throw new HttpError(400, 'BAD_REQUEST', 'Ask for review-report/<review id>.<xlsx|docx|md|csv>.');
  const lang = url.searchParams.get('lang');
  const result = await backend.exportReview({ runId: match[1]!, format: match[2] as 'xlsx', ...(lang === 'ja' || lang === 'en' ? { language: lang } : {}) });
  if (!result.ok) return sendFailure(res, result, 422);
  await sendFile(req, res, result.value.path, {
    'Content-Type': contentTypeOf(result.value.path),
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.value.fileName)}`,
    'Cache-Control': 'no-store',
  });
};

/** Any other GET: a file of the built renderer, the HTML with the strict CSP. */
export const serveStatic: RouteHandler = async ({ rendererDir }, { req, res, rest: route }) => {
  if (!rendererDir) throw new HttpError(404, 'NOT_FOUND', 'This server has no user interface (the renderer was not built).');
  const file = resolveStaticFile(rendererDir, route === '/' ? '/index.html' : route);
  if (!file) throw new HttpError(404, 'NOT_FOUND', 'Not found.');
  const isHtml = file.endsWith('.html');
  await sendFile(req, res, file, {
    'Content-Type': contentTypeOf(file),
    'Cache-Control': isHtml ? 'no-store' : 'no-cache',
    ...(isHtml ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
  });
};
