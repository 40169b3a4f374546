import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, menuLang } from '../../../src/main/electron/menu';
import { handleAppRequest } from '../../../src/main/electron/protocol';
import { BLOCKED_URL_PATTERNS, hardenSession, hardenWebContents, secureWebPreferences } from '../../../src/main/electron/security';
import { makeTempDir } from '../../helpers/temp';
import { electronMock } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

describe('window security settings', () => {
  it('turns on isolation and the sandbox, and off node integration and webviews', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('denies every permission and blocks network requests except the dev server', () => {
    let onBefore: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    let filter: { urls: string[] } | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: {
        onBeforeRequest: vi.fn((f, handler) => {
          filter = f;
          onBefore = handler;
        }),
      },
    };
    hardenSession(session as never, { devServer: 'http://localhost:5173' });
    const request = session.setPermissionRequestHandler.mock.calls[0][0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    const granted: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) request(null, permission, (ok) => granted.push(ok));
    expect(granted).toEqual([false, false, false, false]);
    expect((session.setPermissionCheckHandler.mock.calls[0][0] as () => boolean)()).toBe(false);
    expect(filter?.urls).toEqual(BLOCKED_URL_PATTERNS);
    const decisions: boolean[] = [];
    onBefore!({ url: 'https://example.com/x' }, (r) => decisions.push(r.cancel));
    onBefore!({ url: 'http://localhost:5173/src/main.tsx' }, (r) => decisions.push(r.cancel));
    expect(decisions).toEqual([true, false]);
  });

  it('denies navigation away, new windows and webviews in every web contents', () => {
    hardenWebContents({ allowedOrigins: ['app://genten'] });
    const created = electronMock.appListeners.get('web-contents-created')!.at(-1)!;
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, handler: (event: { preventDefault(): void }, url?: string) => void) => handlers.set(name, handler),
      setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
      getURL: () => 'app://genten/index.html',
    };
    created({}, contents);
    const prevented = (name: string, url?: string) => {
      let stopped = false;
      handlers.get(name)!({ preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://genten/index.html')).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});

describe('app:// protocol', () => {
  const temp = makeTempDir('genten-app-');
  const renderer = path.join(temp.dir, 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Genten</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'a.js'), 'x');
  fs.writeFileSync(path.join(temp.dir, 'secret.txt'), 'secret');
  const pdf = path.join(temp.dir, 'doc.pdf');
  fs.writeFileSync(pdf, '%PDF-1.7');
  const page = path.join(temp.dir, 'page.html');
  fs.writeFileSync(page, '<script>parent.postMessage("pwned", "*")</script>');
  const options = {
    rendererDir: renderer,
    documentFile: async (id: string) =>
      id === 'doc1'
        ? { ok: true as const, value: { path: pdf, type: 'pdf' as const, title: 'Doc' } }
        : id === 'html1'
          ? { ok: true as const, value: { path: page, type: 'html' as const, title: 'Page' } }
          : { ok: false as const, error: { code: 'NOT_FOUND' as const, message: 'no' } },
  };
  afterAll(() => temp.cleanup());

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await handleAppRequest(new Request('app://genten/index.html'), options);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Genten');
    expect((await handleAppRequest(new Request('app://genten/assets/a.js'), options)).status).toBe(200);
    for (const url of [
      'app://genten/..%2Fsecret.txt',
      'app://genten/assets/..%2F..%2Fsecret.txt',
      'app://other/index.html',
      'app://genten/%2e%2e/secret.txt',
    ]) {
      const reply = await handleAppRequest(new Request(url), options);
      expect(reply.status, url).toBe(404);
    }
  });

  it('serves library documents only', async () => {
    const file = await handleAppRequest(new Request('app://genten/api/file/doc1'), options);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-security-policy')).toBe('sandbox');
    expect((await handleAppRequest(new Request('app://genten/api/file/other'), options)).status).toBe(404);
    // An indexed web page is someone else's content: sandboxed, and as text, never as live HTML.
    const html = await handleAppRequest(new Request('app://genten/api/file/html1'), options);
    expect(html.headers.get('content-type')).toBe('text/plain');
    expect(html.headers.get('content-security-policy')).toBe('sandbox');
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('menus in Japanese and English', () => {
  const labels = (template: ReturnType<typeof buildMenuTemplate>): string[] =>
    template.flatMap((item) => [item.label ?? '', ...(Array.isArray(item.submenu) ? item.submenu.map((s) => s.label ?? '') : [])]).filter(Boolean);

  it('follows the OS locale', () => {
    expect(menuLang('ja-JP')).toBe('ja');
    expect(menuLang('ja')).toBe('ja');
    expect(menuLang('en-US')).toBe('en');
    expect(menuLang('de')).toBe('en');
  });

  it('has the same commands in both languages', () => {
    const sent: string[] = [];
    const ja = buildMenuTemplate('ja', (c) => sent.push(c), { isMac: false });
    const en = buildMenuTemplate('en', (c) => sent.push(c), { isMac: false });
    expect(labels(ja)).toEqual(expect.arrayContaining(['ファイル', 'ファイルを追加…', 'フォルダを追加…', '設定…', '表示', 'ヘルプ']));
    expect(labels(en)).toEqual(expect.arrayContaining(['File', 'Add Files…', 'Add Folder…', 'Settings…', 'View', 'Help']));
    expect(ja.length).toBe(en.length);
    const file = ja[0].submenu as Array<{ click?: () => void }>;
    file[0].click!();
    file[1].click!();
    expect(sent).toEqual(['add-files', 'add-folder']);
  });
});
