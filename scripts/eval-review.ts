/**
 * Review evaluation, through the engine the app uses, without a model:
 *   npm run eval:review -- [--json-only] [--skip-speed] [--only cuad,cuad22,ja-real,ja,en,speed] [--embedder e5|FILE] [--model FILE [--model-documents N]]
 * Figures are printed for a tuning part and a held-out part (scripts/eval-review-data/split.ts);
 * the held-out one counts. EVAL_REVIEW_MISSES=1 lists the tuning part's misses; EVAL_REVIEW_DUMP=FILE
 * writes the tuning part's status signals (for fitting item-status.ts on the tuning part only).
 * 1. CUAD (../shared/eval/contract-review): the 41 categories over the PAXMEDICA contract (tuned on).
 * 1b. CUAD-22 (../shared/eval/cuad-22): 22 contracts × 41 items, each through reviewItem as
 *    `genten review` gives it; page recall@3, quote recall@3 (the citation's quote shares 40
 *    characters with a marked clause), false not_found, absent → not_found, seconds per item; then
 *    English within-document retrieval on the same pairs beside paragraph BM25. Once more with example
 *    wording per item from the tuning part's gold only (with-examples.ts), and the absence bound's curve.
 * 1c. Real Japanese company rules (tuqulore/employee-handbook, CC0), rendered to PDFs, a 21-item
 *    checklist with gold articles, split by item (Japanese quotes: a run of 20 characters).
 * 2. Japanese rules (a 就業規則 written for this eval, rendered to a PDF with numbers written
 *    every way: kanji, full-width, ②, （見出し）第N条): a Japanese checklist, and references to
 *    provisions; the item is right when a top-3 passage's page holds the provision.
 * 3. English within-document retrieval: questions written over the OWASP Top 10 and IRS 1040-NR
 *    PDFs with answer strings; hit@1 / hit@5 of Genten's search kept to the document, beside
 *    plain paragraph BM25 with stop words removed (whitespace tokens, lower case).
 * 4. Speed: the 41 items over a 150-page contract (the CUAD contract's clauses, numbered on,
 *    rendered to 150 pages), one document, no model.
 * --embedder e5 (multilingual-e5-small from `npm run models:eval`) or --embedder FILE runs CUAD-22
 * and the Japanese rules once more with the embedder's leg; their libraries are kept in
 * ~/.cache/genten-eval-review so that the passages are embedded once (minutes), not on every run.
 * --model FILE (a chat or base GGUF, e.g. Gemma 3 270M) has the model write CUAD-22's answers, on the
 * first --model-documents (default 3) contracts of each part, beside the same contracts without it.
 * Prints a table per part and one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/core/engine';
import { parseFile } from '../src/main/core/ingest/parse-file';
import { loadChecklist } from '../src/main/core/review/checklist';
import { ItemRetrievalCache, retrieveForItem, type ItemEvidence } from '../src/main/core/review/retrieve-item';
import { makePdf } from '../tests/helpers/fixtures';
import { JA_RULES_CHECKLIST, JA_RULES_PAGES } from './eval-review-data/ja-rules';
import { EN_QUESTIONS } from './eval-review-data/en-questions';
import { JA_CHECKLIST, makeJapaneseRules } from './eval-review-data/ja-rules-real';
import { paragraphBm25, paragraphsOf, withinDocument, withinTable } from './eval-review-data/within-document';
import { evaluateSet, partTable, type GoldPair } from './eval-review-data/review-set';
import { examplesOffOn } from './eval-review-data/with-examples';
import { embedderPath, evalEngine } from './eval-review-data/eval-engine';
import { withModel } from './eval-review-data/with-model';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'json-only': { type: 'boolean' },
    'skip-speed': { type: 'boolean' },
    only: { type: 'string' },
    embedder: { type: 'string' },
    model: { type: 'string' },
    'model-documents': { type: 'string' },
  },
});
const log = (s: string) => values['json-only'] || console.log(s);
const evalDir = path.resolve('../shared/eval');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-eval-review-'));
const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const round = (x: number) => +x.toFixed(4);

/** An item's checklist row. */
interface Item {
  id: string;
  question: string;
}

