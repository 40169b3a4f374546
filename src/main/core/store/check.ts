/**
 * `genten check [--repair]`: finds what an interrupted write can leave behind and repairs it.
 *
 * - orphan-chunks: chunks whose document is not listed (a kill after the chunks commit of a new
 *   document, before its row): searchable, yet no command could remove them. Repair: delete.
 * - missing-search-index: chunks with no full-text index on a leg (a kill before the first
 *   index build): search ranks nonsense. Repair: build it.
 * - document-without-chunks: a listed document whose passages are gone. Repair: mark it stale
 *   with no chunks, so the next `genten index` of its folder indexes it again.
 * - stale-lock: a lock file whose writer is gone. Repair: take it over and release it.
 *
 * The quick form (run whenever a library is opened) reads the document rows, counts and index
 * list only, and looks at every chunk's document id only when the counts disagree.
 */
import type { LibraryStore } from './library-store';
import { acquireWriteLock, inspectLock } from './lock';
import type { DocumentRow } from './types';

export type ProblemKind = 'orphan-chunks' | 'missing-search-index' | 'document-without-chunks' | 'stale-lock';

export interface CheckProblem {
  kind: ProblemKind;
  detail: string;
}

export interface CheckReport {
  ok: boolean;
  documents: number;
  chunks: number;
  problems: CheckProblem[];
}

export interface CheckOptions {
  /** Repair what is found (takes the write lock). Default false. */
  repair?: boolean;
  /** The cheap form: skip the per-chunk scan when the counts agree. Default false. */
  quick?: boolean;
  /**
   * The caller already holds the write lock (the indexer): repair without taking it, and do not
   * report the lock as a problem. Default false.
   */
  locked?: boolean;
}

/** Documents whose chunks are expected in the chunks table. */
const hasChunks = (doc: DocumentRow) => doc.status !== 'failed';

export async function checkLibrary(store: LibraryStore, options: CheckOptions = {}): Promise<CheckReport> {
  const report = await findProblems(store, options);
  if (!options.repair || report.ok) return report;
  const lock = options.locked ? undefined : acquireWriteLock(store.path); // takes a stale lock over
  try {
    // Look again under the lock: a writer may have finished in between.
    const current = await findProblems(store, { ...options, locked: true });
    await repair(store, current);
  } finally {
    lock?.release();
  }
  return findProblems(store, options);
}

async function findProblems(store: LibraryStore, options: CheckOptions): Promise<CheckReport & { orphans: string[]; emptied: DocumentRow[] }> {
  const problems: CheckProblem[] = [];
  const lock = options.locked ? { state: 'free' as const } : inspectLock(store.path);
  if (lock.state === 'stale') problems.push({ kind: 'stale-lock', detail: `The lock file is left from a writer that is gone: ${lock.reason}.` });
  const [docs, chunks] = await Promise.all([store.listDocuments(), store.countChunks()]);
  const listed = docs.filter(hasChunks);
  const expected = listed.reduce((sum, doc) => sum + doc.chunks, 0);
  let orphans: string[] = [];
  let emptied: DocumentRow[] = [];
  // A writer at work has chunks and rows out of step for a moment: that is not damage.
  const writing = lock.state === 'held';
  if (!writing && (!options.quick || expected !== chunks)) {
    const counts = await store.chunkCountsByDocument();
    const ids = new Set(docs.map((doc) => doc.id));
    orphans = [...counts.keys()].filter((id) => !ids.has(id)).sort();
    emptied = listed.filter((doc) => doc.chunks > 0 && !counts.has(doc.id));
    if (orphans.length > 0) {
      const count = orphans.reduce((sum, id) => sum + counts.get(id)!, 0);
      problems.push({
        kind: 'orphan-chunks',
        detail: `${count} passages belong to ${orphans.length} documents that are not in the library (an interrupted write).`,
      });
    }
    for (const doc of emptied)
      problems.push({ kind: 'document-without-chunks', detail: `${doc.path} is listed with ${doc.chunks} passages, but none are stored.` });
  }
  if (!writing) {
    for (const leg of await store.missingSearchIndexes())
      problems.push({ kind: 'missing-search-index', detail: `The full-text index on "${leg}" is missing: search cannot rank passages without it.` });
  }
  return { ok: problems.length === 0, documents: listed.length, chunks, problems, orphans, emptied };
}

async function repair(store: LibraryStore, found: Awaited<ReturnType<typeof findProblems>>): Promise<void> {
  // Unlisted documents: removing them deletes their chunks and vectors (there is no row to delete).
  if (found.orphans.length > 0) await store.removeDocuments(found.orphans);
  if (found.emptied.length > 0) {
    await store.upsertDocuments(
      found.emptied.map((doc) => ({
        ...doc,
        status: 'stale' as const,
        chunks: 0,
        analyzer: '',
        errorCode: 'READ_ERROR',
        errorMessage: `${doc.path} lost its passages in an interrupted write; index its folder again to restore them.`,
      })),
    );
  }
  if (found.problems.some((p) => p.kind === 'missing-search-index')) await store.ensureSearchIndexes();
}
