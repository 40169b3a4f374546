/**
 * What both hosts serve to a window (Electron's app:// protocol, and genten serve's HTTP): files of
 * the built renderer, resolved without ever leaving its folder, and library documents with safe
 * headers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../core/files/inside';

/** The renderer's Content-Security-Policy (HTTP header in browser mode, app:// header in Electron). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'", // pdf.js decodes JPEG 2000 and ICC colour in WebAssembly
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pfb': 'application/octet-stream',
  '.bcmap': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names, or null: percent-decoded, no `..`, no hidden
 * files, no NUL, no symlink out of the folder, regular files only.
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((part) => part === '..' || part.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, ...parts);
  if (!isInside(file, base, { orSame: false })) return null;
  try {
    const real = fs.realpathSync(file);
    const realBase = fs.realpathSync(base);
    if (!isInside(real, realBase, { orSame: false })) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Document types a browser may show inline: they cannot run script. Everything else is text or a download. */
const INLINE_DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};
const TEXT_DOCUMENTS = new Set(['.txt', '.text', '.csv', '.tsv', '.log', '.md', '.markdown', '.mdown', '.mkd', '.html', '.htm', '.xhtml']);

/**
 * Headers for a library document served to the app (browser mode's /api/file/…, Electron's
 * app://genten/api/file/…). An indexed HTML page is someone else's content: served as HTML in
 * the app's origin, its script would run with the app's token. So every document is sandboxed
 * (CSP `sandbox`: an opaque origin, no script), PDFs and images are shown inline, text-like files
 * (HTML included) as text/plain, and anything else only as a download.
 */
export function documentFileHeaders(file: string): Record<string, string> {
  const ext = path.extname(file).toLowerCase();
  const name = `filename*=UTF-8''${encodeURIComponent(path.basename(file))}`;
  const inline = INLINE_DOCUMENT_TYPES[ext];
  const [type, disposition] = inline ? [inline, 'inline'] : TEXT_DOCUMENTS.has(ext) ? ['text/plain', 'inline'] : ['application/octet-stream', 'attachment'];
  return {
    'Content-Type': type,
    'Content-Disposition': `${disposition}; ${name}`,
    'Content-Security-Policy': 'sandbox',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
