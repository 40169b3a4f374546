/** "Is this path inside that folder": the one test for read roots, grants, uploads, static files and policy folders. */
import path from 'node:path';

export interface InsideOptions {
  /** Whether the folder itself counts as inside (a file given directly is its own root). Default true. */
  orSame?: boolean;
}

/**
 * True when `file` is inside `folder` (by name: resolve links first where that matters). A child
 * called "..x" is inside; "../x" and another drive are not.
 */
export function isInside(file: string, folder: string, options: InsideOptions = {}): boolean {
  const relative = path.relative(folder, file);
  if (relative === '') return options.orSame ?? true;
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
