/**
 * How fast the installed CLI starts, printed (not a timed test): `genten --help` and a one-shot
 * `genten search` on a small library, median of N runs with peak RSS, from the built JavaScript
 * (out/cli, what `genten` runs) beside the same CLI run from TypeScript through tsx (what it ran
 * before), with a bare `node -e 0` as the yardstick in the same run (issue 22: a one-shot search ≤ 4× bare node
 * and ≤ 150 MB).
 *   npm run bench:startup -- [--runs N]
 * Also imported by scripts/bench.ts, which adds these figures to its own.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCli, CLI_OUT } from './build-cli.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs one command to its end: wall time in ms and peak RSS in MB (GNU time's %M). */
function timed(args: string[]): Promise<{ ms: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      resolve({ ms, rssMB: Math.round(Number(stderr.trim().split('\n').pop()) / 1024) });
    });
  });
}

async function medianOf(runs: number, args: string[]): Promise<{ ms: number; rssMB: number }> {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(args));
  samples.sort((a, b) => a.ms - b.ms);
  const mid = samples[Math.floor(runs / 2)];
  return { ms: Math.round(mid.ms), rssMB: mid.rssMB };
}

export async function benchStartup(runs = 5): Promise<Record<string, number>> {
  await buildCli();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-startup-'));
  try {
    const docs = path.join(work, 'docs');
    fs.mkdirSync(docs);
    fs.writeFileSync(path.join(docs, 'manual.md'), '# 保守マニュアル\n\n## E-203\n\nE-203 エラーが出たら電源を切り、フィルターを清掃する。\n');
    const db = path.join(work, 'library');
    const built = path.join(ROOT, 'bin', 'genten.js');
    await timed([built, 'index', docs, '--db', db]);
    // The same CLI from its TypeScript through tsx, as bin/genten.js ran it before the build step.
    const viaTsx = [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "const { main } = await import('./src/main/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));",
    ];
    const search = ['search', 'E-203 の対処', '--db', db];
    const bareNode = await medianOf(runs, ['-e', '0']);
    const helpBuilt = await medianOf(runs, [built, '--help']);
    const helpTsx = await medianOf(runs, [...viaTsx, '--help']);
    const searchBuilt = await medianOf(runs, [built, ...search]);
    const searchTsx = await medianOf(runs, [...viaTsx, ...search]);
    return {
      cliHelpMs: helpBuilt.ms,
      cliHelpRssMB: helpBuilt.rssMB,
      cliHelpViaTsxMs: helpTsx.ms,
      cliSearchOneShotMs: searchBuilt.ms,
      cliSearchOneShotRssMB: searchBuilt.rssMB,
      cliSearchOneShotViaTsxMs: searchTsx.ms,
      cliSearchOneShotViaTsxRssMB: searchTsx.rssMB,
      bareNodeMs: bareNode.ms,
      bareNodeRssMB: bareNode.rssMB,
      cliSearchOneShotToBareNode: Math.round((searchBuilt.ms / bareNode.ms) * 10) / 10,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string' } } });
  const results = await benchStartup(Number(values.runs ?? 5));
  console.log(`built CLI in ${path.relative(ROOT, CLI_OUT)}`);
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of Object.entries(results)) console.log(`| ${k} | ${v} |`);
  console.log(JSON.stringify(results));
}
