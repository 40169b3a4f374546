/** The .xlsx comparison report (exceljs): one row per clause, differences first, frozen header, filters, wrapped text; a sheet with the record. */
import { HEADERS, type CompareReportModel } from './report-model';

const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409;

function lineCount(text: string, width: number): number {
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil((line.length * (/[^\x00-\xff]/.test(line) ? 2 : 1)) / Math.max(4, width - 1))), 0);
}

export async function renderCompareXlsx(model: CompareReportModel): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const h = HEADERS[model.language];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Genten';
  const sheet = workbook.addWorksheet(model.language === 'ja' ? '比較' : 'Comparison', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: h.kind, key: 'kind', width: 10 },
    { header: h.standard, key: 'standard', width: 24 },
    { header: h.draft, key: 'draft', width: 24 },
    { header: h.changes, key: 'changes', width: 50 },
    { header: h.standardText, key: 'standardText', width: 60 },
    { header: h.draftText, key: 'draftText', width: 60 },
    { header: h.mark, key: 'mark', width: 12 },
    { header: h.note, key: 'note', width: 30 },
  ];
  for (const r of model.rows) {
    sheet.addRow({
      kind: r.kind,
      standard: r.standard,
      draft: r.draft,
      changes: r.changes,
      standardText: r.item.standard?.text ?? '',
      draftText: r.item.draft?.text ?? '',
      mark: r.mark,
      note: r.note,
    });
  }
  const font = model.language === 'ja' ? { name: 'Yu Gothic' } : {};
  const widths = sheet.columns.map((c) => c.width ?? 10);
  sheet.eachRow((row, n) => {
    let lines = 1;
    row.eachCell((c, column) => {
      c.alignment = { wrapText: true, vertical: 'top' };
      c.font = { ...font, ...(n === 1 ? { bold: true } : {}) };
      if (n === 1) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
      lines = Math.max(lines, lineCount(String(c.value ?? ''), widths[column - 1]));
    });
    if (n > 1) row.height = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3);
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
  const about = workbook.addWorksheet(model.language === 'ja' ? '記録' : 'Record');
  about.columns = [{ width: 16 }, { width: 100 }];
  about.addRow([model.title]).font = { ...font, bold: true };
  for (const [label, value] of model.record) about.addRow([label, value]).eachCell((c) => (c.font = font));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