/** True when the passage shares ≥ 40 characters with the clause (or holds all of a shorter one). */
function sharesClause(passage: string, clause: string): boolean {
  const text = fold(passage);
  return clause
    .split('<omitted>')
    .map(fold)
    .filter(Boolean)
    .some((piece) => {
      if (piece.length < 40) return text.includes(piece);
      for (let i = 0; i + 40 <= piece.length; i++) if (text.includes(piece.slice(i, i + 40))) return true;
      return false;
    });
}

const table = (rows: Array<[string, string | number]>) => {
  log('| metric | value |\n|---|---|');
  for (const [k, v] of rows) log(`| ${k} | ${v} |`);
  log('');
};

const engine = await Engine.open({ libraryDir: path.join(work, 'library') });
const result: Record<string, unknown> = {};

// ---- 1. CUAD -------------------------------------------------------------------------------
async function cuad(): Promise<void> {
  const dir = path.join(evalDir, 'contract-review');
  const contract = path.join(evalDir, 'pdfs/en/cuad_PAXMEDICA_master_service_agreement.pdf');
  // Read by the product's own checklist loader, as `genten review` reads it.
  const items: Item[] = (await loadChecklist(path.join(dir, 'checklist.csv'))).items;
  const gold = new Map<string, string[]>(
    fs
      .readFileSync(path.join(dir, 'gold.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const g = JSON.parse(l) as { id: string; clauses: string[] };
        return [g.id, g.clauses];
      }),
  );
  await engine.index({ paths: [contract], collection: 'cuad' });
  const cache = new ItemRetrievalCache();
  let present = 0,
    recalled = 0,
    recalledReported = 0,
    absent = 0,
    absentNotFound = 0,
    presentNotFound = 0;
  const statuses: Record<string, number> = { found: 0, needs_review: 0, not_found: 0 };
  const misses: string[] = [];
  const start = performance.now();
  for (const item of items) {
    const evidence = await retrieveForItem(engine, { question: item.question }, { path: contract, k: 3, cache });
    statuses[evidence.status]++;
    const clauses = gold.get(item.id) ?? [];
    if (clauses.length > 0) {
      present++;
      const hit = evidence.hits.slice(0, 3).some((h) => clauses.some((c) => sharesClause(h.text, c)));
      if (hit) recalled++;
      if (hit && evidence.status !== 'not_found') recalledReported++;
      if (evidence.status === 'not_found') presentNotFound++;
      if (!hit || evidence.status === 'not_found') misses.push(`${item.id} ${evidence.status} ${evidence.reason}`);
    } else {
      absent++;
      if (evidence.status === 'not_found') absentNotFound++;
      else misses.push(`${item.id} (absent) ${evidence.status}: ${evidence.reason}`);
    }
    if (process.env.EVAL_REVIEW_VERBOSE)
      log(`${item.id} ${evidence.status} ${evidence.score} ${evidence.reason}\n   ${evidence.hits.map((h) => h.section).join(' | ')}`);
  }
  const seconds = (performance.now() - start) / 1000;
  const cuadResult = {
    items: items.length,
    present,
    absent,
    recallAt3: round(recalled / present),
    recallAt3NotReportedNotFound: round(recalledReported / present),
    absentNotFound: round(absentNotFound / absent),
    presentReportedNotFound: presentNotFound,
    statuses,
    seconds: +seconds.toFixed(2),
  };
  log(`CUAD (${items.length} items over the PAXMEDICA contract, no model)`);
  table([
    ['recall@3 (items with clauses)', `${cuadResult.recallAt3} (${recalled}/${present})`],
    ['recall@3, counting only items not reported not_found', cuadResult.recallAt3NotReportedNotFound],
    ['absent categories reported not_found', `${cuadResult.absentNotFound} (${absentNotFound}/${absent})`],
    ['present categories reported not_found', presentNotFound],
    ['statuses', JSON.stringify(statuses)],
    ['seconds for 41 items (7 pages)', cuadResult.seconds],
  ]);
  if (misses.length) log(`Misses:\n${misses.map((m) => `- ${m}`).join('\n')}\n`);
  result.cuad = cuadResult;
}

