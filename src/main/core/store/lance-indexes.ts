/**
 * The chunks table's full-text (BM25) indexes, one per search leg: built when missing, brought up to date after an
 * index run, and rebuilt whole when updating them would leave too many partitions. Beside them, a scalar index on
 * `id`, so that reading a search's best rows by id does not scan the id column.
 */
import * as lancedb from '@lancedb/lancedb';
import type { MetaAccess } from './lance-schema';
import type { SearchLeg } from './types';

const SEARCH_LEGS: SearchLeg[] = ['terms', 'grams'];
/** At most this many fragments (write batches) in the chunks table, a refresh that rebuilds its indexes does not compact it first. */
const FEW_FRAGMENTS = 8;

/** Meta key: index updates (partitions added) since the full-text indexes were last built whole. */
const INDEX_DELTAS_KEY = 'fts.deltas';
/** Index updates after which the full-text indexes are rebuilt whole (see plan). */
const MAX_INDEX_DELTAS = 8;

const FTS_OPTIONS = {
  // Terms come pre-analysed (kuromoji, NFKC, lower case): split on spaces only, change nothing.
  baseTokenizer: 'whitespace' as const,
  lowercase: false,
  stem: false,
  removeStopWords: false,
  asciiFolding: false,
  withPosition: false,
  maxTokenLength: 64,
};

export interface IndexPlan {
  rebuild: SearchLeg[];
  /** What the delta count becomes if this refresh only updates (0: nothing to add). */
  updates: number;
}

export class FullTextIndexes {
  constructor(
    private readonly chunks: lancedb.Table,
    private readonly meta: MetaAccess,
    /**
     * Object storage: one index build at a time. Two commits racing for a version are safe only
     * where the server refuses a second conditional put; one that ignores it (s3rver, older MinIO
     * and Ceph) keeps the second manifest, so the first index is lost or the build fails
     * ("Index with UUID … not found after commit": CI, and 11 of 12 tries on s3rver).
     */
    private readonly oneBuildAtATime: boolean,
  ) {}

  /**
   * Builds the full-text indexes that do not exist yet. LanceDB's search of a table with no
   * full-text index at all ranks nonsense (seen with 0.31 on a library whose first run was
   * killed), while rows added after an index exists are searched fine.
   */
  async ensure(): Promise<void> {
    const indices = await this.chunks.listIndices();
    const has = (column: string) => indices.some((index) => index.columns.includes(column));
    const missing = SEARCH_LEGS.filter((leg) => !has(leg));
    if ((missing.length === 0 && has('id')) || (await this.chunks.countRows()) === 0) return;
    const build = (leg: SearchLeg) => this.chunks.createIndex(leg, { config: lancedb.Index.fts(FTS_OPTIONS) });
    // On a local disk both legs at once: measured 30 % faster than one after the other, and both commit.
    if (this.oneBuildAtATime) for (const leg of missing) await build(leg);
    else await Promise.all(missing.map(build));
    // Search reads its best k rows with `id IN (…)`: without this index that scans the whole id
    // column (9.8 MB a query through S3 at 100,000 pages); optimize() keeps it up to date. A small
    // build, after the legs: one more commit racing theirs buys nothing.
    if (!has('id')) await this.chunks.createIndex('id', { config: lancedb.Index.btree() });
  }

  /**
   * After an index run: brings the full-text indexes up to date with all rows, and compacts small
   * commits. `others`, the library's small tables, compact while the chunks table does its heavier work.
   */
  async refresh(others: lancedb.Table[]): Promise<void> {
    const cleanup = { cleanupOlderThan: new Date(Date.now() - 60_000) };
    const small = Promise.all(others.map((table) => table.optimize(cleanup)));
    small.catch(() => undefined); // awaited below: a failure first in the chunks table must not leave it unhandled
    const plan = await this.plan();
    if (plan.rebuild.length > 0 && (await this.chunks.stats()).fragmentStats.numFragments <= FEW_FRAGMENTS) {
      // A first run of a few batches: compacting would rewrite a handful of small files (reads gain
      // nothing) and bring the indexes up to date just before they are replaced: ~0.25 s of a 5 s
      // run of 411 pages. The indexes are rebuilt on the files as they are; the next refresh compacts.
      await this.rebuild(plan, { withId: true });
    } else {
      // Compact first (this also brings existing indexes up to date), then build what is missing on
      // the compacted files rather than building it and remapping it at once.
      await this.chunks.optimize(cleanup);
      await this.rebuild(plan);
    }
    await small;
    // After the meta table's compaction, not beside it.
    await this.record(plan);
  }

  /** The full-text legs that have no index (none are needed while the table is empty). */
  async missing(): Promise<SearchLeg[]> {
    if ((await this.chunks.countRows()) === 0) return [];
    const indices = await this.chunks.listIndices();
    return SEARCH_LEGS.filter((leg) => !indices.some((index) => index.columns.includes(leg)));
  }

  /**
   * The full-text indexes to rebuild whole rather than bring up to date. Bringing one up to date
   * adds the new rows as a new partition, and a query reads each of its tokens from every
   * partition: one more request per token on object storage (measured through s3rver: a library's
   * first run, a small index from its first batch plus the rest, made twice the posting reads).
   * So an index is rebuilt when the rows it lacks are as many as those it has (a first run, or a
   * run that doubled the library), or after MAX_INDEX_DELTAS updates; otherwise updated.
   */
  private async plan(): Promise<IndexPlan> {
    const updates = Number((await this.meta.getMeta(INDEX_DELTAS_KEY)) ?? 0) + 1;
    const rebuild: SearchLeg[] = [];
    let stale = false;
    for (const index of await this.chunks.listIndices()) {
      const leg = SEARCH_LEGS.find((l) => index.columns.includes(l));
      const stats = leg ? await this.chunks.indexStats(index.name) : undefined;
      if (!leg || !stats || stats.numUnindexedRows === 0) continue;
      stale = true;
      if (stats.numUnindexedRows >= stats.numIndexedRows || updates >= MAX_INDEX_DELTAS) rebuild.push(leg);
    }
    return { rebuild, updates: stale ? updates : 0 };
  }

  /**
   * Rebuilds the planned indexes whole, one after the other (a whole rebuild holds the index of every row in memory
   * while it builds; two at once would double that at the largest libraries), then builds any missing one.
   * `withId`: the id index too (a table not compacted first, whose compaction would have updated it).
   */
  private async rebuild(plan: IndexPlan, options: { withId?: boolean } = {}): Promise<void> {
    for (const leg of plan.rebuild) await this.chunks.createIndex(leg, { config: lancedb.Index.fts(FTS_OPTIONS), replace: true });
    if (options.withId) await this.chunks.createIndex('id', { config: lancedb.Index.btree(), replace: true });
    await this.ensure();
  }

  /** Records what the refresh did, for the next plan. */
  private async record(plan: IndexPlan): Promise<void> {
    if (plan.rebuild.length > 0) await this.meta.setMeta(INDEX_DELTAS_KEY, '0');
    else if (plan.updates > 0) await this.meta.setMeta(INDEX_DELTAS_KEY, String(plan.updates));
  }
}
