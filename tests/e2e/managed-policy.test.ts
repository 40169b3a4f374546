/**
 * End to end, in browser mode with a managed policy (injected through code): Settings shows each
 * locked setting as managed with its reason, in Japanese and English, and a model typed by hand
 * outside the allowed folders is refused with the policy's words. Screenshots in
 * test-results/screenshots-policy/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GentenService } from '../../src/main/api/service';
import { Policy } from '../../src/main/core/policy/policy';
import { ensureRendererBuilt } from '../../src/main/server/renderer-build';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { hasChromium, launchChromium, skippedNote } from '../helpers/chromium';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots-policy');
const POLL = { timeout: 20_000, interval: 100 };

describe.skipIf(!hasChromium)(`managed policy in the UI${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-policy-');
  const dataDir = path.join(temp.dir, 'data');
  const models = path.join(temp.dir, 'approved-models');
  let service: GentenService;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const policy = Policy.fromObject(
      { modelDownloads: 'deny', allowedModelDirs: [models], answerServers: { allow: [] }, dataDir, audit: { enabled: true, questions: 'hash' } },
      'file /etc/genten/policy.json (test)',
    );
    service = await GentenService.open({ libraryDir: path.join(dataDir, 'library'), dataDir, policy });
    server = await startServer({ backend: service, port: 0, rendererDir: await ensureRendererBuilt() });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await service?.dispose();
    temp.cleanup();
  });

  it('shows the locked settings with their reasons, in Japanese and English', async () => {
    await page.goto(server.url);
    // An empty library opens on the Library view once its status arrives: wait for it, then go to Settings.
    await expect.poll(() => page.getByTestId('nav-library').getAttribute('aria-current'), POLL).toBe('page');
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('managed-policy');
    await expect.poll(() => section.isVisible(), POLL).toBe(true);
    await expect.poll(() => page.getByTestId('managed-modelDownloads').innerText(), POLL).toContain('モデルのダウンロードは組織により無効にされています');
    expect(await page.getByTestId('managed-allowedModelDirs').innerText()).toContain(models);
    expect(await page.getByTestId('managed-answerServers').innerText()).toContain('回答サーバーは組織により無効にされています');
    expect(await page.getByTestId('managed-audit').innerText()).toContain('ハッシュのみ');
    expect(await section.innerText()).toContain('テレメトリを送信しません');
    expect(await page.getByTestId('managed-serve').count()).toBe(0); // not set by this policy
    // The model pickers and the library location carry the managed mark.
    expect(await page.getByTestId('managed-badge').count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: path.join(SHOTS, '01-settings-managed-ja.png'), fullPage: true });

    await page.getByTestId('settings-language').selectOption('en');
    await expect.poll(() => page.getByTestId('managed-modelDownloads').innerText(), POLL).toContain('Model downloads are turned off by your organisation');
    expect(await section.innerText()).toContain('Managed by your organisation');
    await page.screenshot({ path: path.join(SHOTS, '02-settings-managed-en.png'), fullPage: true });
  });

  it('a model typed by hand outside the allowed folders is refused with the policy’s words', async () => {
    const outside = path.join(temp.dir, 'rogue.gguf');
    fs.writeFileSync(outside, 'GGUF');
    const typed = page.getByPlaceholder('Path of a GGUF file').first();
    await typed.fill(outside);
    await typed.press('Enter');
    const notice = page.locator('.notice-error');
    await expect.poll(() => notice.first().innerText(), POLL).toContain("Not allowed by your organisation's policy");
    expect(await notice.first().innerText()).toContain('is not in a model folder your organisation allows');
    await page.screenshot({ path: path.join(SHOTS, '03-settings-refused.png'), fullPage: true });
    const settings = await service.getSettings();
    expect(settings.ok && settings.value.answerModel).toBe(null);
  });
});
