/**
 * `genten sync s3://… --db DIR`: an offline copy of a shared library, for a plant with no
 * network. Copies objects, not rows: LanceDB's data, index and version files are immutable once
 * written, so an incremental copy downloads only the keys it has not got (compared by ETag and
 * size), and the copy opens as an ordinary local library. Version manifests come last, so a
 * reader of the copy never sees a version whose files are still on their way; files the source
 * no longer has are deleted after that. The state (source, ETags, time) is `genten-sync.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncResult } from '../../../shared/api';
import { GentenError } from '../../../shared/errors';
import type { OfflineCopy } from '../../../shared/types';
import { parseLocation } from './location';
import { LOCK_FILE } from './lock';
import { S3Client } from './s3-client';
import { redact, s3SettingsFromEnv } from './storage-options';

export const SYNC_STATE_FILE = 'genten-sync.json';

interface SyncState {
  source: string;
  syncedAt: string;
  /** Relative path → ETag of the copied object. */
  objects: Record<string, string>;
}

export interface SyncOptions {
  /** The shared library, s3://BUCKET/PREFIX. */
  source: string;
  /** The local folder of the copy (created if missing). */
  target: string;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; bytes: number }) => void;
  /** The environment to read AWS_* from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** What the API reports of a sync (objects copied and their bytes, unchanged, deleted), and how long it took. */
export interface SyncSummary extends SyncResult {
  seconds: number;
}

/** Version manifests and the namespace manifest: what makes new data visible, so copied last. */
function isCommitFile(rel: string): boolean {
  return /(^|\/)_versions\//.test(rel) || rel.endsWith('.manifest') || /(^|\/)_latest/.test(rel);
}

export async function syncLibrary(options: SyncOptions): Promise<SyncSummary> {
  const started = performance.now();
  const source = parseLocation(options.source);
  if (source.kind !== 's3') throw new GentenError('BAD_REQUEST', `genten sync copies a shared library (s3://BUCKET/PREFIX), not ${options.source}.`);
  const target = parseLocation(options.target);
  if (target.kind !== 'local') throw new GentenError('BAD_REQUEST', 'The offline copy goes to a local folder (--db DIR).');
  const dir = target.dir;
  const settings = s3SettingsFromEnv(options.env);
  const client = new S3Client(settings, source.bucket);
  try {
    const state = readSyncState(dir);
    if (state && state.source !== source.uri) {
      throw new GentenError('BAD_REQUEST', `${dir} is an offline copy of ${state.source}, not of ${source.uri}: choose another folder.`, dir);
    }
    if (!state && fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new GentenError('BAD_REQUEST', `${dir} is not empty and not an offline copy: choose an empty or new folder.`, dir);
    }
    const known = state?.objects ?? {};
    const prefix = source.prefix ? `${source.prefix}/` : '';
    const remote = [];
    for await (const object of client.list(prefix)) {
      const rel = object.key.slice(prefix.length);
      if (!rel || rel.endsWith('/') || rel.split('/').some((part) => part === '..' || part === '.')) continue;
      if (rel === LOCK_FILE) continue; // a writer's lease on the shared library, not part of it
      remote.push({ ...object, rel });
    }
    if (!remote.some((o) => /^documents\.lance\//.test(o.rel))) {
      throw new GentenError('LIBRARY_UNUSABLE', `No library at ${source.uri}: nothing to copy.`, source.uri);
    }
    const fileOf = (rel: string) => path.join(dir, ...rel.split('/'));
    const todo = remote.filter((o) => {
      if (known[o.rel] !== o.etag) return true;
      const stat = fs.statSync(fileOf(o.rel), { throwIfNoEntry: false });
      return !stat || stat.size !== o.size;
    });
    todo.sort((a, b) => Number(isCommitFile(a.rel)) - Number(isCommitFile(b.rel)));
    const next: SyncState = { source: source.uri, syncedAt: state?.syncedAt ?? '', objects: { ...known } };
    fs.mkdirSync(dir, { recursive: true });
    let bytes = 0;
    let done = 0;
    for (const object of todo) {
      if (options.signal?.aborted) throw new GentenError('CANCELLED', 'The sync was cancelled; the copy is as it was, run it again to finish.');
      bytes += await client.download(object.key, fileOf(object.rel));
      next.objects[object.rel] = object.etag;
      done++;
      options.onProgress?.({ done, total: todo.length, bytes });
      // Progress is kept as it goes: a cancelled or failed sync resumes where it stopped.
      if (done % 50 === 0) writeSyncState(dir, next);
    }
    const live = new Set(remote.map((o) => o.rel));
    let deleted = 0;
    for (const rel of Object.keys(next.objects)) {
      if (live.has(rel)) continue;
      fs.rmSync(fileOf(rel), { force: true });
      delete next.objects[rel];
      deleted++;
    }
    next.syncedAt = new Date().toISOString();
    writeSyncState(dir, next);
    return {
      source: source.uri,
      target: dir,
      copied: todo.length,
      bytes,
      unchanged: remote.length - todo.length,
      deleted,
      syncedAt: next.syncedAt,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    if (error instanceof GentenError) throw new GentenError(error.code, redact(error.message, settings), error.path);
    throw new GentenError('LIBRARY_UNUSABLE', redact(`Cannot copy ${source.uri} to ${dir}: ${(error as Error).message}`, settings), dir);
  }
}

function readSyncState(dir: string): SyncState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(dir, SYNC_STATE_FILE), 'utf8')) as SyncState;
    return typeof state.source === 'string' && state.objects && typeof state.objects === 'object' ? state : undefined;
  } catch {
    return undefined;
  }
}

function writeSyncState(dir: string, state: SyncState): void {
  const file = path.join(dir, SYNC_STATE_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state) + '\n');
  fs.renameSync(`${file}.tmp`, file);
}

/** The offline copy in `dir`, if it is one that has completed a sync. */
export function offlineCopyAt(dir: string): OfflineCopy | undefined {
  const state = readSyncState(dir);
  return state?.syncedAt ? { source: state.source, path: dir, syncedAt: state.syncedAt } : undefined;
}
