/**
 * One writer per library on object storage: a lease object, `genten.lock` beside the tables, naming
 * its writer (host, pid, start time) and refreshed while it writes.
 *
 * LanceDB keeps two writers apart only where the server refuses a second conditional put; one that
 * ignores it (s3rver, older MinIO and Ceph, Alibaba OSS) keeps the later of two manifests, and the
 * other writer's commit is lost without an error. So a second indexer is refused before it writes,
 * with the first one named, whatever the server.
 *
 * - A lease is stale when its writer's process is gone (same host: the pid no longer runs, or is
 *   another process) or it was not refreshed for STALE_REMOTE_MS (another host): see holderState.
 * - Taken with a conditional put where the server honours one. Where it does not, two writers that
 *   start together could both write a lease: each reads it back after SETTLE_MS, and only the one
 *   whose lease is there goes on (the last write wins on such servers).
 * - Released only by its owner (its token).
 */
import { holderState, lockedError, LOCK_FILE, newLockInfo, parseLock, type LockInfo } from './lock';
import type { S3Client } from './s3-client';

/** How often a held lease is refreshed (a third of the time after which another host takes it as stale). */
const REFRESH_MS = 20_000;
/** How long a new lease is left before it is read back, for a writer that started at the same moment to write its own. */
const SETTLE_MS = 1_000;

export interface S3Lease {
  release(): Promise<void>;
}

interface LeaseBody extends LockInfo {
  /** When the writer last refreshed the lease (ISO, the writer's clock). */
  refreshedAt: string;
}

export async function acquireS3Lease(client: S3Client, prefix: string, where: string): Promise<S3Lease> {
  const key = leaseKey(prefix);
  const info = newLockInfo();
  const write = (conditional: boolean) =>
    client.put(key, Buffer.from(JSON.stringify({ ...info, refreshedAt: new Date().toISOString() } satisfies LeaseBody)), {
      contentType: 'application/json',
      ifNoneMatch: conditional,
    });
  const current = await readLease(client, key);
  if (current) {
    const holder = holderState(current, Date.now() - Date.parse(current.refreshedAt));
    if (holder.held) throw lockedError(where, holder.reason);
    await write(false); // a stale lease: taken over
  } else if (!(await write(true))) {
    const winner = await readLease(client, key);
    throw lockedError(where, winner ? holderState(winner, 0).reason : 'another writer took it at the same moment');
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const settled = await readLease(client, key);
  if (settled?.token !== info.token) throw lockedError(where, settled ? holderState(settled, 0).reason : 'another writer took it at the same moment');

  const own = async () => (await readLease(client, key))?.token === info.token;
  const refresh = setInterval(() => {
    // A missed refresh is harmless; the next one tries again. A lease taken over is left to its new writer.
    void own()
      .then((mine) => (mine ? write(false) : undefined))
      .catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      if (await own().catch(() => false)) await client.delete(key).catch(() => undefined);
    },
  };
}

/** The writer that holds the library's lease now (not a stale one), if any. */
export async function leaseHolder(client: S3Client, prefix: string): Promise<LockInfo | undefined> {
  const lease = await readLease(client, leaseKey(prefix));
  return lease && holderState(lease, Date.now() - Date.parse(lease.refreshedAt)).held ? lease : undefined;
}

function leaseKey(prefix: string): string {
  return prefix ? `${prefix}/${LOCK_FILE}` : LOCK_FILE;
}

async function readLease(client: S3Client, key: string): Promise<LeaseBody | undefined> {
  const raw = await client.get(key);
  if (!raw) return undefined;
  const text = raw.toString('utf8');
  let body: Partial<LeaseBody>;
  try {
    body = JSON.parse(text) as Partial<LeaseBody>;
  } catch {
    return undefined; // damaged: nobody's lease
  }
  const info = parseLock(text);
  return info ? { ...info, refreshedAt: body.refreshedAt ?? new Date(0).toISOString() } : undefined;
}
