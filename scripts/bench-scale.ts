/**
 * Scale benchmark (printed, not a timed test): a library of --pages pages (default 100,000) built
 * from the eval corpora repeated with distinct text, on local disk and on a local S3 server.
 *
 * - Text: the pages of the eval PDFs (jsquad-dev, pdfs/ja, pdfs/en, parsed once by the engine)
 *   and the Debian text files, split into sentences. Each copy shuffles all sentences (seeded)
 *   and deals them into pages of ~1,000 characters, 50 pages a document: no two copies' pages
 *   are alike. Pages go through the engine's own chunker, kuromoji analysis workers (both cores)
 *   and store, batch by batch as the indexer writes them; no PDFs are made.
 * - Checkpoints at --small (default 10,000) pages and at --pages: index time and pages/s, disk
 *   size, peak RSS while indexing (sampled every 100 ms), search p50/p95 and batch queries/s
 *   (jsquad-dev questions), then the growth from the first checkpoint to the second.
 * - S3: s3rver (scripts/local-s3.mjs, its own process) on 127.0.0.1. The local library is
 *   uploaded at each checkpoint (only new objects, as genten sync copies them the other way)
 *   and searched through S3 by a reader; the first checkpoint is also indexed straight into S3
 *   (--s3-index-pages, default the first checkpoint) for the index time through S3.
 *
 * - Memory as users get it: like `genten index`, this process runs with glibc's arenas capped
 *   (bin/arena-limit.mjs); --default-allocator measures without.
 *
 *   nice -n 10 npm run bench:scale -- [--pages N] [--small N] [--queries N] [--eval DIR] [--no-s3] [--keep] [--default-allocator]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { execWithArenaLimit, wantsArenaLimit } from '../bin/arena-limit.mjs';
import { Engine } from '../src/main/core/engine';
import { chunkRows, documentIdFor, INDEX_VERSION } from '../src/main/core/indexer/index-rows';
import { IndexingStages } from '../src/main/core/indexer/stages';
import type { LibraryStore } from '../src/main/core/store/library-store';
import { S3Client } from '../src/main/core/store/s3-client';
import { s3SettingsFromEnv } from '../src/main/core/store/storage-options';
import type { DocumentReplacement, DocumentRow } from '../src/main/core/store/types';
import { chunkDocument } from '../src/main/core/text/chunker';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    pages: { type: 'string' },
    small: { type: 'string' },
    queries: { type: 'string' },
    eval: { type: 'string' },
    's3-index-pages': { type: 'string' },
    'no-s3': { type: 'boolean' },
    keep: { type: 'boolean' },
    'default-allocator': { type: 'boolean' },
  },
});
if (!values['default-allocator'] && wantsArenaLimit(['index'])) execWithArenaLimit();
const evalDir = path.resolve(values.eval ?? '../shared/eval');
const targetPages = Number(values.pages ?? 100_000);
const smallPages = Math.min(Number(values.small ?? 10_000), targetPages);
const queryCount = Number(values.queries ?? 300);
const withS3 = !values['no-s3'];
const s3IndexPages = Math.min(Number(values['s3-index-pages'] ?? smallPages), targetPages);
const PAGE_CHARS = 1000;
const PAGES_PER_DOC = 50;
/** The indexer's batch size (chunks per commit). */
const BATCH_CHUNKS = 4000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-bench-scale-'));
const log = (s: string) => console.log(s);
const results: Record<string, number | string> = { pagesTarget: targetPages, cores: os.availableParallelism() };

// ---------------------------------------------------------------------------------------------
// Text: sentences of the eval corpora.

