/**
 * Questions in one language over documents in the other: Japanese questions over the English PDFs
 * of ../shared/eval/pdfs/en, English questions over the Japanese ones of ../shared/eval/pdfs/ja
 * (scripts/eval-data/crosslingual.jsonl, gold pages by hand, the questions the fusion across
 * languages was tuned on; crosslingual-heldout.jsonl: 28 more, written before it and run once it
 * was fixed). BM25 alone against BM25 + the multilingual embedder at the vector weight of
 * DEFAULT_FUSION, with the fusion across languages (search/vector-leg.ts, leg-coverage.ts) and
 * without it (all candidates ranked together, BM25 legs unscaled: the fusion before issue 19's).
 *   tsx scripts/eval-crosslingual.ts [--questions FILE] [--embedder FILE] [--pdfs DIR] [--weights 0.5,1] [--json-only]
 * --weights: vector weights to report beside the default (nothing is chosen on these questions).
 * The embedded library is kept in ~/.cache/genten-eval-crosslingual (eval/embedded-library.ts).
 * A hit: a top-k passage from the gold document whose pages overlap the gold pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FUSION, type FusionOptions } from '../src/main/core/search/search';
import { RANKED_TOGETHER, embeddedLibrary, pageMetrics, pageRank } from './eval/embedded-library';
import { e5GgufPath } from './eval/eval-models';

interface CrossQuestion {
  id: string;
  lang: 'ja-en' | 'en-ja';
  question: string;
  doc: string;
  pages: number[];
}

const { values } = parseArgs({
  options: {
    questions: { type: 'string' },
    embedder: { type: 'string' },
    pdfs: { type: 'string' },
    weights: { type: 'string' },
    'json-only': { type: 'boolean' },
  },
});
const log = (s: string) => values['json-only'] || console.log(s);
const modelPath = values.embedder ?? e5GgufPath();
if (!modelPath) throw new Error('No embedding model: run npm run models:eval, or pass --embedder FILE');
const pdfs = path.resolve(values.pdfs ?? '../shared/eval/pdfs');
const questions: CrossQuestion[] = fs
  .readFileSync(values.questions ?? path.join(import.meta.dirname, 'eval-data', 'crosslingual.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));

const library = await embeddedLibrary({ paths: [path.join(pdfs, 'en'), path.join(pdfs, 'ja')], modelPath });
log(
  `Indexed ${library.pages} pages, ${library.chunks} passages; embedded in ${library.embedSeconds.toFixed(1)} s${library.reused ? ' (kept from that run)' : ''}; library ${library.libraryMB.bm25} MB, ${library.libraryMB.withVectors} MB with vectors`,
);
const weight = DEFAULT_FUSION.vectorWeight;
const extra = (values.weights ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number)
  .filter((w) => w !== weight);
const runs: Record<string, [number, Partial<FusionOptions>?]> = {
  BM25: [0],
  [`hybrid (${weight}), ranked together as before`]: [weight, RANKED_TOGETHER],
  [`hybrid (${weight}, default)`]: [weight],
  ...Object.fromEntries(extra.map((w) => [`hybrid (${w})`, [w]])),
};
const result: Record<string, Record<string, ReturnType<typeof pageMetrics>>> = {};
const misses: string[] = [];
for (const [run, [vectorWeight, fusion]] of Object.entries(runs)) {
  const ranks = [];
  for (const q of questions) {
    const hits = await library.search(q.question, { k: 10, vectorWeight, fusion });
    const rank = pageRank(hits, path.join(pdfs, q.doc), q.pages);
    ranks.push({ lang: q.lang, rank, empty: hits.length === 0 });
    if (vectorWeight === weight && !fusion && rank !== 0)
      misses.push(`${q.id} ${q.question} → ${hits[0] ? `${path.basename(hits[0].path)} p.${hits[0].page}` : 'nothing'} (gold rank ${rank + 1 || '>10'})`);
  }
  result[run] = {
    all: pageMetrics(ranks),
    'ja-en': pageMetrics(ranks.filter((r) => r.lang === 'ja-en')),
    'en-ja': pageMetrics(ranks.filter((r) => r.lang === 'en-ja')),
  };
}
log('');
log(`| run | part | questions | hit@1 | hit@3 | hit@5 | MRR@10 | no result |\n|---|---|---|---|---|---|---|---|`);
for (const [run, parts] of Object.entries(result))
  for (const [part, m] of Object.entries(parts)) log(`| ${run} | ${part} | ${m.questions} | ${m.hit1} | ${m.hit3} | ${m.hit5} | ${m.mrr10} | ${m.empty} |`);
log('');
log(`Hybrid first hits not on a gold page:\n${misses.join('\n')}`);
console.log(JSON.stringify({ crosslingual: result, vectorWeight: weight }));
await library.close();
