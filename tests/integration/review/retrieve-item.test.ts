import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GentenError } from '../../../src/shared/errors';
import { Engine } from '../../../src/main/core/engine';
import { ItemRetrievalCache, retrieveForItem } from '../../../src/main/core/review/retrieve-item';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

// A statute-like text written for this test: kanji article numbers, captions above them, and an
// article (第百六十二条) that mentions the one a question will name (第百六十八条).
const STATUTE = [
  [
    '金融商品取引法（試験用抜粋）',
    '（報告の徴収）',
    '第百六十二条　内閣総理大臣は、第百六十八条の規定による届出に関し必要があると認めるときは、当事者に対し参考となるべき報告又は資料の提出を命ずることができる。',
  ],
  ['（記録の保存）', '第百六十五条　取引所は、取引の記録を十年間保存しなければならない。', '２　前項の記録は、電磁的方法により保存することができる。'],
  [
    '（相場操縦的行為の届出）',
    '第百六十八条　何人も、有価証券の相場を変動させるべき一連の取引をしようとするときは、あらかじめ内閣府令で定める事項を届け出なければならない。',
    '２　前項の届出をした者は、その内容を変更しようとするときは、遅滞なく届け出なければならない。',
  ],
];
const CONTRACT_EN = [
  [
    'Services Agreement',
    '1. Services',
    'The Supplier shall provide the maintenance services described in Schedule 1 with reasonable skill and care.',
    '2. Fees',
    'The Customer shall pay the fees within thirty days of receipt of a correct invoice.',
  ],
  [
    '5. Limitation of Liability',
    'In no event shall the Supplier’s aggregate liability under this Agreement exceed the fees paid in the twelve months before the claim.',
    '12. Governing Law',
    'This Agreement shall be governed by and construed in accordance with the laws of England and Wales.',
  ],
];
const CONTRACT_EN_NO_LAW = [
  [
    'Services Agreement',
    '1. Services',
    'The Supplier shall provide the maintenance services with reasonable skill and care.',
    '2. Fees',
    'The Customer shall pay the fees within thirty days of receipt of a correct invoice.',
  ],
  [
    '3. Term',
    'This Agreement starts on the date of signature and ends when the services are complete.',
    '4. Notices',
    'Notices shall be given in writing to the addresses above.',
  ],
];
const CONTRACT_JA_MD = `# 業務委託契約書

## 第１条（目的）
本契約は、甲が乙に委託する保守業務の条件を定める。

## 第５条（再委託）
乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。

② 乙は、再委託先の行為について甲に対し責任を負う。

## 第１２条（準拠法及び管轄）
本契約は日本法に準拠し、東京地方裁判所を第一審の専属的合意管轄裁判所とする。
`;

