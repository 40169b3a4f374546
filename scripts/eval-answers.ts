/**
 * Answer quality, extractive vs a real local model (Gemma 3 270M by default), through the app's
 * own pipeline (search, answerQuestion, support check) on questions of a jsquad-dev style corpus.
 *   npm run eval:answers -- [corpusDir] [--questions N (300)] [--tune N (100)] [--limit N (each part's first N)] [--model FILE] [--systems extractive,model]
 *                           [--db DIR] [--out DIR] [--threads N] [--fresh] [--json-only] [--docs DIR --questions-file FILE]
 * The sample library (the app's Load samples), with questions written for it:
 *   npm run eval:answers -- --docs resources/samples --questions-file scripts/eval-answers-data/samples.jsonl --tune 8 --db /tmp/s --out /tmp/s-out
 * The first --tune questions are the part prompts and settings were tuned on; the rest are held
 * out, and the held-out figures are the ones that count. Each answer is appended to
 * <out>/<system>.jsonl as it is made, so an interrupted run resumes where it stopped (--fresh starts over).
 * Prints one JSON line per system and part, then a table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answerQuestion } from '../src/main/core/answer/answer-question';
import { stripCitationMarkers } from '../src/main/core/answer/citations';
import { citeUncitedSentences } from '../src/main/core/answer/cite-uncited';
import { EXTRACTED_LABEL } from '../src/main/core/answer/extractive';
import { answerSentences, checkSupport, plainSentence } from '../src/main/core/answer/support-check';
import { Engine } from '../src/main/core/engine';
import type { ChatModel } from '../src/main/core/llm/types';
import type { Hit } from '../src/shared/types';
import { mulberry32 } from '../tests/helpers/tiny-gguf';
import { charF1, comparable, containsGold, mean, percentile } from './answer-metrics';
import { evalModelsDir, gemmaGgufPath } from './eval/eval-models';

interface Question {
  id: string;
  question: string;
  answers: string[];
  doc: string;
}

/** One answered question, as stored in <out>/<system>.jsonl. */
interface Row {
  id: string;
  answer: string;
  contains: boolean;
  f1: number;
  citedHolds: boolean;
  retrievedHolds: boolean;
  sentences: number;
  flagged: number;
  firstTokenMs: number | null;
  totalMs: number;
  tokens: number;
  tokensPerSecond: number | null;
  /** The passages the answer could cite, [n] = passages[n - 1]: support is re-checked from them at every summary. */
  passages: Hit[];
}

/** A row with what the support check says now (so that a change to the check needs no new answers). */
interface Scored extends Row {
  /** Planted fabricated sentences: kind and whether the support check flagged it. */
  planted: Array<{ kind: string; flagged: boolean }>;
}

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    questions: { type: 'string', default: '300' },
    limit: { type: 'string' },
    tune: { type: 'string', default: '100' },
    model: { type: 'string' },
    systems: { type: 'string', default: 'extractive,model' },
    db: { type: 'string' },
    out: { type: 'string' },
    threads: { type: 'string' },
    fresh: { type: 'boolean' },
    docs: { type: 'string' },
    'questions-file': { type: 'string' },
    'json-only': { type: 'boolean' },
  },
});
const log = (s: string) => values['json-only'] || console.log(s);
const corpus = path.resolve(positionals[0] ?? '../shared/eval/jsquad-dev');
const count = Number(values.questions);
const limit = values.limit ? Number(values.limit) : Infinity;
const tune = Number(values.tune);
const modelPath = values.model ?? gemmaGgufPath() ?? path.join(evalModelsDir(), 'gemma-3-270m-q4_k_m.gguf');
const outDir = path.resolve(values.out ?? path.join(os.tmpdir(), 'genten-eval-answers'));
const dbDir = path.resolve(values.db ?? path.join(os.tmpdir(), 'genten-eval-answers-db'));
fs.mkdirSync(outDir, { recursive: true });

// Spread the questions over the whole set (every k-th), not the first articles only.
const all: Question[] = fs
  .readFileSync(path.resolve(values['questions-file'] ?? path.join(corpus, 'questions.jsonl')), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Question);
const stride = Math.max(1, Math.floor(all.length / count));
const chosen = all.filter((_, i) => i % stride === 0).slice(0, count);
// --limit answers the first N of each part, so that a short run still reports both.
const questions = [...chosen.slice(0, tune).slice(0, limit), ...chosen.slice(tune).slice(0, limit)];
const tunedCount = Math.min(tune, limit);

const engine = await Engine.open({ libraryDir: dbDir });
const indexed = await engine.index({ paths: [path.resolve(values.docs ?? path.join(corpus, 'docs'))] });
log(`Library ${dbDir}: ${indexed.documents} documents, ${indexed.chunks} chunks; ${questions.length} questions (first ${tunedCount} from the tuned part)`);
const analyzer = await engine.getAnalyzer();
const analyze = (text: string) => analyzer.terms(text);

