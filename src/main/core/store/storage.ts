/**
 * Opens a library where it lives: a local folder, or `s3://BUCKET/PREFIX` on S3-compatible
 * storage. For object storage it reads the credentials (storage-options.ts), proves with one small
 * request that the endpoint answers and accepts them (LanceDB alone lists an unreachable or
 * refusing bucket as an empty library), and connects LanceDB with a bounded read consistency so
 * readers see the indexer's commits. Secrets are scrubbed from every message it lets out.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { LocalFileStore, S3FileStore, type FileStore } from './file-store';
import { LanceStore } from './lancedb';
import type { LibraryStore } from './library-store';
import { describeLocation, parseLocation, type LibraryLocation } from './location';
import { acquireWriteLock, inspectLock, isThisProcess, type LockInfo } from './lock';
import { S3Client } from './s3-client';
import { acquireS3Lease, leaseHolder } from './s3-lease';
import { lanceStorageOptions, redact, s3SettingsFromEnv, type S3Settings } from './storage-options';

export interface OpenStorageOptions {
  /** Create an empty library when there is none. Default true. */
  create?: boolean;
  /**
   * Seconds within which reads see commits of other processes (LanceDB's readConsistencyInterval).
   * Default 5 for object storage (where readers are other machines); none for a local folder,
   * as before (checking made indexing and embedding measurably slower in the tests).
   */
  readConsistencySeconds?: number;
  /** The environment to read AWS_* from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_READ_CONSISTENCY_SECONDS = 5;

export interface LibraryStorage {
  location: LibraryLocation;
  /** The folder or s3:// URI, as users see it. */
  where: string;
  store: LibraryStore;
  /** The documents' bytes (files/<sha256>). */
  files: FileStore;
  /**
   * Takes the library's write lock (LIBRARY_LOCKED while another writer holds it): the lock file
   * in a folder (store/lock.ts), the lease object on object storage (store/s3-lease.ts).
   */
  lockForWriting(): Promise<{ release(): void | Promise<void> }>;
  /** Another process holding that lock now, if any (a stale lock names nobody; this process is not "another"). */
  otherWriter(): Promise<LockInfo | undefined>;
  /** The S3 client and settings, for sync and sizes (object storage only). */
  s3?: { client: S3Client; settings: S3Settings; prefix: string };
  /** `text` without secrets. */
  redact(text: string): string;
  /** Bytes the library takes in its storage. */
  sizeBytes(): Promise<number>;
}

export async function openStorage(text: string, options: OpenStorageOptions = {}): Promise<LibraryStorage> {
  const location = parseLocation(text);
  if (location.kind === 'local') {
    const readConsistencySeconds = options.readConsistencySeconds;
    if (options.create !== false) {
      try {
        await fs.mkdir(location.dir, { recursive: true });
      } catch (error) {
        throw new GentenError('LIBRARY_UNUSABLE', `Cannot create the library folder ${location.dir}: ${(error as Error).message}`, location.dir);
      }
    }
    return {
      location,
      where: location.dir,
      store: await LanceStore.open(location.dir, { readConsistencySeconds, create: options.create }),
      files: new LocalFileStore(location.dir),
      lockForWriting: async () => acquireWriteLock(location.dir),
      otherWriter: async () => {
        const lock = inspectLock(location.dir);
        return lock.state === 'held' && lock.info && !isThisProcess(lock.info) ? lock.info : undefined;
      },
      redact: (t) => t,
      sizeBytes: () => folderSize(location.dir),
    };
  }
  const readConsistencySeconds = options.readConsistencySeconds ?? DEFAULT_READ_CONSISTENCY_SECONDS;
  const settings = s3SettingsFromEnv(options.env);
  const scrub = (t: string) => redact(t, settings);
  const client = new S3Client(settings, location.bucket);
  await client.check(location.prefix);
  let store: LanceStore;
  try {
    store = await LanceStore.open(location.uri, { storageOptions: lanceStorageOptions(settings), readConsistencySeconds, create: options.create });
  } catch (error) {
    const message = scrub((error as Error).message);
    throw error instanceof GentenError ? new GentenError(error.code, message, location.uri) : new GentenError('LIBRARY_UNUSABLE', message, location.uri);
  }
  const prefix = location.prefix;
  return {
    location,
    where: describeLocation(location),
    store,
    files: new S3FileStore(client, prefix),
    lockForWriting: () => acquireS3Lease(client, prefix, describeLocation(location)),
    otherWriter: async () => {
      const holder = await leaseHolder(client, prefix);
      return holder && !isThisProcess(holder) ? holder : undefined;
    },
    s3: { client, settings, prefix },
    redact: scrub,
    sizeBytes: async () => {
      let total = 0;
      for await (const object of client.list(prefix ? `${prefix}/` : '')) total += object.size;
      return total;
    },
  };
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
