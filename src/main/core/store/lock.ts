/**
 * One writer per library: a lock file naming its writer by host, pid and the start time of that
 * process, refreshed every few seconds while it is held.
 *
 * - On the same host, a lock whose pid no longer runs, or runs but started at another time (the
 *   pid was reused after a crash or a reboot), is stale. On Linux the start time is read from
 *   /proc; elsewhere the pid alone decides.
 * - From another host (a library on a shared folder) the pid says nothing: the lock is stale when
 *   its writer has not refreshed it for STALE_REMOTE_MS.
 * - A lock is created whole (written to a temp file, then hard-linked into place: never seen
 *   empty) and taken over atomically: under a short take-over guard, the stale lock is re-read
 *   and, if it is still the same, replaced by a rename, so two processes can never both take it.
 * - Released only by its owner (its random token), so a writer that was wrongly taken over never
 *   deletes the next writer's lock.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';

export const LOCK_FILE = 'genten.lock';
const GUARD_FILE = 'genten.lock.takeover';
/** How often a held lock's file is touched. */
const HEARTBEAT_MS = 5_000;
/** A lock from another host not touched for this long is stale (its writer is gone). */
export const STALE_REMOTE_MS = 60_000;
/** A take-over guard older than this was left by a process that died mid-take-over. */
const STALE_GUARD_MS = 10_000;

export interface LockInfo {
  pid: number;
  host: string;
  /** When the writing process started (ISO); with pid, names the process even after pid reuse. */
  processStartedAt: string;
  /** When the lock was taken (ISO). */
  acquiredAt: string;
  /** Random per lock: only its owner releases it. */
  token: string;
}

export type LockState =
  { state: 'free' } | { state: 'held'; info: LockInfo | null; reason: string } | { state: 'stale'; info: LockInfo | null; reason: string; raw: string };

export interface WriteLock {
  readonly info: LockInfo;
  release(): void;
}

/** When this process started, to the millisecond it can tell. */
const PROCESS_STARTED_AT = new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's start time from /proc (Linux), or undefined where that cannot be read. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, clock ticks after boot); the command name (field 2) may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(boot)) return undefined;
    return boot * 1000 + (ticks * 1000) / 100; // USER_HZ is 100 on every Linux Genten runs on
  } catch {
    return undefined;
  }
}

export function parseLock(raw: string): LockInfo | null {
  try {
    const info = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof info.pid === 'number' && typeof info.host === 'string' && typeof info.token === 'string') {
      return {
        pid: info.pid,
        host: info.host,
        processStartedAt: String(info.processStartedAt ?? ''),
        acquiredAt: String(info.acquiredAt ?? ''),
        token: info.token,
      };
    }
  } catch {
    // An older Genten wrote the bare pid.
  }
  const pid = Number(raw.trim());
  return Number.isInteger(pid) && pid > 0 ? { pid, host: os.hostname(), processStartedAt: '', acquiredAt: '', token: '' } : null;
}

/** Whether the lock file of a library is free, held by a live writer, or stale (and why). */
export function inspectLock(libraryDir: string, now = Date.now()): LockState {
  const file = path.join(libraryDir, LOCK_FILE);
  let raw: string;
  let mtimeMs: number;
  try {
    raw = fs.readFileSync(file, 'utf8');
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return { state: 'free' };
  }
  const info = parseLock(raw);
  const age = now - mtimeMs;
  if (!info) {
    // Unreadable content: only old enough garbage is stale (an old Genten may be mid-write).
    return age > STALE_GUARD_MS
      ? { state: 'stale', info, raw, reason: 'the lock file is damaged' }
      : { state: 'held', info, reason: 'the lock file is being written' };
  }
  const holder = holderState(info, age);
  return holder.held ? { state: 'held', info, reason: holder.reason } : { state: 'stale', info, raw, reason: holder.reason };
}

/**
 * Whether the writer a lock names still holds it, `ageMs` after its last refresh: on this host, while
 * its process runs (the same pid started at the same time); from another host, while it refreshes it.
 */
