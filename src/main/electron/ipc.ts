/**
 * The IPC gateway: the only place that calls ipcMain. One fixed channel per GentenApi method;
 * every call is accepted only from our own window's main frame, validated with the shared zod
 * schemas, and answered with a Result (Electron's invoke drops custom error fields). Paths to read
 * must come from a dialog or a drop (PathGrants). Service events are forwarded to the window.
 */
import fs from 'node:fs';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AnswerServer, GentenApi, GentenEventName, GentenEvents } from '../../shared/api';
import { API_CHANNEL_PREFIX, API_METHOD_NAMES, EVENT_CHANNEL, HOST_CHANNELS } from '../../shared/bridge';
import { toErrorInfo, type Result } from '../../shared/errors';
import { answerServerOrNullSchema, grantPathsSchema, parseRequest, pickPathsSchema } from '../../shared/schemas';
import type { PathGrants } from './path-grants';

export interface IpcService extends GentenApi {
  /** Host-only: sets the answer server (after the user confirmed). */
  setAnswerServer(server: AnswerServer | null): Promise<unknown>;
  /** Throws POLICY when the managed policy forbids the server: checked before the user is asked. */
  assertAnswerServerAllowed(baseUrl: string): void;
  events: { onAny(listener: <E extends GentenEventName>(name: E, payload: GentenEvents[E]) => void): () => void };
}

export interface Dialogs {
  /** Native open dialog; resolves to the paths picked (empty when cancelled). */
  pickPaths(kind: 'files' | 'folder'): Promise<string[]>;
  pickModelFile(): Promise<string | null>;
  /** Native confirmation before the library's passages may go to this server; true when the user agreed. */
  confirmAnswerServer(baseUrl: string): Promise<boolean>;
}

export interface IpcOptions {
  service: IpcService;
  grants: PathGrants;
  dialogs: Dialogs;
  /** The window whose main frame may call; null while there is none. */
  getWebContents(): WebContents | null;
  /** Origins the window's page may have (app://genten, or the dev server in development). */
  trustedOrigins: string[];
}

const UNTRUSTED: Result<never> = { ok: false, error: { code: 'BAD_REQUEST', message: 'Request from an unknown sender refused.' } };

function fail(message: string): Result<never> {
  return { ok: false, error: { code: 'BAD_REQUEST', message } };
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, contents: WebContents | null, origins: string[]): boolean {
  if (!contents || event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== contents.mainFrame) return false;
  try {
    // scheme://host: custom schemes such as app:// have the opaque origin "null" in URL parsing.
    const url = new URL(frame.url);
    return origins.includes(`${url.protocol}//${url.host}`);
  } catch {
    return false;
  }
}

/** Registers every handler; returns the function that removes them. */
export function setupIpc(options: IpcOptions): () => void {
  const { service, grants, dialogs, getWebContents, trustedOrigins } = options;
  const channels: string[] = [];
  const handle = (channel: string, handler: (event: IpcMainInvokeEvent, arg: unknown) => Promise<Result<unknown>>) => {
    channels.push(channel);
    ipcMain.handle(channel, async (event, arg: unknown) => {
      if (!isTrustedSender(event, getWebContents(), trustedOrigins)) return UNTRUSTED;
      try {
        return await handler(event, arg);
      } catch (error) {
        return { ok: false, error: toErrorInfo(error) };
      }
    });
  };

  /** Paths the user picked or dropped, or documents already in the library (re-scan). */
  const readable = async (paths: string[]): Promise<string | null> => {
    const pending = paths.filter((p) => !grants.allows(p));
    if (pending.length === 0) return null;
    const docs = await service.listDocuments();
    const known = new Set(docs.ok ? docs.value.map((d) => d.path) : []);
    const refused = pending.find((p) => !known.has(p));
    return refused ?? null;
  };

  for (const method of API_METHOD_NAMES) {
    handle(API_CHANNEL_PREFIX + method, async (_event, arg) => {
      const parsed = parseRequest(method, arg);
      if (!parsed.ok) return parsed;
      if (method === 'startIndex') {
        const refused = await readable((parsed.value as unknown as { paths: string[] }).paths);
        if (refused) return fail(`${refused} was not picked or dropped: add files with the dialog or by dropping them.`);
      }
      if (method === 'startReview' || method === 'previewChecklist') {
        // A checklist file, like a document, must have been picked or dropped.
        const source = (parsed.value as unknown as { checklist: { path?: string } }).checklist;
        if (source.path !== undefined && !grants.allows(source.path)) return fail(`${source.path} was not picked: choose the checklist with the dialog.`);
      }
      if (method === 'updateSettings') {
        const patch = parsed.value as unknown as { answerModel?: string | null; embeddingModel?: string | null };
        const listed = await service.listModels();
        const known = new Set(listed.ok ? listed.value.map((m) => m.path) : []);
        for (const file of [patch.answerModel, patch.embeddingModel]) {
          if (typeof file === 'string' && !known.has(file) && !grants.allows(file)) return fail(`${file} was not picked: choose the model with the dialog.`);
        }
      }
      const call = service[method] as (request: unknown) => Promise<Result<unknown>>;
      return call.call(service, parsed.value);
    });
  }

  handle(HOST_CHANNELS.pickPaths, async (_event, arg) => {
    const parsed = pickPathsSchema.safeParse(arg);
    if (!parsed.success) return fail('pickPaths needs { kind: "files" | "folder" }');
    const paths = await dialogs.pickPaths(parsed.data.kind);
    grants.grant(paths);
    return { ok: true, value: paths };
  });

  handle(HOST_CHANNELS.pickModelFile, async () => {
    const file = await dialogs.pickModelFile();
    if (file) grants.grant([file]);
    return { ok: true, value: file };
  });

  // The renderer may ask; only the user, in a dialog the main process shows, can agree.
  handle(HOST_CHANNELS.requestAnswerServer, async (_event, arg) => {
    const parsed = answerServerOrNullSchema.safeParse(arg);
    if (!parsed.success) return fail('requestAnswerServer needs { baseUrl: "http(s)://…", model } or null');
    if (parsed.data) service.assertAnswerServerAllowed(parsed.data.baseUrl);
    if (parsed.data && !(await dialogs.confirmAnswerServer(parsed.data.baseUrl))) return { ok: true, value: { set: false } };
    await service.setAnswerServer(parsed.data);
    return { ok: true, value: { set: true } };
  });

  handle(HOST_CHANNELS.grantDropped, async (_event, arg) => {
    const parsed = grantPathsSchema.safeParse(arg);
    if (!parsed.success) return fail('Nothing that was dropped is a file or folder on this computer.');
    const existing = parsed.data.filter((p) => fs.existsSync(p));
    grants.grant(existing);
    return { ok: true, value: existing };
  });

  const unsubscribe = service.events.onAny((name, payload) => {
    const contents = getWebContents();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { name, payload });
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
