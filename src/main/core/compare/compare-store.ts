/**
 * Comparisons saved with the reviewer's marks, one JSON file per standard and draft pair in the
 * library's `reviews/comparisons/`, rewritten atomically after every mark (as review runs are): a
 * reload, a restart or a crash loses no mark. The file keeps the comparison the marks were made on
 * and the content hash of both documents, so that an export reports what the reviewer saw.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CompareMarkEntry, ComparisonSummary, SavedComparison } from '../../../shared/compare';
import { GentenError } from '../../../shared/errors';
import { KeyedQueues } from '../../../shared/serial-queue';
import { writeFileAtomic } from '../files/atomic-write';

/** The folder, inside the reviews folder, that holds saved comparisons. */
export const COMPARISONS_FOLDER = 'comparisons';

/** What is saved: the comparison, the marks, and which versions of the two documents it was made on. */
export interface StoredComparison extends SavedComparison {
  version: 1;
  /** SHA-256 of each document's content when compared ('' when the library had none). */
  standardHash: string;
  draftHash: string;
}

export class CompareStore {
  /** Changes to one pair happen in call order: each reads the file as the one before left it. */
  private readonly queues = new KeyedQueues();

  constructor(readonly dir: string) {}

  fileOf(standardId: string, draftId: string): string {
    // Ids are the library's; hashed so that no id can name a path, and the pair's order counts.
    const key = createHash('sha256').update(`${standardId}\n${draftId}`).digest('hex').slice(0, 32);
    return path.join(this.dir, `${key}.json`);
  }

  async load(standardId: string, draftId: string): Promise<StoredComparison | null> {
    return readStored(this.fileOf(standardId, draftId));
  }

  /** Runs `change` on the saved comparison (null when there is none) and saves what it returns, one change at a time per pair. */
  update(
    standardId: string,
    draftId: string,
    change: (saved: StoredComparison | null) => StoredComparison | Promise<StoredComparison>,
  ): Promise<StoredComparison> {
    const file = this.fileOf(standardId, draftId);
    return this.queues.run(file, async () => {
      const next = await change(await readStored(file));
      await writeFileAtomic(file, JSON.stringify(next));
      return next;
    });
  }

  /** Every saved comparison, the most recently compared first; a damaged file is skipped. */
  async list(): Promise<ComparisonSummary[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: ComparisonSummary[] = [];
    for (const name of names.filter((n) => /^[0-9a-f]{32}\.json$/.test(n))) {
      const saved = await readStored(path.join(this.dir, name)).catch(() => null);
      if (!saved) continue;
      const ids = new Set(saved.result.items.map((i) => i.id));
      out.push({
        standardId: saved.standardId,
        draftId: saved.draftId,
        standard: saved.result.standard,
        draft: saved.result.draft,
        comparedAt: saved.comparedAt,
        summary: saved.result.summary,
        marked: Object.keys(saved.marks).filter((id) => ids.has(id)).length,
      });
    }
    return out.sort((a, b) => b.comparedAt.localeCompare(a.comparedAt));
  }
}

async function readStored(file: string): Promise<StoredComparison | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const saved = JSON.parse(text) as StoredComparison;
    if (saved.version !== 1 || !Array.isArray(saved.result?.items)) throw new Error('not a saved comparison');
    return saved;
  } catch {
    throw new GentenError(
      'INVALID_FILE',
      `The saved comparison ${path.basename(file)} is damaged; compare the two documents again (the marks in it cannot be read).`,
      file,
    );
  }
}

/** A mark or note set (mark null clears the mark; an empty note clears the note); null when nothing is left. */
export function nextMark(
  current: CompareMarkEntry | undefined,
  change: { mark?: CompareMarkEntry['mark'] | null; note?: string },
  about: Pick<CompareMarkEntry, 'kind' | 'where' | 'reason'>,
  now = new Date(),
): CompareMarkEntry | null {
  const mark = change.mark === undefined ? current?.mark : (change.mark ?? undefined);
  const note = change.note === undefined ? current?.note : change.note.trim() ? change.note : undefined;
  if (!mark && !note) return null;
  return { ...about, ...(mark ? { mark } : {}), ...(note ? { note } : {}), at: now.toISOString() };
}
