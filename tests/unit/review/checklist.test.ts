/** Checklists in every format a reviewer keeps them, in Japanese and English, and clear errors for bad files. */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Encoding from 'encoding-japanese';
import { afterAll, describe, expect, it } from 'vitest';
import { checklistFromText, loadChecklist } from '../../../src/main/core/review/checklist';
import { listShippedChecklists } from '../../../src/main/core/review/shipped';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-checklist-');
afterAll(() => temp.cleanup());

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(temp.dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function xlsx(name: string, rows: unknown[][], sheetName = 'Checklist'): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(temp.dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

describe('checklist formats', () => {
  it('reads a CSV with id, question, category and guidance, quoted fields and Japanese', async () => {
    const file = write(
      'review.csv',
      '\uFEFFid,question,category,guidance\r\nA-1,"再委託に事前承諾は必要か",再委託,"書面による承諾、""事前""の意味"\r\nA-2,準拠法は定められているか,準拠法・管轄,\r\n',
    );
    const list = await loadChecklist(file);
    expect(list.items).toEqual([
      { id: 'A-1', question: '再委託に事前承諾は必要か', category: '再委託', guidance: '書面による承諾、"事前"の意味', row: 2 },
      { id: 'A-2', question: '準拠法は定められているか', category: '準拠法・管轄', row: 3 },
    ]);
    expect(list.language).toBe('ja');
    expect(list.name).toBe('review');
    expect(list.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a Shift_JIS CSV saved by Japanese Excel, with Japanese column names', async () => {
    const text = '番号,確認事項,分類\r\n1,秘密保持義務の期間は定められているか,秘密保持\r\n2,反社会的勢力の排除条項はあるか,反社条項\r\n';
    const sjis = Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
    const list = await loadChecklist(write('sjis.csv', sjis));
    expect(list.items.map((i) => [i.id, i.question, i.category])).toEqual([
      ['1', '秘密保持義務の期間は定められているか', '秘密保持'],
      ['2', '反社会的勢力の排除条項はあるか', '反社条項'],
    ]);
  });

  it('reads an .xlsx with a title sheet first, rich text cells and generated ids when the id column is missing', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('表紙').addRow(['契約レビュー']);
    const sheet = workbook.addWorksheet('項目');
    sheet.addRow(['Question', 'Category']);
    sheet.addRow([{ richText: [{ text: 'Is there a cap ' }, { text: 'on liability?', font: { bold: true } }] }, 'Liability']);
    sheet.addRow(['Which law governs the agreement?', 'Governing law']);
    const file = path.join(temp.dir, 'en.xlsx');
    await workbook.xlsx.writeFile(file);
    const list = await loadChecklist(file);
    expect(list.language).toBe('en');
    expect(list.items).toEqual([
      { id: 'Q01', question: 'Is there a cap on liability?', category: 'Liability', row: 2 },
      { id: 'Q02', question: 'Which law governs the agreement?', category: 'Governing law', row: 3 },
    ]);
  });

  it('reads Markdown list items with headings as categories, ignoring the introduction', async () => {
    const file = write(
      'rules.md',
      '# 就業規則チェック\n\n説明の段落です。\n\n## ハラスメント\n- パワーハラスメントの禁止は定められているか\n- 相談窓口は\n  定められているか\n\n## 休暇\n1. 年次有給休暇の付与日数は定められているか\n',
    );
    const list = await loadChecklist(file);
    expect(list.name).toBe('就業規則チェック');
    expect(list.items).toEqual([
      { id: 'Q01', question: 'パワーハラスメントの禁止は定められているか', category: 'ハラスメント', row: 6 },
      { id: 'Q02', question: '相談窓口は 定められているか', category: 'ハラスメント', row: 7 },
      { id: 'Q03', question: '年次有給休暇の付与日数は定められているか', category: '休暇', row: 11 },
    ]);
  });

  it('reads a .txt with one question per line', async () => {
    const list = await loadChecklist(write('plain.txt', '再委託に事前承諾は必要か\n\n損害賠償の上限はあるか\n'));
    expect(list.items.map((i) => [i.id, i.question, i.row])).toEqual([
      ['Q01', '再委託に事前承諾は必要か', 1],
      ['Q02', '損害賠償の上限はあるか', 3],
    ]);
  });

  it('reads YAML: items with fields, plain strings, and categories mapping to lists', async () => {
    const a = await loadChecklist(
      write(
        'a.yaml',
        'name: Contract\nitems:\n  - id: CC-1\n    question: Which law governs?\n    guidance: governed by the laws of\n  - Is there a cap on liability?\n',
      ),
    );
    expect(a.items).toEqual([
      { id: 'CC-1', question: 'Which law governs?', guidance: 'governed by the laws of', row: 3 },
      { id: 'Q02', question: 'Is there a cap on liability?', row: 6 },
    ]);
    const b = await loadChecklist(write('b.yml', '秘密保持:\n  - 秘密保持義務はあるか\n再委託:\n  - 再委託は禁止か\n'));
    expect(a.name).toBe('Contract');
    expect(b.items.map((i) => [i.question, i.category])).toEqual([
      ['秘密保持義務はあるか', '秘密保持'],
      ['再委託は禁止か', '再委託'],
    ]);
  });

  it('reads example wording: one example column or several (example, example 2; 例文, 例文２), empty cells left out', async () => {
    const csv = [
      'id,question,example,Example 2',
      `C1,Can a party assign the agreement?,"Neither party may assign this Agreement without the other's prior written consent.","No assignment, by operation of law or otherwise, without consent."`,
      'C2,Which law governs?,,',
    ];
    const en = await loadChecklist(write('examples.csv', csv.join('\n')));
    expect(en.items).toEqual([
      {
        id: 'C1',
        question: 'Can a party assign the agreement?',
        examples: [
          "Neither party may assign this Agreement without the other's prior written consent.",
          'No assignment, by operation of law or otherwise, without consent.',
        ],
        row: 2,
      },
      { id: 'C2', question: 'Which law governs?', row: 3 },
    ]);
    const ja = await loadChecklist(
      write(
        'examples-ja.csv',
        '番号,確認事項,自社基準,例文,例文２\n1,再委託に事前承諾は必要か,書面による承諾,乙は、甲の事前の書面による承諾を得なければ、再委託してはならない。,\n',
      ),
    );
    expect(ja.items[0]).toMatchObject({ expected: '書面による承諾', examples: ['乙は、甲の事前の書面による承諾を得なければ、再委託してはならない。'] });
    const book = await xlsx('examples.xlsx', [
      ['Question', 'Example', 'Example (2)'],
      ['Is there a non-compete?', 'The Distributor shall not sell competing products.', 'No competing business during the term.'],
    ]);
    expect((await loadChecklist(book)).items[0]!.examples).toEqual([
      'The Distributor shall not sell competing products.',
      'No competing business during the term.',
    ]);
  });

  it('reads example wording in YAML: one text or a list', async () => {
    const list = await loadChecklist(
      write(
        'examples.yaml',
        'items:\n  - question: Is there a cap on liability?\n    examples:\n      - Liability shall not exceed the fees paid.\n      - In no event shall damages exceed USD 1,000,000.\n  - question: Which law governs?\n    example: This Agreement is governed by the laws of England.\n',
      ),
    );
    expect(list.items.map((i) => i.examples)).toEqual([
      ['Liability shall not exceed the fees paid.', 'In no event shall damages exceed USD 1,000,000.'],
      ['This Agreement is governed by the laws of England.'],
    ]);
  });

  it('takes a checklist typed in the app', () => {
    const list = checklistFromText('- 再委託に事前承諾は必要か\n- 準拠法は日本法か', '私のチェック');
    expect(list.path).toBeNull();
    expect(list.name).toBe('私のチェック');
    expect(list.items.map((i) => i.question)).toEqual(['再委託に事前承諾は必要か', '準拠法は日本法か']);
  });

  it('ships three checklists that parse: 業務委託契約, 就業規則 and an English commercial contract', async () => {
    const shipped = await listShippedChecklists();
    expect(shipped.map((s) => [s.id, s.language])).toEqual([
      ['gyomu-itaku', 'ja'],
      ['shugyo-kisoku', 'ja'],
      ['commercial-contract', 'en'],
    ]);
    for (const s of shipped) expect(s.items).toBeGreaterThanOrEqual(15);
    const questions = (await Promise.all(shipped.map((s) => loadChecklist(s.path))))
      .flatMap((c) => c.items.map((i) => `${i.category} ${i.question}`))
      .join('\n');
    for (const topic of [
      '再委託',
      '損害賠償',
      '秘密保持',
      '契約解除',
      '準拠法',
      '反社',
      '服務規律',
      'ハラスメント',
      '年次有給休暇',
      '懲戒',
      '休職',
      '副業・兼業',
      'Governing law',
      'terminate for convenience',
      'cap on liability',
      'assign',
      'change of control',
    ]) {
      expect(questions).toContain(topic);
    }
  });
});

describe('bad checklists', () => {
  it('a checklist with no questions names the file', async () => {
    await expect(loadChecklist(write('empty.md', '# 見出しだけ\n\n'))).rejects.toThrow(/^empty\.md: has no questions/);
    await expect(loadChecklist(write('header-only.csv', 'id,question\n'))).rejects.toThrow(/header-only\.csv: has no questions/);
  });

  it('a duplicated id names the file and both rows', async () => {
    await expect(loadChecklist(write('dup.csv', 'id,question\nA,一つ目\nB,二つ目\nA,三つ目\n'))).rejects.toThrow(
      'dup.csv: row 4: the id "A" is used twice (first at row 2)',
    );
    await expect(
      loadChecklist(
        await xlsx('dup.xlsx', [
          ['id', 'question'],
          ['X1', 'q1'],
          ['X1', 'q2'],
        ]),
      ),
    ).rejects.toThrow('dup.xlsx: row 3: the id "X1" is used twice (first at row 2)');
  });

  it('an unreadable .xlsx is INVALID_FILE naming the file', async () => {
    const file = write('broken.xlsx', Buffer.from('PK\u0003\u0004 this is not a workbook'));
    await expect(loadChecklist(file)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      path: file,
      message: expect.stringMatching(/^broken\.xlsx: cannot be read as an Excel workbook/),
    });
  });

  it('a table without a question column, or a row without a question, names the row', async () => {
    await expect(loadChecklist(write('cols.csv', 'id,text\n1,abc\n'))).rejects.toThrow('cols.csv: row 1: no "question" column');
    await expect(loadChecklist(write('hole.csv', 'id,question\n1,ok\n2,\n'))).rejects.toThrow('hole.csv: row 3: the question is empty.');
  });

  it('invalid YAML gives its line; an unknown extension and a missing file are clear', async () => {
    await expect(loadChecklist(write('bad.yaml', 'items:\n  - question: [unclosed\n'))).rejects.toThrow(/^bad\.yaml: line \d+: not valid YAML/);
    await expect(loadChecklist(write('list.docx', 'x'))).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE' });
    await expect(loadChecklist(path.join(temp.dir, 'missing.csv'))).rejects.toMatchObject({
      code: 'READ_ERROR',
      message: expect.stringContaining('missing.csv'),
    });
  });
});
