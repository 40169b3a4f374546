import type { ErrorCode } from '../../../shared/errors';
import type { DocType } from '../../../shared/types';

/** One line of a laid-out page (PDF): its text and the shape the line joiner needs. */
export interface RawLine {
  text: string;
  /** How far across its column the line runs, 0–1 (about 1: it was wrapped at the margin). */
  fill: number;
  /** Starts right of its column's left edge (a first-line indent). */
  indent: boolean;
  /** A paragraph gap, a new block or a table row before it. */
  gapBefore: boolean;
}

/** One line of a sheet's page text and the cells it holds (1-based row and columns). */
export interface SheetRow {
  /** Offsets of the line in the page text. */
  start: number;
  end: number;
  row: number;
  first: number;
  last: number;
}

/** Text of one page as the parser gave it (1-based page number). Non-paged formats have one page. */
export interface RawPage {
  page: number;
  text: string;
  /**
   * The page's lines in reading order with their layout, when the parser knows it (PDF text
   * layers). `text` holds the same lines, a blank line before each gap. Cleaning joins wrapped
   * lines from these rather than from character counts.
   */
  lines?: RawLine[];
  /** A workbook's sheet (one a page): its name and the cells of each line, so that chunks cite cell ranges. */
  sheet?: { name: string; rows: SheetRow[] };
}

/** A heading known from the markup (Markdown `#`, HTML `<h1>`…, DOCX heading styles). */
export interface MarkupHeading {
  page: number;
  /** Offset of the heading's first character in that page's text. */
  offset: number;
  /** 1 = outermost. */
  level: number;
  text: string;
}

/** A problem with part of a file that is indexed all the same (damaged bytes replaced, a hidden sheet skipped). */
export interface ParseWarning {
  page: number;
  code: ErrorCode;
  message: string;
  /** Damaged bytes replaced by U+FFFD, for the UI's own wording. */
  replacedBytes?: number;
  /** Hidden sheets left out of a workbook, for the UI's own wording. */
  hiddenSheets?: string[];
}

export interface ParsedDocument {
  type: DocType;
  /** Title from metadata or the first heading; the indexer falls back to the file name. */
  title?: string;
  pages: RawPage[];
  headings: MarkupHeading[];
  warnings?: ParseWarning[];
}

export interface ParseOptions {
  signal?: AbortSignal;
  /** Called after each page of a paged format. */
  onPage?: (page: number, pages: number) => void;
  /** PDF: return a scan's pages (no text) instead of failing NO_TEXT, for OCR to read. Default false. */
  keepScans?: boolean;
}

/**
 * Turns a file's bytes into page texts. Throws GentenError with a per-file code
 * (ENCRYPTED, INVALID_FILE, NO_TEXT, UNSUPPORTED_TYPE, READ_ERROR) and a message naming the file.
 */
export type Parser = (data: Uint8Array, path: string, options?: ParseOptions) => Promise<ParsedDocument>;