/** Sentences from other questions' documents, for planting: fluent, real, and about something else. */
async function foreignSentence(q: Question, random: () => number): Promise<string> {
  for (;;) {
    const other = questions[Math.floor(random() * questions.length)]!;
    if (other.doc === q.doc) continue;
    const [hit] = await engine.search(other.question, { k: 1 });
    const options = answerSentences(hit?.text ?? '')
      .map((s) => plainSentence(s.text))
      .filter((s) => s.length >= 15 && s.length <= 120);
    if (options.length) return options[Math.floor(random() * options.length)]!;
  }
}

/** The passage sentence holding the gold answer, with the answer swapped for another question's. */
function swappedSentence(q: Question, passages: Hit[], random: () => number): string | undefined {
  for (const [i, hit] of passages.entries()) {
    for (const span of answerSentences(hit.text)) {
      const text = plainSentence(span.text);
      const gold = q.answers.find((a) => text.includes(a));
      if (!gold) continue;
      const other = questions.filter((o) => o.doc !== q.doc)[Math.floor(random() * (questions.length - 1))]?.answers[0];
      if (!other || other === gold) return undefined;
      return `${text.replace(gold, other)}[${i + 1}]`;
    }
  }
  return undefined;
}

/** Plants fabricated sentences after the answer's first sentence and asks the support check about each. */
async function plant(q: Question, answer: string, passages: Hit[]): Promise<Scored['planted']> {
  const random = mulberry32([...q.id].reduce((h, c) => h * 31 + c.charCodeAt(0), 7));
  const planted: Array<{ kind: string; sentence: string }> = [
    { kind: 'foreign-cited', sentence: `${await foreignSentence(q, random)}[1]` },
    { kind: 'foreign-uncited', sentence: await foreignSentence(q, random) },
  ];
  const swapped = swappedSentence(q, passages, random);
  if (swapped) planted.push({ kind: 'swapped-fact', sentence: swapped });
  const first = answerSentences(answer)[0];
  return planted.map(({ kind, sentence }) => {
    const at = first?.end ?? answer.length;
    // On a line of its own: an answer whose sentence has no end mark would swallow it.
    const withPlant = `${answer.slice(0, at)}\n${sentence}\n${answer.slice(at)}`.trim();
    const cited = citeUncitedSentences(withPlant, passages, { analyze }).answer;
    const report = checkSupport(cited, passages, { analyze });
    const target = comparable(stripCitationMarkers(sentence));
    const found = report.sentences.find((s) => comparable(s.sentence) === target);
    return { kind, flagged: found ? !found.supported : false };
  });
}

/** The extractive answer's label line ("資料から該当箇所を抜き出しました…") is no claim to check. */
function withoutLabel(answer: string): string {
  const labels = new Set(Object.values(EXTRACTED_LABEL));
  return answer
    .split('\n')
    .filter((line) => !labels.has(line.trim()))
    .join('\n');
}

async function runSystem(system: string, model: ChatModel | undefined): Promise<Scored[]> {
  const file = path.join(outDir, `${system}.jsonl`);
  if (values.fresh) fs.rmSync(file, { force: true });
  const done = new Map<string, Row>();
  if (fs.existsSync(file))
    for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const row = JSON.parse(line) as Row;
      done.set(row.id, row);
    }
  for (const [i, q] of questions.entries()) {
    if (done.has(q.id)) continue;
    let retrieved: Hit[] = [];
    let passages: Hit[] = [];
    const result = await answerQuestion({
      question: q.question,
      retrieve: async (query) => (retrieved = await engine.search(query, { k: 8 })),
      model,
      // Measure the model itself: 'auto' would not ask a base model (that is what this eval decided).
      style: 'model',
      analyze,
      onPassages: (p) => (passages = p),
    });
    if (!model) passages = retrieved.slice(0, 3);
    const holds = (h: Hit) => containsGold(h.text, q.answers);
    const cited = result.citations.map((c) => passages[c.n - 1]).filter((h): h is Hit => h !== undefined);
    const sentences = answerSentences(withoutLabel(result.answer)).filter((s) => plainSentence(s.text)).length;
    const row: Row = {
      id: q.id,
      answer: result.answer,
      contains: containsGold(result.answer, q.answers),
      f1: charF1(result.answer, q.answers),
      citedHolds: cited.some(holds),
      retrievedHolds: passages.some(holds),
      sentences,
      flagged: 0,
      firstTokenMs: result.timings.firstTokenMs,
      totalMs: result.timings.totalMs,
      tokens: result.timings.tokens,
      tokensPerSecond: result.timings.tokensPerSecond,
      passages,
    };
    fs.appendFileSync(file, `${JSON.stringify(row)}\n`);
    done.set(q.id, row);
    if (!values['json-only'] && process.stdout.isTTY) process.stdout.write(`\r${system}: ${i + 1}/${questions.length}`);
  }
  if (!values['json-only']) process.stdout.write('\n');
  const scored: Scored[] = [];
  for (const q of questions) {
    const row = done.get(q.id)!;
    const flagged = checkSupport(withoutLabel(row.answer), row.passages, { analyze }).unsupported.length;
    scored.push({ ...row, flagged, planted: model ? await plant(q, row.answer, row.passages) : [] });
  }
  return scored;
}

