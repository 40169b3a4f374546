/**
 * Builds the command line and its worker threads into out/cli as plain JavaScript (esbuild, code
 * split so that a command loads only what it uses), so that `genten` starts without compiling
 * TypeScript. `npm ci` runs it (prepare); bin/genten.js runs it again when a source is newer than
 * the build, so a checkout never runs stale code. Dependencies stay in node_modules, except the
 * pure-JavaScript packages every search loads (BUNDLED).
 *
 * Plain .mjs, not TypeScript: it is what makes the TypeScript runnable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = path.join(ROOT, 'out', 'cli');
const STAMP = '.genten-build.json';
/** Entry points: the CLI, and each worker thread next to it (workerScript finds `<name>.js` beside its caller). */
const ENTRIES = {
  main: 'src/main/cli/main.ts',
  'parse-worker': 'src/main/core/indexer/parse-worker.ts',
  'analysis-worker': 'src/main/core/indexer/analysis-worker.ts',
  'ocr-worker': 'src/main/core/indexer/ocr-worker.ts',
};
/** What the build is made from: a change in any of these makes it stale. */
const SOURCES = ['src/main', 'src/shared', 'package.json'];

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

const sourcesMtime = () => Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));

/** Why out/cli needs building, or null when it is up to date. */
export function cliStaleReason() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(CLI_OUT, STAMP), 'utf8'));
  } catch {
    return 'not built yet';
  }
  return sourcesMtime() > stamp.sourcesMtime ? 'sources changed' : null;
}

/**
 * Bundled into out/cli: a one-shot `genten search` loaded ~380 files of them (apache-arrow 279, zod
 * 75, LanceDB's JavaScript), and resolving and compiling each cost more CPU than the search itself:
 * bundled, 0.50 → 0.28 s of CPU and 167 → 157 MB. LanceDB comes with them so that it and our code
 * share one apache-arrow. Its native part (@lancedb/lancedb-<platform>) and every other package stay
 * in node_modules.
 */
const BUNDLED = new Set(['apache-arrow', 'zod', '@lancedb/lancedb']);
function externalPackages() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})].filter((n) => !BUNDLED.has(n));
  return [...names, ...names.map((n) => `${n}/*`), '@lancedb/lancedb-*', 'node:*'];
}

/** Builds into a private folder, then swaps it in: parallel processes may build at the same time. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const mtime = sourcesMtime();
  const temp = `${CLI_OUT}.${process.pid}.${Date.now()}`;
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: temp,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: externalPackages(),
    // Bundled CommonJS (LanceDB) calls require(): a real one, for the packages left outside.
    banner: { js: "import { createRequire as __gentenCreateRequire } from 'node:module'; const require = __gentenCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(temp, STAMP), JSON.stringify({ sourcesMtime: mtime }));
  const old = `${CLI_OUT}.old.${process.pid}.${Date.now()}`;
  try {
    fs.renameSync(CLI_OUT, old);
  } catch {
    // Nothing built before.
  }
  try {
    fs.renameSync(temp, CLI_OUT);
  } catch {
    // Another process swapped its identical build in first.
    fs.rmSync(temp, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/** The built CLI's URL, building it first when it is missing or stale. */
export async function ensureCli() {
  if (cliStaleReason()) await buildCli();
  return pathToFileURL(path.join(CLI_OUT, 'main.js'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildCli();
  process.stdout.write(
    `genten: built the command line into ${path.relative(process.cwd(), CLI_OUT) || CLI_OUT} in ${Math.round(performance.now() - started)} ms\n`,
  );
}
