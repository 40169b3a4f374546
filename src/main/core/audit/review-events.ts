/**
 * Audit records of compliance reviews: a run (its checklist and documents by hash, the model) when
 * it starts and when it ends, and each report exported (file and hash). Shared by the service's
 * review jobs and `genten review`. A run's record is written before it starts, so a log that must
 * be written and cannot be refuses the run (POLICY).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { ReviewRun } from '../../../shared/review';
import type { AuditLog } from './audit-log';

export function recordReviewStart(audit: AuditLog | null | undefined, run: ReviewRun, action: 'start' | 'resume' | 'rerun'): void {
  audit?.record(
    {
      type: 'review.run',
      action,
      runId: run.id,
      checklist: { name: run.checklist.name, path: run.checklist.path, sha256: run.checklist.hash, items: run.checklist.items.length },
      documents: run.documents.map((d) => ({ path: d.path, sha256: d.hash })),
      model: run.model.kind === 'extractive' ? 'extractive' : { name: run.model.name, file: run.model.file ?? null, sha256: run.model.sha256 ?? null },
    },
    'the review was refused',
  );
}

export function recordReviewEnd(audit: AuditLog | null | undefined, run: ReviewRun): void {
  const counts = { found: 0, not_found: 0, needs_review: 0 };
  for (const result of run.results) counts[result.status]++;
  audit?.tryRecord({
    type: 'review.done',
    runId: run.id,
    state: run.state,
    answered: run.results.length,
    ...counts,
    ...(run.error ? { error: run.error } : {}),
  });
}

/** After a report is written: its file and SHA-256, so the copy handed on can be matched later. */
export async function recordExport(audit: AuditLog | null | undefined, run: ReviewRun, file: string): Promise<void> {
  if (!audit) return;
  const sha256 = createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
  audit.record({ type: 'export', runId: run.id, file, sha256 }, 'the report was written but its record is missing: fix the log before exporting again');
}
