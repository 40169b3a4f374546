/**
 * An embedding model from a GGUF file: its id from the file (name, size and a hash of the first
 * and last MiB, so a re-quantised or replaced file with the same name is a new model), its family
 * from the header, and the weights loaded by llama.ts on first use. Imports node-llama-cpp: load
 * this file lazily (`await import(...)`) where no model may be needed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { loadEmbedder, readGgufHeader, type LoadEmbedderOptions, type LocalEmbedder } from '../llm/llama';
import { embeddingFamilyOf } from './families';
import type { EmbeddingModel } from './model';

const HASHED_BYTES = 1024 * 1024;

/** `<file name> <size> <sha256 of the first and last MiB, 16 hex>`. Reads 2 MiB at most. */
export async function modelFileId(modelPath: string): Promise<string> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(modelPath, 'r');
    const { size } = await handle.stat();
    const hash = createHash('sha256');
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle!.read(buffer, 0, length, position);
      hash.update(buffer.subarray(0, bytesRead));
    };
    await read(0, Math.min(HASHED_BYTES, size));
    if (size > HASHED_BYTES) await read(Math.max(HASHED_BYTES, size - HASHED_BYTES), Math.min(HASHED_BYTES, size - HASHED_BYTES));
    return `${path.basename(modelPath)} ${size} ${hash.digest('hex').slice(0, 16)}`;
  } catch (error) {
    throw new GentenError('MODEL_ERROR', `Cannot read the embedding model ${modelPath}: ${(error as Error).message}`, modelPath);
  } finally {
    await handle?.close();
  }
}

/**
 * One thread unless GENTEN_LLAMA_THREADS says otherwise: an encoder of 384 dimensions does too little
 * per step to pay for llama.cpp's thread barriers, and on a busy machine the second thread's spinning
 * costs far more than it gains (multilingual-e5-small, 2 shared cores at load 8: a query in 56 ms with
 * one thread, 2,090 ms with two; a 200-token passage 228 ms and 2,714 ms).
 */
function defaultEmbedderThreads(): number | undefined {
  return process.env.GENTEN_LLAMA_THREADS ? undefined : 1;
}

export type OpenEmbeddingModelOptions = Omit<LoadEmbedderOptions, 'signal'>;

/**
 * Describes a GGUF embedding model (id, family) without loading its weights; they load on the
 * first `load()`. Options go to loadEmbedder (threads default to 1, see defaultEmbedderThreads).
 */
export async function openEmbeddingModel(modelPath: string, options: OpenEmbeddingModelOptions = {}): Promise<EmbeddingModel> {
  const file = path.resolve(modelPath);
  const [id, header] = await Promise.all([modelFileId(file), readGgufHeader(file)]);
  const family = embeddingFamilyOf({ name: header.name, fileName: path.basename(file), architecture: header.architecture });
  let loading: Promise<LocalEmbedder> | undefined;
  let disposed = false;
  return {
    id,
    name: path.basename(file),
    family,
    load({ signal } = {}) {
      if (disposed) return Promise.reject(new GentenError('MODEL_ERROR', `The embedding model ${path.basename(file)} was disposed`));
      loading ??= loadEmbedder(file, { threads: defaultEmbedderThreads(), ...options, signal }).catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return loading;
    },
    async dispose() {
      disposed = true;
      const pending = loading;
      loading = undefined;
      await (await pending?.catch(() => undefined))?.dispose();
    },
  };
}
