import { describe, expect, it } from 'vitest';
import { CAPTION_LINE, isListStep, labelCaption, recognizeHeading, SectionPath } from '../../../src/main/core/text/headings';

function label(line: string, options = {}): string | null {
  return recognizeHeading(line, options)?.label ?? null;
}

function rank(line: string): number {
  const heading = recognizeHeading(line);
  if (!heading) throw new Error(`not a heading: ${line}`);
  return heading.rank;
}

describe('recognizeHeading', () => {
  it('recognises Japanese structural headings with Arabic, full-width or kanji numerals', () => {
    expect(label('第3章 服務規律')).toBe('第3章 服務規律');
    expect(label('第１節　総則')).toBe('第１節 総則');
    expect(label('第十一条（遵守事項）')).toBe('第十一条（遵守事項）');
    expect(label('第2条の2 (適用除外)')).toBe('第2条の2 (適用除外)');
    expect(label('第3項')).toBe('第3項');
  });

  it('takes only 第N条（title） from a clause line that carries its text', () => {
    const line = '第11条（遵守事項）従業員は、次の事項を守らなければならない。';
    const heading = recognizeHeading(line)!;
    expect(heading.label).toBe('第11条（遵守事項）');
    expect(line.slice(heading.start, heading.end)).toBe('第11条（遵守事項）');
    expect(label('第5条 本契約の有効期間は1年とする。')).toBe('第5条');
  });

  it('recognises numbered sections and English structural headings', () => {
    expect(label('1 Introduction')).toBe('1 Introduction');
    expect(label('1.2 Scope')).toBe('1.2 Scope');
    expect(label('2.4.1 開発に必要な文書')).toBe('2.4.1 開発に必要な文書');
    expect(label('3.1 quilt をセットアップする')).toBe('3.1 quilt をセットアップする');
    expect(label('Article 12 Confidentiality')).toBe('Article 12 Confidentiality');
    expect(label('Section 3.1: Payment')).toBe('Section 3.1: Payment');
    expect(label('CHAPTER II')).toBe('CHAPTER II');
  });

  it('recognises list items as minor headings labelled by their marker', () => {
    for (const [line, marker] of [
      ['(1) 正社員', '(1)'],
      ['（２）契約社員は、期間の定めのある雇用契約を結んだ者をいう。', '（２）'],
      ['① 法令を遵守すること。', '①'],
      ['(a) to disclose and assign to Client all inventions', '(a)'],
    ]) {
      const heading = recognizeHeading(line)!;
      expect(heading.label).toBe(marker);
      expect(heading.minor).toBe(true);
    }
  });

  it('reads "２　…" as a 項 only when asked (inside an article)', () => {
    const line = '２　前項の規定にかかわらず、会社は書面により承諾することができる。';
    expect(label(line)).toBeNull();
    expect(label(line, { paragraphNumbers: true })).toBe('第2項');
  });

  it('does not take running text, sentences, code or contents lines for headings', () => {
    expect(label('第9条の改正を主張している。')).toBeNull();
    expect(label('Article 11 of the WCT states:')).toBeNull();
    expect(label('4.0 is faster than before')).toBeNull();
    expect(label('52 \\def\\@cons#1#2{\\begingroup}')).toBeNull();
    expect(label('2.1 INITEX . . . . . . . . . . . 3')).toBeNull();
    expect(label('1. Open the cover.')).toBeNull();
    expect(label('5月上旬には南西諸島も梅雨前線の影響を受け始める')).toBeNull();
    expect(label('第3章では服務規律を定める。')).toBeNull();
  });

  it('reads a long numbered clause as body text that refines the section path, like a 項', () => {
    const line = `12.3 ${'If any part of this Agreement is held invalid, the rest remains in force. '.repeat(2)}`;
    const heading = recognizeHeading(line)!;
    expect(heading).toMatchObject({ label: '12.3', minor: true, start: 0, end: 4 });
    // Only dotted numbers: a long "1 The …" line stays body text.
    expect(recognizeHeading(`1 ${'The parties agree to the following terms and conditions of service. '.repeat(2)}`)).toBeNull();
  });

  it('reads a numbered line that holds a 。 as a sentence, however its lines fall', () => {
    // First lines of wrapped paragraphs of a real 就業規則 (株式会社ツクロア, CC0), as its PDF breaks them.
    expect(label('1. この就業規則（以下「規則」という。）は、労働基準法（以下「労基法」という。）')).toBeNull();
    expect(label('3. 試用期間中に社員として不適格と認めた者は、解雇することがある。ただし、採用後')).toBeNull();
    // The same paragraph on one line was body text already.
    expect(label('4. 試用期間は、勤続年数に通算する。')).toBeNull();
    // A dotted number refines the path, like a long numbered clause.
    expect(recognizeHeading('3.1.11. 現在安定版 (stable) を追跡しています。これをテスト版')).toMatchObject({ label: '3.1.11', minor: true });
  });

  it('keeps real numbered headings, a 、 between nouns included', () => {
    expect(label('1. 目的')).toBe('1. 目的');
    expect(label('2. 採用、休職及び副業等')).toBe('2. 採用、休職及び副業等');
    expect(label('12. Governing Law')).toBe('12. Governing Law');
    expect(label('5. Representations, Warranties and Covenants')).toBe('5. Representations, Warranties and Covenants');
    expect(label('第3条（賃金）')).toBe('第3条（賃金）');
  });

  it('labels a numbered clause by its number and the caption that runs into its text, the heading ending at the caption', () => {
    for (const [line, expected, text] of [
      ['3.2 Payment. The Customer shall pay every invoice within thirty (30) days of its date.', '3.2 Payment', 'The Customer'],
      ['7. TERM AND TERMINATION. This Agreement shall commence on the Effective Date and continue', '7. TERM AND TERMINATION', 'This Agreement'],
      ['10.5 Privacy and Data Protection. You will:', '10.5 Privacy and Data Protection', 'You will:'],
      ['2.9 U.S. GOVERNMENT-RESTRICTED RIGHTS. Detto covenants to require its customers to accept', '2.9 U.S. GOVERNMENT-RESTRICTED RIGHTS', 'Detto'],
      ['5.3 Effect of Termination: Upon termination each party shall return the other’s materials.', '5.3 Effect of Termination', 'Upon'],
      ['4. Fees — The Customer shall pay the fees set out in Schedule 2 in advance.', '4. Fees', 'The Customer'],
      ['Section 2.1 Payment. The Customer shall pay the fees set out in Schedule 2 in advance.', 'Section 2.1 Payment', 'The Customer'],
      ['12.12. Conflict. In the event of a conflict between the terms of this Agreement and', '12.12. Conflict', 'In the event'],
    ]) {
      const heading = recognizeHeading(line)!;
      // A titled clause opens a passage (not minor), its text after the caption; it is no step of a list.
      expect(heading).toMatchObject({ label: expected, minor: false, start: 0 });
      expect(line.slice(heading.end).trimStart().startsWith(text)).toBe(true);
      expect(heading.listNumber).toBeUndefined();
    }
  });

  it('reads a clause number set in the margin (a tab before its text) as if a space followed it, but not a table row', () => {
    const line = '17.\tWAIVER. No waiver of any provision of this Agreement will be valid unless it is in writing.';
    const heading = recognizeHeading(line)!;
    expect(heading).toMatchObject({ label: '17. WAIVER', minor: false, start: 0 });
    expect(line.slice(heading.end).trimStart().startsWith('No waiver')).toBe(true);
    expect(recognizeHeading('3.2\tPayment')).toMatchObject({ label: '3.2 Payment' });
    expect(recognizeHeading('1.\tPump housing\t2\t3,000')).toBeNull();
    expect(recognizeHeading('1\tPump housing')).toBeNull();
  });

  it('reads a caption ended by a period alone on its line as a heading', () => {
    expect(recognizeHeading('Section 1. Definitions.')).toMatchObject({ label: 'Section 1. Definitions', minor: false });
    expect(recognizeHeading('3. License Grants.')).toMatchObject({ label: '3. License Grants', minor: false });
    expect(recognizeHeading('3. License Grants.')!.listNumber).toBeUndefined();
    expect(recognizeHeading('6.3 Commencement and Completion of the Hotel Work.')).toMatchObject({
      label: '6.3 Commencement and Completion of the Hotel Work',
      minor: false,
    });
  });

  it('does not take the first sentence of a numbered clause, a defined term or an abbreviation for a caption', () => {
    // A sentence: a lower-case word longer than the words that join a title (represents, means, may).
    expect(label('7.1 Each Party represents and warrants that: (a) it is duly organised and validly existing')).toBe('7.1');
    expect(label('1.2 Agreement means this Agreement. It includes the schedules and exhibits attached to it.')).toBe('1.2');
    expect(label('12.1 Neither party may assign this Agreement. Any assignment in breach of this clause is void.')).toBe('12.1');
    expect(label('1.1 “Affiliate” means any entity that controls, is controlled by or is under common control with')).toBeNull();
    expect(label('1. Open the cover.')).toBeNull();
    // "Corp." before a lower-case word is an abbreviation inside the sentence.
    expect(label('2.1 Acme Corp. shall deliver the Goods to the Customer at the place set out in Schedule 1.')).toBe('2.1');
    // Too many words for a caption.
    expect(label('4. Licensee Will Provide All Required Reports To The Licensor Each Quarter. It will also')).toBeNull();
    // The next heading run into this one by the layout.
    expect(label('10.0 REPORTS, RECORDS, AUDITS, AND PRIVACY 10.1 Reports.')).toBe('10.0');
    expect(label('3.2 Payment. . . . . . . . . . 5')).toBeNull();
  });

  it('takes a statute caption before the article number as part of the heading', () => {
    const heading = recognizeHeading('（定義）第２条　この規則において「従業員」とは、会社に雇用される者をいう。')!;
    expect(heading).toMatchObject({ label: '（定義）第２条', minor: false, start: 0 });
    expect(CAPTION_LINE.test('（定義）')).toBe(true);
    expect(CAPTION_LINE.test('（１）')).toBe(false);
  });

  it('orders levels 章 > 節 > 条 > 項 > (1) > ①, and 1 > 1.2 > 1.2.3', () => {
    const ja = ['第1章 総則', '第1節 通則', '第1条（目的）', '第1項', '(1) 定義', '① 細目'].map(rank);
    expect([...ja].sort((a, b) => a - b)).toEqual(ja);
    expect(new Set(ja).size).toBe(ja.length);
    expect(rank('1 Introduction')).toBeLessThan(rank('1.2 Scope'));
    expect(rank('1.2 Scope')).toBeLessThan(rank('1.2.3 Limits'));
    expect(rank('Chapter 2')).toBeLessThan(rank('Section 2.1 Terms'));
  });
});