async function corpusSentences(): Promise<string[]> {
  const pdfsIn = (dir: string) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.pdf'))
          .map((f) => path.join(dir, f))
      : [];
  const pdfs = [...pdfsIn(path.join(evalDir, 'jsquad-dev/docs')), ...pdfsIn(path.join(evalDir, 'pdfs/ja')), ...pdfsIn(path.join(evalDir, 'pdfs/en'))];
  const texts: string[] = [];
  // The engine's parse workers (pdf.js stays in their threads, which end here, not in this
  // process's heap, where it would inflate the RSS measured while indexing).
  const stages = await IndexingStages.start({ files: pdfs.length, bytes: pdfs.reduce((n, f) => n + fs.statSync(f).size, 0), analyzeSoon: false });
  try {
    for (const file of pdfs) {
      const parsed = await stages.parse({ path: file }, () => {}).catch(() => undefined);
      if (parsed?.kind === 'parsed') for (const chunk of parsed.chunks) texts.push(chunk.text);
    }
  } finally {
    await stages.stop();
  }
  const textDir = path.join(evalDir, 'text');
  for (const file of fs.readdirSync(textDir).filter((f) => f.endsWith('.txt'))) texts.push(fs.readFileSync(path.join(textDir, file), 'utf8'));
  const sentences = texts
    .join('\n')
    .replace(/\u0000/g, '')
    .split(/(?<=[。．！？!?])|\n{2,}|(?<=\.)\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 8 && s.length <= 400);
  return sentences;
}

