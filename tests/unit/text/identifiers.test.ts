import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalyzer, type Analyzer } from '../../../src/main/core/analysis/analyzer';
import { extractIdentifiers } from '../../../src/main/core/answer/support-check';

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await loadAnalyzer();
});

// Each form the one identifier pattern knows: the support check must find it whole, and the
// analyser must index it whole (or, for a standard, as the parts that "ISO9001" also gives).
const FORMS: Array<{ text: string; id: string; terms: string[] }> = [
  { text: '第12条第3項に従う', id: '第12条第3項', terms: ['第12条第3項', '第12条', '第3項'] },
  { text: '第2編第1章を参照', id: '第2編第1章', terms: ['第2編第1章', '第2編', '第1章'] },
  { text: '第3章第1編を参照', id: '第3章第1編', terms: ['第3章第1編', '第3章', '第1編'] },
  { text: '2024年4月1日から', id: '2024年4月1日', terms: ['2024年4月1日', '2024年', '4月', '1日'] },
  { text: 'effective 2024-04-01 onwards', id: '2024-04-01', terms: ['2024-04-01', '2024', '04', '01'] },
  { text: 'certified to ISO 9001:2015 since', id: 'ISO 9001:2015', terms: ['iso', '9001:2015', '9001', '2015'] },
  { text: 'Error E-203 again', id: 'E-203', terms: ['e-203', 'e', '203'] },
  { text: 'use M6×20 screws', id: 'M6×20', terms: ['m6×20', '6', '20'] },
];

describe('identifiers (one pattern for the analyser and the support check)', () => {
  for (const { text, id, terms } of FORMS) {
    it(`${id}: whole in the support check, indexed by the analyser`, () => {
      expect(extractIdentifiers(text)).toContain(id);
      const indexed = analyzer.terms(text);
      for (const term of terms) expect(indexed).toContain(term);
    });
  }

  it('"ISO 9001" and "ISO9001" give the analyser the same parts, so either finds the other', () => {
    expect(analyzer.terms('ISO 9001')).toEqual(['iso', '9001']);
    expect(analyzer.terms('ISO9001')).toEqual(expect.arrayContaining(['iso', '9001']));
  });

  it('a standard needs an upper-case name and a number: not "JIS B", not a word before a year', () => {
    expect(extractIdentifiers('JIS B 1180 と in 2024')).toEqual(['1180', '2024']);
    expect(extractIdentifiers('ISO 2024年4月1日')).toEqual(['2024年4月1日']);
  });
});
