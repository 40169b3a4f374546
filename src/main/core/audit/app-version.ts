/**
 * The app's version from its package.json (found from this file up: source tree, out/main, out/cli or
 * app.asar) and, in a git checkout, the commit it runs from: a report made from a checkout names the code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let found: { version: string; root?: string } | undefined;

function packageRoot(): { version: string; root?: string } {
  if (found) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'genten' && pkg.version) return (found = { version: pkg.version, root: dir });
    } catch {
      // not here: look one folder up
    }
    dir = path.dirname(dir);
  }
  return (found = { version: 'unknown' });
}

export function appVersion(): string {
  return packageRoot().version;
}

/** The short commit of a git checkout at `root` (HEAD, a branch ref or a packed ref), read without running git. */
export function checkoutCommit(root: string): string | undefined {
  try {
    let gitDir = path.join(root, '.git');
    if (fs.statSync(gitDir).isFile())
      gitDir = path.resolve(
        root,
        fs
          .readFileSync(gitDir, 'utf8')
          .replace(/^gitdir:\s*/, '')
          .trim(),
      );
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    if (!ref) return /^[0-9a-f]{40}$/.test(head) ? head.slice(0, 7) : undefined;
    // A worktree keeps HEAD in its own folder, its refs in the common one.
    const common = fs.existsSync(path.join(gitDir, 'commondir'))
      ? path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    const loose = path.join(common, ref);
    if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim().slice(0, 7);
    const packed = fs.readFileSync(path.join(common, 'packed-refs'), 'utf8');
    return new RegExp(`^([0-9a-f]{40}) ${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm').exec(packed)?.[1]?.slice(0, 7);
  } catch {
    return undefined;
  }
}

/** The version a report names: `0.1.0`, or `0.1.0 (e2e5333)` when running from a git checkout. */
export function appVersionWithCommit(): string {
  const { version, root } = packageRoot();
  const commit = root ? checkoutCommit(root) : undefined;
  return commit ? `${version} (${commit})` : version;
}
