/**
 * A stand-in for the `electron` module (no binary needed): records what the code under test
 * registers with ipcMain, contextBridge, ipcRenderer, app, protocol and Menu.
 */
import { vi } from 'vitest';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const electronMock = {
  ipcMainHandlers: new Map<string, Handler>(),
  ipcRendererListeners: new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>(),
  exposed: new Map<string, unknown>(),
  appListeners: new Map<string, Array<(...args: unknown[]) => void>>(),
  menuTemplate: null as unknown,
  protocolHandlers: new Map<string, (request: Request) => unknown>(),
  reset() {
    this.ipcMainHandlers.clear();
    this.ipcRendererListeners.clear();
    this.exposed.clear();
    this.appListeners.clear();
    this.menuTemplate = null;
    this.protocolHandlers.clear();
    ipcRenderer.invoke.mockReset();
  },
};

export const ipcMain = {
  handle: vi.fn((channel: string, handler: Handler) => {
    if (electronMock.ipcMainHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    electronMock.ipcMainHandlers.set(channel, handler);
  }),
  removeHandler: vi.fn((channel: string) => void electronMock.ipcMainHandlers.delete(channel)),
};

export const ipcRenderer = {
  invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
  on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
    const list = electronMock.ipcRendererListeners.get(channel) ?? [];
    list.push(listener);
    electronMock.ipcRendererListeners.set(channel, list);
  }),
  send: vi.fn(),
};

export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, api: unknown) => void electronMock.exposed.set(key, api)),
};

export const webUtils = {
  getPathForFile: vi.fn((file: { path?: string }) => file.path ?? ''),
};

export const app = {
  on: vi.fn((name: string, listener: (...args: unknown[]) => void) => {
    const list = electronMock.appListeners.get(name) ?? [];
    list.push(listener);
    electronMock.appListeners.set(name, list);
  }),
  isPackaged: false,
};

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn((scheme: string, handler: (request: Request) => unknown) => void electronMock.protocolHandlers.set(scheme, handler)),
  unhandle: vi.fn((scheme: string) => void electronMock.protocolHandlers.delete(scheme)),
};

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn((menu: { template: unknown }) => {
    electronMock.menuTemplate = menu.template;
  }),
};

export const dialog = { showOpenDialog: vi.fn() };

export default { ipcMain, ipcRenderer, contextBridge, webUtils, app, protocol, Menu, dialog };
