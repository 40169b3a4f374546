/**
 * The indexing row of `npm run bench` alone, repeated: each round times bare pdf-parse on the
 * 411-page corpus (as it comes, and with the CMaps Japanese CID fonts need, see
 * bench-pdf-parse.ts), then `genten index` of the same files into a fresh library, and prints the
 * ratios. The machine's speed drifts within minutes, so rounds alternate and the median counts.
 *   npm run bench:index -- [--rounds N] [--eval DIR] [--workers N (parse workers; default: the indexer's choice)]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/core/engine';
import { workerScript } from '../src/main/core/workers/bundle';
import { bareExtraction, benchCorpus } from './bench-pdf-parse';

const { values } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' }, eval: { type: 'string' }, workers: { type: 'string' } } });
const corpus = benchCorpus(path.resolve(values.eval ?? '../shared/eval'));
const rounds = Number(values.rounds ?? 3);
const workers = values.workers === undefined ? undefined : Number(values.workers);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-bench-index-'));
// Worker scripts are bundled on first use from source (a packaged app ships them built): not indexing.
const indexerUrl = pathToFileURL(path.resolve('src/main/core/indexer/indexer.ts')).href;
await Promise.all(['parse-worker', 'analysis-worker'].map((name) => workerScript(indexerUrl, name)));

const ratios: number[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const bare = await bareExtraction([corpus]);
    const pages = bare.pages.reduce((sum, [, n]) => sum + n, 0);
    const barePagesPerSecond = pages / bare.seconds[0];
    const bareCMapsPagesPerSecond = pages / (await bareExtraction([corpus], { cMaps: true })).seconds[0];
    const engine = await Engine.open({ libraryDir: path.join(work, `lib-${round}`) });
    const started = performance.now();
    const summary = await engine.index({ paths: corpus, workers });
    const seconds = (performance.now() - started) / 1000;
    engine.dispose();
    const ratio = summary.pages / seconds / barePagesPerSecond;
    ratios.push(ratio);
    const result = {
      round,
      loadAverage: +os.loadavg()[0].toFixed(2),
      barePdfParsePagesPerSecond: +barePagesPerSecond.toFixed(1),
      indexPagesPerSecond: +(summary.pages / seconds).toFixed(1),
      indexToBareRatio: +ratio.toFixed(2),
      barePdfParseWithCMapsPagesPerSecond: +bareCMapsPagesPerSecond.toFixed(1),
      indexToBareWithCMapsRatio: +(summary.pages / seconds / bareCMapsPagesPerSecond).toFixed(2),
      chunks: summary.chunks,
      failed: summary.failed.length,
    };
    console.log(JSON.stringify(result));
  }
  ratios.sort((a, b) => a - b);
  console.log(JSON.stringify({ rounds, medianIndexToBareRatio: +ratios[Math.floor(rounds / 2)].toFixed(2) }));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
