/** Domain types shared by the engine, the hosts and the renderer. Pure data: no node:*, no DOM. */
import type { ErrorInfo } from './errors';

/** 'image': a scan or photo (PNG, JPEG, TIFF), read by OCR. */
/** 'xlsx': a workbook, one page per visible sheet; 'pptx': a presentation, one page per slide. */
export type DocType = 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'markdown' | 'html' | 'text' | 'image';

/** 'unavailable': indexed, kept and searchable, but its folder or file cannot be reached now (an unplugged drive). */
export type DocumentStatus = 'indexed' | 'failed' | 'stale' | 'unavailable';

export interface DocumentInfo {
  id: string;
  path: string;
  title: string;
  type: DocType | 'unknown';
  collection: string;
  pages: number;
  chunks: number;
  status: DocumentStatus;
  /** Why the last attempt failed (for `failed`, and for `stale`: indexed before, fails now; for `unavailable`: why it cannot be reached). */
  error?: ErrorInfo;
  size: number;
  hash: string;
  indexedAt: string;
  /** Pages whose text came from OCR, and their mean confidence (0-100). Absent: none. */
  ocrPages?: number;
  ocrConfidence?: number;
}

/** One passage as stored: source text as written, with where it came from. */
export interface Chunk {
  id: string;
  documentId: string;
  ordinal: number;
  text: string;
  pageStart: number;
  pageEnd: number;
  /** Section headings from outermost to innermost, e.g. ['第3章 服務規律', '第11条 遵守事項']. */
  section: string[];
  /** Offset of the chunk's first character in the cleaned text of pageStart. */
  charStart: number;
  /** Offset just past the chunk's last character in the cleaned text of pageEnd. */
  charEnd: number;
}

export interface Hit {
  rank: number;
  score: number;
  chunkId: string;
  documentId: string;
  path: string;
  title: string;
  page: number;
  pageEnd: number;
  /** Section path joined with ' > '. */
  section: string;
  text: string;
  /** Character ranges of `text` that match query terms, for highlighting. */
  highlights: Array<[number, number]>;
  /** When the passage's text came from OCR: the lowest confidence (0-100) of its pages. */
  ocrConfidence?: number;
}

export interface SearchOptions {
  k?: number;
  collection?: string;
  /** Search within this one document (its id in the library). */
  documentId?: string;
}

/** 'embedding' runs after 'indexing' only when an embedding model is set. */
export type IngestPhase = 'scanning' | 'indexing' | 'removing' | 'embedding' | 'done';

export interface IngestProgress {
  phase: IngestPhase;
  filesTotal: number;
  filesDone: number;
  /** File being worked on (absolute path). */
  file?: string;
  /** Pages of the current file done / total. */
  page?: number;
  pagesInFile?: number;
  pagesDone: number;
  /** Pages per second so far (phase 'embedding': passages per second). */
  rate: number;
  /** Seconds left, estimated from bytes still to read (while embedding: from passages left). */
  etaSeconds?: number;
  /** Phase 'embedding': passages embedded so far / to embed in this run. */
  chunksDone?: number;
  chunksTotal?: number;
  /** Pages read by OCR so far / to read in this run ("OCR 12/40 pages"). */
  ocrPagesDone?: number;
  ocrPagesTotal?: number;
}

/** A problem with one page of a file that was otherwise indexed (a page OCR could not read…). */
export interface IngestWarning {
  path: string;
  page: number;
  code: ErrorInfo['code'];
  message: string;
  /** Damaged bytes of a text file replaced by U+FFFD (the file is indexed with them). */
  replacedBytes?: number;
  /** Hidden sheets of a workbook that were not indexed. */
  hiddenSheets?: string[];
}

export interface IngestFailure {
  path: string;
  code: ErrorInfo['code'];
  message: string;
}

export interface IngestSummary {
  indexed: number;
  unchanged: number;
  removed: number;
  /** Documents kept although their folder or file cannot be reached now (not counted as removed). */
  unavailable: number;
  skipped: number;
  failed: IngestFailure[];
  documents: number;
  pages: number;
  chunks: number;
  seconds: number;
  cancelled: boolean;
  /** Passages embedded by this run (only when an embedding model is set). */
  embedded?: number;
  /** Pages read by OCR in this run (not counting pages read in an earlier run and reused). */
  ocrPages?: number;
  /** Per-page problems of files that were indexed. */
  warnings?: IngestWarning[];
}

export interface LibraryStatus {
  path: string;
  sizeBytes: number;
  documents: number;
  pages: number;
  chunks: number;
  collections: string[];
  failed: IngestFailure[];
  stale: IngestFailure[];
  /** Documents kept, and searchable, whose folder or file cannot be reached now. */
  unavailable: IngestFailure[];
  /** The analyser's and the text pipeline's versions the library was last indexed with (INDEX_VERSION). */
  analyzerVersion: string;
  /** What the check run when the library was opened found (absent when nothing): `genten check --repair` fixes it. */
  problems?: Array<{ kind: string; detail: string }>;
  /** Pages whose text came from OCR, in documents that are indexed. */
  ocrPages?: number;
  /** Where the library lives: a local folder or S3-compatible storage (a team library). */
  storage?: 'local' | 's3';
  /** When this library (or, for a shared one, its offline copy on this machine) was last copied by genten sync. */
  offlineCopy?: OfflineCopy;
  /** Another Genten process writing to the library now (it holds the write lock or lease): what it adds appears when it finishes. */
  writer?: LibraryWriter;
}

export interface LibraryWriter {
  host: string;
  pid: number;
  /** ISO time it took the library's write lock. */
  since: string;
}

/** An offline copy of a shared library, made by `genten sync`. */
export interface OfflineCopy {
  /** The shared library it copies (s3://…). */
  source: string;
  /** The local folder. */
  path: string;
  /** ISO time of the last completed sync. */
  syncedAt: string;
}