function summarize(system: string, part: string, rows: Scored[], extra: Record<string, unknown>) {
  const share = (f: (r: Scored) => boolean, of = rows) => (of.length ? Number((of.filter(f).length / of.length).toFixed(3)) : null);
  const round = (v: number | null, digits = 0) => (v === null ? null : Number(v.toFixed(digits)));
  const planted = rows.flatMap((r) => r.planted);
  const kinds = [...new Set(planted.map((p) => p.kind))];
  const sentences = rows.reduce((s, r) => s + r.sentences, 0);
  return {
    eval: 'answers',
    system,
    part,
    questions: rows.length,
    contains: share((r) => r.contains),
    charF1: round(mean(rows.map((r) => r.f1)), 3),
    citedPassageHolds: share((r) => r.citedHolds),
    passagesHold: share((r) => r.retrievedHolds),
    flaggedSentences: sentences ? Number((rows.reduce((s, r) => s + r.flagged, 0) / sentences).toFixed(3)) : null,
    answersWithFlag: share((r) => r.flagged > 0),
    firstTokenMsP50: round(
      percentile(
        rows.flatMap((r) => (r.firstTokenMs === null ? [] : [r.firstTokenMs])),
        50,
      ),
    ),
    firstTokenMsP95: round(
      percentile(
        rows.flatMap((r) => (r.firstTokenMs === null ? [] : [r.firstTokenMs])),
        95,
      ),
    ),
    tokensPerSecond: round(mean(rows.flatMap((r) => (r.tokensPerSecond === null ? [] : [r.tokensPerSecond]))), 1),
    tokensMean: round(mean(rows.map((r) => r.tokens)), 1),
    ...(planted.length
      ? {
          plantedFlagged: Number((planted.filter((p) => p.flagged).length / planted.length).toFixed(3)),
          plantedByKind: Object.fromEntries(
            kinds.map((k) => {
              const of = planted.filter((p) => p.kind === k);
              return [k, `${of.filter((p) => p.flagged).length}/${of.length}`];
            }),
          ),
        }
      : {}),
    ...extra,
  };
}

const summaries: Array<ReturnType<typeof summarize>> = [];
const peakRss = () => process.resourceUsage().maxRSS * 1024;
for (const system of values.systems.split(',')) {
  if (system === 'extractive') {
    const rows = await runSystem('extractive', undefined);
    const extra = { peakRssMB: Math.round(peakRss() / 2 ** 20) };
    summaries.push(summarize('extractive', 'tuned', rows.slice(0, tunedCount), extra), summarize('extractive', 'held-out', rows.slice(tunedCount), extra));
    continue;
  }
  const llama = await import('../src/main/core/llm/llama');
  const { estimateFit } = await import('../src/main/core/models/fit');
  llama.configureLlama({ gpu: false });
  const threads = Number(values.threads ?? process.env.GENTEN_LLAMA_THREADS ?? 1);
  const before = process.memoryUsage().rss;
  const model = await llama.loadModel(modelPath, { contextSize: 4096, threads });
  const loadedRss = process.memoryUsage().rss - before;
  const fit = await estimateFit(modelPath, { contextSize: 4096 });
  const rows = await runSystem(path.basename(modelPath, '.gguf'), model);
  const extra = {
    model: path.basename(modelPath),
    prompt: model.promptStyle,
    threads,
    peakRssMB: Math.round(peakRss() / 2 ** 20),
    modelRssMB: Math.round(loadedRss / 2 ** 20),
    fitEstimateMB: Math.round(fit.ramBytes / 2 ** 20),
  };
  summaries.push(
    summarize(path.basename(modelPath, '.gguf'), 'tuned', rows.slice(0, tunedCount), extra),
    summarize(path.basename(modelPath, '.gguf'), 'held-out', rows.slice(tunedCount), extra),
  );
  await model.dispose();
  await llama.disposeLlama();
}
engine.dispose();

for (const s of summaries) console.log(JSON.stringify(s));
if (!values['json-only']) {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '   -' : `${(v * 100).toFixed(1).padStart(5)}%`);
  log('\nsystem                     part      n   contains  charF1  cited-holds  flagged  planted-flagged  1st-token p50  tok/s');
  for (const s of summaries) {
    log(
      `${s.system.padEnd(26)} ${s.part.padEnd(8)} ${String(s.questions).padStart(3)}  ${pct(s.contains)}  ${(s.charF1 ?? 0).toFixed(3)}  ${pct(s.citedPassageHolds)}     ${pct(s.flaggedSentences)}   ${pct(s.plantedFlagged)}           ${String(s.firstTokenMsP50 ?? '-').padStart(6)} ms  ${s.tokensPerSecond ?? '-'}`,
    );
  }
}
