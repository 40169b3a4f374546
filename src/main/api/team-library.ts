/**
 * The service's part of team libraries: the offline copy the app makes of a shared library (its
 * folder, its age, the Sync button), the library setting, and opening a cited document that was
 * indexed on another machine from the bytes the library keeps.
 */
import fs from 'node:fs';
import type { SyncResult } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import type { DocumentInfo, OfflineCopy } from '../../shared/types';
import type { Engine } from '../core/engine';
import { defaultOfflineDir } from '../core/settings/paths';
import { describeLocation, parseLocation } from '../core/store/location';
import { offlineCopyAt, syncLibrary } from '../core/store/sync';

/** The offline copy this machine has of a shared library (s3://…), if any. */
export function offlineCopyFor(library: string, dataDir: string): OfflineCopy | undefined {
  const location = parseLocation(library);
  return location.kind === 's3' ? offlineCopyAt(defaultOfflineDir(location, dataDir)) : undefined;
}

/** Copies what changed: the open shared library into the data folder, or the open copy from its source. */
export async function syncOfflineCopy(engine: Engine, dataDir: string): Promise<SyncResult> {
  const location = parseLocation(engine.libraryDir);
  let source: string;
  let target: string;
  if (location.kind === 's3') {
    source = location.uri;
    target = defaultOfflineDir(location, dataDir);
  } else {
    const copy = offlineCopyAt(location.dir);
    if (!copy) throw new GentenError('BAD_REQUEST', 'This library is not an offline copy of a shared library: open the shared one (s3://…) to make a copy.');
    source = copy.source;
    target = location.dir;
  }
  const { seconds: _seconds, ...result } = await syncLibrary({ source, target });
  return result;
}

/** A library setting, normalised; an unsupported scheme is a BAD_REQUEST, never a folder. */
export function parseLibrarySetting(text: string): string {
  return describeLocation(parseLocation(text));
}

/**
 * Where a cited document's bytes come from: its path on this machine when this host may read it
 * there, else the library's own copy (a shared library's document indexed on another machine).
 * `mayRead` is browser mode's allowed folders; the library's copy is the library's data, always readable.
 */
export async function documentSource(
  engine: Engine,
  doc: DocumentInfo,
  mayRead: (file: string) => boolean = () => true,
): Promise<{ path: string; data?: Buffer }> {
  if (mayRead(doc.path) && fs.existsSync(doc.path)) return { path: doc.path };
  const data = doc.hash ? await engine.documentBytes(doc.hash) : undefined;
  if (data) return { path: doc.path, data };
  if (!mayRead(doc.path)) throw new GentenError('NOT_FOUND', `${doc.path} is outside the folders this Genten may read.`, doc.path);
  throw new GentenError('READ_ERROR', `${doc.path} has moved or been deleted since it was indexed, and the library keeps no copy of it.`, doc.path);
}
