/** `genten policy [--json]`: the managed policy in force, each key's source, and invalid entries. */
import path from 'node:path';
import type { Policy } from '../core/policy/policy';

export interface PolicyCommandOptions {
  policy: Policy;
  json: boolean;
  /** The data folder in use (where the audit log goes when the policy names no folder). */
  dataDir: string;
  stdout: NodeJS.WritableStream;
}

export async function runPolicy(options: PolicyCommandOptions): Promise<number> {
  const report = options.policy.report();
  if (report.values.audit.enabled && !report.values.audit.dir) report.values.audit.dir = path.join(options.dataDir, 'audit');
  if (options.json) {
    options.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  const lines = [report.managed ? 'Managed policy in force (set by your organisation).' : 'No managed policy: nothing is locked.'];
  lines.push('', 'Sources:');
  for (const s of report.sources)
    lines.push(`  ${s.found ? (s.error ? '✗' : '✓') : '·'} ${s.source}${s.found ? (s.error ? `: ${s.error}` : '') : ' (not present)'}`);
  lines.push('', 'Effective policy:');
  for (const k of report.keys) {
    const value = k.key === 'audit' ? report.values.audit : k.value;
    lines.push(`  ${k.key.padEnd(17)} ${JSON.stringify(value) ?? 'null'}  ← ${k.source}`);
  }
  if (report.invalid.length) {
    lines.push('', 'Invalid entries (read at their strictest):');
    for (const i of report.invalid) lines.push(`  ✗ ${i.source}${i.key ? ` ${i.key}` : ''}: ${i.reason}`);
  }
  lines.push('', `Policy hash: ${report.hash}`, 'Telemetry: none (Genten sends nothing anywhere; there is nothing to turn off).');
  options.stdout.write(lines.join('\n') + '\n');
  return 0;
}
