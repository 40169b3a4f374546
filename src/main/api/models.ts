/**
 * Model files as GentenService and the CLI both handle them: the one GGUF check, the listing of
 * the models folders with whether each fits this machine, the embedding model chosen in settings,
 * and freeing what a command loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelEntry } from '../../shared/api';
import { GentenError, toErrorInfo } from '../../shared/errors';
import type { EmbeddingModel } from '../core/embeddings/model';
import type { DiscoveredModel, UnreadableModel } from '../core/models/discover';
import type { Policy } from '../core/policy/policy';

/** Throws BAD_REQUEST unless `file` names a .gguf file. */
export function assertGgufName(file: string): void {
  if (!/\.gguf$/i.test(file)) throw new GentenError('BAD_REQUEST', `${path.basename(file)} is not a GGUF model file.`, file);
}

/** A model file a user chose: a .gguf name, allowed by the policy, and present. */
export function checkModelFile(file: string, policy: Policy): void {
  assertGgufName(file);
  policy.assertModelFile(file);
  if (!fs.existsSync(file)) throw new GentenError('NOT_FOUND', `The model file ${file} does not exist.`, file);
}

/** A discovered model with whether it fits this machine now (null when that cannot be told, with the reason). */
export interface ListedModel extends DiscoveredModel {
  fits: boolean | null;
  fitReason?: string;
  /** Estimated RAM with a default context; 0 when unknown. */
  ramBytes: number;
}

export interface ModelListing {
  folders: string[];
  models: ListedModel[];
  /** .gguf files whose header could not be read. */
  unreadable: UnreadableModel[];
}

/** GGUF files in the models folders, described from their headers, with whether each fits. */
export async function listModelsWithFit(dataDir: string): Promise<ModelListing> {
  const [{ discoverModels, defaultModelFolders }, { estimateFit }] = await Promise.all([import('../core/models/discover'), import('../core/models/fit')]);
  const folders = defaultModelFolders({ dataDir });
  const { models, unreadable } = await discoverModels(folders);
  const listed: ListedModel[] = [];
  for (const model of models) {
    try {
      const fit = await estimateFit(model.path, { embedding: model.kind === 'embedding' });
      listed.push({ ...model, fits: fit.fits, fitReason: fit.reason, ramBytes: fit.ramBytes });
    } catch (error) {
      listed.push({ ...model, fits: null, fitReason: toErrorInfo(error).message, ramBytes: 0 });
    }
  }
  return { folders, models: listed, unreadable };
}

/** The models as the app lists them (GentenService.listModels). */
export async function discoverModelEntries(dataDir: string): Promise<ModelEntry[]> {
  return (await listModelsWithFit(dataDir)).models.map((model) => ({
    path: model.path,
    name: model.name ?? model.fileName,
    architecture: model.architecture ?? null,
    parameters: model.parameterCount ? formatParameters(model.parameterCount) : null,
    quantization: model.quantization ?? null,
    contextLength: model.contextLength ?? null,
    hasChatTemplate: model.hasChatTemplate,
    isEmbedding: model.kind === 'embedding',
    isChat: model.kind === 'chat',
    sizeBytes: model.sizeBytes,
    fits: model.fits,
    ...(model.fitReason ? { fitReason: model.fitReason } : {}),
  }));
}

/** A parameter count as people write it: 1.5B, 300M, 20K. */
export function formatParameters(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
  if (count >= 1e6) return `${Math.round(count / 1e6)}M`;
  return `${Math.max(1, Math.round(count / 1e3))}K`;
}

/**
 * The embedding model set in settings, described without loading its weights. It is not used
 * (search stays BM25) when the policy does not allow its folder or the file cannot be read; the
 * warning says which, for a host that shows it.
 */
export async function openEmbeddingChoice(file: string | null, policy: Policy): Promise<{ model?: EmbeddingModel; warning?: string }> {
  if (!file) return {};
  if (!policy.allowsModelFile(file)) return { warning: `the embedding model is not in a folder your organisation allows, searching by keywords only: ${file}` };
  try {
    return { model: await (await import('../core/embeddings/model-file')).openEmbeddingModel(file) };
  } catch (error) {
    return { warning: `the embedding model cannot be used, searching by keywords only: ${toErrorInfo(error).message}` };
  }
}

/** Frees the models a command opened, then the llama.cpp runtime when a local model used it. */
export async function releaseModels(models: Array<{ dispose(): Promise<void> } | undefined>, options: { local: boolean }): Promise<void> {
  for (const model of models) await model?.dispose().catch(() => undefined);
  if (options.local) await (await import('../core/llm/llama')).disposeLlama();
}
