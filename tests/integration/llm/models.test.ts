/** Model discovery from GGUF headers (no weights loaded) and the memory-fit estimate. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLlama, disposeLlama } from '../../../src/main/core/llm/llama';
import { loadCatalogue } from '../../../src/main/core/models/catalogue';
import { defaultModelFolders, discoverModels } from '../../../src/main/core/models/discover';
import { estimateFit } from '../../../src/main/core/models/fit';
import { TINY_GGUF, writeTinyGguf } from '../../helpers/tiny-gguf';

let dir: string;
let chatPath: string;

beforeAll(async () => {
  configureLlama({ gpu: false });
  dir = await mkdtemp(path.join(os.tmpdir(), 'genten-models-'));
  await mkdir(path.join(dir, 'a', 'nested', 'deeper'), { recursive: true });
  await mkdir(path.join(dir, 'b'));
  chatPath = await writeTinyGguf(path.join(dir, 'a', 'tiny-chat.gguf'));
  await writeTinyGguf(path.join(dir, 'a', 'nested', 'deeper', 'tiny-embedding.gguf'), { embedding: true });
  await writeFile(path.join(dir, 'b', 'broken.gguf'), 'not a gguf');
  await writeFile(path.join(dir, 'b', 'notes.txt'), 'ignored');
  await writeTinyGguf(path.join(dir, 'b', 'split-00002-of-00002.gguf'));
  await symlink(chatPath, path.join(dir, 'b', 'link-to-chat.gguf'));
});

afterAll(async () => {
  await disposeLlama();
  await rm(dir, { recursive: true, force: true });
});

describe('discoverModels', () => {
  it('finds GGUF files recursively and describes them from their headers', async () => {
    const started = performance.now();
    const { models, unreadable } = await discoverModels([path.join(dir, 'a'), path.join(dir, 'b'), path.join(dir, 'missing')]);
    expect(performance.now() - started).toBeLessThan(5000);

    // The symlink is the chat model again; the second split part is read through its first part.
    expect(models.map((m) => m.fileName).sort()).toEqual(['tiny-chat.gguf', 'tiny-embedding.gguf']);
    const chat = models.find((m) => m.fileName === 'tiny-chat.gguf')!;
    expect(chat).toMatchObject({
      kind: 'chat',
      architecture: 'llama',
      name: 'genten-tiny-chat',
      quantization: 'F32',
      contextLength: TINY_GGUF.contextLength,
      embeddingLength: TINY_GGUF.embd,
      hasChatTemplate: true,
    });
    expect(chat.parameterCount).toBeGreaterThan(100_000);
    expect(chat.parameterCount! * 4).toBeLessThanOrEqual(chat.sizeBytes);
    expect(chat.sizeBytes).toBeLessThan(3 * 1024 * 1024);

    const embedding = models.find((m) => m.fileName === 'tiny-embedding.gguf')!;
    expect(embedding).toMatchObject({ kind: 'embedding', hasChatTemplate: false });

    expect(unreadable).toEqual([{ path: expect.stringContaining('broken.gguf'), error: expect.objectContaining({ code: 'INVALID_FILE' }) }]);
  });

  it('respects maxDepth and abort', async () => {
    const shallow = await discoverModels([path.join(dir, 'a')], { maxDepth: 0 });
    expect(shallow.models.map((m) => m.fileName)).toEqual(['tiny-chat.gguf']);
    await expect(discoverModels([dir], { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('looks in <dataDir>/models, the bundled resources and extra folders', () => {
    const folders = defaultModelFolders({ dataDir: '/data/Genten', resourcesDir: '/app/resources', extra: ['/shared/models', '/data/Genten/models'] });
    expect(folders).toEqual(['/data/Genten/models', '/app/resources/models', '/shared/models']);
    expect(defaultModelFolders({ dataDir: '/d' })[1]).toMatch(/resources[/\\]models$/);
  });
});

describe('estimateFit', () => {
  it('says the tiny model fits, with RAM and no GPU memory on the CPU', async () => {
    const fit = await estimateFit(chatPath, { contextSize: 512 });
    expect(fit.fits).toBe(true);
    expect(fit.ramBytes).toBeGreaterThan(0);
    expect(fit.vramBytes).toBe(0);
    expect(fit.reason).toMatch(/^Fits/);
  });

  it('says why when free memory is too small, and asks more for a larger context', async () => {
    const small = await estimateFit(chatPath, { contextSize: 512, freeRamBytes: 1024 });
    expect(small.fits).toBe(false);
    expect(small.reason).toMatch(/Too large for free memory/);
    const large = await estimateFit(chatPath, { contextSize: 4096 });
    expect(large.ramBytes).toBeGreaterThan(small.ramBytes);
  });
});

describe('catalogue', () => {
  it('lists Japanese-capable chat and embedding models with source, licence and honest checksums', async () => {
    const entries = await loadCatalogue();
    expect(entries.length).toBeGreaterThanOrEqual(8);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.some((e) => e.kind === 'embedding')).toBe(true);
    for (const e of entries) {
      expect(e.fileName).toMatch(/\.gguf$/);
      expect(e.url).toMatch(/^https:\/\/huggingface\.co\/.+\/resolve\/.+\.gguf$/);
      expect(e.url.endsWith(e.fileName)).toBe(true);
      expect(e.license.length).toBeGreaterThan(0);
      expect(e.sha256 === null || /^[0-9a-f]{64}$/.test(e.sha256)).toBe(true);
    }
  });
});
