/**
 * What every .xlsx report Genten writes shares (a review, a comparison): a table sheet as a reviewer would set it up
 * by hand (bold shaded header, frozen and filtered, wrapped text with rows as tall as their text, printed landscape
 * across the page width with the header on every page and page numbers), and a record sheet of label / value rows.
 */
import type { Row, Workbook, Worksheet } from 'exceljs';

const JA_FONT = 'Yu Gothic';
/** Points per line of 11-point text, and Excel's tallest row. */
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;

/** Display width in Excel's column units: a CJK character takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

/**
 * Row heights set from the wrapped text: Excel grows rows on edit, not on open, and LibreOffice
 * prints fixed heights, so without this wrapped cells overlap.
 */
function fitRowHeight(row: Row, widths: number[]): void {
  let lines = 1;
  row.eachCell((cell, column) => {
    const width = Math.max(4, (widths[column - 1] ?? 10) - 1);
    const text = cell.value === null || cell.value === undefined ? '' : String(cell.value);
    const count = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / width)), 0);
    lines = Math.max(lines, count);
  });
  row.height = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3);
}

/** A header/footer text: `&` starts a code there, so a literal one is doubled. */
function footerSafe(text: string): string {
  return text.replaceAll('&', '&&');
}

function fontFor(language: 'ja' | 'en') {
  return language === 'ja' ? { name: JA_FONT } : {};
}

/** A new workbook (exceljs loaded on first use) with its table sheet, header frozen. Add the columns and rows, then `finishTableSheet`. */
/** The table's columns from [key, width] pairs, each headed by its label in `headers` (keyed alike). */
export function tableColumns(
  headers: Record<string, string>,
  columns: Array<[key: string, width: number]>,
): Array<{ header: string; key: string; width: number }> {
  return columns.map(([key, width]) => ({ header: headers[key] ?? key, key, width }));
}

export async function newTableWorkbook(options: { creator: string; created?: Date; sheetName: string }): Promise<{ workbook: Workbook; sheet: Worksheet }> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = options.creator;
  if (options.created) workbook.created = options.created;
  return { workbook, sheet: workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] }) };
}

/**
 * Formats a table sheet whose columns and rows are in. Size its columns to ~200 units in all: printed landscape A4
 * across the page width, that reads at about 75 %.
 */
export function finishTableSheet(sheet: Worksheet, options: { language: 'ja' | 'en'; footer: string }): void {
  const font = fontFor(options.language);
  sheet.eachRow((row, rowNumber) => {
    row.eachCell((cell) => {
      cell.alignment = { wrapText: true, vertical: 'top' };
      cell.font = { ...font, ...(rowNumber === 1 ? { bold: true } : {}) };
      if (rowNumber === 1) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    });
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  const widths = sheet.columns.map((c) => c.width ?? 10);
  sheet.eachRow((row, n) => n > 1 && fitRowHeight(row, widths));
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
    horizontalCentered: true,
    margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
  };
  sheet.headerFooter = { oddFooter: `&L${footerSafe(options.footer)}&R&P / &N` };
}

/** The record sheet: a bold heading row, then label / value rows (what was compared or reviewed, with which versions). */
export function addRecordSheet(
  workbook: Workbook,
  options: { name: string; heading: string[]; rows: Array<[string, string]>; language: 'ja' | 'en' },
): Worksheet {
  const font = fontFor(options.language);
  const about = workbook.addWorksheet(options.name);
  about.columns = [
    { header: '', key: 'label', width: 26 },
    { header: '', key: 'value', width: 100 },
  ];
  about.spliceRows(1, 1);
  about.addRow(options.heading).font = { ...font, bold: true };
  for (const [label, value] of options.rows) about.addRow([label, value]).eachCell((cell) => (cell.font = font));
  about.eachRow((row) => {
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: 'top' }));
    fitRowHeight(row, [26, 100]);
  });
  about.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return about;
}
