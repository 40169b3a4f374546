/**
 * The built renderer (out/renderer) that `genten serve` and `npm start` need. Built with Vite on
 * demand when it is missing or older than its sources, so that a fresh checkout after `npm ci`
 * runs without a separate build step. The build goes to a temporary folder and is swapped in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../core/settings/paths';

export const PROJECT_ROOT = packageRoot();
export const RENDERER_OUT = path.join(PROJECT_ROOT, 'out', 'renderer');
export const RENDERER_CONFIG = path.join(PROJECT_ROOT, 'src', 'renderer', 'vite.config.ts');
const STAMP = '.genten-build.json';

/** Sources whose change makes the built renderer stale. */
const SOURCES = ['src/renderer', 'src/shared', 'package.json'];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === 'node_modules' || child.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Why the renderer needs building, or null when out/renderer is up to date. */
export function rendererStaleReason(root = PROJECT_ROOT, outDir = path.join(root, 'out', 'renderer')): string | null {
  const stampFile = path.join(outDir, STAMP);
  if (!fs.existsSync(path.join(outDir, 'index.html'))) return 'not built yet';
  let builtAt: number;
  try {
    builtAt = (JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { sourcesMtime: number }).sourcesMtime;
  } catch {
    builtAt = fs.statSync(path.join(outDir, 'index.html')).mtimeMs;
  }
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return newest > builtAt ? 'its sources changed' : null;
}

export interface EnsureRendererOptions {
  /** Called once with a line to show before a build starts. */
  onBuild?: (reason: string) => void;
  root?: string;
}

let building: Promise<string> | undefined;

/** Returns the folder of an up-to-date built renderer, building it first if needed. */
export function ensureRendererBuilt(options: EnsureRendererOptions = {}): Promise<string> {
  const root = options.root ?? PROJECT_ROOT;
  const outDir = path.join(root, 'out', 'renderer');
  const reason = rendererStaleReason(root, outDir);
  if (!reason) return Promise.resolve(outDir);
  building ??= (async () => {
    options.onBuild?.(reason);
    const sourcesMtime = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
    const temp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(temp, { recursive: true, force: true });
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'src', 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir: temp, emptyOutDir: true } });
    fs.writeFileSync(path.join(temp, STAMP), JSON.stringify({ sourcesMtime, builtAt: new Date().toISOString() }));
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    const old = `${outDir}.old-${process.pid}`;
    try {
      if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
      fs.renameSync(temp, outDir);
    } catch (error) {
      // Another process swapped in its own build at the same moment: use that one.
      if (!fs.existsSync(path.join(outDir, 'index.html'))) throw error;
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
      fs.rmSync(temp, { recursive: true, force: true });
    }
    return outDir;
  })().finally(() => {
    building = undefined;
  });
  return building;
}
