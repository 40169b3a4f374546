/**
 * Finds the files to index under the paths a user chose: folders are walked recursively
 * (following symlinks, but never into a folder twice), hidden and temporary files are skipped,
 * unsupported types are counted so the user can be told how many were left out.
 */
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { throwIfAborted } from './errors';
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
}

export interface ScanOptions {
  /** Checked before each folder is read; fires an error named AbortError. Default: none. */
  signal?: AbortSignal;
}

/** Office lock files (~$x.docx), LibreOffice locks (.~lock.x#), editor backups (x~), partial downloads. */
const TEMPORARY = /^(?:~\$|\.~lock\.)|~$|\.(?:tmp|temp|part|crdownload|partial)$/i;

/** True for `folder` itself and anything inside it (a file given directly counts as its own folder). */
export function isUnder(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

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

  const walk = async (dir: string): Promise<void> => {
    throwIfAborted(signal);
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      missing.push(dir);
      return;
    }
    if (visitedDirs.has(real)) return; // a symlink loop, or a folder chosen twice
    visitedDirs.add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let info: Stats | undefined;
      if (entry.isSymbolicLink() || (!isDir && !entry.isFile())) {
        // Follow the link to see what it points at; a dangling link is nothing to index.
        info = await stat(path).catch(() => undefined);
        if (!info) continue;
        isDir = info.isDirectory();
        if (!isDir && !info.isFile()) continue;
      }
      if (skip(entry.name, isDir)) continue;
      if (isDir) {
        await walk(path);
        continue;
      }
      info ??= await stat(path).catch(() => undefined);
      if (info) await addFile(path, info.size, info.mtimeMs);
    }
  };

  for (const given of paths) {
    throwIfAborted(signal);
    const path = resolve(given);
    const info = await stat(path).catch(() => undefined);
    if (!info) missing.push(path);
    // A file the user picked is indexed even if hidden or temporary: they asked for it by name.
    else if (info.isDirectory()) await walk(path);
    else if (info.isFile()) await addFile(path, info.size, info.mtimeMs);
    else missing.push(path);
  }

  return { files: [...files.values()].sort(byPath), skipped, missing: [...new Set(missing)].sort() };
}
