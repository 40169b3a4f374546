/**
 * `electron-vite build` succeeds and produces what the app runs: an ESM main with the ingest
 * worker beside it, a one-file CommonJS preload that needs nothing but electron (sandbox), and the
 * renderer. Built into a temporary folder, never into the out/ the app runs from.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('electron-vite build', () => {
  const temp = makeTempDir('genten-build-');
  afterAll(() => temp.cleanup());

  it('builds main, preload and renderer', () => {
    const cli = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const run = spawnSync(process.execPath, [cli, 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, GENTEN_OUT_DIR: temp.dir, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr + run.stdout).toBe(0);

    const main = fs.readFileSync(path.join(temp.dir, 'main', 'index.js'), 'utf8');
    expect(main).toMatch(/from "electron"/);
    // The main process and its chunks sit in out/main, beside the workers they start (workerScript looks next to its module).
    const mainFiles = fs.readdirSync(path.join(temp.dir, 'main'), { withFileTypes: true });
    expect(mainFiles.filter((f) => f.isDirectory()).map((f) => f.name)).toEqual([]);
    const code = mainFiles.map((f) => fs.readFileSync(path.join(temp.dir, 'main', f.name), 'utf8')).join('\n');
    // Worker threads load out/main/parse-worker.js and analysis-worker.js; packages stay in node_modules (one apache-arrow).
    expect(code).toContain('"parse-worker"');
    expect(code).toContain('"analysis-worker"');
    expect(code).toMatch(/from "@lancedb\/lancedb"/);
    expect(code).not.toContain('Cannot create Schema containing two different dictionaries');
    for (const worker of ['parse-worker.js', 'analysis-worker.js']) expect(fs.existsSync(path.join(temp.dir, 'main', worker))).toBe(true);

    const preload = fs.readFileSync(path.join(temp.dir, 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(preload).not.toMatch(/^import /m);
    expect(fs.readdirSync(path.join(temp.dir, 'preload'))).toEqual(['index.cjs']);

    const html = fs.readFileSync(path.join(temp.dir, 'renderer', 'index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).toMatch(/src="\.\/assets\/index-[\w-]+\.js"/);
    expect(fs.existsSync(path.join(temp.dir, 'renderer', 'pdfjs', 'cmaps', 'UniJIS-UTF16-H.bcmap'))).toBe(true);
  }, 150_000);
});
