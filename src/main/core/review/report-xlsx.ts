/** The .xlsx report (exceljs): one row per item × document, frozen header, wrapped text, filters; a second sheet with the record. */
import type { ReportModel } from './report-model';
import { CHANGE_LABEL, COLUMNS, MARK_LABEL, STATUS_LABEL, TEXT, cellAnswer, citationPlace, reasonText } from './report-model';

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
function fitRowHeight(row: import('exceljs').Row, widths: number[]): void {
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
function xmlSafe(text: string): string {
  return text.replaceAll('&', '&&');
}

export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const { language, rows, run } = model;
  const c = COLUMNS[language];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = `Genten ${run.gentenVersion}`;
  workbook.created = model.generatedAt;
  const sheet = workbook.addWorksheet(language === 'ja' ? 'レビュー' : 'Review', { views: [{ state: 'frozen', ySplit: 1 }] });
  const withChange = Boolean(run.previousRunId);
  sheet.columns = [
    { header: c.id, key: 'id', width: 6 },
    { header: c.question, key: 'question', width: 24 },
    { header: c.category, key: 'category', width: 9 },
    { header: c.status, key: 'status', width: 9 },
    { header: c.reason, key: 'reason', width: 22 },
    { header: c.answer, key: 'answer', width: 35 },
    { header: c.document, key: 'document', width: 13 },
    { header: c.page, key: 'page', width: 11 },
    { header: c.section, key: 'section', width: 13 },
    { header: c.quote, key: 'quote', width: 35 },
    { header: c.mark, key: 'mark', width: 8 },
    { header: c.note, key: 'note', width: 12 },
    ...(withChange ? [{ header: c.change, key: 'change', width: 9 }] : []),
  ];
  for (const { item, document, result } of rows) {
    const citations = result?.citations ?? [];
    const multiple = citations.length > 1;
    sheet.addRow({
      id: item.id,
      question: item.question,
      category: item.category ?? '',
      status: result ? STATUS_LABEL[language][result.status] : TEXT[language].notAnswered,
      reason: result ? reasonText(result, language) : '',
      answer: result ? cellAnswer(result.answer, result.citations.length) : '',
      document: document.title || document.path,
      page: citations.map((x) => (multiple ? `[${x.n}] ` : '') + citationPlace(x, language)).join('\n'),
      section: citations.map((x) => (multiple ? `[${x.n}] ` : '') + x.section).join('\n'),
      quote: citations.map((x) => (multiple ? `[${x.n}] ` : '') + x.quote).join('\n'),
      mark: result?.mark ? MARK_LABEL[language][result.mark] : '',
      note: result?.note ?? '',
      ...(withChange ? { change: result?.change ? CHANGE_LABEL[language][result.change.kind] : '' } : {}),
    });
  }
  const font = language === 'ja' ? { name: JA_FONT } : {};
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
  // Printed as a reviewer sets it by hand: landscape A4 with narrow margins, the columns sized so that all of
  // them fit the page width at a readable scale (~75 %), the header on every page, page numbers in the footer.
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
  sheet.headerFooter = { oddFooter: `&L${xmlSafe(run.checklist.name)}&R&P / &N` };

  const about = workbook.addWorksheet(TEXT[language].about);
  about.columns = [
    { header: '', key: 'label', width: 26 },
    { header: '', key: 'value', width: 100 },
  ];
  about.spliceRows(1, 1);
  about.addRow([TEXT[language].title, run.checklist.name]).font = { ...font, bold: true };
  for (const [label, value] of model.provenance) about.addRow([label, value]).eachCell((cell) => (cell.font = font));
  about.eachRow((row) => {
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: 'top' }));
    fitRowHeight(row, [26, 100]);
  });
  about.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
