/**
 * Electron's security checklist, applied to every window and session: navigation and new windows
 * denied, webviews refused, every permission denied, and network schemes blocked for the renderer
 * (the app is offline; the dev server is the one exception in development).
 */
import { app, type Session } from 'electron';

export const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** Denies permissions and blocks network requests in `session`, except to `devServer`. */
export function hardenSession(session: Session, options: { devServer?: string } = {}): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onBeforeRequest({ urls: BLOCKED_URL_PATTERNS }, (details, callback) => {
    const allowed = options.devServer !== undefined && details.url.startsWith(options.devServer);
    callback({ cancel: !allowed });
  });
}

/** Every web contents: no navigation away, no new windows, no webviews. */
export function hardenWebContents(options: { allowedOrigins: string[] }): void {
  app.on('web-contents-created', (_event, contents) => {
    const isOwn = (url: string) => {
      try {
        const parsed = new URL(url);
        return options.allowedOrigins.includes(`${parsed.protocol}//${parsed.host}`);
      } catch {
        return false;
      }
    };
    contents.on('will-navigate', (event, url) => {
      // A reload of our own page is the only navigation there is.
      if (!(isOwn(url) && url === contents.getURL())) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwn(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** webPreferences of every window (the checklist's defaults, spelled out so a change is visible). */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}
