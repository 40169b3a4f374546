/**
 * `genten check [--repair] [--json]`: prints `{ok, documents, chunks, problems: [{kind, detail}]}`
 * (after repairing, with --repair: what is left). Exit code 0 when the library is sound, 1 when
 * problems remain.
 */
import { displayPath } from '../../shared/display';
import type { Engine } from '../core/engine';
import type { CheckReport } from '../core/store/check';

export interface CheckCommandOptions {
  repair: boolean;
  json: boolean;
  stdout: NodeJS.WritableStream;
}

export async function runCheck(engine: Engine, options: CheckCommandOptions): Promise<number> {
  const before = await engine.check();
  const after = options.repair && !before.ok ? await engine.check({ repair: true }) : before;
  const { ok, documents, chunks, problems } = after;
  if (options.json) {
    options.stdout.write(JSON.stringify({ ok, documents, chunks, problems } satisfies CheckReport) + '\n');
  } else {
    const lines = [`Library: ${documents} documents, ${chunks} passages.`];
    if (options.repair) {
      const left = new Set(problems.map((p) => p.detail));
      for (const p of before.problems) if (!left.has(p.detail)) lines.push(`  ✓ repaired ${p.kind}: ${displayPath(p.detail)}`);
    }
    for (const p of problems) lines.push(`  ✗ ${p.kind}: ${displayPath(p.detail)}`);
    lines.push(ok ? 'No problems found.' : `${problems.length} problem(s)${options.repair ? ' remain' : ': run genten check --repair'}.`);
    options.stdout.write(lines.join('\n') + '\n');
  }
  return ok ? 0 : 1;
}

/** One line on stderr when the check at opening found damage (commands other than check). */
export function warnIfDamaged(engine: Engine, stderr: NodeJS.WritableStream): void {
  const health = engine.health;
  if (!health || health.ok) return;
  const kinds = [...new Set(health.problems.map((p) => p.kind))].join(', ');
  stderr.write(`genten: the library has ${health.problems.length} problem(s) (${kinds}); run genten check --repair\n`);
}
