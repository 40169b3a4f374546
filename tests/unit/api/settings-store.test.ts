import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsStore, settingsFile } from '../../../src/main/api/settings-store';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function storeWith(json: string): SettingsStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-settings-'));
  dirs.push(dir);
  fs.writeFileSync(settingsFile(dir), json);
  return SettingsStore.forDataDir(dir);
}

describe('SettingsStore reads the file through the API schema', () => {
  it('keeps well-formed fields and the answer server, dropping an empty key', async () => {
    const store = storeWith(
      JSON.stringify({
        answerModel: '/m/a.gguf',
        language: 'ja',
        answerServer: { baseUrl: 'http://llm.intra:8080', model: 'qwen', apiKey: '' },
        library: 's3://manuals/plant-a',
      }),
    );
    expect(await store.get()).toEqual({
      answerModel: '/m/a.gguf',
      answerServer: { baseUrl: 'http://llm.intra:8080', model: 'qwen' },
      embeddingModel: null,
      language: 'ja',
      library: 's3://manuals/plant-a',
    });
  });

  it('gives each hand-damaged field its default, and a damaged file all defaults', async () => {
    const store = storeWith(
      JSON.stringify({ answerModel: 42, language: 'fr', embeddingModel: 'bad\u0000path', answerServer: { baseUrl: 'ftp://x', model: 'm' }, library: '' }),
    );
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await storeWith('{ not json').get()).toEqual(DEFAULT_SETTINGS);
  });
});
