/** The .docx comparison memo (docx package): the record, then one heading per difference with what changed and both clauses. */
import type { Paragraph as ParagraphType, Table as TableType } from 'docx';
import { HEADERS, type CompareReportModel } from './report-model';

const FONTS = {
  ja: { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' },
  en: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Yu Gothic', cs: 'Calibri' },
};

export async function renderCompareDocx(model: CompareReportModel): Promise<Buffer> {
  const { Document, Packer, Paragraph, TextRun, HeadingLevel, Table, TableRow, TableCell, WidthType } = await import('docx');
  const h = HEADERS[model.language];
  const para = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
    new Paragraph({ children: text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options })) });
  const children: Array<ParagraphType | TableType> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: model.title, size: 36 })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: model.record.map(
        ([label, value]) =>
          new TableRow({
            children: [
              new TableCell({ width: { size: 22, type: WidthType.PERCENTAGE }, children: [para(label, { bold: true, size: 18 })] }),
              new TableCell({ width: { size: 78, type: WidthType.PERCENTAGE }, children: [para(value, { size: 18 })] }),
            ],
          }),
      ),
    }),
  ];
  for (const r of model.rows.filter((row) => row.item.kind !== 'same')) {
    const where = r.standard && r.draft ? `${r.standard} ⇄ ${r.draft}` : r.standard || r.draft;
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 300, after: 60 }, keepNext: true, children: [new TextRun(`${r.kind}: ${where}`)] }));
    if (r.changes) children.push(para(r.changes, { bold: true }));
    if (r.mark || r.note) children.push(para(`${h.mark}: ${r.mark || '—'}${r.note ? ` · ${h.note}: ${r.note}` : ''}`, { italics: true }));
    const cells = [r.item.standard?.text ?? '—', r.item.draft?.text ?? '—'];
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ children: [h.standardText, h.draftText].map((t) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [para(t, { bold: true, size: 18 })] })) }),
          new TableRow({ children: cells.map((t) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [para(t, { size: 18 })] })) }),
        ],
      }),
    );
  }
  const font = FONTS[model.language];
  const doc = new Document({
    styles: { default: { document: { run: { font, language: { value: model.language === 'ja' ? 'ja-JP' : 'en-US', eastAsia: 'ja-JP' } } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
