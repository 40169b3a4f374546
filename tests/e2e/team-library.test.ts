/**
 * A team library in browser mode: `genten serve --db s3://…` against a real s3rver, driven with
 * playwright-core in Debian's Chromium. The PDF was indexed from a folder that is then deleted
 * (the reader's laptop never had it): the citation still opens on its page, drawn and
 * highlighted, from the library's files/ copy. The library page names a writer that holds the
 * library's lease. Settings makes an offline copy and says how old it is. Screenshots in test-results/screenshots/team-*.png.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStartTime } from '../../src/main/core/store/lock';
import { openStorage } from '../../src/main/core/store/storage';
import { hasChromium, launchChromium } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { makePdf } from '../helpers/fixtures';
import { startLocalS3, type LocalS3 } from '../helpers/local-s3';
import { startServe, stopServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const POLL = { timeout: 30_000, interval: 100 };
const LIB = 's3://genten/team/library';

const MANUAL = [
  ['ポンプ保守マニュアル', '第1章 概要', '本書は循環ポンプの保守手順を定める。'],
  ['第2章 エラー表示', 'E-417 が表示されたら、吸込側ストレーナーを清掃し、逆止弁の動作を確認してから再起動する。'],
  ['第3章 点検', '月に一度、軸封部の漏れを点検する。'],
];

describe.skipIf(!hasChromium)('team library in browser mode', () => {
  const temp = makeTempDir('genten-e2e-team-');
  const dataDir = path.join(temp.dir, 'data');
  let s3: LocalS3;
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `team-${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    s3 = await startLocalS3({ dir: path.join(temp.dir, 's3') });
    const env = { ...s3.env, GENTEN_DATA_DIR: dataDir };
    const shared = path.join(temp.dir, 'fileserver');
    await makePdf(path.join(shared, 'pump.pdf'), MANUAL, { title: 'ポンプ保守マニュアル' });
    const indexed = await runCli(['index', shared, '--db', LIB], { env });
    expect(indexed.code, indexed.stderr).toBe(0);
    fs.rmSync(shared, { recursive: true });
    [serve, browser] = await Promise.all([startServe(LIB, dataDir, [], s3.env), launchChromium()]);
    page = await (await browser.newContext({ locale: 'ja-JP', viewport: { width: 1400, height: 880 }, colorScheme: 'light' })).newPage();
    page.setDefaultTimeout(30_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stopServe(serve);
    await s3?.stop();
    temp.cleanup();
  });

  it('opens a citation on its PDF page from the shared library, the original file gone', async () => {
    await page.goto(serve.url);
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('E-417 が表示されたらどうする');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('answer').last().getAttribute('data-state'), POLL).toBe('done');
    await page.getByTestId('citation').first().click();
    const viewer = page.getByTestId('source-viewer');
    await viewer.waitFor();
    await expect.poll(() => page.getByTestId('viewer-page').textContent(), POLL).toContain('2 / 3');
    await expect.poll(() => viewer.getByTestId('source-highlight').count(), POLL).toBeGreaterThan(0);
    expect((await viewer.getByTestId('source-highlight').allTextContents()).join('')).toContain('ストレーナー');
    const inked = await viewer
      .locator('.pdf-page canvas')
      .first()
      .evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark++;
        return dark;
      });
    expect(inked).toBeGreaterThan(500);
    await shot('01-citation-from-shared-library');
  }, 120_000);

  it('the library page says which machine is updating the shared library, while its writer runs', async () => {
    const writer = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const { s3: bucket } = await openStorage(LIB, { env: s3.env });
      const since = new Date().toISOString();
      const processStartedAt = new Date(processStartTime(writer.pid!)!).toISOString();
      const lease = { pid: writer.pid, host: os.hostname(), processStartedAt, acquiredAt: since, token: 'other', refreshedAt: since };
      await bucket!.client.put('team/library/genten.lock', Buffer.from(JSON.stringify(lease)));
      await page.getByTestId('nav-library').click();
      await expect.poll(() => page.getByTestId('library-writer').count(), POLL).toBe(1);
      expect(await page.getByTestId('library-writer').textContent()).toContain(`${os.hostname()} の原典が`);
      await shot('03-library-being-updated');
      await bucket!.client.delete('team/library/genten.lock');
    } finally {
      writer.kill('SIGKILL');
    }
  }, 120_000);

  it('makes an offline copy from Settings and shows how old it is', async () => {
    await page.getByTestId('nav-settings').click();
    const block = page.getByTestId('offline-copy');
    await block.waitFor();
    expect(await block.textContent()).toContain('まだありません');
    await page.getByTestId('offline-copy-sync').click();
    await expect.poll(() => page.getByTestId('offline-copy-age').count(), POLL).toBe(1);
    expect(await page.getByTestId('offline-copy-age').textContent()).toContain('たった今');
    expect(await page.getByTestId('offline-copy-result').textContent()).toMatch(/ファイル.*をコピー/);
    const copyDir = path.join(dataDir, 'offline', 'genten', 'team', 'library');
    expect(fs.existsSync(path.join(copyDir, 'genten-sync.json'))).toBe(true);
    expect(fs.readdirSync(path.join(copyDir, 'files'))).toHaveLength(1);
    await shot('02-settings-offline-copy');
  }, 120_000);
});
