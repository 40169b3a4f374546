/**
 * Browser mode against hostile content and requests, with a real `genten serve` and Debian's
 * Chromium: an indexed HTML page with a script is served sandboxed as text and its script does
 * not run; add-by-path outside the allowed folders (or a relative path) is refused; a symlink out
 * of an allowed folder is not followed; the answer server cannot be set over HTTP and its API key
 * never comes back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserTest, hasChromium, launchChromium, openAppPage, skippedNote } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { startServe, type Serve } from '../helpers/serve';
import { makeTempDir } from '../helpers/temp';

describe.skipIf(!hasChromium)(`browser mode: hostile content and requests${skippedNote}`, () => {
  const temp = makeTempDir('genten-browser-sec-');
  const allowed = path.join(temp.dir, 'allowed');
  const outside = path.join(temp.dir, 'outside');
  const dataDir = path.join(temp.dir, 'data');
  let serve: Serve;
  let browser: Browser;
  const api = async (method: string, body?: unknown) => {
    const response = await fetch(`${serve.url}api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    fs.mkdirSync(allowed, { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(
      path.join(allowed, 'evil.html'),
      `<!DOCTYPE html><html><head><title>Vendor page</title></head><body><h1>点検手順</h1><p>ベルトを月に一度点検する。</p>
<script>document.title = 'pwned'; fetch('../updateSettings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"language":"en"}' }); alert('pwned');</script></body></html>`,
    );
    fs.writeFileSync(path.join(outside, 'secret.txt'), '給与台帳 機密');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(allowed, 'secret-link.txt'));
    const server = await runCli(['models', 'server', 'http://127.0.0.1:9/v1', '--model', 'it-model', '--key', 'sk-secret-123'], {
      env: { GENTEN_DATA_DIR: dataDir },
    });
    expect(server.code, server.stderr).toBe(0);
    [serve, browser] = await Promise.all([startServe(path.join(temp.dir, 'library'), dataDir, ['--allow-root', allowed]), launchChromium()]);
  }, 150_000);

  afterAll(() => closeBrowserTest({ browser, serve, temp }));

  it('indexes inside the allowed folder without following a symlink out of it, and refuses paths outside it or relative', async () => {
    expect((await api('startIndex', { paths: [allowed] })).status).toBe(200);
    let docs: Array<{ id: string; path: string; status: string }> = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !docs.some((d) => d.path.endsWith('evil.html'))) {
      await new Promise((r) => setTimeout(r, 300));
      docs = JSON.parse((await api('listDocuments')).text).value;
    }
    expect(docs.map((d) => path.basename(d.path))).toEqual(['evil.html']);

    for (const paths of [[outside], ['/etc'], [path.join(allowed, '..', 'outside')], ['allowed']]) {
      const refused = await api('startIndex', { paths });
      expect(refused.status, paths[0]).toBe(400);
      expect(JSON.parse(refused.text).error.message).toMatch(/outside the folders this Genten may read|relative path/);
    }
  }, 90_000);

  it('serves the indexed HTML sandboxed, as text: its script does not run in Chromium', async () => {
    const docs = JSON.parse((await api('listDocuments')).text).value as Array<{ id: string; path: string }>;
    const evil = docs.find((d) => d.path.endsWith('evil.html'))!;
    const fileUrl = `${serve.url}api/file/${evil.id}`;
    const head = await fetch(fileUrl);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toBe('sandbox');
    expect(head.headers.get('content-type')).toBe('text/plain');
    expect(head.headers.get('x-content-type-options')).toBe('nosniff');

    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(fileUrl);
    await page.waitForTimeout(1000);
    expect(await page.title()).not.toBe('pwned');
    expect(dialogs).toEqual([]);
    expect(requests.filter((url) => url.includes('updateSettings'))).toEqual([]);
    expect(await page.locator('body').innerText()).toContain("<script>document.title = 'pwned'");
    const settings = JSON.parse((await api('getSettings')).text).value;
    expect(settings.language).toBe('system'); // the script's request never happened
    await page.close();
  }, 60_000);

  it('with only IT’s answer server set (no local model), Ask does not say that no model is set', async () => {
    const errors: string[] = [];
    const page = await openAppPage(browser, errors);
    await page.goto(serve.url);
    await page.getByTestId('nav-ask').click();
    await page.getByText('質問すると、回答と出典').waitFor();
    expect(await page.getByTestId('ask-no-model').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('refuses answer-server changes over HTTP and never returns the API key', async () => {
    const refused = await api('updateSettings', { answerServer: { baseUrl: 'http://evil.example/v1', model: 'x' } });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toContain('only be set on this computer');
    const removal = await api('updateSettings', { answerServer: null });
    expect(removal.status).toBe(400);
    const settings = await api('getSettings');
    expect(settings.text).not.toContain('sk-secret-123');
    expect(JSON.parse(settings.text).value.answerServer).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', model: 'it-model' });
    // A model file outside the allowed folders (and not in a models folder) is refused too.
    fs.writeFileSync(path.join(outside, 'm.gguf'), 'GGUF');
    const model = await api('updateSettings', { answerModel: path.join(outside, 'm.gguf') });
    expect(model.status).toBe(400);
    expect(JSON.parse(model.text).error.message).toContain('outside the folders');
    const language = await api('updateSettings', { language: 'en' }); // other settings still work
    expect(language.status).toBe(200);
    expect(language.text).not.toContain('sk-secret-123');
  });
});
