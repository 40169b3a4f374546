/**
 * Review runs saved in the library, one JSON file each in `reviews/`, rewritten atomically after
 * every answered item: closing the app or a crash loses no finished item. A run found "running"
 * that no process is running was interrupted, and can be resumed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { KeyedQueues } from '../../../shared/serial-queue';
import { summarizeRun, type ReviewRun, type ReviewSummary } from '../../../shared/review';
import { writeFileAtomic } from '../files/atomic-write';
import { defaultDataDir } from '../settings/paths';
import { libraryFilesDir } from '../store/location';

/** The folder inside the library that holds review runs. */
export const REVIEWS_FOLDER = 'reviews';

const RUN_ID = /^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$/;

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export class ReviewStore {
  /** Runs this process is answering right now (others found "running" were interrupted). */
  private readonly live = new Set<string>();
  /** Saves and updates of one run happen in call order (each serialises the run when its turn comes). */
  private readonly saving = new KeyedQueues();

  constructor(readonly dir: string) {}

  /** The review runs of a library: in its folder, or for a shared (s3://) library, in the data folder (libraryFilesDir). */
  static forLibrary(libraryDir: string, dataDir = defaultDataDir()): ReviewStore {
    return new ReviewStore(path.join(libraryFilesDir(libraryDir, dataDir), REVIEWS_FOLDER));
  }

  fileOf(id: string): string {
    if (!RUN_ID.test(id)) throw new GentenError('BAD_REQUEST', `"${id}" is not a review id.`);
    return path.join(this.dir, `${id}.json`);
  }

  save(run: ReviewRun): Promise<void> {
    const file = this.fileOf(run.id);
    return this.saving.run(file, () => writeFileAtomic(file, JSON.stringify(run)));
  }

  /**
   * Loads a saved run, changes it and saves it in one turn of its queue. Two changes at once (a
   * note saved as the reviewer marks the next item) each load the other's result: loaded and saved
   * apart, the second save wrote back the run as it was before the first.
   */
  update<T>(id: string, change: (run: ReviewRun) => T): Promise<T> {
    const file = this.fileOf(id);
    return this.saving.run(file, async () => {
      const run = await this.load(id);
      const result = change(run);
      await writeFileAtomic(file, JSON.stringify(run));
      return result;
    });
  }

  markLive(id: string, live: boolean): void {
    if (live) this.live.add(id);
    else this.live.delete(id);
  }

  isLive(id: string): boolean {
    return this.live.has(id);
  }

  async load(id: string): Promise<ReviewRun> {
    const file = this.fileOf(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      throw new GentenError('NOT_FOUND', `There is no review ${id} in this library.`, file);
    }
    let run: ReviewRun;
    try {
      run = JSON.parse(text) as ReviewRun;
    } catch {
      throw new GentenError('INVALID_FILE', `The saved review ${path.basename(file)} is damaged (not JSON).`, file);
    }
    if (run.state === 'running' && !this.live.has(run.id)) run.state = 'interrupted';
    return run;
  }

  /** Every saved run, newest first; a damaged file is skipped, not fatal. */
  async list(): Promise<ReviewSummary[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const summaries: ReviewSummary[] = [];
    for (const name of names) {
      const id = name.replace(/\.json$/, '');
      if (!name.endsWith('.json') || !RUN_ID.test(id)) continue;
      try {
        summaries.push(summarizeRun(await this.load(id)));
      } catch {
        // A damaged run file: listing the others matters more.
      }
    }
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async remove(id: string): Promise<void> {
    if (this.live.has(id)) throw new GentenError('BAD_REQUEST', `Review ${id} is running: stop it first.`);
    await fs.rm(this.fileOf(id), { force: true });
  }
}
