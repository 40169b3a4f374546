/**
 * Paths the renderer may ask the main process to read: only those the user picked in a native
 * dialog or dropped on the window (and, for re-scans, documents already in the library).
 * The renderer never names an arbitrary path to read.
 */
import path from 'node:path';
import { isInside } from '../core/files/inside';

export class PathGrants {
  private readonly roots = new Set<string>();

  grant(paths: string[]): void {
    for (const p of paths) if (path.isAbsolute(p)) this.roots.add(path.resolve(p));
  }

  /** True when `p` is a granted path or inside a granted folder. */
  allows(p: string): boolean {
    if (!path.isAbsolute(p)) return false;
    const target = path.resolve(p);
    for (const root of this.roots) if (isInside(target, root)) return true;
    return false;
  }
}
