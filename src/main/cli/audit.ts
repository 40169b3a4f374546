/** `genten audit verify [--json]` and `genten audit export --since DATE --out FILE`. */
import path from 'node:path';
import { GentenError } from '../../shared/errors';
import type { Policy } from '../core/policy/policy';
import { exportAuditLog, verifyAuditLog } from '../core/audit/verify';

export interface AuditCommandOptions {
  args: string[];
  policy: Policy;
  dataDir: string;
  json: boolean;
  since?: string;
  out?: string;
  stdout: NodeJS.WritableStream;
}

export async function runAudit(options: AuditCommandOptions): Promise<number> {
  const [action] = options.args;
  const audit = options.policy.effective().audit;
  // The log's folder whether or not it is on now: a log written under an earlier policy stays checkable.
  const dir = audit.dir ?? path.join(options.dataDir, 'audit');
  const print = (text: string) => options.stdout.write(text + '\n');
  if (action === 'verify') {
    const result = verifyAuditLog(dir);
    if (options.json) print(JSON.stringify(result));
    else if (result.ok) print(`OK: ${result.records} records in ${dir}, chain intact.`);
    else
      print(
        `BROKEN: ${result.firstBad!.reason}\n  at ${result.firstBad!.file}:${result.firstBad!.line}${result.firstBad!.seq !== null ? ` (record ${result.firstBad!.seq})` : ''}; ${result.records} records before it are intact.`,
      );
    return result.ok ? 0 : 1;
  }
  if (action === 'export') {
    if (!options.since || !options.out) throw new GentenError('BAD_REQUEST', 'audit export needs --since DATE and --out FILE');
    const since = new Date(options.since);
    if (Number.isNaN(since.getTime()))
      throw new GentenError('BAD_REQUEST', `--since takes a date such as 2026-11-01 or 2026-11-01T09:00:00Z, not "${options.since}"`);
    const result = exportAuditLog(dir, { since, out: options.out });
    if (options.json) print(JSON.stringify(result));
    else
      print(
        `Exported ${result.records} records${result.first !== null ? ` (${result.first}–${result.last})` : ''} since ${since.toISOString()} to ${result.out}`,
      );
    return 0;
  }
  throw new GentenError('BAD_REQUEST', `audit needs "verify" or "export" (genten audit verify | genten audit export --since DATE --out FILE)`);
}
