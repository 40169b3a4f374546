/**
 * The GentenApi contract: what every host (Electron IPC, HTTP server, CLI) offers the renderer.
 * Every call resolves to a Result (never throws across the boundary); long work returns an id at
 * once and streams events tagged with it.
 */
import type { CompareMark, CompareResult } from './compare';
import type { Result } from './errors';
import type {
  Checklist,
  ChecklistSource,
  ReportFormat,
  ReviewerMark,
  ReviewItemResult,
  ReviewProgress,
  ReviewRun,
  ReviewSummary,
  ShippedChecklist,
} from './review';
import type { PolicyReport } from './policy';
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
  /** Text files (.txt, .md, .html): the cited lines (1-based, as the viewer numbers them). */
  lineStart?: number;
  lineEnd?: number;
  /** When the passage's text came from OCR: the lowest confidence (0-100) of its pages. */
  ocrConfidence?: number;
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
  /** Set when a cited passage is OCR text of low confidence (below 60 %): its lowest confidence. */
  lowOcrConfidence?: number;
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
  /** Text files: the passage's lines, and the document's text for the viewer to show them in. */
  lineStart?: number;
  lineEnd?: number;
  source?: { text: string; firstLine: number };
  /** For pages of the passage whose text came from OCR: what the viewer needs to highlight on the page image. */
  ocr?: OcrPageView[];
}

/** A document's text as Genten indexed it, page by page (`genten text`, the viewer's Text tab). */
export interface DocumentText {
  path: string;
  /** `confidence` (0-100) for pages read by OCR. */
  pages: Array<{ page: number; text: string; source: 'text' | 'ocr'; confidence?: number }>;
}

/** One OCR'd page: its confidence, and the words with their boxes in the OCR image (after `rotation`). */
export interface OcrPageView {
  page: number;
  confidence: number;
  /** Size of the image OCR read (the page turned by `rotation`). */
  width: number;
  height: number;
  /** Clockwise degrees the page image was turned before it was read: 0, 90, 180, 270. */
  rotation: number;
  /** [text, x0, y0, x1, y1] in reading order. */
  words: Array<[string, number, number, number, number]>;
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

/** When indexing reads pages by OCR, and in which languages (tesseract names joined with '+'). */
export interface OcrChoice {
  mode: 'off' | 'auto' | 'force';
  langs: string;
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
  /** OCR when indexing from the app. Absent: { mode: 'auto', langs: 'jpn+eng' }. */
  ocr?: OcrChoice;
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
  search(request: { query: string; k?: number; collection?: string; documentId?: string }): Promise<Result<Hit[]>>;
  /** Starts an answer; it streams as `answer:*` events. */
  ask(request: { question: string; history?: ChatTurn[]; collection?: string }): Promise<Result<{ askId: string }>>;
  cancelAsk(request: { askId: string }): Promise<Result<null>>;
  getPassage(request: { chunkId: string }): Promise<Result<PassageView>>;
  /** A library document's text as Genten indexed it, page by page (the viewer's Text tab). */
  getDocumentText(request: { documentId: string }): Promise<Result<DocumentText>>;
  listModels(): Promise<Result<ModelEntry[]>>;
  getSettings(): Promise<Result<Settings>>;
  updateSettings(request: Partial<Settings>): Promise<Result<Settings>>;
  /** First run: copies the sample library (resources/samples) into the library and indexes it as `ingest:*` events. */
  loadSamples(): Promise<Result<{ jobId: string }>>;
  /** The checklists shipped with Genten. */
  listChecklists(): Promise<Result<ShippedChecklist[]>>;
  /** Parses a checklist (to show its items, or its error naming the file and row) without running it. */
  previewChecklist(request: { checklist: ChecklistSource }): Promise<Result<Checklist>>;
  /** Starts a review run; it reports as `review:*` events and is saved in the library as it goes. */
  startReview(request: { checklist: ChecklistSource; documentIds?: string[]; collection?: string }): Promise<Result<{ runId: string }>>;
  cancelReview(request: { runId: string }): Promise<Result<null>>;
  /** Answers what a stopped or interrupted run is missing. */
  resumeReview(request: { runId: string }): Promise<Result<{ runId: string }>>;
  /** A new run of the same checklist and documents, compared item by item with this one. */
  rerunReview(request: { runId: string }): Promise<Result<{ runId: string }>>;
  listReviews(): Promise<Result<ReviewSummary[]>>;
  getReview(request: { runId: string }): Promise<Result<ReviewRun>>;
  /** The reviewer's decision on one item of one document (mark null clears it). */
  markReviewItem(request: { runId: string; itemId: string; documentId: string; mark: ReviewerMark | null; note?: string }): Promise<Result<ReviewItemResult>>;
  /** Writes the report into the library's reviews/reports folder; browser mode downloads it from api/review-report/. */
  exportReview(request: { runId: string; format: ReportFormat; language?: 'ja' | 'en' }): Promise<Result<{ path: string; fileName: string }>>;
  /** A draft against the standard contract, clause by clause (both documents in the library). */
  compareDocuments(request: { standardId: string; draftId: string }): Promise<Result<CompareResult>>;
  /**
   * The comparison as a report with the reviewer's marks (keyed by item `order`), written into the
   * library's reviews/reports folder; its bytes come back (base64) so that browser mode can download it.
   */
  exportComparison(request: {
    standardId: string;
    draftId: string;
    format: 'xlsx' | 'docx' | 'md';
    marks?: Record<string, { mark?: CompareMark; note?: string }>;
  }): Promise<Result<{ path: string; fileName: string; base64: string }>>;
  /** The managed policy in force: what is locked, by which source, and invalid entries. */
  getPolicy(): Promise<Result<PolicyReport>>;
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
  'review:progress': { runId: string; progress: ReviewProgress };
  'review:item': { runId: string; result: ReviewItemResult };
  'review:done': { runId: string; summary: ReviewSummary };
  'review:error': { runId: string; error: { code: string; message: string } };
}

export type GentenEventName = keyof GentenEvents;
