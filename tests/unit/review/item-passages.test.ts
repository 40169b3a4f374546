import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalyzer, type Analyzer } from '../../../src/main/core/analysis/analyzer';
import { chunkPages } from '../../../src/main/core/indexer/chunk-pages';
import { readWhole } from '../../../src/main/core/review/item-examples';
import { captionOf, preparePassages } from '../../../src/main/core/review/item-passages';
import type { ChunkRow } from '../../../src/main/core/store/types';

describe("captionOf: a review passage's clause caption from its section path", () => {
  it('passes over an item number for the article or section the item is in', () => {
    for (const item of ['1.', '(1)', '（１）', '①', 'a)', '(iii)', '第2項', '二', '（ア）', '12.3'])
      expect(captionOf(['第2章 賃金', '第8条　法定時間外労働手当', item])).toBe('第8条　法定時間外労働手当');
    expect(captionOf(['12. Governing Law', '12.1', '(a)'])).toBe('12. Governing Law');
    expect(captionOf(['ARTICLE 9 CONFIDENTIALITY', '9.2', '9.2.1', '(iv)'])).toBe('ARTICLE 9 CONFIDENTIALITY');
  });

  it('passes over a numbered line taken for a heading that is the start of a sentence', () => {
    const section = '7. Representations and Warranties';
    for (const line of [
      '7.1 Each Party represents and warrants that:',
      '7.1.4 During the Term, the Supplier shall not place any',
      '7.2 The Supplier hereby grants the Customer a non-exclusive,',
      '7.3 Except as set forth in Section 10.6.4',
      '7.4 We may also',
      '（３）甲は、乙に対し、',
    ])
      expect(captionOf([section, line])).toBe(section);
  });

  it('keeps the innermost label that is a caption', () => {
    expect(captionOf(['第1章 総則', '第1条（目的）'])).toBe('第1条（目的）');
    expect(captionOf(['第2章 採用、休職及び副業等', '第12条 副業・兼業', '4.'])).toBe('第12条 副業・兼業');
    expect(captionOf(['1. Definitions', '1.2 Scope'])).toBe('1.2 Scope');
    expect(captionOf(['10. Expenses:'])).toBe('10. Expenses:');
    expect(captionOf(['10.0 YOUR RESPONSIBILITIES', '10.5 Privacy and Data Protection. You will:'])).toBe('10.5 Privacy and Data Protection. You will:');
    expect(captionOf(['Section 2. The Acknowledgement Agreement', '(c)'])).toBe('Section 2. The Acknowledgement Agreement');
    expect(captionOf(['Safety guide', 'Lockout'])).toBe('Lockout');
    expect(captionOf(['第2章 開発', '3.1 quilt をセットアップする'])).toBe('3.1 quilt をセットアップする');
    expect(captionOf(['（定義）第２条'])).toBe('（定義）第２条');
    // An article without a caption: its chapter's is the nearest there is.
    expect(captionOf(['第6章 休暇等', '第39条'])).toBe('第6章 休暇等');
  });

  it('gives nothing when no label of the path is a caption', () => {
    expect(captionOf(['ARTICLE 7', '7.2', '7.2.2'])).toBe('');
    expect(captionOf(['3.2', '(b)'])).toBe('');
    expect(captionOf([''])).toBe('');
    // Too wide to be a caption: a numbered line taken for a heading.
    expect(captionOf(['1. The Supplier Shall Deliver The Goods To The Customer On Time'])).toBe('');
  });
});

describe('passages the chunker cut, as review prepares them: their caption, and whether the document was read whole', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = await loadAnalyzer();
  });

  /** The chunker's passages of one page of text, as rows: what review reads from the library. */
  function rowsOf(text: string): ChunkRow[] {
    const drafts = chunkPages('pdf', [{ page: 1, text }], [], { targetChars: 80, overlapChars: 0 });
    return drafts.map((draft) => ({
      id: `c${draft.ordinal}`,
      documentId: 'd',
      ordinal: draft.ordinal,
      text: draft.text,
      terms: analyzer.terms(draft.text).join(' '),
      grams: '',
      pageStart: draft.pageStart,
      pageEnd: draft.pageEnd,
      section: draft.section.join(' > '),
      charStart: draft.charStart,
      charEnd: draft.charEnd,
      path: '/docs/d.pdf',
      title: 'd',
      collection: 'default',
    }));
  }

  it('weighs the article caption, not the item number, as the heading of a 就業規則 item', () => {
    const set = preparePassages(
      rowsOf(
        [
          '第3章 賃金',
          '第8条（法定時間外労働手当）',
          '会社は、従業員に法定労働時間を超えて労働させた場合には、次の各号に定める率で計算した割増賃金を支払う。',
          '(1) 時間外労働をさせた場合は、通常の労働時間の賃金の二割五分以上の率で計算した額とする。',
          '(2) 休日に労働させた場合は、通常の労働日の賃金の三割五分以上の率で計算した額とする。',
        ].join('\n'),
      ),
      analyzer,
    );
    const item = set.passages.find((p) => p.row.section.endsWith('> (2)'));
    expect(item?.row.text).toContain('休日に労働させた場合');
    const caption = analyzer.terms('法定時間外労働手当');
    expect(caption.length).toBeGreaterThan(0);
    for (const term of caption) expect(item!.heading).toContain(term);
  });

  it('weighs the section caption as the heading of a contract clause numbered 12.1', () => {
    const set = preparePassages(
      rowsOf(
        [
          '12. Governing Law',
          '12.1 This Agreement shall be governed by and construed in accordance with the laws of the State of New York.',
          '12.2 Each party submits to the exclusive jurisdiction of the courts of New York County for any dispute.',
        ].join('\n'),
      ),
      analyzer,
    );
    const clause = set.passages.find((p) => p.row.section === '12. Governing Law > 12.2');
    expect(clause?.row.text).toContain('exclusive jurisdiction');
    expect([...clause!.heading].sort()).toEqual([...new Set(analyzer.terms('12. Governing Law'))].sort());
  });

  it('takes a contract numbered without captions (3.2, 3.3 …) as read whole, and a letter as not', () => {
    const clauses = Array.from(
      { length: 24 },
      (_, i) => `${Math.floor(i / 4) + 1}.${(i % 4) + 1} The Supplier shall keep the records of every delivery made under this Agreement for ${i + 2} years.`,
    );
    const contract = preparePassages(rowsOf(clauses.join('\n')), analyzer);
    expect(contract.passages.length).toBeGreaterThanOrEqual(20);
    expect(contract.passages.every((p) => p.heading.size === 0)).toBe(true);
    expect(readWhole(contract)).toBe(true);
    const letter = preparePassages(rowsOf(clauses.map((c) => c.replace(/^[0-9.]+ /, '')).join(' ')), analyzer);
    expect(letter.passages.length).toBeGreaterThanOrEqual(20);
    expect(readWhole(letter)).toBe(false);
  });
});
