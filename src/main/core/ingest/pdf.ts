/**
 * PDF → page texts with pdf-parse (pdf.js). The only file that imports pdf-parse.
 * Each page's text is laid out from pdf.js's text items (positions, widths, font sizes) by
 * text/layout.ts: reading order, no stray spaces in Japanese, ruby left out.
 * Pages are read in batches so that progress is reported, cancellation is honoured between
 * batches, and pdf.js frees each batch's page resources before the next.
 */
import type { PDFParse } from 'pdf-parse';
import { layoutPage, linesToText, type LayoutLine, type TextRun } from '../text/layout';
import type { ParseOptions, ParsedDocument, RawPage } from './types';
import { isAbortError } from '../../../shared/errors';
import { countLetters, fileError, throwIfAborted } from './errors';
import { findPdfHeader } from './file-types';
import { pdfjsAssets } from './pdfjs-assets';

export interface PdfParseOptions extends ParseOptions {
  /** Pages read per pdf-parse call (progress and cancellation happen between batches). Default 24. */
  batchSize?: number;
  /**
   * Below this many letters per page on average (digits and punctuation do not count), the PDF is
   * taken for a scan and fails with NO_TEXT. Default 4: page numbers or a Bates stamp alone are not text.
   */
  minLettersPerPage?: number;
}

/**
 * pdf.js's legacy build carries core-js, which replaces Array.prototype.push and JSON.parse with
 * slower scripted versions for the whole thread: when pdf.js loads, and push again when its worker
 * code loads with the first document. Every push in the analyser and chunker then went through it
 * (about a tenth of indexing time). The engine's own versions are standard: put them back. Hence
 * pdf-parse is imported here on first use, after these are saved, not at the top of the file.
 */
const nativePush = Array.prototype.push;
const nativeJsonParse = JSON.parse;
function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== nativePush) Array.prototype.push = nativePush;
  if (JSON.parse !== nativeJsonParse) JSON.parse = nativeJsonParse;
}

let pdfParse: Promise<typeof PDFParse> | undefined;
function loadPdfParse(): Promise<typeof PDFParse> {
  pdfParse ??= import('pdf-parse').then((module) => {
    restoreNativeBuiltins();
    return module.PDFParse;
  });
  return pdfParse;
}

/** Metadata titles that are not titles: file names, "Untitled", Word's "Microsoft Word - x.doc". */
function sensibleTitle(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const title = raw
    .replace(/^Microsoft (?:Word|PowerPoint|Excel) - /i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!title || title.length > 200 || !/\p{L}/u.test(title)) return undefined;
  if (/^(?:untitled|無題|document\d*|slide \d+)$/i.test(title)) return undefined;
  if (/\.(?:pdf|docx?|xlsx?|pptx?|txt|rtf|odt|indd|ai|eps|tex|dvi|html?|md)$/i.test(title)) return undefined;
  return title;
}

/** Maps a pdf.js / pdf-parse failure to a per-file error a person understands. */
function pdfError(error: unknown, path: string): Error {
  if (isAbortError(error)) return error as Error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return fileError('ENCRYPTED', path, 'is password-protected; open it and save a copy without a password.');
  }
  return fileError('INVALID_FILE', path, `cannot be read as a PDF (${message}): it may be damaged or incomplete.`);
}

/** Calls a progress callback from outside without letting it break the parse. */
function report(onPage: ParseOptions['onPage'], page: number, pages: number): void {
  try {
    onPage?.(page, pages);
  } catch {
    // A broken progress bar must not fail the file.
  }
}

type PageText = { num: number; text?: string; lines?: LayoutLine[] };

/** The parts of pdf.js's document and page objects read here (pdf-parse keeps its document private). */
interface PdfJsDocument {
  numPages: number;
  getMetadata(): Promise<{ info?: { Title?: unknown } }>;
  getPage(num: number): Promise<{
    view: number[];
    getTextContent(): Promise<{ items: Array<TextRun | { type: string }>; styles: Record<string, { vertical?: boolean }> }>;
    cleanup(): void;
  }>;
}

function loadDocument(parser: PDFParse): Promise<PdfJsDocument> {
  return (parser as unknown as { load(): Promise<PdfJsDocument> }).load();
}

