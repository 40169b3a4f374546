/** The .xlsx comparison report (exceljs): one row per clause, differences first, frozen header, filters, wrapped text; a sheet with the record. */
import { withoutBlankLines } from '../../../shared/compare';
import { addRecordSheet, finishTableSheet, newTableWorkbook, tableColumns } from '../reports/xlsx-table';
import { HEADERS, type CompareReportModel } from './report-model';

export async function renderCompareXlsx(model: CompareReportModel): Promise<Buffer> {
  const h = HEADERS[model.language];
  const { workbook, sheet } = await newTableWorkbook({ creator: 'Genten', sheetName: model.language === 'ja' ? '比較' : 'Comparison' });
  sheet.columns = tableColumns(h, [
    ['kind', 8],
    ['standard', 16],
    ['draft', 16],
    ['changes', 34],
    ['standardText', 46],
    ['draftText', 46],
    ['mark', 10],
    ['note', 18],
  ]);
  for (const r of model.rows) {
    sheet.addRow({
      kind: r.kind,
      standard: r.standard,
      draft: r.draft,
      changes: r.changes,
      standardText: withoutBlankLines(r.item.standard?.text ?? ''),
      draftText: withoutBlankLines(r.item.draft?.text ?? ''),
      mark: r.mark,
      note: r.note,
    });
  }
  finishTableSheet(sheet, { language: model.language, footer: model.title });
  addRecordSheet(workbook, { name: model.language === 'ja' ? '記録' : 'Record', heading: [model.title], rows: model.record, language: model.language });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
