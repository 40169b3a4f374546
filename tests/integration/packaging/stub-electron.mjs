// A stand-in for the `electron` module in a plain Node process: records what the packaged main
// registers (IPC handlers, the app:// protocol, windows) on globalThis.__gentenStub for the harness.
const state = (globalThis.__gentenStub ??= { handlers: new Map(), protocols: new Map(), windows: [], paths: {}, listeners: new Map(), quit: false });

const contentsListeners = () => ({ on() {}, setWindowOpenHandler() {} });

export const app = {
  isPackaged: true,
  setName(name) {
    state.name = name;
  },
  setPath(name, value) {
    state.paths[name] = value;
  },
  getPath(name) {
    return state.paths[name];
  },
  requestSingleInstanceLock: () => true,
  relaunch(options) {
    state.relaunched = { options, arenas: process.env.MALLOC_ARENA_MAX };
  },
  exit(code) {
    const relaunched = state.relaunched;
    console.log('STUB-EXIT ' + JSON.stringify({ code, relaunched: Boolean(relaunched), arenas: relaunched?.arenas, windows: state.windows.length }));
    process.exit(code);
  },
  quit() {
    state.quit = true;
  },
  on(name, listener) {
    state.listeners.set(name, [...(state.listeners.get(name) ?? []), listener]);
  },
  whenReady: () => Promise.resolve(),
  getLocale: () => 'ja',
};

export class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.webContents = { ...contentsListeners(), mainFrame: { url: '' }, send() {}, isDestroyed: () => false, getURL: () => this.webContents.mainFrame.url };
    state.windows.push(this);
  }
  once() {}
  on() {}
  show() {}
  focus() {}
  isMinimized() {
    return false;
  }
  loadURL(url) {
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  static getAllWindows() {
    return state.windows;
  }
}

export const session = {
  defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {}, webRequest: { onBeforeRequest() {} } },
};
export const ipcMain = {
  handle(channel, handler) {
    state.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    state.handlers.delete(channel);
  },
};
export const protocol = {
  registerSchemesAsPrivileged() {},
  handle(scheme, handler) {
    state.protocols.set(scheme, handler);
  },
  unhandle(scheme) {
    state.protocols.delete(scheme);
  },
};
export const Menu = { buildFromTemplate: (template) => ({ template }), setApplicationMenu() {} };
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };
export default { app, BrowserWindow, session, ipcMain, protocol, Menu, dialog };
