/**
 * Finds the files to index under the paths a user chose: folders are walked recursively
 * (following symlinks, but never into a folder twice), hidden and temporary files are skipped,
 * unsupported types are counted so the user can be told how many were left out.
 *
 * What cannot be read is never mistaken for what is gone: a folder that cannot be listed, a file
 * whose stat fails, a dangling symlink (its target may be on an unplugged drive) and a chosen
 * folder that is empty (an unmounted share's mount point) are reported as `unavailable`, so that
 * the indexer keeps their documents.
 */
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isInside } from '../files/inside';
import { readFailure, throwIfAborted } from './errors';
import { isSupportedPath } from './file-types';

export interface ScannedFile {
  /** Absolute path as reached from the chosen path (symlinks are not resolved). */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanResult {
  /** Supported files, sorted by path, each once (also when reached through two symlinks). */
  files: ScannedFile[];
  skipped: { hidden: number; temporary: number; unsupported: number };
  /** Absolute paths that do not exist or could not be opened (a given path, or a folder inside one). */
  missing: string[];
  /**
   * Everything that could not be read, with why: the `missing` paths, files whose stat failed,
   * dangling symlinks, and chosen folders that are empty. Documents under these are kept.
   */
  unavailable: UnavailablePath[];
  /** Symlinks not followed because they lead outside `confineTo`. */
  outside: number;
}

export interface UnavailablePath {
  path: string;
  /** In words, e.g. "was not found (it may have been moved or deleted)". */
  reason: string;
}

export interface ScanOptions {
  /** Checked before each folder is read; fires an error named AbortError. Default: none. */
  signal?: AbortSignal;
  /**
   * Real (symlink-resolved) folders a symlink may lead into. A link inside a chosen folder that
   * resolves outside all of them is not followed (the app reads only what it was granted).
   * Default: none (links are followed anywhere, as a user's own shell would).
   */
  confineTo?: string[];
}

/** Office lock files (~$x.docx), LibreOffice locks (.~lock.x#), editor backups (x~), partial downloads. */
const TEMPORARY = /^(?:~\$|\.~lock\.)|~$|\.(?:tmp|temp|part|crdownload|partial)$/i;

// The indexer and the engine import the one inside-a-folder test by this name.
export { isInside as isUnder } from '../files/inside';

export function isTemporaryName(name: string): boolean {
  return TEMPORARY.test(name);
}

export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** Code-point order: the same on every machine and locale. */
const byPath = (a: ScannedFile, b: ScannedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export async function scanPaths(paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const { signal } = options;
  const files = new Map<string, ScannedFile>();
  const skipped = { hidden: 0, temporary: 0, unsupported: 0 };
  const missing: string[] = [];
  const unavailable: UnavailablePath[] = [];
  let outside = 0;
  const confine = options.confineTo?.map((dir) => resolve(dir));
  const unreadable = (path: string, error: unknown) => unavailable.push({ path, reason: readFailure(error) });
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();

  /** Counts a name that is not indexed, returning true when it is skipped. */
  const skip = (name: string, isDir: boolean): boolean => {
    // Temporary first: LibreOffice's ".~lock" files are hidden too, but they are temporary files.
    if (isTemporaryName(name) && !isDir) skipped.temporary++;
    else if (isHiddenName(name)) skipped.hidden++;
    else return false;
    return true;
  };

  const addFile = async (path: string, size: number, mtimeMs: number) => {
    if (!isSupportedPath(path)) {
      skipped.unsupported++;
      return;
    }
    // The same file reached twice (a symlink next to its target) is indexed once.
    const real = await realpath(path).catch(() => path);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.set(path, { path, size, mtimeMs });
  };

  const walk = async (dir: string, isRoot = false): Promise<void> => {
    throwIfAborted(signal);
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      missing.push(dir);
      unreadable(dir, error);
      return;
    }
    if (visitedDirs.has(real)) return; // a symlink loop, or a folder chosen twice
    visitedDirs.add(real);
    if (isRoot && entries.length === 0) {
      unavailable.push({ path: dir, reason: 'is empty (an unplugged drive or an unmounted share?)' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let info: Stats | undefined;
      if (entry.isSymbolicLink() || (!isDir && !entry.isFile())) {
        // Follow the link to see what it points at. A dangling link may point at an unplugged
        // drive: what was indexed through it is kept.
        try {
          info = await stat(path);
        } catch (error) {
          unreadable(path, error);
          continue;
        }
        if (confine && entry.isSymbolicLink()) {
          const target = await realpath(path).catch(() => path);
          if (!confine.some((folder) => isInside(target, folder))) {
            outside++;
            continue;
          }
        }
        isDir = info.isDirectory();
        if (!isDir && !info.isFile()) continue;
      }
      if (skip(entry.name, isDir)) continue;
      if (isDir) {
        await walk(path);
        continue;
      }
      if (!info) {
        try {
          info = await stat(path);
        } catch (error) {
          unreadable(path, error); // a file that fails to stat for a moment is not a deleted file
          continue;
        }
      }
      await addFile(path, info.size, info.mtimeMs);
    }
  };

  for (const given of paths) {
    throwIfAborted(signal);
    const path = resolve(given);
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      missing.push(path);
      unreadable(path, error);
      continue;
    }
    // A file the user picked is indexed even if hidden or temporary: they asked for it by name.
    if (info.isDirectory()) await walk(path, true);
    else if (info.isFile()) await addFile(path, info.size, info.mtimeMs);
    else {
      missing.push(path);
      unavailable.push({ path, reason: 'is not a file or folder' });
    }
  }

  const unique = [...new Map(unavailable.map((u) => [u.path, u])).values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: [...files.values()].sort(byPath), skipped, missing: [...new Set(missing)].sort(), unavailable: unique, outside };
}
