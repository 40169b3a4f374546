/**
 * The Compare view end to end: a library holding the shipped sample 業務委託契約書 and a
 * counterparty's edited copy, `genten serve` in Chromium; pick both, compare; the court change
 * and the dropped 再委託 clause come first; both wordings side by side with the changed words
 * marked; the draft's page in the viewer; mark it "to negotiate" with a note; export .xlsx (read
 * back); reload the page: the saved comparison opens from the list with the mark and note. Screenshots
 * in test-results/screenshots-compare/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/core/engine';
import { readDocumentText } from '../../src/main/core/indexer/document-text';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { makePdf } from '../helpers/fixtures';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots-compare');
const SAMPLE = path.join(ROOT, 'resources/samples/業務委託契約書.pdf');
const POLL = { timeout: 30_000, interval: 100 };

describe.skipIf(!hasChromium)(`the Compare view in Chromium${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-compare-');
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    const docs = path.join(temp.dir, 'docs');
    fs.mkdirSync(docs);
    fs.copyFileSync(SAMPLE, path.join(docs, '業務委託契約書.pdf'));
    // The counterparty's draft: 第6条 (再委託) dropped, the rest renumbered, the court moved to 大阪.
    const text = (await readDocumentText(SAMPLE)).pages.map((p) => p.text).join('\n');
    let n = 0;
    const edited = text
      .replace(/第6条（再委託）\n(?:(?!第\d+条（)[^\n]*\n)+/, '') // up to the next article, however its lines wrap
      .replace(/第\d+条（/g, () => `第${++n}条（`)
      .replace('東京地方裁判所', '大阪地方裁判所')
      .split('\n');
    await makePdf(path.join(docs, '業務委託契約書-先方案.pdf'), [edited.slice(0, 16), edited.slice(16)], { footer: (p) => `- ${p} -` });
    const library = path.join(temp.dir, 'library');
    const engine = await Engine.open({ libraryDir: library });
    await engine.index({ paths: [docs] });
    engine.dispose();
    [serve, browser] = await Promise.all([startServe(library, path.join(temp.dir, 'data'), ['--allow-root', docs]), launchChromium()]);
    page = await openAppPage(browser, pageErrors, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  }, 150_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  it('compares the draft with the standard: the court change and the missing clause first', async () => {
    await page.goto(serve.url);
    await page.getByTestId('nav-compare').click();
    const pick = async (side: string, name: string) => {
      const select = page.getByTestId(`compare-${side}`);
      await select.waitFor();
      const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
      await select.selectOption(value!);
    };
    await expect.poll(() => page.getByTestId('compare-standard').locator('option').count(), POLL).toBe(3);
    await pick('standard', '業務委託契約書（サンプル）');
    const options = await page
      .getByTestId('compare-draft')
      .locator('option')
      .evaluateAll((os) => os.map((o) => [o.getAttribute('value'), o.textContent]));
    const standardId = await page.getByTestId('compare-standard').inputValue();
    await page.getByTestId('compare-draft').selectOption(options.find(([v]) => v && v !== standardId)![0]!);
    await page.getByTestId('compare-run').click();
    await expect.poll(() => page.getByTestId('compare-row').count(), POLL).toBe(2);
    expect(await page.getByTestId('compare-summary').textContent()).toMatch(/変更 1 · 欠落 1 · 追加 0 · 同じ 14/);
    const kinds = await page.getByTestId('compare-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(['changed', 'missing']);
    await shot('01-compare-differences');
  });

  it('shows both wordings with the changed words marked, and the draft page in the viewer', async () => {
    await page.getByTestId('compare-row').first().click();
    await page.getByTestId('compare-detail').waitFor();
    expect(await page.getByTestId('diff-before').first().textContent()).toBe('東京地方裁判所');
    expect(await page.getByTestId('diff-after').first().textContent()).toBe('大阪地方裁判所');
    await page.getByTestId('compare-open-draft').click();
    const viewer = page.getByTestId('compare-viewer');
    await viewer.locator('canvas').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => viewer.locator('.pdf-page').getAttribute('aria-busy'), POLL).toBe('false');
    await viewer.scrollIntoViewIfNeeded();
    await shot('02-compare-clause-side-by-side');
  });

  it('marks the change "to negotiate" with a note and exports it in the .xlsx', async () => {
    await page.getByTestId('compare-mark-negotiate').click();
    await page.getByTestId('compare-note').fill('管轄は東京を維持する');
    await expect.poll(() => page.getByTestId('compare-saved').textContent(), POLL).toContain('保存しました');
    const download = page.waitForEvent('download');
    await page.getByTestId('compare-export-xlsx').click();
    const file = path.join(temp.dir, 'compare.xlsx');
    await (await download).saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('比較')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const court = rows.find((r) => String(r[4] ?? '').includes('大阪地方裁判所'))!;
    expect(court[7]).toBe('要交渉');
    expect(court[8]).toBe('管轄は東京を維持する');
    await shot('03-compare-marked');
    expect(pageErrors).toEqual([]);
  });

  it('after a reload the saved comparison opens from the list with its mark and note', async () => {
    await page.reload();
    await page.getByTestId('nav-compare').click();
    const recent = page.getByTestId('compare-recent-item');
    await expect.poll(() => recent.count(), POLL).toBe(1);
    expect(await page.getByTestId('compare-recent').textContent()).toMatch(/相違 2 · 判断済み 1/);
    await shot('04-compare-saved-list');
    await recent.click();
    await expect.poll(() => page.getByTestId('compare-row').count(), POLL).toBe(2);
    const first = page.getByTestId('compare-row').first();
    expect(await first.textContent()).toContain('要交渉');
    await first.click();
    expect(await page.getByTestId('compare-note').inputValue()).toBe('管轄は東京を維持する');
    expect(await page.getByTestId('compare-mark-negotiate').getAttribute('aria-pressed')).toBe('true');
    // The pair is picked again too: comparing it shows the same saved comparison.
    await page.getByTestId('compare-run').click();
    await expect.poll(() => page.getByTestId('compare-row').first().textContent(), POLL).toContain('要交渉');
    await shot('05-compare-after-reload');
    expect(pageErrors).toEqual([]);
  });
});
