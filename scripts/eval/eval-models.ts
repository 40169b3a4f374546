/** Where `npm run models:eval` leaves the real weights (scripts/fetch-eval-models.mjs): for evaluation and model tests only. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function evalModelsDir(): string {
  return process.env.GENTEN_EVAL_MODELS || path.join(os.homedir(), '.cache', 'genten-eval-models');
}

/** multilingual-e5-small as converted by scripts/convert-e5-gguf.ts, or undefined when models:eval has not made it. */
export function e5GgufPath(): string | undefined {
  const file = path.join(evalModelsDir(), 'multilingual-e5-small-q4.gguf');
  return fs.existsSync(file) ? file : undefined;
}

/** Gemma 3 270M: GENTEN_TEST_MODEL (as CI sets it), else where models:eval leaves it; undefined when neither exists. */
export function gemmaGgufPath(): string | undefined {
  const file = process.env.GENTEN_TEST_MODEL ?? path.join(evalModelsDir(), 'gemma-3-270m-q4_k_m.gguf');
  return fs.existsSync(file) ? file : undefined;
}
