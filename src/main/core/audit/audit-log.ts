/**
 * The audit log: append-only JSON Lines, one record per event, each carrying the SHA-256 of the
 * record before it, so that an edited, deleted or reordered line breaks the chain (`verifyAuditLog`).
 * Records carry UTC time, OS user, host, app version and the policy hash. The current file is
 * `audit.jsonl`; past the size limit it is renamed `audit-000001.jsonl`, … and the chain goes on
 * in a new file. Writers in several processes (app, CLI) take a lock file around each append.
 *
 * Off by default; on where policy says so. When it is on, a record that cannot be written throws
 * GentenError('POLICY'): the caller refuses the action rather than doing it unlogged.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import type { AuditQuestions, PolicyValues } from '../../../shared/policy';
import { canonicalJson } from '../policy/policy';
import { appVersion } from './app-version';

export const CURRENT_FILE = 'audit.jsonl';
export const GENESIS = '0'.repeat(64);
const ROTATED = /^audit-(\d{6})\.jsonl$/;

/** What happened. `type` names it (document.added, ask, answer, refusal, error, review.run, export…). */
export interface AuditEvent {
  type: string;
  [field: string]: unknown;
}

export interface AuditRecord {
  seq: number;
  /** ISO 8601, UTC. */
  time: string;
  user: string;
  host: string;
  app: string;
  /** SHA-256 of the effective policy. */
  policy: string;
  /** `hash` of the previous record (GENESIS for the first). */
  prev: string;
  event: AuditEvent;
  /** SHA-256 of this record without `hash` (canonical JSON). */
  hash: string;
}

export interface AuditLogOptions {
  /** Folder of the log (created if missing). */
  dir: string;
  /** SHA-256 of the effective policy, written in every record. */
  policyHash: string;
  /** How question text is written. Default 'hash'. */
  questions?: AuditQuestions;
  /** Rotate when the current file reaches this many bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Default: the app's package.json version. */
  appVersion?: string;
  /** How long to wait for another process's lock, in ms. Default 5000. */
  lockTimeoutMs?: number;
}

export class AuditLog {
  readonly dir: string;
  readonly questions: AuditQuestions;
  private readonly maxBytes: number;
  private readonly identity: { user: string; host: string; app: string };
  private readonly modelHashes = new Map<string, string>();

  constructor(private readonly options: AuditLogOptions) {
    this.dir = path.resolve(options.dir);
    this.questions = options.questions ?? 'hash';
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.identity = { user: osUser(), host: os.hostname(), app: options.appVersion ?? appVersion() };
  }

  /**
   * Appends one record. Throws GentenError('POLICY') naming the folder and the reason when it
   * cannot be written; `consequence` ends the message ("indexing was refused").
   */
  record(event: AuditEvent, consequence = 'this action was refused'): AuditRecord {
    try {
      return this.append(event);
    } catch (error) {
      throw new GentenError(
        'POLICY',
        `The audit log in ${this.dir} cannot be written (${(error as Error).message}); your organisation requires it, so ${consequence}.`,
        this.dir,
      );
    }
  }

  /** Appends a record and ignores a failure (for refusals and errors: the action failed anyway). */
  tryRecord(event: AuditEvent): void {
    try {
      this.append(event);
    } catch {
      // the user already gets an error for the action itself
    }
  }

  /** The question as policy says: its text, its SHA-256, or nothing. */
  question(text: string): { question?: string; questionSha256?: string } {
    if (this.questions === 'full') return { question: text };
    if (this.questions === 'hash') return { questionSha256: sha256(text) };
    return {};
  }

  /** SHA-256 of a model file, computed once per file version (models are gigabytes). */
  async modelSha256(file: string): Promise<string> {
    const stat = await fs.promises.stat(file);
    const key = `${path.resolve(file)}|${stat.size}|${stat.mtimeMs}`;
    const known = this.modelHashes.get(key);
    if (known) return known;
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    const digest = hash.digest('hex');
    this.modelHashes.set(key, digest);
    return digest;
  }

  private append(event: AuditEvent): AuditRecord {
    fs.mkdirSync(this.dir, { recursive: true });
    const release = this.lock();
    try {
      const current = path.join(this.dir, CURRENT_FILE);
      const last = lastRecord(this.dir);
      const size = fileSize(current);
      if (size > 0 && size >= this.maxBytes) fs.renameSync(current, path.join(this.dir, `audit-${String(nextRotation(this.dir)).padStart(6, '0')}.jsonl`));
      const body: Omit<AuditRecord, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        time: new Date().toISOString(),
        ...this.identity,
        policy: this.options.policyHash,
        prev: last?.hash ?? GENESIS,
        event,
      };
      const record: AuditRecord = { ...body, hash: recordHash(body) };
      const fd = fs.openSync(current, 'a', 0o640);
      try {
        fs.writeSync(fd, JSON.stringify(record) + '\n');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return record;
    } finally {
      release();
    }
  }

  private lock(): () => void {
    const file = path.join(this.dir, '.audit.lock');
    const deadline = Date.now() + (this.options.lockTimeoutMs ?? 5000);
    for (;;) {
      try {
        fs.closeSync(fs.openSync(file, 'wx'));
        return () => fs.rmSync(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // A lock left by a crashed writer is stale after 30 s (an append takes milliseconds).
        const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > 30_000) fs.rmSync(file, { force: true });
        else if (Date.now() > deadline) throw new Error('another Genten process holds the audit log lock', { cause: error });
        else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }
}

/** The audit log the policy asks for, or null when it is off. */
export function openAuditLog(
  policy: { effective(): Pick<PolicyValues, 'audit'>; hash: string },
  dataDir: string,
  options: Partial<AuditLogOptions> = {},
): AuditLog | null {
  const { audit } = policy.effective();
  if (!audit.enabled) return null;
  return new AuditLog({ dir: audit.dir ?? path.join(dataDir, 'audit'), policyHash: policy.hash, questions: audit.questions, ...options });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function recordHash(body: Omit<AuditRecord, 'hash'>): string {
  return sha256(canonicalJson(body));
}

/** The log's files, oldest first: rotated ones by number, then the current one. */
export function auditFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const rotated = names.filter((n) => ROTATED.test(n)).sort();
  return [...rotated, ...(names.includes(CURRENT_FILE) ? [CURRENT_FILE] : [])].map((n) => path.join(dir, n));
}

function nextRotation(dir: string): number {
  const numbers = fs
    .readdirSync(dir)
    .map((n) => ROTATED.exec(n)?.[1])
    .filter(Boolean)
    .map(Number);
  return numbers.length ? Math.max(...numbers) + 1 : 1;
}

/** The last complete record of the log (read from the end of the newest non-empty file). */
function lastRecord(dir: string): AuditRecord | null {
  for (const file of auditFiles(dir).reverse()) {
    const size = fileSize(file);
    if (size <= 0) continue;
    const fd = fs.openSync(file, 'r');
    try {
      let span = Math.min(size, 64 * 1024);
      for (;;) {
        const buffer = Buffer.alloc(span);
        fs.readSync(fd, buffer, 0, span, size - span);
        const lines = buffer
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim());
        const last = lines.at(-1);
        if (last && (span === size || lines.length > 1)) return JSON.parse(last) as AuditRecord;
        if (span === size) break;
        span = Math.min(size, span * 4);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return null;
}

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? -1;
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
