/**
 * The engine's composition root: one library (LanceDB folder), the analyser, and the operations
 * every host calls (CLI, HTTP server, Electron IPC). Holds native resources: call dispose().
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../shared/errors';
import type { Hit, IngestSummary, LibraryStatus, SearchOptions } from '../../shared/types';
import { ANALYZER_VERSION, loadAnalyzer, type Analyzer } from './analysis/analyzer';
import { indexPaths, type IndexOptions } from './indexer/indexer';
import { searchLibrary } from './search/search';
import { LanceStore } from './store/lancedb';
import { acquireWriteLock } from './store/lock';
import type { DocumentRow } from './store/types';
import type { DocumentInfo } from '../../shared/types';

export interface EngineOptions {
  /** The library folder (LanceDB). */
  libraryDir: string;
}

export class Engine {
  private analyzer?: Promise<Analyzer>;

  private constructor(readonly store: LanceStore) {}

  static async open(options: EngineOptions): Promise<Engine> {
    const dir = path.resolve(options.libraryDir);
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (error) {
      throw new GentenError('LIBRARY_UNUSABLE', `Cannot create the library folder ${dir}: ${(error as Error).message}`, dir);
    }
    return new Engine(await LanceStore.open(dir));
  }

  get libraryDir(): string {
    return this.store.path;
  }

  /** The query analyser, loaded on first use (the kuromoji dictionary takes a moment). */
  getAnalyzer(): Promise<Analyzer> {
    this.analyzer ??= loadAnalyzer();
    return this.analyzer;
  }

  index(options: IndexOptions): Promise<IngestSummary> {
    return indexPaths(this.store, options);
  }

  async search(query: string, options: SearchOptions = {}): Promise<Hit[]> {
    return searchLibrary(this.store, await this.getAnalyzer(), query, options);
  }

  async documents(): Promise<DocumentInfo[]> {
    return (await this.store.listDocuments()).map(toDocumentInfo).sort((a, b) => a.path.localeCompare(b.path));
  }

  async status(): Promise<LibraryStatus> {
    const docs = await this.store.listDocuments();
    const live = docs.filter((d) => d.status !== 'failed');
    const failure = (d: DocumentRow) => ({ path: d.path, code: d.errorCode as never, message: d.errorMessage });
    return {
      path: this.libraryDir,
      sizeBytes: await folderSize(this.libraryDir),
      documents: live.length,
      pages: live.reduce((sum, d) => sum + d.pages, 0),
      chunks: await this.store.countChunks(),
      collections: [...new Set(live.map((d) => d.collection))].sort(),
      failed: docs.filter((d) => d.status === 'failed').map(failure),
      stale: docs.filter((d) => d.status === 'stale').map(failure),
      analyzerVersion: (await this.store.getMeta('analyzer')) ?? ANALYZER_VERSION,
    };
  }

  /** Removes documents at these paths (a folder removes everything under it). Returns what was removed. */
  async remove(paths: string[]): Promise<string[]> {
    const roots = paths.map((p) => path.resolve(p));
    const lock = acquireWriteLock(this.libraryDir);
    try {
      const docs = await this.store.listDocuments();
      const doomed = docs.filter((d) => roots.some((root) => d.path === root || d.path.startsWith(root + path.sep)));
      await this.store.removeDocuments(doomed.map((d) => d.id));
      return doomed.map((d) => d.path);
    } finally {
      lock.release();
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}

export function toDocumentInfo(row: DocumentRow): DocumentInfo {
  return {
    id: row.id,
    path: row.path,
    title: row.title,
    type: row.type,
    collection: row.collection,
    pages: row.pages,
    chunks: row.chunks,
    status: row.status,
    ...(row.errorCode ? { error: { code: row.errorCode as never, message: row.errorMessage } } : {}),
    size: row.size,
    hash: row.hash,
    indexedAt: row.indexedAt,
  };
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
