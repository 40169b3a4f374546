/**
 * The OCR setting (settings screen: off / auto / force and the languages): saved in the settings
 * file through updateSettings, checked by the request schema, and used by the app's next index run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GentenService } from '../../../src/main/api/service';
import { makeTempDir } from '../../helpers/temp';
import { renderPage } from '../../helpers/scans';

function nextEvent(service: GentenService, ...names: string[]): Promise<{ name: string; payload: unknown }> {
  return new Promise((resolve) => {
    const stop = service.events.onAny((name, payload) => {
      if (!names.includes(name)) return;
      stop();
      resolve({ name, payload });
    });
  });
}

describe('the OCR setting', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const dataDir = path.join(temp.dir, 'data');
  let service: GentenService;

  beforeAll(async () => {
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, 'notice.png'), renderPage(['Valve V-12 must stay closed during cleaning.']));
    service = await GentenService.open({ libraryDir: path.join(temp.dir, 'library'), dataDir });
  }, 60_000);
  afterAll(() => {
    service?.dispose();
    temp.cleanup();
  });

  it('is saved in the settings file, and a malformed one is refused', async () => {
    const before = await service.getSettings();
    expect(before.ok && before.value.ocr).toBeFalsy();
    const saved = await service.updateSettings({ ocr: { mode: 'off', langs: 'jpn+eng' } });
    expect(saved).toMatchObject({ ok: true, value: { ocr: { mode: 'off', langs: 'jpn+eng' } } });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).ocr).toEqual({ mode: 'off', langs: 'jpn+eng' });
    expect(await service.updateSettings({ ocr: { mode: 'sometimes', langs: 'jpn' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await service.updateSettings({ ocr: { mode: 'auto', langs: 'fra' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('is what the next index run from the app uses', async () => {
    let done = nextEvent(service, 'ingest:done', 'ingest:error');
    expect((await service.startIndex({ paths: [docs] })).ok).toBe(true);
    const off = (await done).payload as { summary: { failed: Array<{ code: string }> } };
    expect(off.summary.failed).toMatchObject([{ code: 'NO_TEXT' }]);

    await service.updateSettings({ ocr: { mode: 'auto', langs: 'eng' } });
    done = nextEvent(service, 'ingest:done', 'ingest:error');
    expect((await service.startIndex({ paths: [docs] })).ok).toBe(true);
    const on = (await done).payload as { summary: { indexed: number; ocrPages?: number } };
    expect(on.summary).toMatchObject({ indexed: 1, ocrPages: 1 });
    const hits = await service.search({ query: 'valve closed cleaning' });
    expect(hits.ok && hits.value[0]?.text).toMatch(/Valve V-12 must stay closed/);
  }, 300_000);
});
