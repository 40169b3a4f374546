/**
 * The embedder on ../shared/eval/cuad-22 (22 contracts, CUAD's 41 categories asked as their
 * descriptions): for each contract–category pair with a clause located on a page, the category's
 * question searched within that contract; page recall@1 and @3 (a top passage covers a gold page),
 * BM25 alone against BM25 + vectors at DEFAULT_FUSION's weight (tuned on jsquad-dev: every contract
 * here is held out). Library search only, not the review pipeline (scripts/eval-review.ts).
 *   tsx scripts/eval-embed-cuad.ts [--embedder FILE] [--corpus DIR] [--weights 0.25,1] [--json-only]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FUSION } from '../src/main/core/search/search';
import { embeddedLibrary, pageMetrics, pageRank } from './eval/embedded-library';
import { e5GgufPath } from './eval/eval-models';

interface Gold {
  contract: string;
  id: string;
  category: string;
  pages: number[];
}

const { values } = parseArgs({
  options: { embedder: { type: 'string' }, corpus: { type: 'string' }, weights: { type: 'string' }, 'json-only': { type: 'boolean' } },
});
const log = (s: string) => values['json-only'] || console.log(s);
const modelPath = values.embedder ?? e5GgufPath();
if (!modelPath) throw new Error('No embedding model: run npm run models:eval, or pass --embedder FILE');
const corpus = path.resolve(values.corpus ?? '../shared/eval/cuad-22');
const questions = new Map(
  fs
    .readFileSync(path.join(corpus, 'checklist.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf(',')), line.slice(line.indexOf(',') + 1).replace(/^"|"$/g, '')] as [string, string]),
);
const gold: Gold[] = fs
  .readFileSync(path.join(corpus, 'gold.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l))
  .filter((g: Gold) => g.pages.length > 0);

const library = await embeddedLibrary({ paths: [path.join(corpus, 'pdfs')], modelPath });
log(
  `Indexed ${library.pages} pages, ${library.chunks} passages; embedded in ${library.embedSeconds.toFixed(1)} s (${(library.embedSeconds / library.pages).toFixed(2)} s per page); library ${library.libraryMB.bm25} MB, ${library.libraryMB.withVectors} MB with vectors`,
);
const ids = new Map((await library.engine.documents()).map((d) => [path.basename(d.path), d.id]));
const weight = DEFAULT_FUSION.vectorWeight;
const extra = (values.weights ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number)
  .filter((w) => w !== weight);
const runs: Record<string, number> = { BM25: 0, [`hybrid (${weight}, default)`]: weight, ...Object.fromEntries(extra.map((w) => [`hybrid (${w})`, w])) };
const result: Record<string, ReturnType<typeof pageMetrics>> = {};
for (const [run, vectorWeight] of Object.entries(runs)) {
  const ranks = [];
  for (const g of gold) {
    const hits = await library.search(questions.get(g.id)!, { k: 10, vectorWeight, documentId: ids.get(g.contract) });
    ranks.push({ rank: pageRank(hits, path.join(corpus, 'pdfs', g.contract), g.pages), empty: hits.length === 0 });
  }
  result[run] = pageMetrics(ranks);
}
log('');
log('| run | pairs | page recall@1 | @3 | @5 | MRR@10 |\n|---|---|---|---|---|---|');
for (const [run, m] of Object.entries(result)) log(`| ${run} | ${m.questions} | ${m.hit1} | ${m.hit3} | ${m.hit5} | ${m.mrr10} |`);
console.log(
  JSON.stringify({
    cuad22: result,
    vectorWeight: weight,
    embedSecondsPerPage: +(library.embedSeconds / library.pages).toFixed(3),
    libraryMB: library.libraryMB,
  }),
);
await library.close();
