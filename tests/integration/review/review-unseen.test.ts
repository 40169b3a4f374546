/**
 * Review on documents written for this test alone (no tuning ever saw them), through the real
 * components: PDFs made with PDFKit, kuromoji, LanceDB in a temp dir, and reviewItem as a run calls it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { retrieveForItem } from '../../../src/main/core/review/retrieve-item';
import { reviewItem } from '../../../src/main/core/review/review-item';
import { renderReason } from '../../../src/shared/review-reasons';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const filler = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${topic} ${i + 1}. The Operator shall keep the equipment in good repair and report defects to the Owner promptly.`);

// Title and parties on page 1; on page 4 a waiver clause that speaks of parties and signatures.
const LEASE = [
  [
    'EQUIPMENT LEASE AGREEMENT',
    'This Equipment Lease Agreement is made on March 3, 2021 by and between Harbor Cranes Ltd., a Delaware corporation ("Owner"), and Northwind Logistics Inc. ("Operator").',
    '1. Lease',
    'Owner leases to Operator the cranes listed in Schedule A for use at the port of Tacoma.',
  ],
  ['2. Rent', 'Operator shall pay a monthly rent of USD 40,000 on the first business day of each month.', ...filler('Maintenance', 4)],
  [
    '3. Records',
    'Operator shall keep complete records of the hours each crane is used and of all repairs, and shall make those records available to Owner for inspection during business hours on reasonable notice.',
    ...filler('Operation', 3),
  ],
  [
    '4. Waiver',
    'No waiver of any provision of this Agreement shall be effective unless in writing and signed by an authorized representative of each of the parties, and no waiver shall be a continuing waiver.',
    '5. Notices',
    'Notices shall be sent to the addresses of the parties given above.',
  ],
];

// One long passage: the sentence on assignment sits in its middle.
const SUPPLY = [
  [
    'Supply Agreement',
    '7. General',
    'The headings of this Agreement are for convenience only and do not affect its interpretation. ' +
      'This Agreement may be executed in counterparts, each of which is an original and all of which together are one instrument. ' +
      'Neither party may assign this Agreement or any of its rights under it to a third party without the prior written consent of the other party. ' +
      'If any provision of this Agreement is held invalid, the remaining provisions continue in full force and effect. ' +
      'This Agreement is the entire agreement of the parties on its subject and supersedes all prior understandings between them.',
  ],
];

// Company rules written for this test: two articles on discipline, one on its kinds and one on its
// grounds, the grounds article using 懲戒 more often; wages articles side by side.
const RULES_JA = [
  [
    '就業規則（試験用）',
    '第30条（賃金の構成）',
    '賃金は、基本給、通勤手当、時間外労働手当、休日労働手当及び深夜労働手当とする。',
    '第31条（割増賃金）',
    '時間外労働に対する割増賃金は、次の割増率により計算する。法定時間外労働は25％、法定休日労働は35％、深夜労働は25％とする。',
    '第32条（賃金の支払日）',
    '賃金は、毎月末日に締め切り、翌月25日に支払う。',
  ],
  [
    '第60条（懲戒の種類）',
    '会社は、従業員に対し、次の区分により懲戒を行う。一　けん責　二　減給　三　出勤停止　四　懲戒解雇',
    '第61条（懲戒の事由）',
    '従業員が次のいずれかに該当するときは、懲戒に処する。懲戒の程度は情状により定める。一　正当な理由なく無断欠勤したとき　二　会社の名誉を害したとき　三　懲戒に値するその他の行為があったとき',
  ],
];

describe('review on an unseen contract (real PDFs, kuromoji, LanceDB)', () => {
  const temp = makeTempDir();
  const file = (name: string) => path.join(temp.dir, 'docs', name);
  let engine: Engine;
  const documentOf = async (name: string) => (await engine.documents()).find((d) => d.path === file(name))!;
  const ask = async (name: string, question: string, language: 'ja' | 'en' = 'en') =>
    (await reviewItem({ engine, item: { id: 'Q', question }, document: await documentOf(name), language }))!;

  beforeAll(async () => {
    await makePdf(file('lease.pdf'), LEASE);
    await makePdf(file('supply.pdf'), SUPPLY);
    await makePdf(file('rules.pdf'), RULES_JA, { title: '就業規則（試験用）' });
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
    await engine.index({ paths: [file('lease.pdf'), file('supply.pdf'), file('rules.pdf')] });
  }, 120_000);
  afterAll(() => engine?.dispose());

  it('cites page 1 first for the parties and the document name, not the waiver signed by the parties', async () => {
    for (const question of ['Parties: The two or more parties who signed the contract', 'Document Name: The name of the contract']) {
      const result = await ask('lease.pdf', question);
      expect(result.status).toBe('found');
      expect(result.citations[0]?.page).toBe(1);
    }
    const parties = await ask('lease.pdf', 'Parties: The two or more parties who signed the contract');
    expect(parties.citations[0]!.quote).toContain('Harbor Cranes Ltd.');
  });

  it('an item whose clause is worded otherwise is needs_review, with the clause cited, not not_found', async () => {
    // No "audit", no "books and records": the words of the topic's usual wording are all missing.
    const result = await ask('lease.pdf', 'Audit Rights: The right to audit the books, records, or physical locations of the counterparty');
    expect(result.status).toBe('needs_review');
    expect(result.citations.slice(0, 3).map((c) => c.page)).toContain(3);
  });

  it('a clause the contract lacks entirely is not_found, with the nearest passages shown', async () => {
    const result = await ask('supply.pdf', 'Non-Compete: Is a party restricted from competing with the counterparty in a certain geography or business?');
    expect(result.status).toBe('not_found');
    expect(result.citations.length).toBeLessThanOrEqual(3);
  });

  it('quotes the sentence that matches the item, not the start of the passage', async () => {
    const result = await ask('supply.pdf', 'Anti-Assignment: Is consent required if the contract is assigned to a third party?');
    const quote = result.citations[0]!.quote;
    expect(quote).toContain('Neither party may assign this Agreement');
    expect(quote.length).toBeLessThanOrEqual(300);
    expect(quote).not.toContain('headings of this Agreement are for convenience');
  });

  it('writes reasons in the run’s language, and keeps the code to render them in the other', async () => {
    const ja = await ask('lease.pdf', 'Parties: The two or more parties who signed the contract', 'ja');
    expect(ja.reason).toMatch(/[\u3040-\u30ff]/u);
    expect(ja.reason).not.toMatch(/[a-z]{4,} [a-z]{4,}/);
    expect(renderReason(ja.reasonCode!, 'en')).toMatch(/first page/);
    const en = await ask('lease.pdf', 'Parties: The two or more parties who signed the contract', 'en');
    expect(en.reason).toBe(renderReason(ja.reasonCode!, 'en'));
  });

  it('answers a Japanese item from the article whose caption names it, with several citations', async () => {
    const kinds = await ask('rules.pdf', '懲戒処分にはどのような種類があるか', 'ja');
    expect(kinds.citations[0]!.section).toContain('懲戒の種類');
    expect(kinds.citations.length).toBeGreaterThanOrEqual(3);
    expect(kinds.reason).toMatch(/[\u3040-\u30ff]/u);
    const rate = await ask('rules.pdf', '時間外・休日・深夜労働の割増賃金率', 'ja');
    expect(rate.citations[0]!.section).toContain('割増賃金');
    expect(rate.citations[0]!.quote).toContain('25％');
  });

  it('takes one more leg per passage from extraScores (the seam for an embedder)', async () => {
    const question = 'Notices: How are notices given?';
    const doc = await documentOf('lease.pdf');
    const plain = await retrieveForItem(engine, { question }, { documentId: doc.id, k: 3 });
    expect(plain.hits[0]!.text).toContain('Notices shall be sent');
    expect(plain.hits.some((h) => h.text.includes('monthly rent'))).toBe(false);
    // A leg (0..1) that prefers the rent clause brings it among the first three; the passages come in the document's order.
    const boosted = await retrieveForItem(
      engine,
      { question },
      {
        documentId: doc.id,
        k: 3,
        extraScores: async (_item, passages) => passages.map((p) => (p.row.text.includes('monthly rent') ? 1 : 0)),
      },
    );
    expect(boosted.hits.some((h) => h.text.includes('monthly rent'))).toBe(true);
  });
});
