/**
 * How big a file Genten will read, per type, and a reader that never reads past the limit. A
 * 3 GB log next to the manuals fails at once with TOO_LARGE (from its size on disk, before a
 * byte is read) instead of being read whole into memory; a file that grows while it is read is
 * stopped at the limit.
 */
import fs from 'node:fs';
import type { DocType } from '../../../shared/types';
import { formatBytes } from '../../../shared/display';
import { fileError, readFailure } from './errors';

const MB = 1024 * 1024;

/** Largest file per type, in bytes. */
export type SizeLimits = Record<DocType, number>;

/** Defaults that fit a laptop: text-like files are read whole to be decoded, PDFs page by page. */
export const DEFAULT_SIZE_LIMITS: Readonly<SizeLimits> = {
  text: 200 * MB,
  markdown: 200 * MB,
  html: 200 * MB,
  docx: 500 * MB,
  xlsx: 500 * MB,
  pptx: 500 * MB,
  pdf: 2048 * MB,
  // Scans and photos (PNG, JPEG, multi-page TIFF): decoded page by page.
  image: 500 * MB,
};

export function sizeLimits(overrides: Partial<SizeLimits> = {}): SizeLimits {
  return { ...DEFAULT_SIZE_LIMITS, ...overrides };
}

/** Throws TOO_LARGE when a file of this type and size is beyond its limit. */
export function checkFileSize(path: string, type: DocType, size: number, limits: Partial<SizeLimits> = {}): void {
  const limit = sizeLimits(limits)[type];
  if (size > limit) {
    throw fileError(
      'TOO_LARGE',
      path,
      `is ${formatBytes(size)}, over the ${formatBytes(limit)} limit for ${type} files (genten index --max-size ${type}=SIZE raises it).`,
    );
  }
}

/**
 * Parses `--max-size TYPE=SIZE` (SIZE like 300MB, 4GB or bytes); `text` also covers Markdown and
 * HTML unless they are given themselves.
 */
export function parseSizeLimits(specs: string[]): Partial<SizeLimits> {
  const out: Partial<SizeLimits> = {};
  const types = Object.keys(DEFAULT_SIZE_LIMITS) as DocType[];
  for (const spec of specs) {
    const match = /^(\w+)=(\d+(?:\.\d+)?)\s*(KB|MB|GB|B)?$/i.exec(spec.trim());
    const type = match?.[1].toLowerCase() as DocType | undefined;
    if (!match || !type || !types.includes(type))
      throw new Error(`--max-size takes TYPE=SIZE with TYPE one of ${types.join(', ')} and SIZE like 300MB, not "${spec}"`);
    const unit = { b: 1, kb: 1024, mb: MB, gb: 1024 * MB }[(match[3] ?? 'MB').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
    out[type] = Math.round(Number(match[2]) * unit);
  }
  return out;
}

/** Files up to this size are read whole into one buffer; bigger ones stream in chunks of it. */
const CHUNK_BYTES = 4 * MB;

/**
 * Reads a file in chunks (never more than `maxBytes`), for hashing and parsing. Throws READ_ERROR
 * naming the file when it cannot be read (also mid-file: an I/O error, a share that drops), and
 * TOO_LARGE when it holds more than `maxBytes`.
 */
export async function readFileLimited(path: string, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => fileError('TOO_LARGE', path, `is over the ${formatBytes(maxBytes)} limit for its type.`);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const small = await readSmallFile(path, maxBytes, tooLarge);
    if (small) return small;
    for await (const chunk of fs.createReadStream(path, { highWaterMark: CHUNK_BYTES, end: maxBytes })) {
      total += (chunk as Buffer).length;
      // `end` is inclusive: one byte past the limit means the file is bigger than allowed.
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'TOO_LARGE') throw error;
    throw fileError('READ_ERROR', path, `${readFailure(error)}${total > 0 ? ` after ${formatBytes(total)}` : ''}.`);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/**
 * A regular file of one chunk or less, read at its size into one buffer (undefined: stream it).
 * A read stream allocates a new buffer of its highWaterMark for every read: 4 MB for each small
 * PDF, twice with the read that finds the end, and that churn set off a full GC every few files
 * in the parse worker (25 on the 411-page corpus instead of 4).
 */
async function readSmallFile(path: string, maxBytes: number, tooLarge: () => Error): Promise<Buffer | undefined> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const stat = await handle.stat();
    if (stat.size > maxBytes) throw tooLarge();
    if (!stat.isFile() || stat.size === 0 || stat.size > CHUNK_BYTES) return undefined;
    const buffer = Buffer.allocUnsafeSlow(stat.size);
    let total = 0;
    while (total < buffer.length) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break; // shrunk since: what is there
      total += bytesRead;
    }
    return total === buffer.length ? buffer : buffer.subarray(0, total);
  } finally {
    await handle.close();
  }
}
