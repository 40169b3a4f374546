/**
 * A document indexed by the CLI from a folder outside browser mode's allowed folders (an IT share, /srv/manuals)
 * still opens from a citation, on its page with the passage highlighted: the library vouches for it, as long as
 * the file is the one indexed. Once the file changes, the viewer says so in the user's language and what to do,
 * never a raw error code, and the browser still cannot read that folder by path. Screenshots: outside-roots-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { makePdf } from '../helpers/fixtures';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const POLL = { timeout: 30_000, interval: 100 };

const MANUAL = [
  ['冷却装置 取扱説明書', '第1章 概要', '本書は冷却装置の取扱いを定める。'],
  ['第2章 エラー表示', 'E-512 が表示されたら、冷媒配管の継手を増し締めし、圧力計が規定値に戻ることを確認してから再起動する。'],
  ['第3章 点検', '週に一度、凝縮器のフィンを清掃する。'],
];

describe.skipIf(!hasChromium)(`a citation of a document indexed outside the allowed folders${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-outside-');
  const dataDir = path.join(temp.dir, 'data');
  const library = path.join(temp.dir, 'library');
  const share = path.join(temp.dir, 'srv', 'manuals');
  const pdf = path.join(share, 'cooler.pdf');
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `outside-roots-${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await makePdf(pdf, MANUAL, { title: '冷却装置 取扱説明書' });
    const indexed = await runCli(['index', share, '--db', library], { env: { GENTEN_DATA_DIR: dataDir } });
    expect(indexed.code, indexed.stderr).toBe(0);
    const allowed = path.join(temp.dir, 'home');
    fs.mkdirSync(allowed);
    [serve, browser] = await Promise.all([startServe(library, dataDir, ['--allow-root', allowed]), launchChromium()]);
    page = await openAppPage(browser, errors, { viewport: { width: 1400, height: 880 } });
  }, 240_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  const openCitation = async () => {
    await page.goto(serve.url);
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('E-512 が表示されたらどうする');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('answer').last().getAttribute('data-state'), POLL).toBe('done');
    await page.getByTestId('citation').first().click();
    const viewer = page.getByTestId('source-viewer');
    await viewer.waitFor();
    return viewer;
  };

  it('opens on the cited page with the passage highlighted', async () => {
    const viewer = await openCitation();
    await expect.poll(() => page.getByTestId('viewer-page').textContent(), POLL).toContain('2 / 3');
    await expect.poll(() => viewer.getByTestId('source-highlight').count(), POLL).toBeGreaterThan(0);
    expect((await viewer.getByTestId('source-highlight').allTextContents()).join('')).toContain('冷媒配管');
    expect(await viewer.getByTestId('viewer-file-error').count()).toBe(0);
    await shot('01-citation');
    // The browser may still not add that folder, or read a file there, by path.
    const refused = await fetch(`${serve.url}api/startIndex`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: [share] }),
    });
    expect(refused.status).toBe(400);
    expect(errors).toEqual([]);
  }, 120_000);

  it('says in Japanese what happened and what to do once the file has changed since it was indexed', async () => {
    fs.appendFileSync(pdf, '\n% edited after indexing\n');
    const viewer = await openCitation();
    const notice = viewer.getByTestId('viewer-file-error');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('もう一度インデックス');
    expect(text).toContain('changed since it was indexed');
    expect(text).not.toMatch(/^\s*(READ_ERROR|NOT_FOUND)/);
    await shot('02-file-changed');
  }, 120_000);
});
