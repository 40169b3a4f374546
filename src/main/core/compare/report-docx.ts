/**
 * The .docx comparison memo (docx package): the record, then one heading per difference with what changed,
 * the decision, and both clauses side by side with the words that differ marked as in the app (struck
 * through in red on the standard's side, bold and underlined in green on the draft's, both highlighted).
 */
import type { Paragraph as ParagraphType, Table as TableType } from 'docx';
import { markedParts, withoutBlankLines, type CompareItem } from '../../../shared/compare';
import { HEADERS, type CompareReportModel } from './report-model';

const MARKED = {
  before: { strike: true, color: 'C00000', highlight: 'yellow' },
  after: { bold: true, underline: {}, color: '006100', highlight: 'yellow' },
} as const;

/** A clause's text in parts (marked or not), without the blank lines a Word file puts between paragraphs. */
function clauseParts(item: CompareItem, side: 'before' | 'after'): { text: string; marked: boolean }[] {
  const clause = side === 'before' ? item.standard : item.draft;
  if (!clause) return [{ text: '—', marked: false }];
  return markedParts(clause.text, item.changes, side).map((p) => ({ ...p, text: withoutBlankLines(p.text) }));
}

const FONTS = {
  ja: { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' },
  en: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Yu Gothic', cs: 'Calibri' },
};

export async function renderCompareDocx(model: CompareReportModel): Promise<Buffer> {
  const { Document, Packer, Paragraph, TextRun, HeadingLevel, Table, TableRow, TableCell, WidthType } = await import('docx');
  const h = HEADERS[model.language];
  const runs = (text: string, options: ConstructorParameters<typeof TextRun>[0] & object) =>
    text.split('\n').map((line, i) => new TextRun({ ...options, text: line, break: i > 0 ? 1 : 0 }));
  const para = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) => new Paragraph({ children: runs(text, options) });
  const clause = (item: CompareItem, side: 'before' | 'after') =>
    new Paragraph({ children: clauseParts(item, side).flatMap((p) => runs(p.text, { size: 18, ...(p.marked ? MARKED[side] : {}) })) });
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
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 300, after: 60 }, keepNext: true, children: [new TextRun(`${r.kind}: ${where}`)] }),
    );
    if (r.changes) children.push(para(r.changes, { bold: true }));
    if (r.mark || r.note) children.push(para(`${h.mark}: ${r.mark || '—'}${r.note ? ` · ${h.note}: ${r.note}` : ''}`, { italics: true }));
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            children: [h.standardText, h.draftText].map(
              (t) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [para(t, { bold: true, size: 18 })] }),
            ),
          }),
          new TableRow({
            children: (['before', 'after'] as const).map(
              (side) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [clause(r.item, side)] }),
            ),
          }),
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
