import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkPages } from '../../../src/main/core/indexer/chunk-pages';
import { parsePdf } from '../../../src/main/core/ingest/pdf';
import type { ChunkDraft } from '../../../src/main/core/text/types';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

// Articles of a real 賃金規程 and 就業規則 (株式会社ツクロア, CC0), printed as their eval renders them:
// 12 pt IPA Gothic, so that each numbered paragraph breaks at the right margin mid-word.
const RULES = [
  '第1章　総則',
  '第1条　目的',
  '1. この賃金規程（以下、「規程」という。）は、就業規則第43条に基づき、株式会社ツクロアの社員の賃金に関する事項を定めるものである。',
  '第15条　賞与',
  '1. 賞与は、原則として、下記の算定対象期間及び支給日に在籍した正社員及び短時間正社員に対し、本人の職務内容、技能、勤務成績及び会社の業績等を勘案して下記の支給日に支給する。',
  '第17条　妊娠・出産・育児休業・介護休業等に関するハラスメントの禁止',
  '1. 妊娠・出産等に関する言動及び妊娠・出産・育児・介護等に関する制度又は措置の利用に関する言動により、他の社員の就業環境を害するようなことをしてはならない。',
  '第2章　服務',
  '1. 目的',
  'この章は、社員の服務に関する事項を定める。',
];

describe('numbered paragraphs of a real PDF (pdfkit + IPA Gothic, real pdf.js layout)', () => {
  const temp = makeTempDir('genten-numbered-');
  const file = path.join(temp.dir, 'rules.pdf');
  let chunks: ChunkDraft[];

  beforeAll(async () => {
    await makePdf(file, [RULES]);
    const parsed = await parsePdf(new Uint8Array(fs.readFileSync(file)), file);
    chunks = chunkPages('pdf', parsed.pages, parsed.headings);
  });
  afterAll(() => temp.cleanup());

  it('keeps a paragraph broken at the margin as body text of its article', () => {
    expect(chunks.map((c) => c.section)).toEqual([
      ['第1章 総則', '第1条 目的'],
      ['第1章 総則', '第15条 賞与'],
      ['第1章 総則', '第17条 妊娠・出産・育児休業・介護休業等に関するハラスメントの禁止'],
      ['第2章 服務', '1. 目的'],
    ]);
    // Each paragraph is one line again, as written.
    for (const paragraph of RULES.filter((line) => line.startsWith('1. ') && line.length > 40))
      expect(chunks.some((c) => c.text.includes(paragraph))).toBe(true);
  });
});

// Clauses of a real reseller agreement (CUAD v1, CC BY 4.0): each caption runs into its clause's text,
// which the page breaks at the margin.
const CONTRACT = [
  '5. TERM AND TERMINATION',
  '5.1 TERM OF AGREEMENT. The term of this Agreement shall commence on the Effective Date and continue for six (6) months, unless terminated earlier as provided herein.',
  '5.2 TERMINATION OF AGREEMENT. PivX may terminate this Agreement for convenience by giving at least thirty (30) days prior written notice of termination to Detto.',
  '6. GOVERNING LAW. This Agreement shall be governed by and construed under the laws of the State of California, without reference to conflict of laws principles.',
];

describe('run-in captions of a real PDF contract (pdfkit, real pdf.js layout)', () => {
  const temp = makeTempDir('genten-run-in-');
  const file = path.join(temp.dir, 'contract.pdf');
  let chunks: ChunkDraft[];

  beforeAll(async () => {
    await makePdf(file, [CONTRACT]);
    const parsed = await parsePdf(new Uint8Array(fs.readFileSync(file)), file);
    chunks = chunkPages('pdf', parsed.pages, parsed.headings, { targetChars: 120, overlapChars: 0 });
  });
  afterAll(() => temp.cleanup());

  it('labels each clause by its number and caption, and keeps its whole text', () => {
    expect(chunks.map((c) => c.section)).toEqual([
      ['5. TERM AND TERMINATION', '5.1 TERM OF AGREEMENT'],
      ['5. TERM AND TERMINATION', '5.2 TERMINATION OF AGREEMENT'],
      ['6. GOVERNING LAW'],
    ]);
    for (const clause of CONTRACT.slice(1)) expect(chunks.some((c) => c.text.includes(clause))).toBe(true);
  });
});
