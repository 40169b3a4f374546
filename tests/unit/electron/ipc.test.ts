import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_CHANNEL_PREFIX, API_METHOD_NAMES, EVENT_CHANNEL, HOST_CHANNELS } from '../../../src/shared/bridge';
import { setupIpc, type Dialogs } from '../../../src/main/electron/ipc';
import { PathGrants } from '../../../src/main/electron/path-grants';
import { makeTempDir } from '../../helpers/temp';
import { makeFakeService } from '../server/fake-service';
import { electronMock } from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

function fakeContents(url = 'app://genten/index.html') {
  const mainFrame = { url };
  return { mainFrame, isDestroyed: () => false, send: vi.fn(), id: 1 };
}

describe('IPC gateway', () => {
  const temp = makeTempDir('genten-ipc-');
  const picked = path.join(temp.dir, 'picked');
  fs.mkdirSync(path.join(picked, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(picked, 'sub', 'a.pdf'), '%PDF');
  const fake = makeFakeService({ dir: temp.dir });
  const contents = fakeContents();
  const dialogs: Dialogs = { pickPaths: vi.fn(async () => [picked]), pickModelFile: vi.fn(async () => null), confirmAnswerServer: vi.fn(async () => false) };
  let dispose: () => void;

  const invoke = (channel: string, arg?: unknown, event: unknown = { sender: contents, senderFrame: contents.mainFrame }) => {
    const handler = electronMock.ipcMainHandlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, arg) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  };

  beforeEach(() => {
    electronMock.reset();
    dispose = setupIpc({ service: fake.service, grants: new PathGrants(), dialogs, getWebContents: () => contents as never, trustedOrigins: ['app://genten'] });
  });
  afterAll(async () => {
    dispose?.();
    await fake.service.dispose();
    temp.cleanup();
  });

  it('registers one channel per API method plus the host channels, and removes them on dispose', () => {
    for (const method of API_METHOD_NAMES) expect(electronMock.ipcMainHandlers.has(API_CHANNEL_PREFIX + method)).toBe(true);
    for (const channel of Object.values(HOST_CHANNELS).filter((c) => c !== HOST_CHANNELS.command)) expect(electronMock.ipcMainHandlers.has(channel)).toBe(true);
    dispose();
    expect(electronMock.ipcMainHandlers.size).toBe(0);
  });

  it('answers calls from our window with the service Result', async () => {
    await expect(invoke('genten:status')).resolves.toMatchObject({ ok: true, value: { documents: 1 } });
    await expect(invoke('genten:search', { query: 'E-203' })).resolves.toMatchObject({ ok: true, value: [{ chunkId: 'c1' }] });
  });

  it('refuses unknown senders: another webContents, a subframe, another origin', async () => {
    const spy = vi.spyOn(fake.service, 'status');
    const other = fakeContents();
    const evil = fakeContents('https://evil.example/');
    const cases = [
      { sender: other, senderFrame: other.mainFrame },
      { sender: contents, senderFrame: { url: 'app://genten/index.html' } },
      { sender: evil, senderFrame: evil.mainFrame },
      { sender: contents, senderFrame: null },
    ];
    for (const event of cases) {
      await expect(invoke('genten:status', undefined, event)).resolves.toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/unknown sender/) },
      });
    }
    const foreignPage = fakeContents('https://evil.example/');
    dispose();
    electronMock.reset();
    dispose = setupIpc({
      service: fake.service,
      grants: new PathGrants(),
      dialogs,
      getWebContents: () => foreignPage as never,
      trustedOrigins: ['app://genten'],
    });
    await expect(invoke('genten:status', undefined, { sender: foreignPage, senderFrame: foreignPage.mainFrame })).resolves.toMatchObject({ ok: false });
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates every input with zod before the service sees it', async () => {
    const spy = vi.spyOn(fake.service, 'search');
    for (const bad of [undefined, null, 'text', { query: '' }, { query: 'x', k: 1000 }, { query: 'x', sql: 'drop' }]) {
      const result = await invoke('genten:search', bad);
      expect(result, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(spy).not.toHaveBeenCalled();
    await expect(invoke(HOST_CHANNELS.pickPaths, { kind: 'everything' })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(invoke(HOST_CHANNELS.grantDropped, 'not-an-array')).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('indexes only paths the user picked or dropped (or documents already in the library)', async () => {
    const notPicked = await invoke('genten:startIndex', { paths: ['/etc'] });
    expect(notPicked).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('/etc') } });
    expect(fake.indexed).toHaveLength(0);

    await expect(invoke(HOST_CHANNELS.pickPaths, { kind: 'folder' })).resolves.toEqual({ ok: true, value: [picked] });
    await expect(invoke('genten:startIndex', { paths: [path.join(picked, 'sub', 'a.pdf')] })).resolves.toMatchObject({ ok: true });
    await expect(invoke('genten:startIndex', { paths: [path.join(picked, '..', 'library')] })).resolves.toMatchObject({ ok: false });
    await expect(invoke('genten:startIndex', { paths: [fake.pdf] })).resolves.toMatchObject({ ok: true });

    const dropped = path.join(temp.dir, 'dropped.pdf');
    fs.writeFileSync(dropped, '%PDF');
    await expect(invoke(HOST_CHANNELS.grantDropped, [dropped, path.join(temp.dir, 'missing.pdf')])).resolves.toEqual({ ok: true, value: [dropped] });
    await expect(invoke('genten:startIndex', { paths: [dropped] })).resolves.toMatchObject({ ok: true });
    await vi.waitFor(() => expect(fake.indexed.length).toBe(3));
  });

  it('refuses a model file that was neither listed nor picked', async () => {
    const model = path.join(temp.dir, 'm.gguf');
    fs.writeFileSync(model, 'GGUF');
    await expect(invoke('genten:updateSettings', { answerModel: model })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(invoke('genten:updateSettings', { language: 'en' })).resolves.toMatchObject({ ok: true, value: { language: 'en' } });
  });

  it('forwards service events to the window on one channel', async () => {
    const asked = await invoke('genten:ask', { question: 'E-203 とは' });
    expect(asked.ok).toBe(true);
    await vi.waitFor(() => expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, expect.objectContaining({ name: 'answer:done' })));
    for (const [channel, message] of contents.send.mock.calls) {
      expect(channel).toBe(EVENT_CHANNEL);
      expect(message).toHaveProperty('name');
      expect(message).toHaveProperty('payload');
    }
  });

  it('sets the answer server only after the native confirmation, never through updateSettings; the key is never returned', async () => {
    const server = { baseUrl: 'http://llm.intra:8080', model: 'qwen', apiKey: 'sk-secret' };
    const refused = await invoke('genten:updateSettings', { answerServer: server });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('only be set on this computer') } });
    await expect(invoke(HOST_CHANNELS.requestAnswerServer, server)).resolves.toEqual({ ok: true, value: { set: false } });
    expect(dialogs.confirmAnswerServer).toHaveBeenCalledWith('http://llm.intra:8080');
    expect((await invoke('genten:getSettings')).value).toMatchObject({ answerServer: null });
    vi.mocked(dialogs.confirmAnswerServer).mockResolvedValueOnce(true);
    await expect(invoke(HOST_CHANNELS.requestAnswerServer, server)).resolves.toEqual({ ok: true, value: { set: true } });
    const settings = await invoke('genten:getSettings');
    expect(settings.value).toMatchObject({ answerServer: { baseUrl: 'http://llm.intra:8080', model: 'qwen' } });
    expect(JSON.stringify(settings)).not.toContain('sk-secret');
    await expect(invoke(HOST_CHANNELS.requestAnswerServer, { baseUrl: 'file:///etc/passwd', model: 'x' })).resolves.toMatchObject({ ok: false });
    await expect(invoke(HOST_CHANNELS.requestAnswerServer, null)).resolves.toEqual({ ok: true, value: { set: true } });
    expect((await invoke('genten:getSettings')).value).toMatchObject({ answerServer: null });
  });
});
