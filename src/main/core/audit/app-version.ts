/** The app's version from its package.json (found from this file up: source tree, out/main, or app.asar). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function appVersion(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'genten' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here: look one folder up
    }
    dir = path.dirname(dir);
  }
  return (cached = 'unknown');
}