describe('retrieval for review items and provision references (real PDFs, kuromoji, LanceDB)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const file = (name: string) => path.join(docs, name);
  let engine: Engine;
  const idOf = async (name: string) => (await engine.documents()).find((d) => d.path === file(name))!.id;

  beforeAll(async () => {
    await makePdf(file('statute.pdf'), STATUTE, { title: '金融商品取引法（試験用抜粋）' });
    await makePdf(file('contract-en.pdf'), CONTRACT_EN);
    await makePdf(file('contract-no-law.pdf'), CONTRACT_EN_NO_LAW);
    fs.writeFileSync(file('contract-ja.md'), CONTRACT_JA_MD);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
    const summary = await engine.index({ paths: [docs] });
    expect(summary.failed).toEqual([]);
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('ranks the named article first in a normal search, not the article that mentions it', async () => {
    for (const query of ['金融商品取引法第168条の届出は？', '第百六十八条', '第１６８条の内容']) {
      const [first] = await engine.search(query, { k: 5 });
      expect(first.section, query).toContain('第百六十八条');
    }
  });

  it('finds a paragraph however it is written: ② for 第2項, a Markdown heading, full-width numbers', async () => {
    const [paragraph] = await engine.search('第5条第2項', { k: 3 });
    expect(paragraph.text).toContain('再委託先の行為');
    const [article] = await engine.search('第十二条', { k: 3 });
    expect(article.text).toContain('日本法に準拠');
    const [statute] = await engine.search('第165条第２項', { k: 3 });
    expect(statute.text).toContain('電磁的方法');
  });

  it('finds English provisions by number (Section 12, clause 5)', async () => {
    const contract = await idOf('contract-en.pdf');
    const [law] = await engine.search('What does Section 12 say?', { k: 3, documentId: contract });
    expect(law.text).toContain('laws of England and Wales');
    const [cap] = await engine.search('clause 5', { k: 3, documentId: contract });
    expect(cap.text).toContain('In no event');
  });

  it('searches within one document when asked to', async () => {
    const noLaw = await idOf('contract-no-law.pdf');
    const everywhere = await engine.search('governing law', { k: 5 });
    expect(everywhere[0].path).toBe(file('contract-en.pdf'));
    const within = await engine.search('governing law', { k: 5, documentId: noLaw });
    expect(within.length).toBeGreaterThan(0);
    expect(within.every((h) => h.path === file('contract-no-law.pdf'))).toBe(true);
  });

  it('finds a checklist item by its topic although the clause is worded otherwise', async () => {
    const cache = new ItemRetrievalCache();
    const cap = await retrieveForItem(engine, { question: 'Is there a cap on liability?' }, { path: file('contract-en.pdf'), cache });
    expect(cap.status).toBe('found');
    expect(cap.hits[0].text).toContain('In no event shall');
    const law = await retrieveForItem(engine, { question: 'Which law governs the contract?' }, { path: file('contract-en.pdf'), cache });
    expect(law.status).toBe('found');
    expect(law.hits[0].section).toContain('Governing Law');
    expect(law.score).toBeGreaterThan(0.7);
    // Japanese items over a Japanese contract, and a Japanese item over an English one.
    const ja = await retrieveForItem(engine, { question: '準拠法・管轄の定めはあるか', category: '準拠法' }, { path: file('contract-ja.md') });
    expect(ja.status).toBe('found');
    expect(ja.hits[0].text).toContain('日本法に準拠');
    const sub = await retrieveForItem(engine, { question: '再委託に事前承諾は必要か' }, { documentId: await idOf('contract-ja.md') });
    expect(sub.status).toBe('found');
    expect(sub.hits[0].text).toContain('事前の承諾');
    const cross = await retrieveForItem(engine, { question: '準拠法はどこの法律か' }, { path: file('contract-en.pdf') });
    expect(cross.hits[0].text).toContain('governed by');
    // No document named: the whole library's passages.
    const library = await retrieveForItem(engine, { question: 'Is there a governing law clause?' }, { k: 3 });
    expect(library.status).toBe('found');
    expect(library.hits.map((h) => h.text).join('\n')).toMatch(/governed by|準拠/);
  });

  it('reports not_found, with the reason, for a contract that lacks the clause', async () => {
    const law = await retrieveForItem(engine, { question: 'Governing Law: Which state’s law governs the contract?' }, { path: file('contract-no-law.pdf') });
    expect(law.status).toBe('not_found');
    expect(law.reason).toMatch(/governing law/i);
    expect(law.hits.every((h) => h.path === file('contract-no-law.pdf'))).toBe(true);
    const cap = await retrieveForItem(engine, { question: 'Is there a cap on liability?' }, { path: file('contract-no-law.pdf') });
    expect(cap.status).toBe('not_found');
    // The same items are found in the contract that has them (the evidence, not the question, decides).
    expect(
      (await retrieveForItem(engine, { question: 'Governing Law: Which state’s law governs the contract?' }, { path: file('contract-en.pdf') })).status,
    ).toBe('found');
  });

  it('finds a provision an item names, and says when the document has no such provision', async () => {
    const named = await retrieveForItem(engine, { question: '第168条第2項の届出の変更' }, { path: file('statute.pdf') });
    expect(named.status).toBe('found');
    expect(named.hits[0].text).toContain('内容を変更');
    const missing = await retrieveForItem(engine, { question: '第200条の規定' }, { path: file('statute.pdf') });
    expect(missing.status).toBe('not_found');
  });

  it('refuses a document that is not in the library, naming it', async () => {
    const error = await retrieveForItem(engine, { question: 'Governing law?' }, { path: file('missing.pdf') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GentenError);
    expect((error as GentenError).code).toBe('NOT_FOUND');
    expect((error as GentenError).message).toContain('missing.pdf');
  });
});