// ---- 1b. CUAD-22: contracts nobody tuned on, split into tuning / held-out ------------------------
async function cuad22(embedder?: string): Promise<void> {
  const dir = path.join(evalDir, 'cuad-22');
  const items = (await loadChecklist(path.join(dir, 'checklist.csv'))).items;
  const gold = readGold(path.join(dir, 'gold.jsonl'));
  // A library of these contracts alone, so that nothing else shapes their statistics.
  const { engine, close } = await evalEngine(work, 'cuad22', embedder);
  const leg = embedder ? `, with the embedder ${path.basename(embedder)}` : ', no model';
  try {
    const misses: string[] = [];
    // Without and with example wording per item (examples from the tuning part's gold clauses only).
    const run = await examplesOffOn(
      {
        engine,
        dir: path.join(dir, 'pdfs'),
        items,
        gold,
        language: 'en',
        misses: (part, line) => part === 'tuning' && misses.push(line),
        dump: process.env.EVAL_REVIEW_DUMP ? (line) => fs.appendFileSync(process.env.EVAL_REVIEW_DUMP!, line + '\n') : undefined,
      },
      `CUAD-22 (${items.length} items × 22 contracts; review as \`genten review --json\` gives it${leg}; split in scripts/eval-review-data/split.ts)`,
    );
    for (const t of run.tables) log(t);
    if (process.env.EVAL_REVIEW_MISSES) log(`Tuning-part misses:\n${misses.map((m) => `- ${m}`).join('\n')}\n`);
    result[embedder ? 'cuad22Embedder' : 'cuad22'] = run.off;
    result[embedder ? 'cuad22EmbedderExamples' : 'cuad22Examples'] = run.on;
    if (embedder) return; // within-document search is the library's own (docs/retrieval.md measures its vector leg)
    const within = await withinDocument(engine, path.join(dir, 'pdfs'), items, gold);
    log(withinTable(within));
    result.englishUnseen = within;
  } finally {
    await close();
  }
}

// ---- 1b'. CUAD-22 with a model writing the answers, on a few contracts of each part ----------------
async function cuad22Model(modelPath: string, perPart: number): Promise<void> {
  const dir = path.join(evalDir, 'cuad-22');
  const items = (await loadChecklist(path.join(dir, 'checklist.csv'))).items;
  const run = await withModel({ work, dir, items, gold: readGold(path.join(dir, 'gold.jsonl')), modelPath, perPart });
  for (const t of run.tables) log(t);
  result.cuad22Model = run.result;
}

// ---- 1c. Real Japanese company rules, split by checklist item ------------------------------------
async function japaneseReal(embedder?: string): Promise<void> {
  const { engine, docsDir, close } = await evalEngine(work, 'ja', embedder);
  const { documents, gold } = await makeJapaneseRules(docsDir);
  const leg = embedder ? `, with the embedder ${path.basename(embedder)}` : '';
  try {
    const misses: string[] = [];
    const res = await evaluateSet({
      engine,
      dir: docsDir,
      items: JA_CHECKLIST,
      gold,
      language: 'ja',
      splitBy: 'item',
      expectPages: new Map(documents.map((d) => [path.basename(d.file), d.pages.length])),
      misses: (part, line) => part === 'tuning' && misses.push(line),
      dump: process.env.EVAL_REVIEW_DUMP ? (line) => fs.appendFileSync(process.env.EVAL_REVIEW_DUMP!, line + '\n') : undefined,
    });
    log(partTable(`Japanese company rules (${JA_CHECKLIST.length} items × ${documents.length} real 規程 of 株式会社ツクロア, CC0; split by item${leg})`, res));
    if (process.env.EVAL_REVIEW_MISSES) log(`Tuning-part misses:\n${misses.map((m) => `- ${m}`).join('\n')}\n`);
    result[embedder ? 'jaRealEmbedder' : 'jaReal'] = res;
  } finally {
    await close();
  }
}

