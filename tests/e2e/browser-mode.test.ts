/**
 * End to end, in browser mode: a real `genten serve` on a temporary library, driven with
 * playwright-core in Debian's Chromium. Upload PDFs, watch indexing finish, read a failed file's
 * reason, ask in Japanese, open a citation on its PDF page with the passage highlighted, stop an
 * answer, switch the language. Each step saves a screenshot in test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { makeCorruptPdf, makePdf } from '../helpers/fixtures';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';
import { writeTinyGguf } from '../helpers/tiny-gguf';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
/** expect.poll waits 1 s by default: too little for a page on a busy two-core machine. */
const POLL = { timeout: 20_000, interval: 100 };

const CONTRACT = [
  ['業務委託契約書', '第1章 総則', '第1条（目的）', '本契約は、甲が乙に委託する保守業務の条件を定めることを目的とする。'],
  [
    '第2章 再委託',
    '第12条（再委託）',
    '乙は、甲の書面による事前の承諾を得なければ、本業務の全部又は一部を第三者に再委託してはならない。',
    '2 乙は、再委託先の行為について甲に対し責任を負う。',
  ],
  ['第3章 雑則', '第20条（協議）', '本契約に定めのない事項は、甲乙誠実に協議して定める。'],
];
const MANUAL = [
  ['保守マニュアル', '第1章 エラー表示', 'E-203 が表示されたら、冷却ファンの回転を確認し、フィルターを清掃してから再起動する。'],
  ['第2章 締付', 'M6×20 のボルトは締付トルク 9 N·m で締める。'],
  ['第3章 点検', '月に一度、ベルトの張りと摩耗を点検する。'],
  ['第4章 保管', '湿気の少ない場所に保管する。'],
];

