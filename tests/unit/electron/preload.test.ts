import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL_PREFIX, API_METHOD_NAMES, EVENT_CHANNEL, HOST_CHANNELS, type GentenBridge } from '../../../src/shared/bridge';
import { electronMock, ipcRenderer, webUtils } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

function emit(channel: string, ...args: unknown[]) {
  for (const listener of electronMock.ipcRendererListeners.get(channel) ?? []) listener({ sender: null }, ...args);
}

describe('preload: window.genten', () => {
  let bridge: GentenBridge;

  beforeAll(async () => {
    electronMock.reset();
    await import('../../../src/main/preload/index');
    bridge = electronMock.exposed.get('genten') as GentenBridge;
  });

  it('exposes only named methods, never ipcRenderer itself', () => {
    expect([...electronMock.exposed.keys()]).toEqual(['genten']);
    const keys = Object.keys(bridge).sort();
    expect(keys).toEqual(
      [...API_METHOD_NAMES, 'on', 'pickPaths', 'pickModelFile', 'requestAnswerServer', 'droppedPaths', 'onCommand', 'host', 'platform'].sort(),
    );
    for (const key of keys) expect(['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process']).not.toContain(key);
    expect(Object.values(bridge)).not.toContain(ipcRenderer);
    expect(bridge.host).toBe('electron');
  });

  it('calls one fixed channel per API method and hands back its Result', async () => {
    for (const method of API_METHOD_NAMES) {
      ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: method });
      const request = { probe: method };
      const call = bridge[method] as (request: unknown) => Promise<unknown>;
      await expect(call(request)).resolves.toEqual({ ok: true, value: method });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(API_CHANNEL_PREFIX + method, request);
    }
  });

  it('delivers known events to their listeners only, and stops after unsubscribe', () => {
    const deltas: unknown[] = [];
    const done: unknown[] = [];
    const offDelta = bridge.on('answer:delta', (payload) => deltas.push(payload));
    bridge.on('answer:done', () => {
      throw new Error('a broken listener');
    });
    bridge.on('answer:done', (payload) => done.push(payload));
    emit(EVENT_CHANNEL, { name: 'answer:delta', payload: { askId: 'a', text: '再委託' } });
    emit(EVENT_CHANNEL, { name: 'answer:done', payload: { askId: 'a' } });
    emit(EVENT_CHANNEL, { name: 'something:else', payload: {} });
    emit(EVENT_CHANNEL, 'garbage');
    expect(deltas).toEqual([{ askId: 'a', text: '再委託' }]);
    expect(done).toEqual([{ askId: 'a' }]);
    offDelta();
    emit(EVENT_CHANNEL, { name: 'answer:delta', payload: { askId: 'a', text: 'more' } });
    expect(deltas).toHaveLength(1);
    expect(() => bridge.on('not:an-event' as never, () => undefined)).toThrow(/Unknown event/);
  });

  it('turns dropped File objects into paths with webUtils and asks the main process to grant them', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: ['/docs/a.pdf'] });
    const files = [{ path: '/docs/a.pdf' }, { path: '' }] as unknown as File[];
    await expect(bridge.droppedPaths(files)).resolves.toEqual({ ok: true, value: ['/docs/a.pdf'] });
    expect(webUtils.getPathForFile).toHaveBeenCalledTimes(2);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(HOST_CHANNELS.grantDropped, ['/docs/a.pdf']);
  });

  it('uses fixed channels for dialogs and passes only known menu commands', async () => {
    await bridge.pickPaths({ kind: 'folder' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(HOST_CHANNELS.pickPaths, { kind: 'folder' });
    await bridge.pickModelFile();
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(HOST_CHANNELS.pickModelFile);
    const commands: string[] = [];
    bridge.onCommand((command) => commands.push(command));
    emit(HOST_CHANNELS.command, 'add-files');
    emit(HOST_CHANNELS.command, 'rm -rf');
    expect(commands).toEqual(['add-files']);
  });
});
