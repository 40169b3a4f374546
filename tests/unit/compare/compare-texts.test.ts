import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../../src/main/core/compare/compare';
import { numberKey, tokenize } from '../../../src/main/core/compare/tokens';

const doc = (path: string, text: string) => ({ path, pages: [{ page: 1, text }] });
const EN = [
  'SERVICES AGREEMENT',
  '1. Services. Supplier shall provide the Services described in Exhibit A.',
  '2. Fees. Customer shall pay Supplier a monthly fee of $10,000 within thirty (30) days of invoice.',
  '3. Confidentiality. Neither party shall disclose the other party’s Confidential Information for three (3) years.',
  '4. Subcontracting. Supplier shall not subcontract any Services without Customer’s prior written consent.',
  '5. Governing Law. This Agreement is governed by the laws of the State of New York.',
];

describe('tokens: keys that are the same however the text was typed', () => {
  it('folds width, numerals and month spellings', () => {
    expect(['五十万', '50万', '500,000', '５００，０００'].map(numberKey)).toEqual(['500000', '500000', '500000', '500000']);
    const keys = (s: string) => tokenize(s).map((t) => t.key);
    expect(keys('3ヶ月')).toEqual(keys('３か月'));
    expect(keys('第１条')).toEqual(keys('第1条'));
    expect(keys('反社会\n的勢力')).toEqual(keys('反社会的勢力'));
  });
});

describe('compareTexts on an English contract', () => {
  it('finds a negated obligation, a changed fee and a moved clause that is the same, obligations after amounts', () => {
    const draft = [
      EN[0],
      EN[1],
      EN[5].replace('5.', '2.'),
      EN[2].replace('$10,000', '$12,000').replace('2.', '3.'),
      EN[3].replace('3.', '4.'),
      EN[4].replace('shall not', 'shall').replace('4.', '5.'),
    ];
    const result = compareTexts(doc('standard.txt', EN.join('\n')), doc('draft.txt', draft.join('\n')));
    expect(result.language).toBe('en');
    expect(result.summary).toEqual({ same: 4, changed: 2, missing: 0, added: 0 });
    const [first, second] = result.items;
    expect(first).toMatchObject({ kind: 'changed', changes: [{ before: '10,000', after: '12,000', category: 'amount' }], reason: 'Amount: 10,000 → 12,000' });
    expect(second).toMatchObject({ kind: 'changed', changes: [{ before: 'shall not', after: 'shall', category: 'obligation' }] });
    expect(result.items.find((i) => i.standard?.section.startsWith('5.'))).toMatchObject({ kind: 'same', draft: { section: '2. Governing Law.' } });
  });
});

describe('compareTexts on a clause split in two', () => {
  it('pairs the standard clause with both halves of the draft, and finds no difference', () => {
    const standard = [
      '秘密保持契約書',
      '第1条（目的）',
      '本契約は、甲及び乙が新製品の共同開発を検討するために相互に開示する情報の取扱いを定める。',
      '第2条（秘密保持）',
      '受領者は、秘密情報を厳に秘密として保持し、開示者の書面による事前の承諾なく第三者に開示してはならない。受領者は、秘密情報を本件検討の目的以外に使用してはならない。',
      '第3条（管轄）',
      '本契約に関する一切の紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とする。',
    ];
    const draft = [
      ...standard.slice(0, 3),
      '第2条（秘密保持）',
      '受領者は、秘密情報を厳に秘密として保持し、開示者の書面による事前の承諾なく第三者に開示してはならない。',
      '第3条（目的外使用の禁止）',
      '受領者は、秘密情報を本件検討の目的以外に使用してはならない。',
      '第4条（管轄）',
      standard[6],
    ];
    const result = compareTexts(doc('standard.pdf', standard.join('\n')), doc('draft.pdf', draft.join('\n')));
    expect(result.summary).toEqual({ same: 4, changed: 0, missing: 0, added: 0 });
    expect(result.items.find((i) => i.standard?.section === '第2条（秘密保持）')?.draft?.section).toBe('第2条（秘密保持） + 第3条（目的外使用の禁止）');
  });
});

describe('compareTexts on renumbered cross-references', () => {
  it('a reference renumbered with its clause is no change; one pointing elsewhere is', () => {
    const standard = [
      '第1条（目的）',
      '本契約は業務の委託について定める。',
      '第2条（秘密保持）',
      '甲及び乙は秘密情報を開示してはならない。',
      '第3条（存続）',
      '第2条の義務は本契約終了後も存続する。',
    ];
    const renumbered = ['第1条（秘密保持）', '甲及び乙は秘密情報を開示してはならない。', '第2条（存続）', '第1条の義務は本契約終了後も存続する。'];
    const same = compareTexts(doc('s.txt', standard.join('\n')), doc('d.txt', renumbered.join('\n')));
    expect(same.summary).toEqual({ same: 2, changed: 0, missing: 1, added: 0 });
    const wrong = compareTexts(doc('s.txt', standard.join('\n')), doc('d.txt', renumbered.join('\n').replace('第1条の義務', '第3条の義務')));
    expect(wrong.summary).toEqual({ same: 1, changed: 1, missing: 1, added: 0 });
  });
});
