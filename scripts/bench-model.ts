/**
 * A real model's speed where users feel it (issue 19: first token ≤ 2 s, ≥ 30 tokens/s on 2 cores),
 * printed, not a timed test: the sample library's questions (scripts/eval-answers-data/samples.jsonl)
 * asked through answerQuestion with style 'model', Gemma 3 270M from `npm run models:eval` (or
 * --model FILE), at the app's own thread count (GENTEN_LLAMA_THREADS or every core) and context.
 *   npx tsx scripts/bench-model.ts [--model FILE] [--rounds N]
 * Also imported by scripts/bench.ts, which adds these figures to its own when the model is there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { answerQuestion } from '../src/main/core/answer/answer-question';
import { Engine } from '../src/main/core/engine';
import { configureLlama, disposeLlama, loadModel } from '../src/main/core/llm/llama';
import { gemmaGgufPath } from './eval/eval-models';

const ROOT = path.resolve(import.meta.dirname, '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

export async function benchModel(modelPath: string, rounds = 2): Promise<Record<string, number | string>> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-bench-model-'));
  const engine = await Engine.open({ libraryDir: path.join(work, 'library') });
  try {
    await engine.index({ paths: [path.join(ROOT, 'resources/samples')] });
    const analyzer = await engine.getAnalyzer();
    const questions = fs
      .readFileSync(path.join(ROOT, 'scripts/eval-answers-data/samples.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { question: string }).question);
    configureLlama({ gpu: false });
    const model = await loadModel(modelPath);
    const firstToken: number[] = [];
    const rates: number[] = [];
    let tokens = 0;
    // Round 1 warms the page cache and the prompt prefix; the later rounds are what a user meets.
    for (let round = 0; round < rounds; round++) {
      for (const question of questions) {
        const result = await answerQuestion({
          question,
          retrieve: (query) => engine.search(query, { k: 8 }),
          model,
          style: 'model',
          analyze: (text) => analyzer.terms(text),
        });
        if (round === 0 && rounds > 1) continue;
        if (result.timings.firstTokenMs !== null) firstToken.push(result.timings.firstTokenMs);
        if (result.timings.tokensPerSecond !== null) rates.push(result.timings.tokensPerSecond);
        tokens += result.timings.tokens;
      }
    }
    const figures = {
      realModel: path.basename(modelPath),
      realModelThreads: model.threads,
      realModelAnswers: firstToken.length,
      realModelFirstTokenP50Ms: Math.round(median(firstToken)),
      realModelFirstTokenP95Ms: Math.round(p95(firstToken)),
      realModelTokensPerSecondP50: Math.round(median(rates) * 10) / 10,
      realModelTokensMean: Math.round(tokens / Math.max(1, firstToken.length)),
    };
    await model.dispose();
    await disposeLlama();
    return figures;
  } finally {
    engine.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { model: { type: 'string' }, rounds: { type: 'string' } } });
  const modelPath = values.model ?? gemmaGgufPath();
  if (!modelPath) throw new Error('No model: run npm run models:eval, or pass --model FILE');
  const results = await benchModel(modelPath, Number(values.rounds ?? 2));
  console.log(
    `| measure | value |\n|---|---|\n${Object.entries(results)
      .map(([k, v]) => `| ${k} | ${v} |`)
      .join('\n')}`,
  );
  console.log(JSON.stringify(results));
}
