/** Small HTTP pieces the server's routes share: errors with a status and code, JSON replies, bodies, files. */
import fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ErrorCode, ErrorInfo, Result } from '../../shared/errors';

/** The HTTP status of each error code a Result may carry. */
export const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  LIBRARY_LOCKED: 409,
  POLICY: 403,
  INTERNAL: 500,
};

/** A refusal with its HTTP status; answered as `{ ok: false, error: { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** decodeURIComponent, or '' for a malformed escape. */
export function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: Result<unknown> | { ok: false; error: ErrorInfo }): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** A failed Result, with the status of its code (`fallback` for codes without one). */
export function sendFailure(res: http.ServerResponse, result: { ok: false; error: ErrorInfo }, fallback: number): void {
  sendJson(res, STATUS_OF[result.error.code] ?? fallback, result);
}

export async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'TOO_LARGE', `The request body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Sends a file (or `data`, bytes standing for it) with `headers` and its length; a HEAD request gets the headers only. */
export async function sendFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: string,
  headers: Record<string, string>,
  data?: Buffer,
): Promise<void> {
  res.writeHead(200, { ...headers, 'Content-Length': data ? data.length : fs.statSync(file).size });
  if (req.method === 'HEAD' || data) {
    res.end(req.method === 'HEAD' ? undefined : data);
    return;
  }
  await pipeline(fs.createReadStream(file), res);
}
