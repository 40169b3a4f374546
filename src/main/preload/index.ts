/**
 * Builds `window.genten` (GentenBridge) from named methods, one fixed IPC channel each. No raw
 * ipcRenderer, no process.env, nothing else from Node: bundled as CommonJS so that it runs with
 * `sandbox: true`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { GentenEventName } from '../../shared/api';
import {
  API_CHANNEL_PREFIX,
  API_METHOD_NAMES,
  EVENT_CHANNEL,
  EVENT_NAMES,
  HOST_CHANNELS,
  HOST_COMMANDS,
  type GentenBridge,
  type HostCommand,
} from '../../shared/bridge';

type Listener = (payload: unknown) => void;

export function createBridge(): GentenBridge {
  const listeners = new Map<GentenEventName, Set<Listener>>();
  const commandListeners = new Set<(command: HostCommand) => void>();

  ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
    if (!message || typeof message !== 'object') return;
    const { name, payload } = message as { name?: unknown; payload?: unknown };
    if (typeof name !== 'string' || !(EVENT_NAMES as readonly string[]).includes(name)) return;
    for (const listener of listeners.get(name as GentenEventName) ?? []) {
      try {
        listener(payload);
      } catch {
        // one broken listener must not silence the others
      }
    }
  });
  ipcRenderer.on(HOST_CHANNELS.command, (_event, command: unknown) => {
    if (typeof command !== 'string' || !(HOST_COMMANDS as readonly string[]).includes(command)) return;
    for (const listener of commandListeners) listener(command as HostCommand);
  });

  const api = Object.fromEntries(API_METHOD_NAMES.map((method) => [method, (request?: unknown) => ipcRenderer.invoke(API_CHANNEL_PREFIX + method, request)]));

  return {
    ...(api as unknown as Omit<
      GentenBridge,
      'on' | 'pickPaths' | 'pickModelFile' | 'requestAnswerServer' | 'droppedPaths' | 'onCommand' | 'host' | 'platform'
    >),
    on(name, listener) {
      if (!(EVENT_NAMES as readonly string[]).includes(name)) throw new Error(`Unknown event ${String(name)}`);
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => void set.delete(wrapped);
    },
    pickPaths: (request) => ipcRenderer.invoke(HOST_CHANNELS.pickPaths, request),
    pickModelFile: () => ipcRenderer.invoke(HOST_CHANNELS.pickModelFile),
    requestAnswerServer: (request) => ipcRenderer.invoke(HOST_CHANNELS.requestAnswerServer, request),
    droppedPaths: (files) => {
      // Only real File objects from a drop have a path: the page cannot make one up.
      const paths = Array.from(files, (file) => webUtils.getPathForFile(file)).filter((p) => p.length > 0);
      return ipcRenderer.invoke(HOST_CHANNELS.grantDropped, paths);
    },
    onCommand(listener) {
      commandListeners.add(listener);
      return () => void commandListeners.delete(listener);
    },
    host: 'electron',
    platform: process.platform,
  };
}

contextBridge.exposeInMainWorld('genten', createBridge());