describe('isListStep', () => {
  it('tells a step of a numbered list from a numbered section', () => {
    const heading = recognizeHeading('2. Take out the old filter')!;
    expect(heading.listNumber).toBe(2);
    expect(isListStep(heading, '1. Remove the cover', 'Body text follows.')).toBe(true);
    expect(isListStep(heading, 'Body text.', '3. Fit the new filter.')).toBe(true);
    expect(isListStep(heading, 'Body text.', 'More body text.')).toBe(false);
    expect(recognizeHeading('2.1 Requirements')!.listNumber).toBeUndefined();
    // A contract's section after a sub-clause ("2.11" is no step 2): a real reseller agreement (CUAD v1, CC BY 4.0).
    const section = recognizeHeading('3. PRICE AND PAYMENT; SHIPMENT AND DELIVERY')!;
    expect(isListStep(section, '2.11 SALES FORECASTING; SALES METRICS; SALES REPORTING. Detto will provide', '3.1 SUGGESTED THIRD PARTY PRICES.')).toBe(false);
  });
});

describe('labelCaption', () => {
  it('is the words of a label after its number, in every shape the chunker labels sections', () => {
    expect(labelCaption('第8条　法定時間外労働手当')).toBe('法定時間外労働手当');
    expect(labelCaption('第十三条（副業・兼業）')).toBe('（副業・兼業）');
    expect(labelCaption('第1章 総則')).toBe('総則');
    expect(labelCaption('12. Governing Law:')).toBe('Governing Law:');
    expect(labelCaption('Section 2. The Acknowledgement Agreement')).toBe('The Acknowledgement Agreement');
    expect(labelCaption('ARTICLE IV CONFIDENTIALITY')).toBe('CONFIDENTIALITY');
    expect(labelCaption('I. Definitions')).toBe('Definitions');
    expect(labelCaption('二 賃金')).toBe('賃金');
    expect(labelCaption('3.1 quilt をセットアップする')).toBe('quilt をセットアップする');
    expect(labelCaption('10.5 Privacy and Data Protection. You will:')).toBe('Privacy and Data Protection');
    // The label a run-in caption gives its clause.
    expect(labelCaption(label('7. TERM AND TERMINATION. This Agreement shall commence on the Effective Date and continue')!)).toBe('TERM AND TERMINATION');
    expect(labelCaption('5.3 Effect of Termination: Upon termination')).toBe('Effect of Termination');
    // No number to take off.
    for (const label of ['（定義）第２条', '附則', 'Lockout', 'Civic Duties', '2024年度計画', 'Sections and Headings']) expect(labelCaption(label)).toBe(label);
  });

  it('is empty for a bare number, marker or structural unit', () => {
    for (const label of [
      '1.',
      '12.3',
      '6.4.4.2',
      '(1)',
      '（１）',
      '①',
      'a)',
      '(b)',
      '(iii)',
      'XIV',
      '（ア）',
      '一',
      '第2項',
      '第3条の2',
      '第39条',
      'ARTICLE 7',
      'CHAPTER II',
      '§ 4',
      '',
    ])
      expect(labelCaption(label)).toBe('');
  });

  it('is empty for a numbered line that starts a sentence', () => {
    for (const label of [
      '7.1 Each Party represents and warrants that:',
      '2.2.2 We may also',
      '6.2 VerticalNet hereby grants to Neoforma a non-exclusive,',
      'Section 3.1 [Purchase Commitment]; and',
      '10.6.1 Except as set forth in Section 10.6.4',
      '（３）甲は、乙に対し、',
      '1. この規則は会社の就業に関する事項を定める。',
    ])
      expect(labelCaption(label)).toBe('');
  });
});

