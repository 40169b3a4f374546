/**
 * The Electron main process: the composition root. It owns the library and the model (through
 * GentenService), serves the renderer from app://, and exposes the GentenApi over IPC. Each
 * concern is a setupX() module; everything is disposed in reverse order on quit.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { APP_ORIGIN, HOST_CHANNELS, type HostCommand } from '../../shared/bridge';
import { GentenService } from '../api/service';
import { Policy } from '../core/policy/policy';
import { machinePolicySources, type PolicySourceSpec } from '../core/policy/sources';
import { defaultDataDir, usePackagedResourcesDir } from '../core/settings/paths';
import { chosenLibrary } from '../api/settings-store';
import { relaunchWithArenaLimit } from './arena-limit';
import { createDialogs } from './dialogs';
import { setupIpc } from './ipc';
import { menuLang, setupMenu } from './menu';
import { PathGrants } from './path-grants';
import { registerAppScheme, setupAppProtocol } from './protocol';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trustedOrigins = [APP_ORIGIN, ...(devServer ? [new URL(devServer).origin] : [])];

// The same data folder as the CLI (GENTEN_DATA_DIR overrides it), so both share one library.
app.setName('Genten');
app.setPath('userData', defaultDataDir());
// Packaged: models, OCR data, samples and IT's policy.json sit in process.resourcesPath.
if (app.isPackaged) usePackagedResourcesDir(process.resourcesPath);

/** The machine's policy sources, then the policy.json IT bundled into the installer. */
function policySources(): PolicySourceSpec[] {
  return [...machinePolicySources(), ...(app.isPackaged ? [{ kind: 'file' as const, path: path.join(process.resourcesPath, 'policy.json') }] : [])];
}
registerAppScheme();
hardenWebContents({ allowedOrigins: trustedOrigins });

function optionValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at !== -1 ? process.argv[at + 1] : undefined;
}

if (relaunchWithArenaLimit()) {
  // This instance only hands over to the relaunched one.
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  const cleanups: Array<() => void | Promise<void>> = [];

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  const createWindow = () => {
    window = new BrowserWindow({
      width: 1320,
      height: 860,
      minWidth: 760,
      minHeight: 520,
      show: false,
      title: 'Genten 原典',
      backgroundColor: '#f7f6f3',
      webPreferences: secureWebPreferences(path.join(here, '../preload/index.cjs')),
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = null;
    });
    void window.loadURL(devServer ?? `${APP_ORIGIN}/index.html`);
  };

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, { devServer });
    // Read at every start: a policy change applies from the next launch.
    const policy = await Policy.load({ sources: policySources() });
    for (const warning of policy.warnings()) process.stderr.write(`Genten: ${warning}\n`);
    const dataDir = policy.dataDir(app.getPath('userData'));
    // --db, else the library chosen in settings (a folder or s3://…), else the data folder's.
    const service = await GentenService.open({ libraryDir: await chosenLibrary(dataDir, optionValue('--db')), dataDir, policy });
    cleanups.push(() => service.dispose());

    cleanups.push(setupAppProtocol({ rendererDir: path.join(here, '../renderer'), documentFile: (id) => service.documentFile(id) }));
    const lang = menuLang(app.getLocale());
    const grants = new PathGrants();
    cleanups.push(
      setupIpc({
        service,
        grants,
        dialogs: createDialogs(() => window, lang),
        getWebContents: () => window?.webContents ?? null,
        trustedOrigins,
      }),
    );
    setupMenu(lang, (command: HostCommand) => window?.webContents.send(HOST_CHANNELS.command, command));
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch {
          // keep disposing the rest
        }
      }
      // The Llama instance is a documented singleton: free it after every model.
      await import('../core/llm/llama').then((m) => m.disposeLlama()).catch(() => undefined);
      app.quit();
    })();
  });
}
