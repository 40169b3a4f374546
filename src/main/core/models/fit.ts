/**
 * Will this model run here? node-llama-cpp's estimate of the memory the weights and a context
 * need, compared with the memory free now.
 */
import os from 'node:os';
import { formatBytes } from '../../../shared/display';
import { estimateResources } from '../llm/llama';

export interface FitOptions {
  /** Context the model would be used with (prompt plus answer). Default 4096. */
  contextSize?: number;
  /** Estimate for an embedding context instead of a chat context. Default false. */
  embedding?: boolean;
  /** Free RAM to compare with. Default: what the OS reports as available now (os.freemem()). */
  freeRamBytes?: number;
  signal?: AbortSignal;
}

export interface FitEstimate {
  ramBytes: number;
  vramBytes: number;
  fits: boolean;
  /** One sentence a person can act on. */
  reason: string;
}

const gb = formatBytes;

/** Estimates the memory `modelPath` needs with a context of `contextSize` tokens, and whether it fits now. */
export async function estimateFit(modelPath: string, options: FitOptions = {}): Promise<FitEstimate> {
  const { contextSize = 4096, embedding = false, signal } = options;
  const estimate = await estimateResources(modelPath, { contextSize, embedding, signal });
  const freeRam = options.freeRamBytes ?? os.freemem();
  const ramFits = estimate.ramBytes <= freeRam;
  const vramFits = estimate.vramBytes <= estimate.freeVramBytes;
  const fits = ramFits && vramFits;
  const where = estimate.gpu ? `${estimate.gpuLayers} layers on the GPU (${estimate.gpu})` : 'the CPU';
  const reason = fits
    ? `Fits: needs about ${gb(estimate.ramBytes)} RAM${estimate.vramBytes ? ` and ${gb(estimate.vramBytes)} GPU memory` : ''} with a ${contextSize}-token context on ${where}; ${gb(freeRam)} RAM free.`
    : !ramFits
      ? `Too large for free memory: needs about ${gb(estimate.ramBytes)} RAM with a ${contextSize}-token context, ${gb(freeRam)} free. Close other programs, use a smaller context or a smaller model.`
      : `Too large for the GPU: needs about ${gb(estimate.vramBytes)} GPU memory, ${gb(estimate.freeVramBytes)} free.`;
  return { ramBytes: estimate.ramBytes, vramBytes: estimate.vramBytes, fits, reason };
}
