/**
 * Where a cited document's bytes come from, for the viewer. A document in the library opens wherever it
 * was indexed from: the library vouches for it, not the folder. In order:
 * 1. its file, when this host may read that folder (browser mode's allowed folders);
 * 2. its file outside those folders, when its content is still the one indexed (same SHA-256): the user
 *    put it in the library (`genten index /srv/manuals`), and the hash check keeps the browser from
 *    reading anything else there (a swapped file, a symlink to elsewhere);
 * 3. the library's own copy (files/<sha256>: a shared library's document indexed on another machine).
 * Nothing here widens what the browser may add by path: only documents already in the library open.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { GentenError } from '../../shared/errors';
import type { DocumentInfo } from '../../shared/types';
import type { Engine } from '../core/engine';

/** Files bigger than this outside the allowed folders are not read into memory to be checked. */
const MAX_CHECKED_BYTES = 512 * 1024 * 1024;

export async function documentSource(
  engine: Engine,
  doc: DocumentInfo,
  mayRead: (file: string) => boolean = () => true,
): Promise<{ path: string; data?: Buffer }> {
  const allowed = mayRead(doc.path);
  const stat = await fs.stat(doc.path).catch(() => null);
  if (allowed && stat?.isFile()) return { path: doc.path };
  if (!allowed && stat?.isFile() && doc.hash && stat.size <= MAX_CHECKED_BYTES) {
    // Served from the bytes that were hashed, so the file cannot change between the check and the send.
    const data = await fs.readFile(doc.path).catch(() => null);
    if (data && createHash('sha256').update(data).digest('hex') === doc.hash) return { path: doc.path, data };
  }
  const kept = doc.hash ? await engine.documentBytes(doc.hash) : undefined;
  if (kept) return { path: doc.path, data: kept };
  if (stat?.isFile()) {
    throw new GentenError(
      'READ_ERROR',
      `${doc.path} has changed since it was indexed, and the library keeps no copy of the indexed version: index it again.`,
      doc.path,
    );
  }
  throw new GentenError('READ_ERROR', `${doc.path} has moved or been deleted since it was indexed, and the library keeps no copy of it.`, doc.path);
}
