/**
 * The one place that knows which host the renderer runs in: the Electron bridge (`window.genten`,
 * built by the preload) or `genten serve` over HTTP + server-sent events. Everything else in the
 * renderer talks to the `Host` it returns.
 */
import type { GentenApi, GentenEventName, GentenEvents } from '../../shared/api';
import type { GentenBridge, HostCommand } from '../../shared/bridge';
import type { ErrorCode, Result } from '../../shared/errors';

/** Codes the renderer adds to the shared ones for host trouble. */
export type UiErrorCode = ErrorCode | 'OFFLINE' | 'UNAUTHORIZED';

export interface UploadItem {
  file: File;
  /** Path inside the dropped or picked folder ('manuals/a.pdf'); the file name for single files. */
  relativePath: string;
}

export interface Host {
  kind: 'electron' | 'browser';
  api: GentenApi;
  on<E extends GentenEventName>(name: E, listener: (payload: GentenEvents[E]) => void): () => void;
  /** Where pdf.js fetches a library document (relative: inherits the page's origin and token). */
  fileUrl(documentId: string): string;
  /** Desktop: native dialogs and dropped files give paths that startIndex may read. */
  pickPaths?(kind: 'files' | 'folder'): Promise<Result<string[]>>;
  pickModelFile?(): Promise<Result<string | null>>;
  droppedPaths?(files: File[]): Promise<Result<string[]>>;
  /** Browser: the event stream came back after a break (events may have been missed). */
  onReconnect?(listener: () => void): () => void;
  /** Desktop: commands from the application menu. */
  onCommand?(listener: (command: HostCommand) => void): () => void;
  /** Browser: copies files into the library's uploads folder; returns their paths on the server. */
  upload?(items: UploadItem[], onProgress?: (done: number, total: number) => void): Promise<Result<string[]>>;
}

declare global {
  interface Window {
    genten?: GentenBridge;
  }
}

export function fileUrl(documentId: string): string {
  return `api/file/${encodeURIComponent(documentId)}`;
}

function failure(code: UiErrorCode, message: string): Result<never> {
  return { ok: false, error: { code: code as ErrorCode, message } };
}

/** Turns an HTTP response into the Result it carries (or one describing what went wrong). */
async function readResult<T>(response: Response): Promise<Result<T>> {
  if (response.status === 401) return failure('UNAUTHORIZED', 'The access key in this address is not valid any more.');
  try {
    const body = (await response.json()) as Result<T>;
    if (body && typeof body === 'object' && 'ok' in body) return body;
  } catch {
    // fall through
  }
  return failure('INTERNAL', `Unexpected answer from the server (HTTP ${response.status}).`);
}

export function createHttpHost(base = ''): Host {
  const post = async <T>(method: string, request: unknown): Promise<Result<T>> => {
    let response: Response;
    try {
      response = await fetch(`${base}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      return failure('OFFLINE', 'Cannot reach genten serve.');
    }
    return readResult<T>(response);
  };

  const api = new Proxy({} as GentenApi, {
    get: (_target, method: string) => (request?: unknown) => post(method, request),
  });

  let source: EventSource | undefined;
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const reconnectListeners = new Set<() => void>();
  const ensureSource = () => {
    if (source) return source;
    source = new EventSource(`${base}api/events`);
    let broken = false;
    source.addEventListener('error', () => {
      broken = true;
    });
    source.addEventListener('open', () => {
      if (!broken) return;
      broken = false;
      for (const listener of reconnectListeners) listener();
    });
    return source;
  };

  return {
    kind: 'browser',
    api,
    fileUrl: (id) => base + fileUrl(id),
    on(name, listener) {
      const es = ensureSource();
      let set = listeners.get(name);
      const handler = (event: MessageEvent<string>) => {
        try {
          listener(JSON.parse(event.data) as GentenEvents[typeof name]);
        } catch {
          // a malformed event is dropped
        }
      };
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      es.addEventListener(name, handler as EventListener);
      return () => {
        set.delete(listener as (payload: never) => void);
        es.removeEventListener(name, handler as EventListener);
      };
    },
    onReconnect(listener) {
      ensureSource();
      reconnectListeners.add(listener);
      return () => void reconnectListeners.delete(listener);
    },
    async upload(items, onProgress) {
      const paths: string[] = [];
      let done = 0;
      for (const item of items) {
        let response: Response;
        try {
          response = await fetch(`${base}api/upload?name=${encodeURIComponent(item.relativePath)}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/octet-stream' },
            body: item.file,
          });
        } catch {
          return failure('OFFLINE', 'Cannot reach genten serve.');
        }
        const result = await readResult<{ path: string }>(response);
        if (!result.ok) return { ok: false, error: { ...result.error, path: item.relativePath } };
        paths.push(result.value.path);
        onProgress?.(++done, items.length);
      }
      return { ok: true, value: paths };
    },
  };
}

export function createElectronHost(bridge: GentenBridge): Host {
  return {
    kind: 'electron',
    api: bridge,
    on: (name, listener) => bridge.on(name, listener),
    fileUrl,
    pickPaths: (kind) => bridge.pickPaths({ kind }),
    pickModelFile: () => bridge.pickModelFile(),
    droppedPaths: (files) => bridge.droppedPaths(files),
    onCommand: (listener) => bridge.onCommand(listener),
  };
}

let host: Host | undefined;

/** The host this renderer runs in (created once). */
export function getHost(): Host {
  host ??= typeof window !== 'undefined' && window.genten ? createElectronHost(window.genten) : createHttpHost();
  return host;
}
