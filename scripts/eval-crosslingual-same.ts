/**
 * Same-language retrieval in a library of two languages, where the fusion across languages acts
 * (search/vector-leg.ts, leg-coverage.ts; a library of one script ranks as before): jsquad-dev's
 * Japanese questions over its pages plus the English PDFs of ../shared/eval/pdfs/en. BM25 alone,
 * hybrid ranked together as before, hybrid with DEFAULT_FUSION.
 *   tsx scripts/eval-crosslingual-same.ts [--held-out] [--embedder FILE] [--json-only]
 * The tuning third of the questions by default (the part the fusion was checked on); --held-out the rest.
 * The embedded library is kept in ~/.cache/genten-eval-crosslingual (eval/embedded-library.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FUSION, type FusionOptions } from '../src/main/core/search/search';
import { RANKED_TOGETHER, embeddedLibrary } from './eval/embedded-library';
import { e5GgufPath } from './eval/eval-models';
import { isTuningQuestion, measureRetrieval, type Question, type RetrievalMetrics } from './eval/retrieval-metrics';

const { values } = parseArgs({ options: { 'held-out': { type: 'boolean' }, embedder: { type: 'string' }, 'json-only': { type: 'boolean' } } });
const log = (s: string) => values['json-only'] || console.log(s);
const modelPath = values.embedder ?? e5GgufPath();
if (!modelPath) throw new Error('No embedding model: run npm run models:eval, or pass --embedder FILE');
const corpus = path.resolve('../shared/eval/jsquad-dev');
const part = values['held-out'] ? 'held out' : 'tuning';
const questions: Question[] = fs
  .readFileSync(path.join(corpus, 'questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((q: Question) => isTuningQuestion(q) !== Boolean(values['held-out']));

const library = await embeddedLibrary({ paths: [path.join(corpus, 'docs'), path.resolve('../shared/eval/pdfs/en')], modelPath });
log(`Library of ${library.pages} pages, ${library.chunks} passages (jsquad-dev's and the English PDFs); ${questions.length} questions (${part})`);
const weight = DEFAULT_FUSION.vectorWeight;
const runs: Record<string, [number, Partial<FusionOptions>?]> = {
  BM25: [0],
  [`hybrid (${weight}), ranked together as before`]: [weight, RANKED_TOGETHER],
  [`hybrid (${weight}, default)`]: [weight],
};
const result: Record<string, RetrievalMetrics> = {};
log(`\n| run | questions | hit@1 | hit@5 | MRR@10 | page acc. |\n|---|---|---|---|---|---|`);
for (const [run, [vectorWeight, fusion]] of Object.entries(runs)) {
  const m = (result[run] = await measureRetrieval(questions, (q) => library.search(q.question, { k: 10, vectorWeight, fusion }), { corpus }));
  log(`| ${run} | ${m.questions} | ${m.hit1} | ${m.hit5} | ${m.mrr10} | ${m.pageAccuracy} |`);
}
console.log(JSON.stringify({ sameLanguageMixed: result, part }));
await library.close();
