/**
 * End to end, in browser mode, as a user with scans: upload a scanned PDF and a phone photo of a
 * notice, watch indexing read them with OCR ("OCR n/m pages"), see the library count the OCR'd
 * pages, ask a question answered on the scan, and open the cited page with the passage
 * highlighted on the page image. Screenshots in test-results/screenshots/ocr-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScanPdf, photoOf, renderPage } from '../helpers/scans';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const POLL = { timeout: 30_000, interval: 200 };

const RULES_1 = ['安全衛生規程', '第1条（目的）', 'この規程は、工場における労働災害を防止することを目的とする。'];
const RULES_2 = ['第5条（保護具）', '作業者は、ヘルメットと安全靴を着用しなければならない。', '保護具は毎月点検する。'];
const NOTICE = ['お知らせ', '非常口の前に荷物を置かないでください。', '総務部'];

describe.skipIf(!hasChromium)(`scans in browser mode: OCR progress, OCR badges, highlight on the page image${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-ocr-');
  const docs = path.join(temp.dir, 'docs');
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `ocr-${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await makeScanPdf(path.join(docs, 'safety-rules-scan.pdf'), [
      { image: renderPage(RULES_1, { noise: 0.002 }) },
      { image: renderPage(RULES_2, { noise: 0.002, skew: 0.7 }) },
    ]);
    fs.writeFileSync(path.join(docs, 'notice-photo.jpg'), await photoOf(renderPage(NOTICE, { fontSize: 40 })));
    [serve, browser] = await Promise.all([startServe(path.join(temp.dir, 'library'), path.join(temp.dir, 'data')), launchChromium()]);
    page = await openAppPage(browser, pageErrors, { viewport: { width: 1400, height: 900 } });
    await page.goto(serve.url);
  }, 150_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  it("indexes the scan and the photo with OCR progress, and the library says how many pages were OCR'd", async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('library-add').click();
    await (await chooser).setFiles([path.join(docs, 'safety-rules-scan.pdf'), path.join(docs, 'notice-photo.jpg')]);
    const progress = page.getByTestId('index-progress');
    await progress.waitFor();
    const ocrTexts: string[] = [];
    const deadline = Date.now() + 400_000;
    for (;;) {
      const phase = (await progress.getAttribute('data-phase')) ?? '';
      const ocr = page.getByTestId('ocr-progress');
      if ((await ocr.count()) > 0) {
        const text = (await ocr.textContent()) ?? '';
        if (!ocrTexts.includes(text)) {
          ocrTexts.push(text);
          if (ocrTexts.length === 1) await shot('01-ocr-progress');
        }
      }
      if (phase === 'done' || phase === 'error' || Date.now() > deadline) break;
      await page.waitForTimeout(150);
    }
    expect(await progress.getAttribute('data-phase')).toBe('done');
    expect(ocrTexts.some((t) => /OCR \d\/3 ページ/.test(t))).toBe(true);
    const ocrCounts = page.getByTestId('library-doc-ocr');
    await expect.poll(() => ocrCounts.count(), POLL).toBe(2);
    expect((await ocrCounts.allTextContents()).sort()).toEqual(['1 ページを OCR', '2 ページを OCR']);
    await shot('02-library-ocr-pages');
  }, 420_000);

  it('answers from the scan, with an OCR badge on the citation, and highlights the passage on the page image', async () => {
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('作業者は何を着用しなければならないか');
    await input.press('Enter');
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), POLL).toBe('done');
    expect(await answer.textContent()).toContain('ヘルメットと安全靴');
    const card = page.getByTestId('citation').first();
    await card.waitFor();
    expect(await card.textContent()).toContain('2 ページ');
    expect(await card.getByTestId('ocr-badge').textContent()).toMatch(/^OCR · \d+ %$/);

    await card.click();
    const viewer = page.getByTestId('source-viewer');
    await expect.poll(() => page.getByTestId('viewer-page').textContent(), POLL).toContain('2 / 2');
    const marks = viewer.locator('.pdf-page mark.ocr-mark');
    await expect.poll(() => marks.count(), POLL).toBeGreaterThan(0);
    // The marks sit on the words of the page image: inside the page, on the upper part where the text is.
    const pageBox = (await viewer.locator('.pdf-page').boundingBox())!;
    const markBox = (await marks.first().boundingBox())!;
    expect(markBox.width).toBeGreaterThan(2);
    expect(markBox.x).toBeGreaterThanOrEqual(pageBox.x);
    expect(markBox.y + markBox.height).toBeLessThan(pageBox.y + pageBox.height / 2);
    await shot('03-scan-highlight');
  }, 120_000);

  it('opens the phone photo on its image with the notice highlighted', async () => {
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('非常口の前に何を置いてはいけないか');
    await input.press('Enter');
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), POLL).toBe('done');
    const card = page.getByTestId('citation').filter({ hasText: 'notice-photo' }).first();
    await card.click();
    const marks = page.getByTestId('source-viewer').locator('.scan-page mark.ocr-mark');
    await expect.poll(() => marks.count(), POLL).toBeGreaterThan(0);
    await shot('04-photo-highlight');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
