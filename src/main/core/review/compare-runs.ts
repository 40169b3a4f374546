/**
 * Re-running a review after a document changed: each new answer is compared with the earlier run's
 * answer to the same item of the same document. An unchanged answer keeps the reviewer's mark; a
 * changed one keeps the note but loses the mark, so the reviewer looks again.
 */
import type { ReviewItemResult, ReviewRun } from '../../../shared/review';

/** A key that survives re-indexing: the item id and the document's path. */
function keyOf(itemId: string, documentPath: string): string {
  return `${itemId}\u0000${documentPath}`;
}

export function indexResults(run: ReviewRun): Map<string, ReviewItemResult> {
  const pathOf = new Map(run.documents.map((d) => [d.id, d.path]));
  return new Map(run.results.map((r) => [keyOf(r.itemId, pathOf.get(r.documentId) ?? r.documentId), r]));
}

/** What the reviewer sees as the answer's substance: status, answer text and the quotes cited. */
function substance(result: ReviewItemResult): string {
  return JSON.stringify([result.status, result.answer.trim(), result.citations.map((c) => c.quote.trim())]);
}

/** Adds `change` (and carries the mark over when nothing changed). */
export function compareWithPrevious(result: ReviewItemResult, documentPath: string, previous: Map<string, ReviewItemResult>): ReviewItemResult {
  const before = previous.get(keyOf(result.itemId, documentPath));
  if (!before) return { ...result, change: { kind: 'new' } };
  if (substance(before) === substance(result)) {
    return {
      ...result,
      change: { kind: 'unchanged' },
      ...(before.mark ? { mark: before.mark, markedAt: before.markedAt } : {}),
      ...(before.note ? { note: before.note } : {}),
    };
  }
  return {
    ...result,
    change: { kind: 'changed', previousStatus: before.status, previousAnswer: before.answer },
    ...(before.note ? { note: before.note } : {}),
  };
}
