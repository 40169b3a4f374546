/** The .xlsx report (exceljs): one row per item × document, frozen header, wrapped text, filters; a second sheet with the record. */
import { addRecordSheet, finishTableSheet, newTableWorkbook, tableColumns } from '../reports/xlsx-table';
import type { ReportModel } from './report-model';
import { CHANGE_LABEL, COLUMNS, MARK_LABEL, STATUS_LABEL, TEXT, cellAnswer, citationPlace, reasonText } from './report-model';

export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const { language, rows, run } = model;
  const c = COLUMNS[language];
  const { workbook, sheet } = await newTableWorkbook({
    creator: `Genten ${run.gentenVersion}`,
    created: model.generatedAt,
    sheetName: language === 'ja' ? 'レビュー' : 'Review',
  });
  const withChange = Boolean(run.previousRunId);
  sheet.columns = tableColumns(c, [
    ['id', 6],
    ['question', 24],
    ['category', 9],
    ['status', 9],
    ['reason', 22],
    ['answer', 35],
    ['document', 13],
    ['page', 11],
    ['section', 13],
    ['quote', 35],
    ['mark', 8],
    ['note', 12],
    ...(withChange ? [['change', 9] as [string, number]] : []),
  ]);
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
  finishTableSheet(sheet, { language, footer: run.checklist.name });
  addRecordSheet(workbook, { name: TEXT[language].about, heading: [TEXT[language].title, run.checklist.name], rows: model.provenance, language });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
