/**
 * What the Electron preload exposes as `window.genten`: the GentenApi, one fixed IPC channel per
 * method, plus the few things only a desktop host can do (native dialogs, dropped files, menu
 * commands). Pure types and constants: the preload, the main process and the renderer import it.
 */
import type { GentenApi, GentenEventName, GentenEvents } from './api';
import type { Result } from './errors';

/** Menu commands the main process forwards to the window. */
export type HostCommand = 'add-files' | 'add-folder' | 'show-library' | 'show-settings' | 'show-ask' | 'show-search';

export interface GentenBridge extends GentenApi {
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends GentenEventName>(name: E, listener: (payload: GentenEvents[E]) => void): () => void;
  /** Opens the native dialog; the paths picked become readable by startIndex. Empty when cancelled. */
  pickPaths(request: { kind: 'files' | 'folder' }): Promise<Result<string[]>>;
  /** Picks a .gguf model file with the native dialog; null when cancelled. */
  pickModelFile(): Promise<Result<string | null>>;
  /**
   * Asks to answer with IT's server (null: stop). The main process shows the user a native
   * confirmation naming the server; `set` is false when they declined.
   */
  requestAnswerServer(request: { baseUrl: string; model: string; apiKey?: string } | null): Promise<Result<{ set: boolean }>>;
  /** Paths of files or folders dropped on the window (and makes them readable by startIndex). */
  droppedPaths(files: File[]): Promise<Result<string[]>>;
  /** Menu commands (Add files…, Settings…); returns the unsubscribe function. */
  onCommand(listener: (command: HostCommand) => void): () => void;
  readonly host: 'electron';
  readonly platform: string;
}

/** Every GentenApi method, in the order of the contract (schemas.ts checks it is complete). */
export const API_METHOD_NAMES = [
  'listDocuments',
  'status',
  'startIndex',
  'cancelIndex',
  'removeDocuments',
  'search',
  'ask',
  'cancelAsk',
  'getPassage',
  'getDocumentText',
  'listModels',
  'getSettings',
  'updateSettings',
  'loadSamples',
  'listChecklists',
  'previewChecklist',
  'startReview',
  'cancelReview',
  'resumeReview',
  'rerunReview',
  'listReviews',
  'getReview',
  'markReviewItem',
  'exportReview',
  'compareDocuments',
  'listComparisons',
  'markComparison',
  'exportComparison',
  'getPolicy',
  'syncLibrary',
] as const satisfies ReadonlyArray<keyof GentenApi>;

export const EVENT_NAMES = [
  'ingest:progress',
  'ingest:done',
  'ingest:error',
  'answer:delta',
  'answer:done',
  'answer:error',
  'review:progress',
  'review:item',
  'review:done',
  'review:error',
] as const satisfies ReadonlyArray<GentenEventName>;

export const HOST_COMMANDS = [
  'add-files',
  'add-folder',
  'show-library',
  'show-settings',
  'show-ask',
  'show-search',
] as const satisfies ReadonlyArray<HostCommand>;

/** IPC channel of each GentenApi method: `genten:<method>`. Events arrive on `genten:event`. */
export const API_CHANNEL_PREFIX = 'genten:';
export const EVENT_CHANNEL = 'genten:event';
export const HOST_CHANNELS = {
  pickPaths: 'genten-host:pick-paths',
  pickModelFile: 'genten-host:pick-model',
  grantDropped: 'genten-host:grant-dropped',
  requestAnswerServer: 'genten-host:request-answer-server',
  command: 'genten-host:command',
} as const;

/** The one origin the desktop renderer is served from (protocol.ts). */
export const APP_ORIGIN = 'app://genten';
