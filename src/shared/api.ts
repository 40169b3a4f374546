/**
 * The GentenApi contract: what every host (Electron IPC, HTTP server, CLI) offers the renderer.
 * Every call resolves to a Result (never throws across the boundary); long work returns an id at
 * once and streams events tagged with it.
 */
import type { Result } from './errors';
import type { DocumentInfo, Hit, IngestProgress, IngestSummary, LibraryStatus } from './types';

export interface Citation {
  n: number;
  path: string;
  title: string;
  page: number;
  pageEnd: number;
  section: string;
  quote: string;
  chunkId: string;
}

export interface Answer {
  question: string;
  mode: 'generative' | 'extractive';
  answer: string;
  citations: Citation[];
  /** Sentences of the answer that nothing they cite supports. */
  unsupported: string[];
  /** The model's name, or null for an extractive answer. */
  model: string | null;
  cancelled?: boolean;
  /** Why a model was set but the answer is extractive (the model failed or its context is too small). */
  warning?: string;
  timings: { retrieveMs: number; firstTokenMs: number | null; totalMs: number };
}

export interface ChatTurn {
  question: string;
  answer: string;
}

export interface PassageView {
  chunkId: string;
  documentId: string;
  path: string;
  title: string;
  type: DocumentInfo['type'];
  page: number;
  pageEnd: number;
  section: string;
  text: string;
  /** The chunk's neighbours in the document (for formats without pages to render). */
  before: string;
  after: string;
  charStart: number;
  charEnd: number;
}

export interface ModelEntry {
  path: string;
  name: string;
  architecture: string | null;
  parameters: string | null;
  quantization: string | null;
  contextLength: number | null;
  hasChatTemplate: boolean;
  isEmbedding: boolean;
  sizeBytes: number;
  fits: boolean | null;
  fitReason?: string;
}

/** An OpenAI-compatible chat endpoint that IT runs on premises, used instead of the local model. */
export interface AnswerServer {
  /** e.g. http://llm.intra:8080 or http://llm.intra:8080/v1 */
  baseUrl: string;
  model: string;
  apiKey?: string;
}

export interface Settings {
  answerModel: string | null;
  /** When set, answers come from this server instead of `answerModel`. */
  answerServer: AnswerServer | null;
  embeddingModel: string | null;
  language: 'ja' | 'en' | 'system';
  /**
   * The library to open at start: a folder or s3://BUCKET/PREFIX (a team library). Null: the
   * default folder. A --db flag overrides it; a change applies when Genten next starts.
   */
  library?: string | null;
}

/** What one `syncLibrary` call copied (see `genten sync`). */
export interface SyncResult {
  source: string;
  /** The local folder of the offline copy. */
  target: string;
  copied: number;
  bytes: number;
  unchanged: number;
  deleted: number;
  syncedAt: string;
}

export interface GentenApi {
  listDocuments(): Promise<Result<DocumentInfo[]>>;
  status(): Promise<Result<LibraryStatus>>;
  /** Starts indexing files or folders the user picked; progress comes as `ingest:*` events. */
  startIndex(request: { paths: string[]; collection?: string }): Promise<Result<{ jobId: string }>>;
  cancelIndex(request: { jobId: string }): Promise<Result<null>>;
  removeDocuments(request: { paths: string[] }): Promise<Result<{ removed: string[] }>>;
  search(request: { query: string; k?: number; collection?: string }): Promise<Result<Hit[]>>;
  /** Starts an answer; it streams as `answer:*` events. */
  ask(request: { question: string; history?: ChatTurn[]; collection?: string }): Promise<Result<{ askId: string }>>;
  cancelAsk(request: { askId: string }): Promise<Result<null>>;
  getPassage(request: { chunkId: string }): Promise<Result<PassageView>>;
  listModels(): Promise<Result<ModelEntry[]>>;
  getSettings(): Promise<Result<Settings>>;
  updateSettings(request: Partial<Settings>): Promise<Result<Settings>>;
  /**
   * Brings the offline copy of the shared library up to date (only what changed): the copy of
   * the open s3:// library in the data folder, or, when the open library is itself a copy, that
   * copy from its source.
   */
  syncLibrary(): Promise<Result<SyncResult>>;
}

export interface GentenEvents {
  'ingest:progress': { jobId: string; progress: IngestProgress };
  'ingest:done': { jobId: string; summary: IngestSummary };
  'ingest:error': { jobId: string; error: { code: string; message: string } };
  'answer:delta': { askId: string; text: string };
  'answer:done': { askId: string; answer: Answer };
  'answer:error': { askId: string; error: { code: string; message: string } };
}

export type GentenEventName = keyof GentenEvents;
