import type { DocType } from '../../../shared/types';

/** Text of one page as the parser gave it (1-based page number). Non-paged formats have one page. */
export interface RawPage {
  page: number;
  text: string;
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

export interface ParsedDocument {
  type: DocType;
  /** Title from metadata or the first heading; the indexer falls back to the file name. */
  title?: string;
  pages: RawPage[];
  headings: MarkupHeading[];
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
