/**
 * Cleans and chunks a document's pages: in the parse worker, or in the indexing thread after OCR.
 * Its own module so that the indexing thread does not load every parser (and the canvas native
 * module) with parse-document.ts.
 */
import type { DocType } from '../../../shared/types';
import type { MarkupHeading, RawPage } from '../ingest/types';
import { sheetSections } from '../ingest/xlsx';
import { chunkDocument } from '../text/chunker';
import { cleanPages } from '../text/clean';
import type { ChunkDraft, ChunkOptions } from '../text/types';

/** Target passage length for a workbook's sheets (characters): a few rows. */
const SHEET_TARGET_CHARS = 200;

export function chunkPages(type: DocType, pages: RawPage[], headings: MarkupHeading[], chunking?: ChunkOptions): ChunkDraft[] {
  if (type !== 'xlsx') return chunkDocument(cleanPages(pages, { paged: type === 'pdf' || type === 'image' }), headings, chunking);
  // A sheet's rows carry their headers, so a few rows stand alone: smaller passages without overlap
  // cite the rows they hold (月次点検表!B4:F6), not half the sheet.
  const sheet = { ...chunking, targetChars: Math.min(chunking?.targetChars ?? SHEET_TARGET_CHARS, SHEET_TARGET_CHARS), overlapChars: 0 };
  return sheetSections(chunkDocument(cleanPages(pages, { paged: false }), headings, sheet), pages);
}