function readGold(file: string): GoldPair[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GoldPair);
}

// ---- 2. Japanese rules ------------------------------------------------------------------------
async function japaneseRules(): Promise<void> {
  const file = path.join(work, 'docs', '就業規則.pdf');
  await makePdf(file, JA_RULES_PAGES, { title: '就業規則', footer: (p) => `- ${p} -` });
  await engine.index({ paths: [file], collection: 'ja-rules' });
  const cache = new ItemRetrievalCache();
  let right = 0,
    rightFirst = 0,
    found = 0;
  const misses: string[] = [];
  for (const item of JA_RULES_CHECKLIST) {
    const evidence = await retrieveForItem(engine, { question: item.question }, { path: file, k: 3, cache });
    // Lines broken at the margin ("11時\n間") still hold the provision.
    const ok = evidence.hits.slice(0, 3).some((h) => h.page <= item.page && item.page <= h.pageEnd && h.text.replace(/\s+/g, '').includes(item.provision));
    const first = evidence.hits[0] && evidence.hits[0].page <= item.page && item.page <= evidence.hits[0].pageEnd;
    if (ok) right++;
    if (first) rightFirst++;
    if (evidence.status === 'found') found++;
    if (!ok || evidence.status !== 'found')
      misses.push(
        `${item.question} → ${evidence.status}, p.${evidence.hits.map((h) => h.page).join(',')} (${evidence.hits.map((h) => h.section).join(' | ')})`,
      );
  }
  const n = JA_RULES_CHECKLIST.length;
  const ja = { items: n, pages: JA_RULES_PAGES.length, pageRightAt3: round(right / n), pageRightAt1: round(rightFirst / n), found: round(found / n) };
  log(`Japanese checklist over Japanese rules (${n} items, ${ja.pages}-page 就業規則 PDF)`);
  table([
    ['cited page holds the provision, top 3', `${ja.pageRightAt3} (${right}/${n})`],
    ['... first passage', ja.pageRightAt1],
    ['reported found', ja.found],
  ]);
  if (misses.length) log(`Misses:\n${misses.map((m) => `- ${m}`).join('\n')}\n`);
  result.jaRules = ja;
}

// ---- 3. English within one document ----------------------------------------------------------
async function englishWithinDocument(): Promise<void> {
  const byDoc = new Map<string, typeof EN_QUESTIONS>();
  for (const q of EN_QUESTIONS) byDoc.set(q.doc, [...(byDoc.get(q.doc) ?? []), q]);
  const files = [...byDoc.keys()].map((d) => path.join(evalDir, d));
  // A library of these documents alone: BM25's statistics come from the library, and the other
  // parts' documents would change them from run to run of a part.
  const engine = await Engine.open({ libraryDir: path.join(work, 'library-en') });
  try {
    await englishRun(engine, byDoc, files);
  } finally {
    engine.dispose();
  }
}

async function englishRun(engine: Engine, byDoc: Map<string, typeof EN_QUESTIONS>, files: string[]): Promise<void> {
  await engine.index({ paths: files, collection: 'en' });
  const docs = await engine.documents();
  let g1 = 0,
    g5 = 0,
    b1 = 0,
    b5 = 0;
  for (const [doc, questions] of byDoc) {
    const file = path.join(evalDir, doc);
    const documentId = docs.find((d) => d.path === file)!.id;
    // The baseline's paragraphs: the same extracted text, split at blank lines or sentence ends.
    const paragraphs = paragraphsOf(await parseFile(file));
    const baseline = paragraphBm25(paragraphs);
    for (const q of questions) {
      const answers = q.answers.map(fold);
      const has = (text: string) => answers.some((a) => fold(text).includes(a));
      const hits = await engine.search(q.question, { k: 5, documentId });
      if (hits[0] && has(hits[0].text)) g1++;
      if (hits.slice(0, 5).some((h) => has(h.text))) g5++;
      const ranked = baseline(q.question);
      if (has(paragraphs[ranked[0]])) b1++;
      if (ranked.slice(0, 5).some((i) => has(paragraphs[i]))) b5++;
    }
  }
  const n = EN_QUESTIONS.length;
  const en = {
    questions: n,
    documents: byDoc.size,
    hit1: round(g1 / n),
    hit5: round(g5 / n),
    paragraphBm25Hit1: round(b1 / n),
    paragraphBm25Hit5: round(b5 / n),
  };
  log(`English within one document (${n} questions over ${[...byDoc.keys()].map((d) => path.basename(d)).join(', ')})`);
  table([
    ['Genten hit@1 / hit@5', `${en.hit1} / ${en.hit5}`],
    ['paragraph BM25 with stop words removed hit@1 / hit@5', `${en.paragraphBm25Hit1} / ${en.paragraphBm25Hit5}`],
  ]);
  result.english = en;
}