describe('SectionPath', () => {
  it('builds the path of a contract, popping siblings and deeper levels', () => {
    const path = new SectionPath();
    const enter = (line: string) => path.enterRecognized(recognizeHeading(line, { paragraphNumbers: path.inClause })!);
    enter('第1章 総則');
    enter('第1条（目的）');
    expect(path.path).toEqual(['第1章 総則', '第1条（目的）']);
    enter('第2条（定義）');
    enter('２　前項の従業員は、次の区分に従う。');
    enter('(1) 正社員');
    expect(path.path).toEqual(['第1章 総則', '第2条（定義）', '第2項', '(1)']);
    enter('(2) 契約社員');
    expect(path.path).toEqual(['第1章 総則', '第2条（定義）', '第2項', '(2)']);
    enter('第2章 服務規律');
    expect(path.path).toEqual(['第2章 服務規律']);
    expect(path.inClause).toBe(false);
  });

  it('nests recognised headings inside markup headings and resets them at the next one', () => {
    const path = new SectionPath();
    path.enterMarkup(1, '就業規則');
    path.enterRecognized(recognizeHeading('第3条（休日）')!);
    expect(path.path).toEqual(['就業規則', '第3条（休日）']);
    path.enterMarkup(2, '附則');
    expect(path.path).toEqual(['就業規則', '附則']);
    path.enterMarkup(1, 'Appendix');
    expect(path.path).toEqual(['Appendix']);
  });
});