describe.skipIf(!hasChromium)(`browser mode end to end${skippedNote}`, () => {
  const temp = makeTempDir('genten-e2e-');
  const docs = path.join(temp.dir, 'docs');
  const dataDir = path.join(temp.dir, 'data');
  const modelPath = path.join(dataDir, 'models', 'tiny-chat.gguf');
  let serve: Serve;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const old of fs.readdirSync(SHOTS)) fs.rmSync(path.join(SHOTS, old));
    await makePdf(path.join(docs, 'contract.pdf'), CONTRACT, { header: '社内資料 業務委託契約書', footer: (p) => `- ${p} -`, title: '業務委託契約書' });
    await makePdf(path.join(docs, 'manual.pdf'), MANUAL, { title: '保守マニュアル' });
    await makeCorruptPdf(path.join(docs, 'broken.pdf'));
    fs.mkdirSync(path.dirname(modelPath), { recursive: true });
    await writeTinyGguf(modelPath);
    [serve, browser] = await Promise.all([startServe(path.join(temp.dir, 'library'), dataDir), launchChromium()]);
    page = await openAppPage(browser, pageErrors, { viewport: { width: 1400, height: 880 } });
  }, 150_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  it('refuses the server address without its token', async () => {
    const bare = serve.url.replace(/\/t\/[^/]+\/$/, '/');
    const response = await fetch(bare);
    expect(response.status).toBe(401);
  });

  it('opens on the library on first run, in Japanese (the browser language), and says what to do', async () => {
    await page.goto(serve.url);
    await expect.poll(() => page.getByTestId('library-add').isVisible(), POLL).toBe(true);
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('ja');
    expect(await page.getByText('まだ文書がありません。', { exact: true }).isVisible()).toBe(true);
    await shot('01-first-run-library');
  });

  it('uploads PDFs, shows indexing progress until done, and a failed file with its reason', async () => {
    const phases = new Set<string>();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('library-add').click();
    await (await chooser).setFiles([path.join(docs, 'contract.pdf'), path.join(docs, 'manual.pdf'), path.join(docs, 'broken.pdf')]);
    const progress = page.getByTestId('index-progress');
    await progress.waitFor();
    let screenshotTaken = false;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const phase = (await progress.getAttribute('data-phase')) ?? '';
      phases.add(phase);
      if (!screenshotTaken && phase === 'indexing') {
        await shot('02-indexing-progress');
        screenshotTaken = true;
      }
      if (phase === 'done' || phase === 'error' || Date.now() > deadline) break;
      await page.waitForTimeout(100);
    }
    if (!screenshotTaken) await shot('02-indexing-progress');
    expect(await progress.getAttribute('data-phase')).toBe('done');
    expect([...phases].some((p) => ['uploading', 'scanning', 'indexing'].includes(p))).toBe(true);

    const failure = page.getByTestId('index-failure');
    await expect.poll(() => failure.count(), POLL).toBe(1);
    expect(await failure.textContent()).toContain('broken.pdf');
    expect(await failure.textContent()).toContain('ファイルが壊れているか');

    const rows = page.getByTestId('library-doc');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    const failedRow = page.locator('[data-testid="library-doc"][data-status="failed"]');
    expect(await failedRow.getAttribute('data-name')).toBe('broken.pdf');
    expect(await failedRow.getByTestId('library-doc-error').textContent()).toContain('壊れて');
    expect(await page.locator('[data-testid="library-doc"][data-status="indexed"]').count()).toBe(2);
    await shot('03-library-indexed-and-failed');
  }, 120_000);

  it('answers a Japanese question as it streams, with citations', async () => {
    await page.getByTestId('nav-ask').click();
    // No model is set yet: Ask says so, and that answers are extracted.
    await expect.poll(() => page.getByTestId('ask-no-model').isVisible(), POLL).toBe(true);
    // Record the states the answer goes through.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { answerStates: string[] }).answerStates = seen;
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="answer"]')?.getAttribute('data-state');
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
    const input = page.getByTestId('question-input');
    await input.fill('再委託に事前承諾は必要か');
    await input.press('Enter');
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const states = await page.evaluate(() => (window as unknown as { answerStates: string[] }).answerStates);
    expect(states.at(-1)).toBe('done');
    expect(states.length).toBeGreaterThan(1);
    expect(await answer.textContent()).toContain('事前の承諾');
    expect(await page.getByTestId('answer-mode').last().textContent()).toContain('抜粋');
    const cards = page.getByTestId('citation');
    await expect.poll(() => cards.count(), POLL).toBeGreaterThan(0);
    const first = cards.first();
    expect(await first.textContent()).toContain('2 ページ');
    expect(await first.textContent()).toContain('第12条');
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('citation-chip').count()).toBeGreaterThan(0);
    await shot('04-answer-with-citations');
  });

  it('opens a citation on the right PDF page, rendered, with the passage highlighted', async () => {
    await page.getByTestId('citation').first().click();
    const viewer = page.getByTestId('source-viewer');
    await viewer.waitFor();
    await expect.poll(() => page.getByTestId('viewer-page').textContent(), POLL).toContain('2 / 3');
    const highlight = viewer.getByTestId('source-highlight');
    await expect.poll(() => highlight.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const text = (await highlight.allTextContents()).join('');
    expect(text).toContain('承諾');
    expect(text).not.toContain('社内資料'); // the running header is not part of the passage
    expect(await viewer.locator('.pdf-page[data-page="2"] mark').count()).toBeGreaterThan(0);
    // The page itself was drawn by pdf.js (not a blank canvas).
    const inked = await viewer.locator('.pdf-page canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(500);
    const box = await highlight.first().boundingBox();
    expect(box && box.width > 0 && box.height > 0).toBe(true);
    await shot('05-source-viewer-pdf-highlight');

    // The Text tab: the same page as Genten indexed it, the passage marked, no running header.
    await viewer.getByRole('tab', { name: 'テキスト' }).click();
    const pageText = viewer.getByTestId('document-text');
    await expect.poll(() => pageText.getAttribute('data-page'), POLL).toBe('2');
    expect(await pageText.textContent()).not.toContain('社内資料');
    expect(await pageText.locator('mark').textContent()).toContain('承諾');
    await shot('05b-source-viewer-text-tab');
    await viewer.getByRole('tab', { name: 'ページ' }).click();

    // Page navigation, then a [n] chip opens the cited page again.
    await viewer.getByRole('button', { name: '次のページ' }).click();
    await expect.poll(() => page.getByTestId('viewer-page').textContent(), POLL).toContain('3 / 3');
    await viewer.getByRole('button', { name: '出典一覧に戻る' }).click();
    await page.getByTestId('citation-chip').first().click();
    await expect.poll(() => page.getByTestId('viewer-page').textContent(), POLL).toContain('2 / 3');
  });

  it('stops an answer', async () => {
    // A model makes answers slow enough to stop: pick the test's tiny GGUF in Settings.
    await page.getByTestId('nav-settings').click();
    const select = page.getByTestId('settings-answer-model');
    await expect.poll(() => select.locator(`option[value="${modelPath}"]`).count(), { timeout: 60_000 }).toBe(1);
    await select.selectOption(modelPath);
    await expect.poll(() => select.inputValue(), POLL).toBe(modelPath);
    await shot('06-settings-model');
    await page.getByTestId('nav-ask').click();
    const input = page.getByTestId('question-input');
    await input.fill('E-203 エラーの対処手順は？');
    await input.press('Enter');
    await page.getByTestId('ask-stop').click();
    const answer = page.getByTestId('answer').last();
    await expect.poll(() => answer.getAttribute('data-state'), { timeout: 20_000 }).toBe('stopped');
    expect(await page.getByTestId('answer-stopped').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('ask-submit').isVisible(), POLL).toBe(true);
    await shot('07-answer-stopped');
  });

  it('switches the interface to English, and keeps it after a reload', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-library').textContent(), POLL).toContain('Library');
    expect(await page.getByTestId('nav-ask').textContent()).toContain('Ask');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await shot('08-settings-english');
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-ask').textContent(), POLL).toContain('Ask');
    await page.getByTestId('nav-library').click();
    await expect.poll(() => page.getByTestId('library-add').textContent(), POLL).toContain('Add files');
    expect(await page.locator('[data-testid="library-doc"][data-status="failed"] [data-testid="library-doc-error"]').textContent()).toContain('damaged');
    await shot('09-library-english');
  });

  it('sets OCR on the settings screen: the mode and the languages, saved for the next index run', async () => {
    await page.getByTestId('nav-settings').click();
    const mode = page.getByTestId('settings-ocr-mode');
    await expect.poll(() => mode.inputValue(), POLL).toBe('auto');
    expect(await page.getByTestId('settings-ocr').textContent()).toContain('Text recognition for scans (OCR)');
    // Clicked, not uncheck(): the box follows the saved settings, a moment after the click.
    await page.getByTestId('settings-ocr-eng').click();
    const saved = () => (JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { ocr?: unknown }).ocr;
    await expect.poll(saved, POLL).toEqual({ mode: 'auto', langs: 'jpn' });
    await mode.selectOption('force');
    await expect.poll(saved, POLL).toEqual({ mode: 'force', langs: 'jpn' });
    await shot('09b-settings-ocr');
    // The last language cannot be unticked: OCR needs one.
    await page.getByTestId('settings-ocr-jpn').click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(saved()).toEqual({ mode: 'force', langs: 'jpn' });
    expect(await page.getByTestId('settings-ocr-jpn').isChecked()).toBe(true);
    await page.getByTestId('settings-ocr-eng').click();
    await expect.poll(saved, POLL).toEqual({ mode: 'force', langs: 'jpn+eng' });
    await mode.selectOption('auto');
    await expect.poll(saved, POLL).toEqual({ mode: 'auto', langs: 'jpn+eng' });
  });

  it('adds a folder typed by its path only inside the allowed folders, and says why not otherwise', async () => {
    await page.getByTestId('nav-library').click();
    await page.locator('.server-path summary').click();
    const input = page.getByTestId('library-path-input');
    await input.fill(docs);
    await input.press('Enter');
    // The test's folder is in /tmp, outside the server's default roots (home and uploads).
    const notice = page.locator('.notice-error');
    await expect.poll(() => notice.count(), POLL).toBeGreaterThan(0);
    const text = (await notice.first().textContent()) ?? '';
    expect(text).toContain(docs);
    expect(text).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
    expect(await page.getByTestId('index-progress').textContent()).toContain('Could not index');
    await shot('09b-path-outside-roots');
  });

  it('follows a dark OS theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-input').fill('M6×20');
    await page.getByTestId('search-input').press('Enter');
    const result = page.getByTestId('search-result');
    await expect.poll(() => result.count(), POLL).toBeGreaterThan(0);
    expect(await result.first().textContent()).toContain('M6×20');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).not.toBe('rgb(247, 246, 243)');
    await shot('10-search-dark');
    expect(pageErrors).toEqual([]);
  });
});
