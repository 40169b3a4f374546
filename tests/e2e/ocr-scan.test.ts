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
const NOTICE_FONT = 40;
/** The notice page (renderPage's default 1240 px width, A4) and the photo of it (photoOf: 1.15 × 1.1 the page, the page turned 2° about its centre). */
const NOTICE_PAGE = { width: 1240, height: 1754 };
const PHOTO = { width: Math.round(NOTICE_PAGE.width * 1.15), height: Math.round(NOTICE_PAGE.height * 1.1), angle: 2 };

/**
 * The bounding box ([left, top], [right, bottom], photo pixels) of lines `from`-`to` of the notice
 * as drawn in the photo: renderPage sets full-width characters one font size apart from (8 %, 8 %),
 * baselines 1.8 font sizes apart; photoOf turns the page about the photo's centre.
 */
/** The middle of line `i` of the notice, at its start and its end, in photo pixels (the page turned as photoOf turns it). */
function noticeLineMiddle(i: number): [number, number][] {
  const left = Math.round(NOTICE_PAGE.width * 0.08);
  const middle = Math.round(NOTICE_PAGE.height * 0.08) + i * NOTICE_FONT * 1.8 - NOTICE_FONT * 0.38;
  return [left, left + [...NOTICE[i]].length * NOTICE_FONT].map((x) => inPhoto(x, middle));
}

/** A point of the notice page in the photo: photoOf turns the page about the photo's centre. */
function inPhoto(x: number, y: number): [number, number] {
  const a = (PHOTO.angle * Math.PI) / 180;
  const [dx, dy] = [x - NOTICE_PAGE.width / 2, y - NOTICE_PAGE.height / 2];
  return [PHOTO.width / 2 + dx * Math.cos(a) - dy * Math.sin(a), PHOTO.height / 2 + dx * Math.sin(a) + dy * Math.cos(a)];
}

function noticeLineRegion(from: number, to: number): [[number, number], [number, number]] {
  const left = Math.round(NOTICE_PAGE.width * 0.08);
  const baseline = (i: number) => Math.round(NOTICE_PAGE.height * 0.08) + i * NOTICE_FONT * 1.8;
  const right = left + Math.max(...NOTICE.slice(from, to + 1).map((l) => [...l].length)) * NOTICE_FONT;
  const corners = [left, right].flatMap((x) => [baseline(from) - NOTICE_FONT * 0.9, baseline(to) + NOTICE_FONT * 0.15].map((y) => inPhoto(x, y)));
  return [
    [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1]))],
    [Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))],
  ];
}

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
    fs.writeFileSync(path.join(docs, 'notice-photo.jpg'), await photoOf(renderPage(NOTICE, { fontSize: NOTICE_FONT }), { angle: PHOTO.angle }));
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
      // Read in one step: the OCR line can vanish between a count() and a textContent().
      const text = await page.evaluate(() => document.querySelector('[data-testid="ocr-progress"]')?.textContent ?? null);
      if (text !== null) {
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
    // The page fits the pane's width; zoom enlarges it (the pane scrolls) and "fit width" brings it back.
    const paneBox = (await viewer.locator('.pdf-scroll').boundingBox())!;
    expect(pageBox.width).toBeLessThanOrEqual(paneBox.width);
    await shot('03-scan-highlight');
    await viewer.getByTestId('viewer-zoom').getByRole('button', { name: '拡大' }).click();
    await expect.poll(async () => (await viewer.locator('.pdf-page').boundingBox())!.width, POLL).toBeGreaterThan(pageBox.width * 1.3);
    await viewer.getByTestId('viewer-zoom').getByRole('button', { name: '幅に合わせる' }).click();
    await expect.poll(async () => Math.round((await viewer.locator('.pdf-page').boundingBox())!.width), POLL).toBe(Math.round(pageBox.width));
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
    // The marks lie on the notice's text as the photo shows it: every mark inside the three lines,
    // and the marks on the cited line spanning most of it.
    const { canvas, boxes } = await page.evaluate(() => {
      const rect = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const view = document.querySelector('[data-testid="source-viewer"] .scan-page')!;
      return { canvas: rect(view.querySelector('canvas')!), boxes: Array.from(view.querySelectorAll('mark.ocr-mark'), rect) };
    });
    const onScreen = ([x, y]: [number, number]): [number, number] => [
      canvas.left + (x / PHOTO.width) * (canvas.right - canvas.left),
      canvas.top + (y / PHOTO.height) * (canvas.bottom - canvas.top),
    ];
    const block = noticeLineRegion(0, NOTICE.length - 1).map(onScreen);
    const line = noticeLineRegion(1, 1).map(onScreen);
    const slack = (canvas.right - canvas.left) * (NOTICE_FONT / 2 / PHOTO.width);
    for (const box of boxes) {
      const [cx, cy] = [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
      expect(cx, `mark ${JSON.stringify(box)} in ${JSON.stringify(block)}`).toBeGreaterThan(block[0][0] - slack);
      expect(cx).toBeLessThan(block[1][0] + slack);
      expect(cy).toBeGreaterThan(block[0][1] - slack);
      expect(cy).toBeLessThan(block[1][1] + slack);
    }
    const onLine = boxes.filter((b) => (b.top + b.bottom) / 2 > line[0][1] - slack && (b.top + b.bottom) / 2 < line[1][1] + slack);
    // The span of the marks on the cited line, within the line as drawn, covers most of it.
    const covered = Math.min(Math.max(...onLine.map((b) => b.right)), line[1][0]) - Math.max(Math.min(...onLine.map((b) => b.left)), line[0][0]);
    expect(covered, `marks ${JSON.stringify(onLine)} on ${JSON.stringify(line)}`).toBeGreaterThan(0.7 * (line[1][0] - line[0][0]));
    // Each mark on the cited line sits on it as the photo slants it (2°): its middle within a fifth of
    // the font size of the line's middle there (the median; within half of it for every mark).
    const [start, end] = noticeLineMiddle(1).map(onScreen);
    const off = onLine
      .map((b) => {
        const x = (b.left + b.right) / 2;
        return Math.abs((b.top + b.bottom) / 2 - (start[1] + ((x - start[0]) / (end[0] - start[0])) * (end[1] - start[1])));
      })
      .sort((a, b) => a - b);
    const font = (canvas.right - canvas.left) * (NOTICE_FONT / PHOTO.width);
    expect(off[Math.floor(off.length / 2)]).toBeLessThan(font / 5);
    expect(off.at(-1)).toBeLessThan(font / 2);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
