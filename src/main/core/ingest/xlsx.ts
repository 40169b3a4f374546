/**
 * Excel workbooks (.xlsx, and .xlsm read as data: macros are never run) with exceljs: each visible
 * sheet is one page, read as a table. The page starts with the sheet's name; then its rows top to
 * bottom, cells left to right, a tab between cells; a title merged across columns is a line of its
 * own; under a header row each cell carries its column's header (「担当：田中」), so a passage of
 * rows still says what its numbers are. Formulas read as the value the file cached, dates as
 * 2025/04/15. Hidden sheets are left out, with a warning. Each line remembers its row and columns,
 * so that a passage is cited by its cells (月次点検表!B4:F9) in place of a page.
 */
import type { Cell, CellValue, Workbook, Worksheet } from 'exceljs';
import type { ChunkDraft } from '../text/types';
import { hasJapanese } from '../text/japanese';
import type { MarkupHeading, ParseWarning, Parser, RawPage, SheetRow } from './types';
import { fileError, throwIfAborted } from './errors';
import { checkZipBomb } from './zip-guard';

/** A1-style column letters (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** A sheet name as a formula would write it: quoted when it holds anything but letters, digits and _. */
export function quoteSheetName(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function formatDate(date: Date, numFmt: string | undefined): string {
  const day = `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  const fmt = (numFmt ?? '').toLowerCase().replace(/"[^"]*"|\[[^\]]*\]/g, '');
  if (/h/.test(fmt) && !/[yd]/.test(fmt)) return time;
  return /h/.test(fmt) ? `${day} ${time}` : day;
}

function formatNumber(value: number, numFmt: string | undefined): string {
  const fmt = (numFmt ?? '').replace(/"[^"]*"/g, '');
  if (fmt.includes('%')) return `${+(value * 100).toPrecision(12)}%`;
  const rounded = +value.toPrecision(12);
  return /#,##0/.test(fmt) ? rounded.toLocaleString('en-US', { maximumFractionDigits: 10 }) : String(rounded);
}

/** A cell's value as a person sees it: rich text joined, formulas by their cached result, dates as dates. */
export function cellText(value: CellValue | undefined, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : formatDate(value, numFmt);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result as CellValue, numFmt);
  if ('hyperlink' in value) return cellText((value as { text?: CellValue }).text as CellValue, numFmt);
  return '';
}

/** One line of a sheet's text as cells: its text, without control characters or line breaks. */
function clean(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

interface RowCells {
  row: number;
  cells: Array<{ column: number; text: string; isString: boolean; span: number }>;
}

function rowsOf(sheet: Worksheet): RowCells[] {
  const rows: RowCells[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: RowCells['cells'] = [];
    row.eachCell({ includeEmpty: false }, (cell: Cell, c) => {
      // A merged range reads once, at its first cell: the rest of its row repeats the master's value.
      const master = cell.isMerged ? cell.master : cell;
      if (master !== cell && master.row === cell.row) {
        const last = cells[cells.length - 1];
        if (last) last.span = c - last.column + 1;
        return;
      }
      const value = master.value;
      const text = clean(cellText(value, master.numFmt));
      if (!text) return;
      const isString = typeof value === 'string' || (typeof value === 'object' && value !== null && 'richText' in value);
      cells.push({ column: c, text, isString, span: 1 });
    });
    if (cells.length) rows.push({ row: r, cells });
  });
  return rows;
}

/** The page text of one sheet and where each line's cells are. */
export function sheetText(sheet: Worksheet): { text: string; rows: SheetRow[] } {
  const lines: string[] = [clean(sheet.name)];
  const refs: SheetRow[] = [];
  let offset = lines[0]!.length + 1;
  let header: Map<number, string> | undefined;
  let previousRow = 0;
  const rows = rowsOf(sheet);
  rows.forEach(({ row, cells }, i) => {
    if (row > previousRow + 1) header = undefined; // a blank row ends a table
    previousRow = row;
    const next = rows[i + 1];
    let line: string;
    const first = cells[0]!.column;
    const last = cells[cells.length - 1]!.column + cells[cells.length - 1]!.span - 1;
    if (!header && cells.length >= 2 && cells.every((c) => c.isString) && next && next.row === row + 1 && next.cells.length >= 2) {
      header = new Map(cells.map((c) => [c.column, c.text]));
      line = cells.map((c) => c.text).join('\t');
    } else if (header && cells.length >= 2) {
      line = cells
        .map((c) => {
          const name = header!.get(c.column);
          if (!name || name === c.text) return c.text;
          return `${name}${hasJapanese(name) ? '：' : ': '}${c.text}`;
        })
        .join('\t');
    } else line = cells.map((c) => c.text).join('\t');
    refs.push({ start: offset, end: offset + line.length, row, first, last });
    lines.push(line);
    offset += line.length + 1;
  });
  return { text: lines.join('\n'), rows: refs };
}

/** The cells of `rows` between two offsets of the sheet's text, as a range (B4:F9, or B4 alone). */
export function rangeOf(rows: readonly SheetRow[], start: number, end: number): string | undefined {
  const hit = rows.filter((r) => r.end > start && r.start < end);
  if (!hit.length) return undefined;
  const r0 = hit[0]!.row;
  const r1 = hit[hit.length - 1]!.row;
  const c0 = Math.min(...hit.map((r) => r.first));
  const c1 = Math.max(...hit.map((r) => r.last));
  const from = `${columnLetters(c0)}${r0}`;
  const to = `${columnLetters(c1)}${r1}`;
  return from === to ? from : `${from}:${to}`;
}

/**
 * A workbook's chunks cite cells: each chunk's section becomes its sheet and range
 * (['月次点検表!B4:F9']), which search and citations show in place of a page.
 */
export function sheetSections(chunks: ChunkDraft[], pages: readonly RawPage[]): ChunkDraft[] {
  const byPage = new Map(pages.map((p) => [p.page, p]));
  return chunks.map((chunk) => {
    const page = byPage.get(chunk.pageStart);
    if (!page?.sheet) return chunk;
    const end = chunk.pageEnd === chunk.pageStart ? chunk.charEnd : page.text.length;
    const range = rangeOf(page.sheet.rows, chunk.charStart, end);
    const name = quoteSheetName(page.sheet.name);
    return { ...chunk, section: [range ? `${name}!${range}` : name] };
  });
}

async function loadWorkbook(data: Uint8Array, path: string): Promise<Workbook> {
  // Loaded on the first workbook: most libraries hold PDFs, and every indexing thread starts faster.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('INVALID_FILE', path, `is not a readable Excel workbook (${reason}): it may be damaged or not really an .xlsx file.`);
  }
  return workbook;
}

export const parseXlsx: Parser = async (data, path, options = {}) => {
  checkZipBomb(data, path); // before anything is inflated
  const workbook = await loadWorkbook(data, path);
  const pages: RawPage[] = [];
  const headings: MarkupHeading[] = [];
  const hidden: string[] = [];
  const sheets = workbook.worksheets;
  for (const sheet of sheets) {
    throwIfAborted(options.signal);
    if (sheet.state !== 'visible') {
      hidden.push(sheet.name);
      continue;
    }
    const { text, rows } = sheetText(sheet);
    const page = pages.length + 1;
    pages.push({ page, text, sheet: { name: sheet.name, rows } });
    headings.push({ page, offset: 0, level: 1, text: text.slice(0, text.indexOf('\n') >>> 0) });
    try {
      options.onPage?.(page, sheets.length - hidden.length);
    } catch {
      // A broken progress bar must not fail the file.
    }
  }
  if (!pages.some((p) => p.text.includes('\n'))) {
    throw fileError('NO_TEXT', path, hidden.length ? 'has no visible sheet with data (only hidden sheets).' : 'has no cells with data.');
  }
  const warnings: ParseWarning[] = hidden.length
    ? [
        {
          page: 1,
          code: 'UNSUPPORTED_TYPE',
          hiddenSheets: hidden,
          message: `${path.split(/[\\/]/).pop()}: ${hidden.length === 1 ? 'a hidden sheet was' : `${hidden.length} hidden sheets were`} not indexed (${hidden.join(', ')}).`,
        },
      ]
    : [];
  const title = workbook.title?.trim();
  return { type: 'xlsx', ...(title ? { title } : {}), pages, headings, ...(warnings.length ? { warnings } : {}) };
};