// ---- 4. Speed ----------------------------------------------------------------------------------
async function speed(): Promise<void> {
  const contract = path.join(evalDir, 'pdfs/en/cuad_PAXMEDICA_master_service_agreement.pdf');
  const source = await parseFile(contract);
  const lines = source.pages.flatMap((p) => p.text.split('\n')).filter((l) => l.trim());
  // 150 pages: the contract's lines again and again, each copy's sections renumbered on (13.0, 14.0…),
  // cut at 75 characters (one line of the page), 34 lines a page.
  const perPage = 34;
  const wrapped: string[] = [];
  for (let copy = 0; wrapped.length < 150 * perPage; copy++) {
    for (const line of lines) {
      const renumbered = line.replace(/^(\d{1,2})\.(\d)/, (_, a: string, b: string) => `${Number(a) + copy * 12}.${b}`);
      for (let i = 0; i < renumbered.length; i += 75) wrapped.push(renumbered.slice(i, i + 75));
    }
  }
  const pages: string[][] = [];
  for (let i = 0; i < 150 * perPage; i += perPage) pages.push(wrapped.slice(i, i + perPage));
  const file = path.join(work, 'docs', 'contract-150p.pdf');
  await makePdf(file, pages, { title: 'Master Service Agreement (150 pages)' });
  await engine.index({ paths: [file], collection: 'speed' });
  const rows = (await loadChecklist(path.join(evalDir, 'contract-review/checklist.csv'))).items;
  const start = performance.now();
  // CPU time beside wall time: on a shared machine the wall clock says more about the neighbours.
  const cpuStart = process.cpuUsage();
  const cache = new ItemRetrievalCache();
  const statuses: ItemEvidence['status'][] = [];
  for (const { question } of rows) statuses.push((await retrieveForItem(engine, { question }, { path: file, cache })).status);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const doc = (await engine.documents()).find((d) => d.path === file)!;
  const sp = {
    items: rows.length,
    pages: doc.pages,
    chunks: doc.chunks,
    seconds: +seconds.toFixed(2),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
  };
  log(`Speed: ${rows.length} items over a ${doc.pages}-page contract (${doc.chunks} passages), no model`);
  table([
    ['seconds (target ≤ 20)', sp.seconds],
    ['CPU seconds of this process', sp.cpuSeconds],
    ['items per second', +(rows.length / seconds).toFixed(1)],
  ]);
  result.speed = sp;
}

try {
  const only = values.only?.split(',');
  if (!only || only.includes('cuad')) await cuad();
  const embedder = values.embedder ? embedderPath(values.embedder) : undefined;
  if (!only || only.includes('cuad22')) await cuad22();
  if (embedder && (!only || only.includes('cuad22'))) await cuad22(embedder);
  if (values.model) await cuad22Model(path.resolve(values.model), Number(values['model-documents'] ?? 3));
  if (!only || only.includes('ja-real')) await japaneseReal();
  if (embedder && (!only || only.includes('ja-real'))) await japaneseReal(embedder);
  if (!only || only.includes('ja')) await japaneseRules();
  if (!only || only.includes('en')) await englishWithinDocument();
  if ((!only || only.includes('speed')) && !values['skip-speed']) await speed();
  console.log(JSON.stringify(result));
} finally {
  engine.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}
