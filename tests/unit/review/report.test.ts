/**
 * Reports written and read back: the .xlsx parsed with exceljs (cells, frozen header, wrap,
 * filters, the record sheet), the .docx unzipped (headings, footnotes with document and page,
 * Japanese fonts), .md and .csv; nothing half-written left behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewRun } from '../../../src/shared/review';
import { writeReport } from '../../../src/main/core/review/report';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-report-');
afterAll(() => temp.cleanup());

const CONTRACT = '/data/契約/業務委託契約書.pdf';
const RULES = '/data/規則/就業規則.md';

function sampleRun(): ReviewRun {
  return {
    id: '20261129-100000-abcdef',
    version: 1,
    checklist: {
      name: '業務委託契約レビュー',
      path: '/data/checklists/gyomu.csv',
      hash: 'a'.repeat(64),
      language: 'ja',
      items: [
        { id: 'GI-03', question: '再委託に委託者の事前承諾は必要か', category: '再委託' },
        { id: 'GI-17', question: '不可抗力による免責の定めはあるか', category: '不可抗力' },
        { id: 'GI-20', question: '準拠法は定められているか' },
      ],
    },
    documents: [
      { id: 'd1', path: CONTRACT, title: '業務委託契約書', type: 'pdf', hash: 'b'.repeat(64) },
      { id: 'd2', path: RULES, title: '就業規則', type: 'markdown', hash: 'c'.repeat(64) },
    ],
    model: { kind: 'extractive', name: 'extractive' },
    gentenVersion: '0.1.0',
    state: 'cancelled',
    createdAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:05.000Z',
    seconds: 5,
    results: [
      {
        itemId: 'GI-03',
        documentId: 'd1',
        documentHash: 'b'.repeat(64),
        status: 'found',
        reason: 'ok',
        // The reason's code: reports render it in their own language (the saved sentence may be English).
        reasonCode: { code: 'heading_names', params: { topic: '再委託', at: { section: '第6条（再委託）', page: 2 } } },
        score: 0.9,
        answer:
          '資料から該当箇所を抜き出しました（生成モデルは使っていません）:\n- 乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。 [1]\n- 乙は再委託先の行為について責任を負う。 [2]',
        mode: 'extractive',
        citations: [
          {
            n: 1,
            path: CONTRACT,
            title: '業務委託契約書',
            page: 2,
            pageEnd: 2,
            section: '第6条（再委託）',
            quote: '乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。',
            chunkId: 'c1',
          },
          {
            n: 2,
            path: CONTRACT,
            title: '業務委託契約書',
            page: 2,
            pageEnd: 3,
            section: '第6条（再委託）',
            quote: '乙は再委託先の行為について責任を負う。',
            chunkId: 'c2',
          },
        ],
        unsupported: [],
        timings: { retrieveMs: 10, answerMs: 5, totalMs: 15 },
        mark: 'accepted',
        note: '第6条で確認済み',
        markedAt: '2026-11-29T10:01:00.000Z',
      },
      {
        itemId: 'GI-03',
        documentId: 'd2',
        documentHash: 'c'.repeat(64),
        status: 'needs_review',
        reason: 'weak',
        score: 0.3,
        answer: '資料から該当箇所を抜き出しました（生成モデルは使っていません）:\n- 業務上知り得た秘密情報を漏らさないこと。 [1]',
        mode: 'extractive',
        citations: [
          {
            n: 1,
            path: RULES,
            title: '就業規則',
            page: 1,
            pageEnd: 1,
            section: '第2章 服務規律 > 第3条（遵守事項）',
            quote: '業務上知り得た秘密情報を漏らさないこと。',
            chunkId: 'c3',
            lineStart: 21,
            lineEnd: 23,
          },
        ],
        unsupported: ['業務上知り得た秘密情報を漏らさないこと。'],
        timings: { retrieveMs: 10, answerMs: 5, totalMs: 15 },
        mark: 'rejected',
      },
      {
        itemId: 'GI-17',
        documentId: 'd1',
        documentHash: 'b'.repeat(64),
        status: 'not_found',
        reason: 'none',
        score: 0,
        answer: 'この文書には該当する定めが見つかりませんでした。',
        mode: 'extractive',
        citations: [],
        unsupported: [],
        timings: { retrieveMs: 10, answerMs: 0, totalMs: 10 },
      },
    ],
  };
}

describe('review reports', () => {
  it('writes an .xlsx with one row per item × document, frozen header, wrapped text, filters and the record', async () => {
    const file = await writeReport(sampleRun(), path.join(temp.dir, 'out', 'report.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('レビュー')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['ID', '確認事項', '分類', '判定', '理由', '回答', '文書', 'ページ', '条項', '引用', 'レビュー結果', 'メモ']);
    expect(sheet.rowCount).toBe(1 + 3 * 2);
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(2)).toEqual([
      'GI-03',
      '再委託に委託者の事前承諾は必要か',
      '再委託',
      '該当あり',
      '見出し「第6条（再委託）」が「再委託」を示しています。',
      // The "extracted, no model" label is said once, in the record, not on every row.
      // Several citations: the markers stay, matching the numbered page, section and quote cells.
      '- 乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。 [1]\n- 乙は再委託先の行為について責任を負う。 [2]',
      '業務委託契約書',
      '[1] 2 ページ\n[2] 2–3 ページ',
      '[1] 第6条（再委託）\n[2] 第6条（再委託）',
      '[1] 乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。\n[2] 乙は再委託先の行為について責任を負う。',
      '承認',
      '第6条で確認済み',
    ]);
    // A text file's citation gives lines, not "page 1".
    expect(row(3).slice(3, 8)).toEqual(['要確認', 'weak', expect.any(String), '就業規則', '21–23 行']);
    expect(row(3)[10]).toBe('却下');
    expect(row(4).slice(0, 4)).toEqual(['GI-17', '不可抗力による免責の定めはあるか', '不可抗力', '該当なし']);
    // The run was stopped: unanswered pairs are rows that say so.
    expect(row(5)[3]).toBe('未回答（中断されたレビュー）');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getCell('F2').alignment).toMatchObject({ wrapText: true });
    // Rows are as tall as their wrapped text (LibreOffice and print use the stored height).
    expect(sheet.getRow(2).height).toBeGreaterThanOrEqual(3 * 15);
    // Printed as a reviewer would set it: landscape, every column on the page width at a readable scale, the header
    // repeated on each page, page numbers in the footer.
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    const totalWidth = sheet.columns.reduce((sum, column) => sum + (column.width ?? 10), 0);
    expect(totalWidth).toBeLessThanOrEqual(200);
    expect(sheet.headerFooter.oddFooter).toContain('&P / &N');

    const about = workbook.getWorksheet('記録')!;
    const record = new Map<string, string>();
    about.eachRow((r) => record.set(String(r.getCell(1).value), String(r.getCell(2).value)));
    expect(record.get('チェックリスト')).toBe('/data/checklists/gyomu.csv');
    expect(record.get('チェックリストの SHA-256')).toBe('a'.repeat(64));
    expect(record.get('対象文書 1')).toBe(`${CONTRACT} (SHA-256 ${'b'.repeat(64)})`);
    expect(record.get('回答モデル')).toBe('抽出（生成モデルなし）');
    expect(record.get('原典のバージョン')).toBe('0.1.0');
    expect(record.get('レビュー開始')).toMatch(/^2026-11-29 \d\d:00:00 \(UTC[+-]\d\d:\d\d\)$/);
    expect(record.get('報告書作成')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['report.xlsx']);
  });

  it('writes a .docx memo: a heading per item, quotes as footnotes with document and page, Japanese fonts', async () => {
    const run = sampleRun();
    run.model = { kind: 'file', name: 'qwen.gguf', file: '/models/qwen.gguf', sha256: 'd'.repeat(64) };
    const file = await writeReport(run, path.join(temp.dir, 'memo.docx'));
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const documentXml = await zip.file('word/document.xml')!.async('string');
    const footnotesXml = await zip.file('word/footnotes.xml')!.async('string');
    const stylesXml = await zip.file('word/styles.xml')!.async('string');
    const text = (xml: string) =>
      [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&')).join('');
    const body = text(documentXml);
    expect(body).toContain('レビュー報告書: 業務委託契約レビュー');
    expect(body).toContain('/models/qwen.gguf (SHA-256 dddd');
    for (const heading of ['GI-03  再委託に委託者の事前承諾は必要か', 'GI-17  不可抗力による免責の定めはあるか', 'GI-20  準拠法は定められているか'])
      expect(body).toContain(heading);
    expect(documentXml.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(3);
    expect(body).toContain('乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。');
    expect(body).not.toContain('[1]'); // markers became footnote references
    expect(documentXml.match(/<w:footnoteReference w:id="\d+"\/>/g)).toHaveLength(3);
    const notes = text(footnotesXml);
    expect(notes).toContain('「乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。」 業務委託契約書, 2 ページ, 第6条（再委託）');
    expect(notes).toContain('業務委託契約書, 2–3 ページ');
    expect(notes).toContain('就業規則, 21–23 行, 第2章 服務規律 > 第3条（遵守事項）');
    expect(stylesXml).toMatch(/w:eastAsia="Yu Gothic"/);
    expect(stylesXml).toMatch(/<w:lang [^>]*w:eastAsia="ja-JP"/);
    expect(body).toContain('メモ: 第6条で確認済み');
  });

  it('writes .md and .csv (UTF-8 with BOM, quoted cells)', async () => {
    const md = fs.readFileSync(await writeReport(sampleRun(), path.join(temp.dir, 'r.md')), 'utf8');
    expect(md).toContain('# レビュー報告書: 業務委託契約レビュー');
    expect(md).toContain('## GI-03 再委託に委託者の事前承諾は必要か');
    expect(md).toContain('### 業務委託契約書: 該当あり · レビュー結果: 承認');
    expect(md).toContain('> — 業務委託契約書, 2 ページ, 第6条（再委託）');
    expect(md).toContain('*見出し「第6条（再委託）」が「再委託」を示しています。*');
    expect(md).toContain('- **チェックリストの SHA-256**: ' + 'a'.repeat(64));
    const csv = fs.readFileSync(await writeReport(sampleRun(), path.join(temp.dir, 'r.csv')), 'utf8');
    expect(csv.startsWith('\uFEFFID,確認事項,分類,判定,理由,回答,文書,ページ,条項,引用,レビュー結果,メモ,前回との差\r\n')).toBe(true);
    expect(csv.split('\r\nGI-')).toHaveLength(1 + 6);
    expect(csv).toContain('"[1] 2 ページ\n[2] 2–3 ページ"');
  });

  it('an unknown report extension is refused before anything is written', async () => {
    await expect(writeReport(sampleRun(), path.join(temp.dir, 'r.pdf'))).rejects.toThrow('r.pdf: a report is .xlsx, .docx, .md or .csv.');
    expect(fs.existsSync(path.join(temp.dir, 'r.pdf'))).toBe(false);
  });
});
