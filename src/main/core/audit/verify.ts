/**
 * Checks the audit log's chain across its files, and exports a time range of it.
 * A record is good when its hash is the hash of its body (not edited), its `prev` is the hash of
 * the record before it and its `seq` follows (none deleted, none moved).
 */
import fs from 'node:fs';
import path from 'node:path';
import { auditFiles, GENESIS, recordHash, type AuditRecord } from './audit-log';

export interface VerifyResult {
  ok: boolean;
  records: number;
  /** The first record that breaks the chain, or null. */
  firstBad: { file: string; line: number; seq: number | null; reason: string } | null;
}

export interface VerifyOptions {
  /**
   * True: the first record must be the log's first (seq 1, prev GENESIS). False for an export,
   * which starts anywhere. Default true.
   */
  fromGenesis?: boolean;
}

/** Verifies the log in `dir` (all rotated files and the current one), or the given files. */
export function verifyAuditLog(dirOrFiles: string | string[], options: VerifyOptions = {}): VerifyResult {
  const files = typeof dirOrFiles === 'string' ? auditFiles(dirOrFiles) : dirOrFiles;
  const fromGenesis = options.fromGenesis ?? true;
  let previous: { hash: string; seq: number } | null = fromGenesis ? { hash: GENESIS, seq: 0 } : null;
  let records = 0;
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === '' && i === lines.length - 1) continue; // the final newline
      const bad = (reason: string, seq: number | null = null): VerifyResult => ({ ok: false, records, firstBad: { file, line: i + 1, seq, reason } });
      let record: AuditRecord;
      try {
        record = JSON.parse(lines[i]) as AuditRecord;
      } catch {
        return bad('not a JSON record');
      }
      if (!record || typeof record !== 'object' || typeof record.hash !== 'string') return bad('not an audit record');
      const { hash, ...body } = record;
      const seq = typeof record.seq === 'number' ? record.seq : null;
      if (recordHash(body) !== hash) return bad('the record was changed after it was written (its hash does not match)', seq);
      if (previous && record.prev !== previous.hash) return bad('the chain is broken here: the record before it was removed, moved or changed', seq);
      if (previous && seq !== previous.seq + 1) return bad(`sequence ${seq} follows ${previous.seq}: records are missing or out of order`, seq);
      previous = { hash, seq: seq ?? 0 };
      records++;
    }
  }
  return { ok: true, records, firstBad: null };
}

/** Writes the records at or after `since` to `out` (JSON Lines, unchanged so they stay verifiable). */
export function exportAuditLog(
  dir: string,
  options: { since: Date; out: string },
): { records: number; out: string; first: number | null; last: number | null } {
  const since = options.since.getTime();
  const lines: string[] = [];
  let first: number | null = null;
  let last: number | null = null;
  for (const file of auditFiles(dir)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let record: AuditRecord;
      try {
        record = JSON.parse(line) as AuditRecord;
      } catch {
        continue; // verify reports damaged lines; export keeps what it can read
      }
      if (Date.parse(record.time) < since) continue;
      first ??= record.seq;
      last = record.seq;
      lines.push(line);
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  fs.writeFileSync(options.out, lines.length ? lines.join('\n') + '\n' : '');
  return { records: lines.length, out: path.resolve(options.out), first, last };
}
