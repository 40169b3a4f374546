/**
 * The library a review eval set runs in: a fresh one in the run's temp folder (words alone), or,
 * with an embedding model, one kept in ~/.cache/genten-eval-review per set and model, so that
 * its passages are embedded once (minutes on two cores) and later runs only embed the items. Its
 * documents are read again (and their passages embedded again) once the analyser's or the text
 * pipeline's version changes (INDEX_VERSION), as a user's library is.
 */
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/main/core/engine';
import { e5GgufPath } from '../eval/eval-models';

export interface EvalEngine {
  engine: Engine;
  /** Where documents made at eval time are written (kept with the library when it is kept). */
  docsDir: string;
  close(): Promise<void>;
}

/** The GGUF named by --embedder: 'e5' is multilingual-e5-small from `npm run models:eval`. */
export function embedderPath(value: string): string {
  const file = value === 'e5' ? e5GgufPath() : path.resolve(value);
  if (!file) throw new Error('No multilingual-e5-small GGUF: run npm run models:eval, or pass --embedder FILE');
  return file;
}

export async function evalEngine(work: string, name: string, embedder?: string): Promise<EvalEngine> {
  if (!embedder) {
    const engine = await Engine.open({ libraryDir: path.join(work, `library-${name}`) });
    return { engine, docsDir: path.join(work, `docs-${name}`), close: async () => engine.dispose() };
  }
  // Loaded only here: the words-alone run needs no llama.cpp.
  const { openEmbeddingModel } = await import('../../src/main/core/embeddings/model-file');
  const { configureLlama, disposeLlama } = await import('../../src/main/core/llm/llama');
  configureLlama({ gpu: false });
  const kept = path.join(os.homedir(), '.cache', 'genten-eval-review', `${name}-${path.basename(embedder, '.gguf')}`);
  const model = await openEmbeddingModel(embedder);
  const engine = await Engine.open({ libraryDir: path.join(kept, 'library'), embedding: model });
  return {
    engine,
    docsDir: path.join(kept, 'docs'),
    async close() {
      engine.dispose();
      await model.dispose();
      await disposeLlama();
    },
  };
}