/** mulberry32: a small seeded generator, so every run builds the same library. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Copy `copy` of the corpus: all sentences shuffled, dealt into pages, 50 pages a document. */
function* copyDocuments(sentences: string[], copy: number): Generator<{ title: string; pages: string[] }> {
  const next = random(copy + 1);
  const order = sentences.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let pages: string[] = [];
  let page = '';
  let doc = 0;
  for (const index of order) {
    page += (page ? ' ' : '') + sentences[index];
    if (page.length < PAGE_CHARS) continue;
    pages.push(page);
    page = '';
    if (pages.length === PAGES_PER_DOC) {
      yield { title: `資料 ${copy}-${doc++}`, pages };
      pages = [];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Indexing pages through the engine's chunker, analysis workers and store.

class PageFeeder {
  private copy = 0;
  private docs: Generator<{ title: string; pages: string[] }>;
  pages = 0;

  constructor(private readonly sentences: string[]) {
    this.docs = copyDocuments(sentences, 0);
  }

  next(): { title: string; pages: string[] } {
    for (;;) {
      const doc = this.docs.next();
      if (!doc.done) return doc.value;
      this.docs = copyDocuments(this.sentences, ++this.copy);
    }
  }
}

/** Indexes until the library holds `until` pages; returns seconds and the peak RSS seen. */
async function indexUntil(
  store: LibraryStore,
  feeder: PageFeeder,
  until: number,
): Promise<{ seconds: number; peakRssMB: number; writePeakRssMB: number; refreshSeconds: number }> {
  // Peaks while writing batches and during the final index refresh, apart.
  const peaks = { write: process.memoryUsage().rss, refresh: 0 };
  let phase: keyof typeof peaks = 'write';
  const sampler = setInterval(() => (peaks[phase] = Math.max(peaks[phase], process.memoryUsage().rss)), 100);
  let refreshStarted: number;
  const started = performance.now();
  const docsLeft = Math.ceil((until - feeder.pages) / PAGES_PER_DOC);
  const stages = await IndexingStages.start({ files: docsLeft, bytes: 0, parseWorkers: 1, analysisWorkers: os.availableParallelism(), analyzeSoon: true });
  try {
    let batch: DocumentReplacement[] = [];
    let batchChunks = 0;
    let writes = Promise.resolve();
    const inFlight: Array<Promise<void>> = [];
    const flush = () => {
      const pending = batch;
      batch = [];
      batchChunks = 0;
      writes = writes.then(() => store.replaceDocuments(pending));
      return writes;
    };
    while (feeder.pages < until) {
      const { title, pages } = feeder.next();
      const n = feeder.pages / PAGES_PER_DOC;
      feeder.pages += pages.length;
      const docPath = `/bench/copies/doc-${String(n).padStart(6, '0')}.pdf`;
      const drafts = chunkDocument(
        pages.map((text, i) => ({ page: i + 1, text })),
        [],
      );
      const text = pages.join('\n');
      const row: DocumentRow = {
        id: documentIdFor(docPath),
        path: docPath,
        hash: createHash('sha256').update(text).digest('hex'),
        size: Buffer.byteLength(text),
        mtimeMs: 0,
        type: 'pdf',
        title,
        collection: 'default',
        pages: pages.length,
        chunks: drafts.length,
        status: 'indexed',
        errorCode: '',
        errorMessage: '',
        indexedAt: new Date().toISOString(),
        analyzer: INDEX_VERSION,
      };
      inFlight.push(
        stages.analyze(docPath, title, drafts).then(async (analyzed) => {
          batch.push({ document: row, chunks: chunkRows(row, drafts, analyzed) });
          batchChunks += drafts.length;
          if (batchChunks >= BATCH_CHUNKS) await flush();
        }),
      );
      // Keep the workers busy without holding the whole library in memory.
      if (inFlight.length >= 8) await inFlight.shift();
    }
    await Promise.all(inFlight);
    await flush();
    phase = 'refresh';
    refreshStarted = performance.now();
    await store.refreshIndex();
    await store.setMeta('analyzer', INDEX_VERSION);
  } finally {
    await stages.stop();
    clearInterval(sampler);
  }
  const refreshSeconds = (performance.now() - refreshStarted) / 1000;
  return {
    seconds: (performance.now() - started) / 1000,
    peakRssMB: Math.round(Math.max(peaks.write, peaks.refresh) / 1e6),
    writePeakRssMB: Math.round(peaks.write / 1e6),
    refreshSeconds,
  };
}

// ---------------------------------------------------------------------------------------------
// Search.

const questions = fs
  .readFileSync(path.join(evalDir, 'jsquad-dev/questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, queryCount)
  .map((line) => JSON.parse(line).question as string);

/** Each timed query's start and end (epoch ms), to attribute the S3 server's requests to it. */
type QueryWindow = { from: number; to: number };

async function measureSearch(engine: Engine, windows?: QueryWindow[]): Promise<{ p50: number; p95: number; qps: number }> {
  for (const q of questions.slice(0, 20)) await engine.search(q, { k: 5 }); // warm up
  const latencies: number[] = [];
  for (const q of questions) {
    const from = Date.now();
    const started = performance.now();
    await engine.search(q, { k: 5 });
    latencies.push(performance.now() - started);
    windows?.push({ from, to: Date.now() });
  }
  const started = performance.now();
  for await (const hits of engine.searchBatch(questions, { k: 5 })) void hits;
  const qps = questions.length / ((performance.now() - started) / 1000);
  return { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), qps: +qps.toFixed(1) };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))].toFixed(1);
}

/** One request the local S3 server answered (scripts/local-s3.mjs --log). */
type S3Request = { t: number; method: string; url: string; range?: string; status: number; bytes: number; ms: number; cpuMs: number };

/**
 * What the timed S3 searches asked of the server: requests and kB per query, and the server's
 * own CPU time for them. s3rver answers on one thread, so that CPU time is the floor of a
 * query's latency through it, whatever the client does.
 */
function s3Requests(
  logFile: string,
  windows: QueryWindow[],
): { requestsP50: number; requestsP95: number; kBP50: number; serverCpuP50Ms: number; serverCpuP95Ms: number } {
  const all = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as S3Request);
  const perQuery = windows.map((w) => all.filter((r) => r.t >= w.from && r.t <= w.to));
  const cpu = windows.map((w, i) => {
    const before = all.filter((r) => r.t < w.from).at(-1);
    const last = perQuery[i].at(-1);
    return before && last ? last.cpuMs - before.cpuMs : 0;
  });
  return {
    requestsP50: quantile(
      perQuery.map((r) => r.length),
      0.5,
    ),
    requestsP95: quantile(
      perQuery.map((r) => r.length),
      0.95,
    ),
    kBP50: quantile(
      perQuery.map((r) => r.reduce((n, x) => n + x.bytes, 0) / 1000),
      0.5,
    ),
    serverCpuP50Ms: quantile(cpu, 0.5),
    serverCpuP95Ms: quantile(cpu, 0.95),
  };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// The local S3 server, and copying the local library into it.

async function startS3(dir: string, logFile: string): Promise<{ endpoint: string; stop: () => void }> {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'local-s3.mjs');
  const child = spawn(process.execPath, [script, '--dir', dir, '--bucket', 'genten', '--log', logFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`local S3 server exited with ${code}`)));
  });
  return { endpoint: (JSON.parse(line) as { endpoint: string }).endpoint, stop: () => child.kill('SIGTERM') };
}

