/**
 * End to end, in browser mode: upload an Excel workbook and a PowerPoint deck (saved by LibreOffice),
 * ask about them, see the citations name the sheet and cells (月次点検表!B…:F…) and the slide
 * (スライド 3), and open them: the sheet as a table with the cited rows marked, the slide's text with
 * the passage marked. Screenshots in test-results/screenshots/office-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'office');
const POLL = { timeout: 30_000, interval: 200 };

describe.skipIf(!hasChromium)(`Excel and PowerPoint in browser mode: cited by cells and slide, shown as a table and a slide${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-office-');
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `office-${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    [serve, browser] = await Promise.all([startServe(path.join(temp.dir, 'library'), path.join(temp.dir, 'data')), launchChromium()]);
    page = await openAppPage(browser, pageErrors, { viewport: { width: 1400, height: 900 } });
    await page.goto(serve.url);
  }, 150_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  it('indexes the workbook and the deck, and says that a hidden sheet was left out', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('library-add').click();
    await (await chooser).setFiles([path.join(FIXTURES, 'inspection.xlsx'), path.join(FIXTURES, 'plan.pptx')]);
    const progress = page.getByTestId('index-progress');
    await expect.poll(() => progress.getAttribute('data-phase'), { timeout: 120_000, interval: 200 }).toBe('done');
    expect(await page.getByTestId('index-warning').textContent()).toContain('非表示のシート（作業用）は索引に含めていません');
  }, 150_000);

  it('cites the sheet and cells, and shows the sheet as a table with the cited rows marked', async () => {
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('非常停止ボタンの点検結果は？');
    await input.press('Enter');
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), POLL).toBe('done');
    const card = page.getByTestId('citation').filter({ hasText: 'inspection' }).first();
    await card.waitFor();
    expect(await card.textContent()).toMatch(/月次点検表!B\d+:F\d+/);
    await card.click();
    const table = page.getByTestId('source-viewer').getByTestId('sheet-table');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toBe('月次点検表');
    // Cells under the header row sit in their header's column, the header not repeated in them.
    const cited = table.locator('tr[data-cited]').filter({ hasText: '非常停止ボタン' });
    expect(await cited.locator('td').allTextContents()).toEqual(['非常停止ボタン', '佐藤', '要修理', 'E-203 表示、部品手配中', '3']);
    expect(await cited.locator('mark').count()).toBe(5);
    expect(await table.locator('tr').filter({ hasText: '合計' }).locator('td').allTextContents()).toEqual(['合計', '', '', '', '10']);
    expect(await page.getByTestId('viewer-location').textContent()).toMatch(/^月次点検表!B\d+:F\d+$/);
    await shot('01-sheet');
  }, 120_000);

  it('cites the slide, and shows the slide’s text with the passage marked', async () => {
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('安全弁の点検は何に合わせて実施するか');
    await input.press('Enter');
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), POLL).toBe('done');
    const card = page.getByTestId('citation').filter({ hasText: 'スライド 3' }).first();
    await card.waitFor();
    await card.click();
    expect(await page.getByTestId('viewer-location').textContent()).toBe('スライド 3');
    const text = page.getByTestId('source-viewer').getByTestId('document-text');
    await expect.poll(() => text.locator('mark').textContent(), POLL).toContain('安全弁の点検は法定点検に合わせて実施する。');
    await shot('02-slide');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
