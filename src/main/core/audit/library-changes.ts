/**
 * Audit events for what an index or remove run changed in the library: the documents before and
 * after, compared by path and content hash (sha256 of the file), with their pages.
 */
import type { DocumentInfo, IngestSummary } from '../../../shared/types';
import type { AuditEvent } from './audit-log';

export function libraryChangeEvents(before: DocumentInfo[], after: DocumentInfo[]): AuditEvent[] {
  const old = new Map(before.map((d) => [d.path, d]));
  const now = new Map(after.map((d) => [d.path, d]));
  const events: AuditEvent[] = [];
  const doc = (d: DocumentInfo) => ({
    path: d.path,
    sha256: d.hash,
    pages: d.pages,
    collection: d.collection,
    status: d.status,
    ...(d.error ? { error: d.error.code } : {}),
  });
  for (const d of after) {
    const was = old.get(d.path);
    if (!was) events.push({ type: 'document.added', ...doc(d) });
    else if (was.hash !== d.hash || was.status !== d.status) events.push({ type: 'document.changed', ...doc(d), previousSha256: was.hash });
  }
  for (const d of before) if (!now.has(d.path)) events.push({ type: 'document.removed', path: d.path, sha256: d.hash, pages: d.pages });
  return events;
}

/** The summary of an index run, for its closing record. */
export function indexSummaryEvent(paths: string[], summary: IngestSummary): AuditEvent {
  const { indexed, unchanged, removed, skipped, cancelled, documents, pages } = summary;
  return {
    type: 'index.done',
    paths,
    indexed,
    unchanged,
    removed,
    skipped,
    cancelled,
    documents,
    pages,
    failed: summary.failed.map((f) => ({ path: f.path, code: f.code })),
  };
}