/** Uploads the library folder's files that the bucket does not have yet (Lance files are immutable). */
async function upload(client: S3Client, dir: string, prefix: string, done: Set<string>): Promise<{ files: number; bytes: number; seconds: number }> {
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  const all = fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name !== 'genten.lock')
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  // Data first, version manifests last, as a commit would make them visible.
  all.sort((a, b) => Number(a.includes('_versions/')) - Number(b.includes('_versions/')));
  for (const rel of all) {
    if (done.has(rel)) continue;
    bytes += await client.putFile(`${prefix}/${rel}`, path.join(dir, rel));
    done.add(rel);
    files++;
  }
  return { files, bytes, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------

log(`bench:scale: ${targetPages} pages (checkpoint at ${smallPages}), ${questions.length} queries, S3 ${withS3 ? 'on' : 'off'}, in ${work}`);
const sentences = await corpusSentences();
results.rssBeforeIndexMB = Math.round(process.memoryUsage().rss / 1e6);
log(`corpus: ${sentences.length} sentences (${sentences.reduce((n, s) => n + s.length, 0)} characters); RSS before indexing ${results.rssBeforeIndexMB} MB`);

let s3: { endpoint: string; stop: () => void } | undefined;
const s3Log = path.join(work, 's3-requests.jsonl');
let client: S3Client | undefined;
const uploaded = new Set<string>();
if (withS3) {
  s3 = await startS3(path.join(work, 's3'), s3Log);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ALLOW_HTTP: 'true',
    AWS_REGION: 'us-east-1',
  });
  client = new S3Client(s3SettingsFromEnv(), 'genten', { timeoutSeconds: 120 });
}

