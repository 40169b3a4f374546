/** The .xlsx comparison report (exceljs): one row per clause, differences first, frozen header, filters, wrapped text; a sheet with the record. */
import { withoutBlankLines } from '../../../shared/compare';
import { addRecordSheet, finishTableSheet, newTableWorkbook } from '../reports/xlsx-table';
import { HEADERS, type CompareReportModel } from './report-model';

export async function renderCompareXlsx(model: CompareReportModel): Promise<Buffer> {
  const h = HEADERS[model.language];
  const { workbook, sheet } = await newTableWorkbook({ creator: 'Genten', sheetName: model.language === 'ja' ? '比較' : 'Comparison' });
  sheet.columns = [
    { header: h.kind, key: 'kind', width: 8 },
    { header: h.standard, key: 'standard', width: 16 },
    { header: h.draft, key: 'draft', width: 16 },
    { header: h.changes, key: 'changes', width: 34 },
    { header: h.standardText, key: 'standardText', width: 46 },
    { header: h.draftText, key: 'draftText', width: 46 },
    { header: h.mark, key: 'mark', width: 10 },
    { header: h.note, key: 'note', width: 18 },
  ];
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
