/** What a GGUF file says about its model, and the memory it would take: read without loading weights. */
import { GgufFileType, GgufInsights, readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp';
import { GentenError } from '../../../shared/errors';
import { llamaInstance } from './llama-runtime';

/** What a GGUF header says about a model, read without loading weights. */
export interface GgufHeader {
  architecture: string;
  /** general.name, when the file has one. */
  name?: string;
  /** general.size_label, e.g. '1.5B'. */
  sizeLabel?: string;
  /** Quantisation from general.file_type, e.g. 'Q4_K_M', 'F16'. */
  quantization?: string;
  /** Training context length in tokens. */
  contextLength?: number;
  /** Hidden size: the embedding vector length of embedding models. */
  embeddingLength?: number;
  layers?: number;
  /** Total weights counted from the tensor shapes. */
  parameterCount?: number;
  hasChatTemplate: boolean;
  /** Pooling type (set by embedding models). */
  poolingType?: number;
}

/** Metadata we never need: large vocabulary arrays (hundreds of thousands of entries). */
const SKIPPED_HEADER_KEYS = ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'];

function quantizationName(fileType: number | undefined): string | undefined {
  if (fileType === undefined) return undefined;
  const name = (GgufFileType as unknown as Record<number, string>)[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, '') : `type ${fileType}`;
}

function countParameters(info: GgufFileInfo): number | undefined {
  const tensors = info.fullTensorInfo ?? info.tensorInfo;
  if (!tensors?.length) return undefined;
  return tensors.reduce((sum, t) => sum + t.dimensions.reduce<number>((n, d) => n * Number(d), 1), 0);
}

/** Reads a GGUF file's header (metadata and tensor shapes) without loading its weights. */
export async function readGgufHeader(modelPath: string, options: { signal?: AbortSignal } = {}): Promise<GgufHeader> {
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(modelPath, {
      sourceType: 'filesystem',
      ignoreKeys: SKIPPED_HEADER_KEYS,
      logWarnings: false,
      signal: options.signal,
    });
  } catch (error) {
    throw new GentenError('INVALID_FILE', `Not a readable GGUF model file: ${modelPath} (${(error as Error).message})`, modelPath);
  }
  const general = info.metadata.general ?? {};
  const arch = (info.architectureMetadata ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
  const tokenizer = info.metadata.tokenizer as Record<string, unknown> | undefined;
  return {
    architecture: String(general.architecture ?? 'unknown'),
    name: typeof general.name === 'string' ? general.name : undefined,
    sizeLabel: typeof general.size_label === 'string' ? general.size_label : undefined,
    quantization: quantizationName(num(general.file_type)),
    contextLength: num(arch.context_length),
    embeddingLength: num(arch.embedding_length),
    layers: num(arch.block_count),
    parameterCount: countParameters(info),
    hasChatTemplate: typeof tokenizer?.chat_template === 'string' && tokenizer.chat_template.length > 0,
    poolingType: num(arch.pooling_type),
  };
}

export interface ResourceEstimate {
  /** RAM the model and a context of this size need. */
  ramBytes: number;
  /** GPU memory they need (0 on the CPU). */
  vramBytes: number;
  /** Layers that would run on the GPU. */
  gpuLayers: number;
  /** 'cuda', 'vulkan', 'metal' or false (CPU only). */
  gpu: string | false;
  /** Free GPU memory now (0 without a GPU). */
  freeVramBytes: number;
}

/** node-llama-cpp's estimate of the memory a model and a context of `contextSize` tokens need. */
export async function estimateResources(
  modelPath: string,
  options: { contextSize: number; embedding?: boolean; signal?: AbortSignal },
): Promise<ResourceEstimate> {
  const llama = await llamaInstance();
  const info = await readGgufFileInfo(modelPath, { sourceType: 'filesystem', logWarnings: false, signal: options.signal });
  const insights = await GgufInsights.from(info, llama);
  const { resolvedValues } = await insights.configurationResolver.resolveAndScoreConfig({
    targetContextSize: options.contextSize,
    embeddingContext: options.embedding ?? false,
  });
  const vram = llama.gpu === false ? { free: 0 } : await llama.getVramState();
  return {
    ramBytes: resolvedValues.totalRamUsage,
    vramBytes: resolvedValues.totalVramUsage,
    gpuLayers: resolvedValues.gpuLayers,
    gpu: llama.gpu,
    freeVramBytes: vram.free,
  };
}
