/**
 * The Review view end to end, as a new user meets it: `genten serve` on an empty library in
 * Chromium; load the samples with one click; ask the first-run example; run the shipped
 * 業務委託契約 checklist on the sample contract; read results with the source page beside them;
 * accept two items (mouse and keyboard), write a note; export .xlsx and .docx (downloads, read
 * back); stop a longer run and resume it. Screenshots in test-results/screenshots-review/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots-review');
const POLL = { timeout: 30_000, interval: 100 };

describe.skipIf(!hasChromium)(`the Review view in Chromium${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-review-');
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    [serve, browser] = await Promise.all([startServe(path.join(temp.dir, 'library'), path.join(temp.dir, 'data')), launchChromium()]);
    page = await openAppPage(browser, pageErrors, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  }, 150_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  it('offers the samples on an empty library and loads them with one click', async () => {
    await page.goto(serve.url);
    const load = page.getByTestId('library-load-samples');
    await load.waitFor();
    await shot('01-empty-library-offers-samples');
    await load.click();
    await expect.poll(() => page.getByTestId('index-progress').getAttribute('data-phase'), { timeout: 90_000, interval: 200 }).toBe('done');
    await expect.poll(() => page.locator('[data-testid="library-doc"][data-status="indexed"]').count(), POLL).toBe(3);
    expect(await page.getByText('コレクション: samples').isVisible()).toBe(true);
    await shot('02-samples-loaded');
  }, 120_000);

  it('answers the example the UI suggests (E-203) from the sample manual', async () => {
    await page.getByTestId('nav-ask').click();
    await page.getByTestId('question-input').fill('E-203 エラーの対処手順は？');
    await page.getByTestId('question-input').press('Enter');
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), POLL).toBe('done');
    expect(await answer.textContent()).toContain('E-203');
    expect(await page.getByTestId('citation').first().textContent()).toContain('GX-500');
    await shot('03-ask-e203');
  });

  it('runs the shipped 業務委託契約 checklist on the sample contract, with progress, and shows the results table', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-setup').waitFor();
    expect(await page.getByTestId('review-shipped').inputValue()).toBe('gyomu-itaku');
    await page.locator('[data-testid="review-doc"][data-name="業務委託契約書.pdf"] input').check();
    await shot('04-review-setup');
    await page.getByTestId('review-start').click();
    const rows = page.getByTestId('review-row');
    await expect.poll(() => rows.count(), POLL).toBe(18);
    await expect.poll(() => page.locator('[data-testid="review-row"][data-status="pending"]').count(), { timeout: 60_000, interval: 100 }).toBe(0);
    await expect.poll(() => page.getByTestId('review-export-xlsx').isVisible(), POLL).toBe(true);
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
    for (const s of statuses) expect(['found', 'not_found', 'needs_review']).toContain(s);
    expect(await page.getByTestId('review-counts').textContent()).toMatch(/（18\/18）/);
    await shot('05-review-results');
  }, 90_000);

  it('clicking the 再委託 row opens the cited page of the contract with the passage highlighted', async () => {
    const row = page.locator('[data-testid="review-row"][data-item="GI-03"]');
    await row.click();
    expect(await row.getAttribute('aria-selected')).toBe('true');
    const detail = page.getByTestId('review-detail');
    expect(await detail.textContent()).toContain('再委託に委託者の事前承諾は必要か');
    const viewer = detail.getByTestId('source-viewer');
    await viewer.waitFor();
    if ((await row.getAttribute('data-status')) !== 'not_found') {
      await expect.poll(() => viewer.getByTestId('viewer-page').textContent(), POLL).toMatch(/\d+ \/ 3/);
      await expect.poll(() => viewer.getByTestId('source-highlight').count(), POLL).toBeGreaterThan(0);
    }
    await shot('06-row-opens-source');
  });

  it('accepts two items (a button, then the keyboard), writes a note, and the marks are saved', async () => {
    await page.getByTestId('review-mark-accepted').click();
    await expect.poll(() => page.locator('[data-testid="review-row"][data-item="GI-03"]').getAttribute('data-mark'), POLL).toBe('accepted');
    await page.getByTestId('review-note').fill('第6条で書面の事前承諾を確認');
    await page.getByTestId('review-note').press('Enter');
    // Keyboard: down to the next item, accept with "a".
    await page.getByTestId('review-table').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid="review-row"][aria-selected="true"]').getAttribute('data-item')).toBe('GI-04');
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('[data-testid="review-row"][data-item="GI-04"]').getAttribute('data-mark'), POLL).toBe('accepted');
    await page.keyboard.press('j');
    await page.keyboard.press('r');
    await expect.poll(() => page.locator('[data-testid="review-row"][data-item="GI-05"]').getAttribute('data-mark'), POLL).toBe('rejected');
    await page.keyboard.press('r'); // pressing it again clears the mark
    await expect.poll(() => page.locator('[data-testid="review-row"][data-item="GI-05"]').getAttribute('data-mark'), POLL).toBe('');
    await shot('07-two-accepted');
    // Reloaded from the library, the marks and the note are still there.
    await page.reload();
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-history-item').first().click();
    await expect.poll(() => page.locator('[data-testid="review-row"][data-mark="accepted"]').count(), POLL).toBe(2);
    await page.locator('[data-testid="review-row"][data-item="GI-03"]').click();
    expect(await page.getByTestId('review-note').inputValue()).toBe('第6条で書面の事前承諾を確認');
  });

  it('exports .xlsx and .docx as downloads that open and say what the reviewer decided', async () => {
    const xlsxDownload = page.waitForEvent('download');
    await page.getByTestId('review-export-xlsx').click();
    const xlsxFile = path.join(temp.dir, 'report.xlsx');
    await (await xlsxDownload).saveAs(xlsxFile);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.getWorksheet('レビュー')!;
    expect(sheet.rowCount).toBe(19);
    // Columns by their Japanese headers, as a reviewer finds them.
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const column = (name: string) => headers.indexOf(name);
    const gi03 = sheet.getRows(2, 18)!.find((r) => r.getCell(1).value === 'GI-03')!;
    expect(gi03.getCell(column('レビュー結果')).value).toBe('承認');
    expect(gi03.getCell(column('メモ')).value).toBe('第6条で書面の事前承諾を確認');
    expect(gi03.getCell(column('文書')).value).toBe('業務委託契約書（サンプル）');
    expect(String(gi03.getCell(column('理由')).value)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);

    const docxDownload = page.waitForEvent('download');
    await page.getByTestId('review-export-docx').click();
    const docxFile = path.join(temp.dir, 'report.docx');
    const download = await docxDownload;
    expect(download.suggestedFilename()).toMatch(/^業務委託契約レビュー-\d{4}-\d\d-\d\d\.docx$/);
    await download.saveAs(docxFile);
    const zip = await JSZip.loadAsync(fs.readFileSync(docxFile));
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body).toContain('再委託に委託者の事前承諾は必要か');
    expect(body).toContain('レビュー結果: 承認');
    await shot('08-exported');
  }, 60_000);

  it('stops a longer run with Cancel, says what is saved, and resumes it to the end', async () => {
    await page.getByTestId('review-new').click();
    await page.getByTestId('review-shipped').selectOption('shugyo-kisoku');
    for (const row of await page.getByTestId('review-doc').all()) await row.locator('input').check();
    // Start, then press Cancel as soon as it shows (from inside the page: a busy machine's
    // round trips could outlast the whole run).
    const pressed = await page.evaluate(async () => {
      (document.querySelector('[data-testid="review-start"]') as HTMLButtonElement).click();
      for (let i = 0; i < 1000; i++) {
        const cancel = document.querySelector<HTMLButtonElement>('[data-testid="review-cancel"]');
        if (cancel) {
          cancel.click();
          return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return false;
    });
    expect(pressed).toBe(true);
    await page.getByTestId('review-stopped').waitFor();
    const answered = await page.locator('[data-testid="review-row"]:not([data-status="pending"])').count();
    const total = await page.getByTestId('review-row').count();
    expect(total).toBe(16 * 3);
    expect(answered).toBeLessThan(total);
    expect(await page.getByTestId('review-stopped').textContent()).toContain(`${answered}/${total} 項目は保存されています`);
    await shot('09-cancelled');
    await page.getByTestId('review-resume').click();
    await expect.poll(() => page.locator('[data-testid="review-row"][data-status="pending"]').count(), { timeout: 90_000, interval: 200 }).toBe(0);
    await expect.poll(() => page.getByTestId('review-rerun').isVisible(), POLL).toBe(true);
    await shot('10-resumed-done');
  }, 150_000);

  it('a citation of the Markdown rules opens the text with line numbers, scrolled to the cited lines', async () => {
    const rows = page.locator('[data-testid="review-row"][data-status="found"]');
    const count = await rows.count();
    let opened = false;
    for (let i = 0; i < count && !opened; i++) {
      await rows.nth(i).click();
      const chip = page.getByTestId('review-citation').first();
      if ((await chip.count()) && /行/.test((await chip.textContent()) ?? '')) opened = true;
    }
    expect(opened).toBe(true);
    const viewer = page.getByTestId('source-viewer');
    await viewer.getByTestId('numbered-text').waitFor();
    const lines = await viewer.getByTestId('viewer-lines').textContent();
    const [start] = /\d+/.exec(lines ?? '')!;
    const mark = viewer.getByTestId('source-highlight');
    expect(await mark.locator('.line').first().getAttribute('data-line')).toBe(start);
    expect(await mark.isVisible()).toBe(true);
    const box = await mark.boundingBox();
    const pane = await viewer.getByTestId('numbered-text').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(pane!.y - 1);
    expect(box!.y).toBeLessThan(pane!.y + pane!.height);
    await shot('10b-markdown-lines');
  });

  it('writes a checklist by hand, and shows a clear error for a bad one; English UI', async () => {
    await page.getByTestId('review-new').click();
    await page.getByTestId('review-mode-written').check();
    await page.getByTestId('review-text').fill('# 見出しだけ');
    await expect.poll(() => page.getByTestId('review-preview-error').textContent(), POLL).toContain('has no questions');
    expect(await page.getByTestId('review-start').isDisabled()).toBe(true);
    await page.getByTestId('review-text').fill('- 秘密保持義務の期間は定められているか\n- 準拠法は日本法か');
    await expect.poll(() => page.getByText('2 項目').count(), POLL).toBeGreaterThan(0);
    await shot('11-written-checklist');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('en');
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-history-item').last().click();
    await expect.poll(() => page.getByTestId('review-counts').textContent(), POLL).toContain('Found');
    await shot('12-english');
    expect(pageErrors).toEqual([]);
  });
});
