/**
 * Retrieval evaluation on a corpus in the jsquad-dev format (docs/*.pdf + questions.jsonl),
 * through the same engine the app uses: index into a temporary library, then search each question.
 *   npm run eval -- [corpusDir] [--db DIR (reuse a library)] [--limit N] [-k N] [--json-only]
 *   --chunk-chars N indexes with another chunk target length (for measuring; the app uses its default).
 *   Then runs scripts/eval-review.ts (review retrieval) unless --no-review.
 * Prints hit@1, hit@5, MRR@10, page accuracy and characters per top-5, as a table and as JSON.
 * First, unless --no-text: text fidelity of PDF extraction (scripts/eval-text.ts), its own table and JSON line.
 * Then, when an embedding model is at hand (--embedder FILE, else the multilingual-e5-small GGUF of
 * `npm run models:eval`; --no-embedder skips it): the same library, BM25 alone against BM25 + vectors,
 * the vector weight chosen on a tuning third and reported on the held-out rest (scripts/eval/embedder-run.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/core/engine';
import { configureLlama } from '../src/main/core/llm/llama';
import { embedderTable, runEmbedderEval } from './eval/embedder-run';
import { e5GgufPath } from './eval/eval-models';
import { measureRetrieval, type Question } from './eval/retrieval-metrics';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    db: { type: 'string' },
    limit: { type: 'string' },
    'json-only': { type: 'boolean' },
    'chunk-chars': { type: 'string' },
    'no-review': { type: 'boolean' },
    'no-text': { type: 'boolean' },
    embedder: { type: 'string' },
    'no-embedder': { type: 'boolean' },
    threads: { type: 'string' },
  },
});
if (!values['no-text']) {
  // A child process: its own arguments, and its pdf.js memory gone before indexing starts.
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'eval-text.ts');
  spawnSync(process.execPath, [...process.execArgv, script, ...(values['json-only'] ? ['--json-only'] : [])], { stdio: 'inherit' });
}
const corpus = path.resolve(positionals[0] ?? '../shared/eval/jsquad-dev');
const log = (s: string) => values['json-only'] || console.log(s);

const questions: Question[] = fs
  .readFileSync(path.join(corpus, 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .slice(0, values.limit ? Number(values.limit) : undefined);

const dbDir = values.db ? path.resolve(values.db) : fs.mkdtempSync(path.join(os.tmpdir(), 'genten-eval-'));
const engine = await Engine.open({ libraryDir: dbDir });
const indexStart = performance.now();
const chunking = values['chunk-chars'] ? { targetChars: Number(values['chunk-chars']) } : undefined;
const summary = await engine.index({ paths: [path.join(corpus, 'docs')], chunking });
const indexSeconds = (performance.now() - indexStart) / 1000;
log(
  `Indexed ${summary.documents} documents, ${summary.pages} pages, ${summary.chunks} chunks in ${indexSeconds.toFixed(1)} s (${summary.indexed} new, ${summary.failed.length} failed)`,
);

const searchStart = performance.now();
// One query at a time: queriesPerSecond is the sequential rate.
const metrics = await measureRetrieval(questions, (q) => engine.search(q.question, { k: 10 }), { corpus, concurrency: 1 });
const searchSeconds = (performance.now() - searchStart) / 1000;
const result = {
  corpus,
  ...metrics,
  chunks: summary.chunks,
  indexSeconds: +indexSeconds.toFixed(1),
  queriesPerSecond: +(questions.length / searchSeconds).toFixed(1),
};
log('');
log('| metric | value |\n|---|---|');
for (const [k, v] of Object.entries(result)) if (k !== 'corpus') log(`| ${k} | ${v} |`);
console.log(JSON.stringify(result));
const embedderPath = values['no-embedder'] ? undefined : (values.embedder ?? e5GgufPath());
if (embedderPath) {
  configureLlama({ gpu: false });
  const run = await runEmbedderEval({
    engine,
    libraryDir: dbDir,
    corpus,
    pages: summary.pages,
    questions,
    modelPath: path.resolve(embedderPath),
    threads: Number(values.threads ?? 2),
    log,
  });
  log('');
  log(embedderTable(run));
  console.log(JSON.stringify({ embedder: run }));
}
engine.dispose();
if (!values.db) fs.rmSync(dbDir, { recursive: true, force: true });
// Review retrieval (CUAD, Japanese rules, English within one document, speed): its own script.
if (!values['no-review']) {
  const review = spawnSync(
    process.execPath,
    [...process.execArgv, path.join(import.meta.dirname, 'eval-review.ts'), ...(values['json-only'] ? ['--json-only'] : [])],
    { stdio: 'inherit' },
  );
  process.exitCode = review.status ?? 1;
}
