/**
 * CUAD-22 with a model writing the answers (eval-review.ts --model FILE): the first N contracts of
 * each part, once without the model and once with it, so that the two tables differ only by it. The
 * answer style is 'model': under 'auto' a base model is not asked (docs/answers.md).
 */
import path from 'node:path';
import type { ChecklistItem } from '../../src/shared/review';
import { evalEngine } from './eval-engine';
import { evaluateSet, partTable, type GoldPair, type PartResult } from './review-set';
import type { Part } from './split';

export interface WithModelOptions {
  /** The run's temp folder. */
  work: string;
  /** The set's folder (checklist.csv, gold.jsonl, pdfs/). */
  dir: string;
  items: ChecklistItem[];
  gold: GoldPair[];
  modelPath: string;
  perPart: number;
}

export async function withModel(options: WithModelOptions): Promise<{ tables: string[]; result: Record<string, unknown> }> {
  const { work, dir, items, gold, modelPath, perPart } = options;
  const llama = await import('../../src/main/core/llm/llama');
  llama.configureLlama({ gpu: false });
  const model = await llama.loadModel(modelPath, { contextSize: 4096 });
  const { engine, close } = await evalEngine(work, 'cuad22-model');
  try {
    const set = { engine, dir: path.join(dir, 'pdfs'), items, gold, language: 'en' as const, documentsPerPart: perPart };
    const without: Record<Part, PartResult> = await evaluateSet(set);
    const answered: Record<Part, PartResult> = await evaluateSet({ ...set, model });
    return {
      tables: [
        partTable(`CUAD-22, the first ${perPart} contracts of each part, no model (extractive answers)`, without),
        partTable(`CUAD-22, the same contracts, ${path.basename(modelPath)} writing the answers (${model.promptStyle ?? 'chat'} prompt)`, answered),
      ],
      result: { model: path.basename(modelPath), documentsPerPart: perPart, without, with: answered },
    };
  } finally {
    await close();
    await model.dispose();
    await llama.disposeLlama();
  }
}
