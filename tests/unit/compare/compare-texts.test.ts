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
    const draft = [EN[0], EN[1], EN[5].replace('5.', '2.'), EN[2].replace('$10,000', '$12,000').replace('2.', '3.'), EN[3].replace('3.', '4.'), EN[4].replace('shall not', 'shall').replace('4.', '5.')];
    const result = compareTexts(doc('standard.txt', EN.join('\n')), doc('draft.txt', draft.join('\n')));
    expect(result.language).toBe('en');
    expect(result.summary).toEqual({ same: 4, changed: 2, missing: 0, added: 0 });
    const [first, second] = result.items;
    expect(first).toMatchObject({ kind: 'changed', changes: [{ before: '10,000', after: '12,000', category: 'amount' }], reason: 'Amount: 10,000 → 12,000' });
    expect(second).toMatchObject({ kind: 'changed', changes: [{ before: 'shall not', after: 'shall', category: 'obligation' }] });
    expect(result.items.find((i) => i.standard?.section.startsWith('5.'))).toMatchObject({ kind: 'same', draft: { section: '2. Governing Law.' } });
  });
});
