/**
 * Benchmarks, printed as a table and JSON (not timed tests):
 *  - indexing pages/s of `genten index` beside bare sequential pdf-parse extraction of the same PDFs;
 *  - search p50/p95 and batch queries/s on a warm library of ≥ --pages pages (default 10,000);
 *  - the 1,221-page PDF: peak RSS of a real `genten index` process, progress gaps, cancel latency;
 *  - answers, the model's own compute excluded: retrieve + build the prompt, and the citation
 *    check; then first-token latency and tokens/s of the tests' tiny GGUF (llama.cpp on the CPU);
 *  - a real model (Gemma 3 270M from `npm run models:eval`, when fetched) answering the sample
 *    library's questions: first token and tokens/s at the app's thread count (bench-model.ts);
 *  - start-up of the installed CLI: `genten --help` and a one-shot search (bench-startup.ts).
 *   npm run bench -- [--pages N] [--queries N] [--eval DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { selectPassages } from '../src/main/core/answer/budget';
import { buildAnswerMessages, formatPassage } from '../src/main/core/answer/prompt';
import { checkSupport } from '../src/main/core/answer/support-check';
import { Engine } from '../src/main/core/engine';
import { parseDocument } from '../src/main/core/indexer/parse-document';
import { disposeLlama, loadModel } from '../src/main/core/llm/llama';
import { workerScript } from '../src/main/core/workers/bundle';
import { writeTinyGguf } from '../tests/helpers/tiny-gguf';
import { benchModel } from './bench-model';
import { bareExtraction, benchCorpus, measureProcess } from './bench-pdf-parse';
import { gemmaGgufPath } from './eval/eval-models';
import { benchStartup } from './bench-startup';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { pages: { type: 'string' }, queries: { type: 'string' }, eval: { type: 'string' } },
});
const evalDir = path.resolve(values.eval ?? '../shared/eval');
const targetPages = Number(values.pages ?? 10_000);
const queryCount = Number(values.queries ?? 1000);
const huge = path.join(evalDir, 'pdfs/awkward/huge_1221p_latex_source2e.pdf');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-bench-'));
const results: Record<string, number | string> = {};
const log = (s: string) => console.log(s);

const corpus = benchCorpus(evalDir);

// 1. Bare pdf-parse, sequential, same files, in a plain Node process (bench-pdf-parse.ts).
const bare = await bareExtraction([corpus, [huge]]);
const pagesOf = new Map<string, number>(bare.pages);
const [bareSeconds, bareHugeSeconds] = bare.seconds;
const corpusPages = corpus.reduce((sum, file) => sum + pagesOf.get(file)!, 0);
results.barePdfParseHugePagesPerSecond = +(pagesOf.get(huge)! / bareHugeSeconds).toFixed(1);
results.corpusFiles = corpus.length;
results.corpusPages = corpusPages;
results.barePdfParsePagesPerSecond = +(corpusPages / bareSeconds).toFixed(1);
const [bareCMapsSeconds] = (await bareExtraction([corpus], { cMaps: true })).seconds;
results.barePdfParseWithCMapsPagesPerSecond = +(corpusPages / bareCMapsSeconds).toFixed(1);
log(`bare pdf-parse: ${corpusPages} pages in ${bareSeconds.toFixed(1)} s; with the CMaps that read Japanese CID fonts, ${bareCMapsSeconds.toFixed(1)} s`);
let t: number;

// 2. genten index of the same files (fresh library; parse, clean, chunk, analyse, store). From
//    source, the worker scripts are bundled on first use (a packaged app ships them built): not
//    part of indexing, so build them first.
const indexerUrl = pathToFileURL(path.resolve('src/main/core/indexer/indexer.ts')).href;
await Promise.all(['parse-worker', 'analysis-worker'].map((name) => workerScript(indexerUrl, name)));
let engine = await Engine.open({ libraryDir: path.join(work, 'lib-corpus') });
t = performance.now();
const summary = await engine.index({ paths: corpus });
const indexSeconds = (performance.now() - t) / 1000;
engine.dispose();
results.indexPagesPerSecond = +(summary.pages / indexSeconds).toFixed(1);
results.indexToBareRatio = +(summary.pages / indexSeconds / (corpusPages / bareSeconds)).toFixed(2);
results.indexToBareWithCMapsRatio = +(summary.pages / indexSeconds / (corpusPages / bareCMapsSeconds)).toFixed(2);
log(`genten index: ${summary.pages} pages in ${indexSeconds.toFixed(1)} s (${summary.failed.length} failed)`);

// 3. The 1,221-page PDF in a real CLI process: peak RSS (threads included) and time.
const hugeRun = await measureProcess([path.resolve('bin/genten.js'), 'index', huge, '--db', path.join(work, 'lib-huge'), '--json']);
const hugeSummary = JSON.parse(hugeRun.stdout);
results.hugePages = hugeSummary.pages;
results.hugeSeconds = hugeSummary.seconds;
results.hugePeakRssMB = Math.round(hugeRun.peakRss / 1e6);

log(`1,221-page PDF: ${hugeSummary.pages} pages in ${hugeSummary.seconds} s, peak RSS ${results.hugePeakRssMB} MB`);

// 4. Progress cadence and cancel latency, in-process.
engine = await Engine.open({ libraryDir: path.join(work, 'lib-cancel') });
const controller = new AbortController();
const stamps: number[] = [];
setTimeout(() => controller.abort(), 5000);
let abortedAt = 0;
controller.signal.addEventListener('abort', () => (abortedAt = performance.now()));
const cancelled = await engine.index({ paths: [huge], signal: controller.signal, onProgress: () => stamps.push(performance.now()) });
const stoppedAt = performance.now();
engine.dispose();
const gaps = stamps
  .slice(1)
  .map((s, i) => s - stamps[i])
  .filter((_, i) => stamps[i + 1] < abortedAt);
results.progressMaxGapMs = Math.round(Math.max(...gaps.slice(1)));
results.cancelLatencyMs = Math.round(stoppedAt - abortedAt);
results.cancelled = String(cancelled.cancelled);
log(`cancel after 5 s: stopped in ${results.cancelLatencyMs} ms; longest progress gap ${results.progressMaxGapMs} ms`);

// 5. A warm library of ≥ targetPages pages: the corpus and the huge PDF, copied until big enough.
const bigDir = path.join(work, 'big');
fs.mkdirSync(bigDir);
let bigPages = 0;
for (let copy = 0; bigPages < targetPages; copy++) {
  for (const file of [...corpus, huge]) {
    fs.copyFileSync(file, path.join(bigDir, `${copy}-${path.basename(file)}`));
    bigPages += pagesOf.get(file)!;
  }
}
engine = await Engine.open({ libraryDir: path.join(work, 'lib-big') });
t = performance.now();
const big = await engine.index({ paths: [bigDir] });
const bigSeconds = (performance.now() - t) / 1000;
log(`warm library: ${big.pages} pages, ${big.chunks} chunks, indexed in ${bigSeconds.toFixed(0)} s`);
// The same files, so bare pdf-parse would take (its time for one copy) × copies.
const barePerCopy = bareSeconds + bareHugeSeconds;
const copyPages = corpusPages + pagesOf.get(huge)!;
results.libraryIndexPagesPerSecond = +(big.pages / bigSeconds).toFixed(1);
results.libraryIndexToBareRatio = +(big.pages / bigSeconds / (copyPages / barePerCopy)).toFixed(2);
results.libraryPages = big.pages;
results.libraryChunks = big.chunks;
const questions = fs
  .readFileSync(path.join(evalDir, 'jsquad-dev/questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, queryCount)
  .map((l) => JSON.parse(l).question as string);
for (const q of questions.slice(0, 20)) await engine.search(q); // warm up
const latencies: number[] = [];
for (const q of questions) {
  const s = performance.now();
  await engine.search(q, { k: 5 });
  latencies.push(performance.now() - s);
}
// Batch mode, as `genten search --queries` runs it.
t = performance.now();
for await (const hits of engine.searchBatch(questions, { k: 5 })) void hits;
const batchSeconds = (performance.now() - t) / 1000;
latencies.sort((a, b) => a - b);
results.searchP50Ms = +latencies[Math.floor(latencies.length * 0.5)].toFixed(1);
results.searchP95Ms = +latencies[Math.floor(latencies.length * 0.95)].toFixed(1);
results.batchQueriesPerSecond = +(questions.length / batchSeconds).toFixed(1);

// 6. Answers without the model's compute: retrieval + prompt, then the support check of an answer
//    that quotes passage 1 and invents a sentence citing passage 2. Tokens counted by the tiny model.
const tinyPath = path.join(work, 'tiny.gguf');
await writeTinyGguf(tinyPath, { contextLength: 4096 });
const tiny = await loadModel(tinyPath, { threads: 1 });
const analyzer = await engine.getAnalyzer();
const promptMs: number[] = [];
const checkMs: number[] = [];
for (const q of questions.slice(0, 200)) {
  let s = performance.now();
  const hits = await engine.search(q, { k: 8 });
  const { selected } = selectPassages(hits, { maxTokens: 3000, countTokens: (t) => tiny.countTokens(t), render: (h, n) => formatPassage(h, n, 'ja') });
  buildAnswerMessages({ question: q, passages: selected.map((h, i) => formatPassage(h, i + 1, 'ja')), language: 'ja' });
  promptMs.push(performance.now() - s);
  const quoted = selected[0]?.text.split('。')[0] ?? '';
  const answer = `${quoted}。[1] 2031年に第99条が改正された。[2]`;
  s = performance.now();
  checkSupport(answer, selected, { analyze: (t) => analyzer.terms(t) });
  checkMs.push(performance.now() - s);
}
const median = (xs: number[]) => +[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
results.retrieveAndPromptP50Ms = median(promptMs);
results.citationCheckP50Ms = median(checkMs);
const generated = await tiny.generate([{ role: 'user', content: '再委託の条件は？' }], { maxTokens: 64 });
results.tinyModelFirstTokenMs = +(generated.firstTokenMs ?? NaN).toFixed(1);
results.tinyModelTokensPerSecond = Math.round(tiny.countTokens(generated.text) / (generated.totalMs / 1000));
await tiny.dispose();
await disposeLlama();
engine.dispose();

// 6b. A real model's first token and tokens/s, when `npm run models:eval` has fetched it.
const gemma = gemmaGgufPath();
if (gemma) Object.assign(results, await benchModel(gemma));
else results.realModel = 'not measured (npm run models:eval)';

// 7. Office files: parse and chunk (the parse stage of indexing) of the committed fixtures, in this
// thread: .docx documents, .xlsx sheets and .pptx slides per second.
Object.assign(results, await benchOffice());

// 8. Start-up of the installed CLI: --help and a one-shot search (scripts/bench-startup.ts).
Object.assign(results, await benchStartup());

log('\n| measure | value |\n|---|---|');
for (const [k, v] of Object.entries(results)) log(`| ${k} | ${v} |`);
console.log(JSON.stringify(results));
fs.rmSync(work, { recursive: true, force: true });

/** Units (a .docx document, an .xlsx sheet, a .pptx slide) per second through parseDocument, the parse stage of indexing. */
async function benchOffice(): Promise<Record<string, number>> {
  const dir = path.resolve('tests/fixtures/office');
  const out: Record<string, number> = {};
  for (const [name, key] of [
    ['company-rules.docx', 'docxDocumentsPerSecond'],
    ['inspection.xlsx', 'xlsxSheetsPerSecond'],
    ['plan.pptx', 'pptxSlidesPerSecond'],
  ] as const) {
    const file = path.join(dir, name);
    await parseDocument({ path: file }, () => undefined); // warm: loads mammoth, exceljs or jszip once
    let units = 0;
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      const result = await parseDocument({ path: file }, () => undefined);
      units += result.kind === 'parsed' ? (name.endsWith('.docx') ? 1 : result.pages) : 0;
    }
    out[key] = Math.round(units / ((performance.now() - started) / 1000));
  }
  log(`office parse: ${out.docxDocumentsPerSecond} .docx/s, ${out.xlsxSheetsPerSecond} sheets/s, ${out.pptxSlidesPerSecond} slides/s`);
  return out;
}
