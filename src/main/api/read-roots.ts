/**
 * Which paths a host lets the app read. Browser mode (`genten serve --allow-root DIR`) takes
 * paths typed in a page, so it reads only inside the folders the person who started the server
 * allowed; relative paths are refused (relative to what? the server's working folder is not the
 * user's). Checked on real paths: a symlink cannot lead out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GentenError } from '../../shared/errors';
import { isInside } from '../core/files/inside';

/** The real path of `file`, or of its nearest existing parent joined with the rest (for paths not there yet). */
export function realPathOf(file: string): string {
  let existing = path.resolve(file);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(file);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

export class ReadRoots {
  /** Real paths of the allowed folders. */
  readonly roots: string[];

  constructor(roots: string[]) {
    for (const root of roots) {
      if (!path.isAbsolute(root)) throw new GentenError('BAD_REQUEST', `--allow-root needs an absolute folder, not "${root}".`);
    }
    this.roots = [...new Set(roots.map(realPathOf))];
  }

  /** Throws BAD_REQUEST unless `file` is absolute and (really) inside an allowed folder. */
  check(file: string): void {
    if (!path.isAbsolute(file)) throw new GentenError('BAD_REQUEST', `"${file}" is a relative path: give the full path of the file or folder.`, file);
    if (!this.allows(file)) {
      throw new GentenError(
        'BAD_REQUEST',
        `${file} is outside the folders this Genten may read (${this.roots.join(', ')}); whoever started genten serve can allow it with --allow-root.`,
        file,
      );
    }
  }

  allows(file: string): boolean {
    if (!path.isAbsolute(file)) return false;
    const real = realPathOf(file);
    return this.roots.some((root) => isInside(real, root));
  }
}