/** One page's lines in reading order, laid out from its text items. */
async function readPage(parser: PDFParse, num: number): Promise<PageText> {
  const doc = await loadDocument(parser);
  const page = await doc.getPage(num);
  try {
    const content = await page.getTextContent();
    const [x0 = 0, y0 = 0, , y1 = 0] = page.view;
    const verticalFonts = new Set(
      Object.entries(content.styles)
        .filter(([, style]) => style.vertical)
        .map(([name]) => name),
    );
    // Positions relative to the page's own box (a crop box need not start at 0, 0; most do, and
    // their runs are used as they are rather than copied).
    const items = content.items.filter((item): item is TextRun => 'str' in item);
    const runs =
      x0 === 0 && y0 === 0
        ? items
        : items.map((item) => ({ ...item, transform: [...item.transform.slice(0, 4), item.transform[4]! - x0, item.transform[5]! - y0] }));
    const lines = layoutPage({ runs, pageHeight: y1 - y0, verticalFonts });
    return { num, text: linesToText(lines), lines };
  } finally {
    page.cleanup();
  }
}

/** Errors that end the whole parse, as opposed to one unreadable page. */
function rethrowFatal(error: unknown, path: string): void {
  if (error instanceof Error && (error.name === 'PasswordException' || isAbortError(error))) throw pdfError(error, path);
}

/**
 * Text of pages first..last. When pdf.js fails on the batch (a damaged content stream), the pages
 * are read one by one so that one bad page does not cost the whole file; a page that still fails
 * comes back without text.
 */
async function readBatch(parser: PDFParse, first: number, last: number, path: string): Promise<PageText[]> {
  const read = async (from: number, to: number): Promise<PageText[]> => {
    const pages: PageText[] = [];
    for (let num = from; num <= to; num++) pages.push(await readPage(parser, num));
    restoreNativeBuiltins();
    return pages;
  };
  try {
    return await read(first, last);
  } catch (error) {
    rethrowFatal(error, path);
  }
  const pages: PageText[] = [];
  for (let num = first; num <= last; num++) {
    try {
      pages.push(...(first === last ? [{ num }] : await read(num, num)));
    } catch (error) {
      rethrowFatal(error, path);
      pages.push({ num });
    }
  }
  return pages;
}

export async function parsePdf(data: Uint8Array, path: string, options: PdfParseOptions = {}): Promise<ParsedDocument> {
  const { signal, onPage, batchSize = 24, minLettersPerPage = 4, keepScans = false } = options;
  throwIfAborted(signal);
  if (findPdfHeader(data) < 0) throw fileError('INVALID_FILE', path, 'is not a PDF file (no %PDF header): it may be damaged or misnamed.');

  // pdf.js may take ownership of (detach) the array it is given: pass a copy, the caller keeps its bytes.
  const Parser = await loadPdfParse();
  const parser = new Parser({ data: data.slice(), ...pdfjsAssets(), isEvalSupported: false, stopAtErrors: false });
  try {
    let total: number;
    let title: string | undefined;
    try {
      // The page count and the info dictionary only: pdf-parse's getInfo() also reads the outline,
      // permissions and page labels, which nothing here uses.
      const doc = await loadDocument(parser);
      const { info } = await doc.getMetadata();
      restoreNativeBuiltins();
      total = doc.numPages;
      title = sensibleTitle(info?.Title);
    } catch (error) {
      throw pdfError(error, path);
    }
    if (total < 1) throw fileError('INVALID_FILE', path, 'has no pages.');

    const pages: RawPage[] = [];
    let letters = 0;
    let damaged = 0;
    for (let first = 1; first <= total; first += batchSize) {
      throwIfAborted(signal);
      const last = Math.min(total, first + batchSize - 1);
      for (const { num, text, lines } of await readBatch(parser, first, last, path)) {
        if (text === undefined) damaged++;
        pages.push({ page: num, text: text ?? '', ...(lines ? { lines } : {}) });
        if (!keepScans) letters += countLetters(text ?? ''); // only the NO_TEXT check below needs it
        report(onPage, num, total);
      }
    }
    throwIfAborted(signal);

    if (!keepScans && letters < Math.max(1, minLettersPerPage * total)) {
      // Text lost to damage is not a scan: OCR would not help, a good copy of the file would.
      if (damaged > 0) throw fileError('INVALID_FILE', path, `is damaged: ${damaged} of ${total} pages cannot be read and the rest hold no text.`);
      throw fileError('NO_TEXT', path, 'has no text layer and looks scanned: it needs OCR (text recognition) before Genten can read it.');
    }
    return { type: 'pdf', ...(title ? { title } : {}), pages, headings: [] };
  } finally {
    await parser.destroy().catch(() => undefined);
    restoreNativeBuiltins(); // also when the first document failed after pdf.js loaded its worker code
  }
}
