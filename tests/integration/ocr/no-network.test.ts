/**
 * OCR never touches the network: tesseract.js falls back to a CDN for language data, worker script
 * and core when it is given none. A real `genten index` of a scanned image runs in a child process
 * in which every network call (http, https, fetch, net, tls, dns) throws and is logged, in the
 * main thread and in every worker thread (the OCR worker and tesseract's own).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GENTEN_BIN } from '../../helpers/cli';
import { renderPage } from '../../helpers/scans';
import { makeTempDir } from '../../helpers/temp';

const BLOCK = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../helpers/block-network.cjs');

describe('OCR offline', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  it('indexes a scanned image with every network call refused, and tries none', () => {
    const image = path.join(temp.dir, 'docs', 'memo.png');
    fs.mkdirSync(path.dirname(image), { recursive: true });
    fs.writeFileSync(image, renderPage(['Offline memo', 'The spare key is kept in cabinet seven.']));
    const log = path.join(temp.dir, 'net.log');
    const cwd = path.join(temp.dir, 'cwd');
    fs.mkdirSync(cwd);
    const run = spawnSync(process.execPath, [GENTEN_BIN, 'index', image, '--db', path.join(temp.dir, 'lib'), '--ocr-lang', 'eng', '--json'], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: `--require ${BLOCK}`, GENTEN_NET_LOG: log, GENTEN_DATA_DIR: path.join(temp.dir, 'data') },
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ indexed: 1, ocrPages: 1, failed: [] });

    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.startsWith('NETWORK'))).toEqual([]);
    // The block ran in the OCR worker and in tesseract's worker thread, not only in the main thread.
    expect(lines.filter((l) => l.startsWith('thread worker')).length).toBeGreaterThanOrEqual(2);
    // tesseract.js's default cache would have written eng.traineddata into the working folder.
    expect(fs.readdirSync(cwd)).toEqual([]);

    const search = spawnSync(process.execPath, [GENTEN_BIN, 'search', 'spare key cabinet', '--db', path.join(temp.dir, 'lib'), '--json'], {
      env: { ...process.env, GENTEN_DATA_DIR: path.join(temp.dir, 'data') },
      encoding: 'utf8',
    });
    const { hits } = JSON.parse(search.stdout);
    expect(hits[0]).toMatchObject({ path: image, page: 1 });
    expect(hits[0].text).toContain('spare key is kept in cabinet seven');
    expect(hits[0].ocrConfidence).toBeGreaterThan(70);
  }, 360_000);
});