export function holderState(info: LockInfo, ageMs: number): { held: boolean; reason: string } {
  const who = `pid ${info.pid} on ${info.host}${info.acquiredAt ? ` since ${info.acquiredAt}` : ''}`;
  if (info.host !== os.hostname()) {
    return ageMs > STALE_REMOTE_MS ? { held: false, reason: `${who} has not refreshed it for ${Math.round(ageMs / 1000)} s` } : { held: true, reason: who };
  }
  if (isThisProcess(info)) return { held: true, reason: `${who} (this process)` };
  if (!isRunning(info.pid)) return { held: false, reason: `${who} is no longer running` };
  const started = processStartTime(info.pid);
  const recorded = Date.parse(info.processStartedAt);
  if (started !== undefined && Number.isFinite(recorded) && Math.abs(started - recorded) > 2_000) {
    return { held: false, reason: `${who} is gone (pid ${info.pid} now belongs to another process)` };
  }
  if (info.pid === process.pid) return { held: false, reason: `${who} was an earlier process with this pid` };
  return { held: true, reason: who };
}

/** Whether this very process wrote `info` (the same pid, started at the same time). */
export function isThisProcess(info: LockInfo): boolean {
  return info.pid === process.pid && info.processStartedAt === PROCESS_STARTED_AT;
}

/** This process's claim to a lock, with a new token. */
export function newLockInfo(): LockInfo {
  return {
    pid: process.pid,
    host: os.hostname(),
    processStartedAt: PROCESS_STARTED_AT,
    acquiredAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
}

export function lockedError(libraryDir: string, reason: string): GentenError {
  return new GentenError(
    'LIBRARY_LOCKED',
    `The library at ${libraryDir} is being updated by another Genten process (${reason}); try again when it has finished.`,
    libraryDir,
  );
}

/** Writes `info` to a temp file beside the lock, then links it into place (fails with EEXIST when there is a lock). */
function createLockFile(dir: string, info: LockInfo, replace: boolean): void {
  const file = path.join(dir, LOCK_FILE);
  const temp = path.join(dir, `${LOCK_FILE}.${info.token}.tmp`);
  fs.writeFileSync(temp, JSON.stringify(info), { flag: 'wx' });
  try {
    if (replace) fs.renameSync(temp, file);
    else fs.linkSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Replaces the stale lock `raw` with ours under the take-over guard; false when someone else got there first. */
function takeOver(dir: string, raw: string, info: LockInfo): boolean {
  const guard = path.join(dir, GUARD_FILE);
  try {
    fs.writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_GUARD_MS) fs.rmSync(guard, { force: true }); // left by a process that died mid-take-over
    return false;
  }
  try {
    let current: string | undefined;
    try {
      current = fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8');
    } catch {
      current = undefined; // released meanwhile
    }
    if (current !== undefined && current !== raw) return false; // a new writer took it: not stale any more
    createLockFile(dir, info, true);
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

export function acquireWriteLock(libraryDir: string): WriteLock {
  try {
    fs.mkdirSync(libraryDir, { recursive: true });
  } catch (error) {
    throw new GentenError('LIBRARY_UNUSABLE', `Cannot write to the library at ${libraryDir}: ${(error as Error).message}`, libraryDir);
  }
  const file = path.join(libraryDir, LOCK_FILE);
  const info = newLockInfo();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      createLockFile(libraryDir, info, false);
      return heldLock(file, info);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        const full = code === 'ENOSPC' ? ' (the disk is full)' : '';
        throw new GentenError(
          code === 'ENOSPC' ? 'DISK_FULL' : 'LIBRARY_UNUSABLE',
          `Cannot write to the library at ${libraryDir}${full}: ${(error as Error).message}`,
          libraryDir,
        );
      }
    }
    const state = inspectLock(libraryDir);
    if (state.state === 'held') {
      if (state.info?.token && isThisProcess(state.info)) {
        // Held by this very process (another job): the service runs writes one at a time, so
        // this is a caller that forgot to release; take it as before rather than deadlock.
        if (takeOver(libraryDir, fs.readFileSync(file, 'utf8'), info)) return heldLock(file, info);
      }
      throw lockedError(libraryDir, state.reason);
    }
    if (state.state === 'stale' && takeOver(libraryDir, state.raw, info)) return heldLock(file, info);
    sleep(20 * (attempt + 1)); // someone else is taking it over or just released it: look again
  }
  throw lockedError(libraryDir, 'it changed hands while Genten was waiting');
}

function heldLock(file: string, info: LockInfo): WriteLock {
  // Touch the file while held: a writer on another host judges staleness by its age.
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      if (ownLock(file, info)) fs.utimesSync(file, now, now);
    } catch {
      // A missed beat is harmless; the next one tries again.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return {
    info,
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (ownLock(file, info)) fs.rmSync(file, { force: true });
    },
  };
}

function ownLock(file: string, info: LockInfo): boolean {
  try {
    return parseLock(fs.readFileSync(file, 'utf8'))?.token === info.token;
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
