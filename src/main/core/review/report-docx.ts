/**
 * The .docx memo (docx package): the record first, then one heading per item; under it each
 * document's status, the answer, and the quotes as footnotes (document, page or lines, section).
 * Japanese text is set in Japanese fonts (East Asian font and language on every run).
 */
import type { Paragraph as ParagraphType } from 'docx';
import { findCitationMarkers } from '../answer/citations';
import type { ReportModel } from './report-model';
import { CHANGE_LABEL, COLUMNS, MARK_LABEL, STATUS_LABEL, TEXT, citationPlace, plainAnswer, reasonText } from './report-model';

/** Word's default Japanese faces (Windows, macOS Office); LibreOffice substitutes an installed Japanese font. */
const FONTS = {
  ja: { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' },
  en: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Yu Gothic', cs: 'Calibri' },
};

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const docx = await import('docx');
  const { Document, Packer, Paragraph, TextRun, HeadingLevel, FootnoteReferenceRun, Table, TableRow, TableCell, WidthType } = docx;
  const { language, rows, run } = model;
  const t = TEXT[language];
  const footnotes: Record<number, { children: ParagraphType[] }> = {};
  let nextFootnote = 1;

  const children: Array<ParagraphType | InstanceType<typeof Table>> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: `${t.title}: ${run.checklist.name}`, size: 40 })] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 }, children: [new TextRun(t.about)] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: model.provenance.map(
        ([label, value]) =>
          new TableRow({
            children: [
              new TableCell({
                width: { size: 28, type: WidthType.PERCENTAGE },
                children: [new Paragraph({ children: [new TextRun({ text: label, bold: true, size: 18 })] })],
              }),
              new TableCell({
                width: { size: 72, type: WidthType.PERCENTAGE },
                children: [new Paragraph({ children: [new TextRun({ text: value, size: 18 })] })],
              }),
            ],
          }),
      ),
    }),
  ];

  let lastItem: string | undefined;
  for (const { item, document, result } of rows) {
    if (item.id !== lastItem) {
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          spacing: { before: 360, after: 60 },
          keepNext: true,
          children: [new TextRun(`${item.id}  ${item.question}`)],
        }),
      );
      if (item.category || item.guidance) {
        children.push(
          new Paragraph({ children: [new TextRun({ text: [item.category, item.guidance].filter(Boolean).join(' — '), italics: true, color: '666666' })] }),
        );
      }
      lastItem = item.id;
    }
    const status = result ? STATUS_LABEL[language][result.status] : t.notAnswered;
    const extras = [
      result?.mark ? `${COLUMNS[language].mark}: ${MARK_LABEL[language][result.mark]}` : '',
      result?.change && result.change.kind !== 'unchanged' ? CHANGE_LABEL[language][result.change.kind] : '',
    ].filter(Boolean);
    children.push(
      new Paragraph({
        spacing: { before: 120 },
        children: [
          new TextRun({ text: `${document.title || document.path}: `, bold: true }),
          new TextRun({ text: status, bold: true, color: result?.status === 'found' ? '1B6E3A' : result?.status === 'not_found' ? '8A1C1C' : '8A5A00' }),
          ...(extras.length ? [new TextRun({ text: `  (${extras.join(' · ')})`, color: '555555' })] : []),
        ],
      }),
    );
    if (!result) continue;
    children.push(new Paragraph({ children: [new TextRun({ text: reasonText(result, language), italics: true, color: '555555' })] }));

    // Each citation becomes one footnote; markers in the answer point at it.
    const footnoteOf = new Map<number, number>();
    for (const c of result.citations) {
      const id = nextFootnote++;
      footnoteOf.set(c.n, id);
      footnotes[id] = {
        children: [
          new Paragraph({
            children: [
              new TextRun(`「${c.quote.replace(/\s*\n\s*/g, ' ')}」 `),
              new TextRun({ text: `${c.title}, ${citationPlace(c, language)}${c.section ? `, ${c.section}` : ''}`, italics: true }),
            ],
          }),
        ],
      };
    }
    const referenced = new Set<number>();
    for (const line of result.answer.trim().split('\n')) {
      if (!line.trim()) continue;
      const runs: Array<InstanceType<typeof TextRun> | InstanceType<typeof FootnoteReferenceRun>> = [];
      let at = 0;
      for (const marker of findCitationMarkers(line)) {
        runs.push(new TextRun(line.slice(at, marker.start).replace(/\s+$/, '')));
        for (const n of marker.numbers) {
          const id = footnoteOf.get(n);
          if (id !== undefined) {
            runs.push(new FootnoteReferenceRun(id));
            referenced.add(n);
          }
        }
        at = marker.end;
      }
      runs.push(new TextRun(line.slice(at)));
      children.push(new Paragraph({ children: runs }));
    }
    const unreferenced = result.citations.filter((c) => !referenced.has(c.n));
    if (unreferenced.length) {
      children.push(
        new Paragraph({
          children: [
            new TextRun({ text: language === 'ja' ? '出典' : 'Sources', color: '555555' }),
            ...unreferenced.map((c) => new FootnoteReferenceRun(footnoteOf.get(c.n)!)),
          ],
        }),
      );
    }
    if (result.unsupported.length) {
      children.push(new Paragraph({ children: [new TextRun({ text: `${t.unsupported}: ${result.unsupported.join(' / ')}`, color: '8A5A00' })] }));
    }
    if (result.note) children.push(new Paragraph({ children: [new TextRun({ text: `${COLUMNS[language].note}: `, bold: true }), new TextRun(result.note)] }));
    if (result.change?.kind === 'changed' && result.change.previousAnswer) {
      children.push(new Paragraph({ children: [new TextRun({ text: `${t.previous}: ${plainAnswer(result.change.previousAnswer)}`, color: '555555' })] }));
    }
  }

  const doc = new Document({
    creator: `Genten ${run.gentenVersion}`,
    title: `${t.title}: ${run.checklist.name}`,
    styles: {
      default: {
        document: { run: { font: FONTS[language], size: 21, language: { value: language === 'ja' ? 'ja-JP' : 'en-US', eastAsia: 'ja-JP' } } },
      },
    },
    footnotes,
    sections: [{ children }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
