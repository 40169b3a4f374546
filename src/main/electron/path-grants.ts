/**
 * Paths the renderer may ask the main process to read: only those the user picked in a native
 * dialog or dropped on the window (and, for re-scans, documents already in the library).
 * The renderer never names an arbitrary path to read.
 */
import path from 'node:path';

export class PathGrants {
  private readonly roots = new Set<string>();

  grant(paths: string[]): void {
    for (const p of paths) if (path.isAbsolute(p)) this.roots.add(path.resolve(p));
  }

  /** True when `p` is a granted path or inside a granted folder. */
  allows(p: string): boolean {
    if (!path.isAbsolute(p)) return false;
    const target = path.resolve(p);
    for (const root of this.roots) {
      if (target === root) return true;
      const relative = path.relative(root, target);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return true;
    }
    return false;
  }
}
