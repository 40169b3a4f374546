import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GentenService } from '../../../src/main/api/service';
import { makeTempDir } from '../../helpers/temp';
import { writeTinyGguf } from '../../helpers/tiny-gguf';

describe('GentenService and the embedding model in settings', () => {
  const temp = makeTempDir('genten-service-embedding-');
  afterAll(() => temp.cleanup());

  it('uses the embedding model from settings at start, and follows a change of settings', async () => {
    const dataDir = path.join(temp.dir, 'data');
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    const model = await writeTinyGguf(path.join(dataDir, 'models', 'tiny-embedding.gguf'), { embedding: true });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ embeddingModel: model }));
    const service = await GentenService.open({ libraryDir: path.join(temp.dir, 'lib'), dataDir });
    try {
      expect(service.engine.embedding?.name).toBe('tiny-embedding.gguf');
      const cleared = await service.updateSettings({ embeddingModel: null });
      expect(cleared.ok).toBe(true);
      expect(service.engine.embedding).toBeUndefined();
    } finally {
      await service.dispose();
    }
  });

  it('starts without embeddings when the configured file is unreadable', async () => {
    const dataDir = path.join(temp.dir, 'data2');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ embeddingModel: path.join(dataDir, 'gone.gguf') }));
    const service = await GentenService.open({ libraryDir: path.join(temp.dir, 'lib2'), dataDir });
    try {
      expect(service.engine.embedding).toBeUndefined();
      expect((await service.search({ query: 'x' })).ok).toBe(true);
    } finally {
      await service.dispose();
    }
  });
});
