/**
 * app://genten/ serves the built renderer (never file://), with a path-traversal check and a
 * strict CSP, and app://genten/api/file/<documentId> serves library documents to pdf.js (only
 * documents in the library).
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { DocumentFile } from '../api/document-file';
import type { Result } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY, contentTypeOf, documentFileHeaders, resolveStaticFile } from '../serving/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'genten';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

export interface ProtocolOptions {
  rendererDir: string;
  documentFile(documentId: string): Promise<Result<DocumentFile>>;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The handler itself (exported for tests). */
export async function handleAppRequest(request: Request, options: ProtocolOptions): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return textResponse(404, 'Not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  if (url.pathname.startsWith('/api/file/')) {
    let id: string;
    try {
      id = decodeURIComponent(url.pathname.slice('/api/file/'.length));
    } catch {
      return textResponse(400, 'Bad document id');
    }
    const result = await options.documentFile(id);
    if (!result.ok)
      return new Response(JSON.stringify(result), { status: result.error.code === 'BAD_REQUEST' ? 400 : 404, headers: { 'Content-Type': 'application/json' } });
    // A shared library's document not on this machine comes from the library's own copy (files/<sha256>).
    const stream = result.value.data ? new Uint8Array(result.value.data) : (Readable.toWeb(fs.createReadStream(result.value.path)) as ReadableStream);
    return new Response(stream, { status: 200, headers: { ...headers, ...documentFileHeaders(result.value.path) } });
  }
  const file = resolveStaticFile(options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
  if (!file) return textResponse(404, 'Not found');
  const isHtml = file.endsWith('.html');
  return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
    status: 200,
    headers: { ...headers, 'Content-Type': contentTypeOf(file), ...(isHtml ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}) },
  });
}

export function setupAppProtocol(options: ProtocolOptions): () => void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, options));
  return () => protocol.unhandle(APP_SCHEME);
}
