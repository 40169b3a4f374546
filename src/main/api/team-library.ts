/**
 * The service's part of team libraries: the offline copy the app makes of a shared library (its
 * folder, its age, the Sync button) and the library setting. Opening a cited document is document-source.ts.
 */
import type { SyncResult } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import type { OfflineCopy } from '../../shared/types';
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