try {
  // Index time through S3: the first checkpoint indexed straight into the bucket.
  if (withS3 && s3IndexPages > 0) {
    const direct = await Engine.open({ libraryDir: 's3://genten/direct' });
    const timing = await indexUntil(direct.store, new PageFeeder(sentences), s3IndexPages);
    direct.dispose();
    results.s3DirectIndexPages = s3IndexPages;
    results.s3DirectIndexSeconds = +timing.seconds.toFixed(1);
    results.s3DirectIndexPagesPerSecond = +(s3IndexPages / timing.seconds).toFixed(1);
    results.s3DirectIndexPeakRssMB = timing.peakRssMB;
    log(
      `S3 direct: ${s3IndexPages} pages indexed into s3rver in ${timing.seconds.toFixed(1)} s (${results.s3DirectIndexPagesPerSecond} pages/s), peak RSS ${timing.peakRssMB} MB`,
    );
  }

  const libDir = path.join(work, 'lib');
  const engine = await Engine.open({ libraryDir: libDir });
  const feeder = new PageFeeder(sentences);
  const rows: Array<Record<string, number>> = [];
  for (const checkpoint of [...new Set([smallPages, targetPages])]) {
    const timing = await indexUntil(engine.store, feeder, checkpoint);
    const status = await engine.status();
    const local = await measureSearch(engine);
    const row: Record<string, number> = {
      pages: status.pages,
      chunks: status.chunks,
      indexSeconds: +timing.seconds.toFixed(1),
      indexPagesPerSecond: +((status.pages - (rows.at(-1)?.pages ?? 0)) / timing.seconds).toFixed(1),
      diskMB: +(folderBytes(libDir) / 1e6).toFixed(1),
      peakRssMB: timing.peakRssMB,
      writePeakRssMB: timing.writePeakRssMB,
      refreshSeconds: +timing.refreshSeconds.toFixed(1),
      localP50Ms: local.p50,
      localP95Ms: local.p95,
      localBatchQps: local.qps,
    };
    log(`local ${status.pages} pages: ${JSON.stringify(row)}`);
    if (client) {
      const copied = await upload(client, libDir, 'scale', uploaded);
      const reader = await Engine.open({ libraryDir: 's3://genten/scale', create: false });
      const windows: QueryWindow[] = [];
      const remote = await measureSearch(reader, windows);
      reader.dispose();
      const requests = s3Requests(s3Log, windows);
      Object.assign(row, {
        s3UploadedMB: +(copied.bytes / 1e6).toFixed(1),
        s3UploadSeconds: +copied.seconds.toFixed(1),
        s3P50Ms: remote.p50,
        s3P95Ms: remote.p95,
        s3BatchQps: remote.qps,
        s3RequestsP50: requests.requestsP50,
        s3RequestsP95: requests.requestsP95,
        s3KBP50: requests.kBP50,
        s3ServerCpuP50Ms: requests.serverCpuP50Ms,
        s3ServerCpuP95Ms: requests.serverCpuP95Ms,
      });
      log(
        `s3 ${status.pages} pages: uploaded ${copied.files} new files (${(copied.bytes / 1e6).toFixed(1)} MB) in ${copied.seconds.toFixed(1)} s; search p50 ${remote.p50} ms, p95 ${remote.p95} ms, batch ${remote.qps} q/s`,
      );
      log(
        `  requests a query p50 ${requests.requestsP50}, p95 ${requests.requestsP95} (${requests.kBP50} kB); s3rver's own CPU time a query (its floor): p50 ${requests.serverCpuP50Ms} ms, p95 ${requests.serverCpuP95Ms} ms`,
      );
    }
    rows.push(row);
  }
  engine.dispose();

  log(
    '\n| pages | chunks | index s (refresh s) | pages/s | disk MB | peak RSS MB (while writing) | local p50/p95 ms | local batch q/s |' +
      (client ? ' S3 p50/p95 ms | S3 batch q/s | S3 requests a query p50/p95 | s3rver CPU a query p50/p95 ms |' : ''),
  );
  log('|---|---|---|---|---|---|---|---|' + (client ? '---|---|---|---|' : ''));
  for (const r of rows) {
    log(
      `| ${r.pages} | ${r.chunks} | ${r.indexSeconds} (${r.refreshSeconds}) | ${r.indexPagesPerSecond} | ${r.diskMB} | ${r.peakRssMB} (${r.writePeakRssMB}) | ${r.localP50Ms} / ${r.localP95Ms} | ${r.localBatchQps} |` +
        (client
          ? ` ${r.s3P50Ms} / ${r.s3P95Ms} | ${r.s3BatchQps} | ${r.s3RequestsP50} / ${r.s3RequestsP95} | ${r.s3ServerCpuP50Ms} / ${r.s3ServerCpuP95Ms} |`
          : ''),
    );
  }
  if (rows.length === 2) {
    const [a, b] = rows;
    const growth = (key: string) => (a[key] ? +(b[key] / a[key]).toFixed(2) : NaN);
    log(`\ngrowth ${a.pages} → ${b.pages} pages (×${growth('pages')}):`);
    for (const key of [
      'chunks',
      'diskMB',
      'peakRssMB',
      'writePeakRssMB',
      'refreshSeconds',
      'indexPagesPerSecond',
      'localP50Ms',
      'localP95Ms',
      'localBatchQps',
      ...(client ? ['s3P50Ms', 's3P95Ms', 's3BatchQps', 's3RequestsP50', 's3ServerCpuP50Ms'] : []),
    ]) {
      results[`growth.${key}`] = growth(key);
      log(`  ${key}: ${a[key]} → ${b[key]} (×${growth(key)})`);
    }
  }
  for (const [i, r] of rows.entries()) for (const [k, v] of Object.entries(r)) results[`${i === 0 && rows.length > 1 ? 'small' : 'large'}.${k}`] = v;
  const last = rows.at(-1)!;
  log(
    `\ngoals at ${last.pages} pages: local p95 ${last.localP95Ms} ms (≤ 50), S3 p95 ${last.s3P95Ms ?? '-'} ms (≤ 200; s3rver's own CPU time a query: p95 ${last.s3ServerCpuP95Ms ?? '-'} ms), peak RSS while indexing ${Math.max(...rows.map((r) => r.peakRssMB))} MB (≤ 1200; MALLOC_ARENA_MAX ${process.env.MALLOC_ARENA_MAX ?? 'unset'})`,
  );
  console.log(JSON.stringify(results));
} finally {
  s3?.stop();
  // --keep: leave the library (lib/) and the S3 server's folder (s3/) for profiling.
  if (values.keep) log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
