/**
 * Worker threads run plain JavaScript. From a packaged app the worker is already built next to
 * its caller; from source (CLI, tests) it is bundled here with esbuild on first use and again
 * when a source file changes. Running workers through tsx instead cost seconds per start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../settings/paths';

interface BundleStamp {
  inputs: Record<string, number>;
}

function isFresh(outfile: string, stampFile: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as BundleStamp;
    if (!fs.existsSync(outfile)) return false;
    return Object.entries(stamp.inputs).every(([file, mtime]) => fs.statSync(file).mtimeMs === mtime);
  } catch {
    return false;
  }
}

/** The worker's JavaScript: built next to `dirUrl`, or bundled from `<name>.ts` into a cache. */
export async function workerScript(dirUrl: string, name: string): Promise<URL> {
  const built = new URL(`./${name}.js`, dirUrl);
  if (fs.existsSync(fileURLToPath(built))) return built;

  const source = fileURLToPath(new URL(`./${name}.ts`, dirUrl));
  const root = packageRoot(path.dirname(source));
  const cacheDir = path.join(root, 'node_modules', '.cache', 'genten-workers');
  const outfile = path.join(cacheDir, `${name}.mjs`);
  const stampFile = `${outfile}.json`;
  if (isFresh(outfile, stampFile)) return pathToFileURL(outfile);

  const { build } = await import('esbuild');
  fs.mkdirSync(cacheDir, { recursive: true });
  // Build to a private name, then rename: parallel test processes may build at the same time.
  const tmp = `${outfile}.${process.pid}.${Date.now()}.mjs`;
  const result = await build({
    entryPoints: [source],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs: Record<string, number> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(process.cwd(), input);
    inputs[file] = fs.statSync(file).mtimeMs;
  }
  fs.renameSync(tmp, outfile);
  fs.writeFileSync(stampFile, JSON.stringify({ inputs } satisfies BundleStamp));
  return pathToFileURL(outfile);
}
