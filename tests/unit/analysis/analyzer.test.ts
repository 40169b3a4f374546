import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalyzer, type Analyzer } from '../../../src/main/core/analysis/analyzer';

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await loadAnalyzer();
});

describe('analyzer (real kuromoji)', () => {
  it('keeps legal references, codes, versions and dates whole, with their parts', () => {
    const terms = analyzer.terms('第12条第3項により、ISO 9001 と E-203、M6×20 のボルト、v4.0 は2024年4月1日から');
    expect(terms).toEqual(expect.arrayContaining(['第12条第3項', '第12条', '第3項', 'iso', '9001', 'e-203', 'm6×20', 'v4.0', '2024年4月1日']));
  });

  it('folds width and case so full-width and half-width text meet', () => {
    expect(analyzer.terms('ＩＳＯ　９００１　Ｅ－２０３')).toEqual(analyzer.terms('iso 9001 e-203'));
    // Written together or apart, ISO9001 and ISO 9001 share their parts.
    expect(analyzer.terms('ISO9001')).toEqual(expect.arrayContaining(analyzer.terms('ISO 9001')));
    expect(analyzer.terms('ﾏﾆｭｱﾙ')).toEqual(analyzer.terms('マニュアル'));
  });

  it('indexes base forms of content words and drops particles, light verbs and question words', () => {
    const terms = analyzer.terms('再委託には事前の承諾が必要ですか？どこに書かれていますか');
    expect(terms).toContain('再');
    expect(terms).toContain('委託');
    expect(terms).toContain('承諾');
    expect(terms).toContain('必要');
    expect(terms).toContain('書く');
    for (const stop of ['は', 'に', 'が', 'の', 'か', 'どこ', 'いる', 'ます', 'です']) expect(terms).not.toContain(stop);
  });

  it('gives the same terms for a question and a passage that share a word in different inflections', () => {
    const passage = analyzer.terms('ボルトを締めた後に確認した。');
    const question = analyzer.terms('ボルトを締める');
    for (const t of question) expect(passage).toContain(t);
  });

  it('handles mixed Japanese and English, and survives control characters', () => {
    const terms = analyzer.terms('Safety manualの\u0000安全手順 and maintenance');
    expect(terms).toEqual(expect.arrayContaining(['safeti', 'manual', '安全', '手順', 'mainten']));
    expect(terms).not.toContain('and');
  });

  it('stems English words and drops English stop words, so inflections meet', () => {
    const passage = analyzer.terms('This Agreement shall be governed by the laws of the State of Connecticut.');
    const question = analyzer.terms('Which law governs the agreement?');
    for (const t of question) expect(passage).toContain(t);
    expect(passage).toEqual(['agreement', 'shall', 'govern', 'law', 'state', 'connecticut']);
    expect(analyzer.terms('terminated terminates termination')).toEqual(['termin', 'termin', 'termin']);
  });

  it('keeps English identifiers and negations whole while stemming the words around them', () => {
    const terms = analyzer.terms('The non-compete clause: E-203 is not covered by ISO 9001 v4.0');
    expect(terms).toEqual(expect.arrayContaining(['non-compete', 'non', 'compet', 'e-203', 'iso', '9001', 'v4.0', 'not', 'cover']));
    for (const stop of ['the', 'is', 'by']) expect(terms).not.toContain(stop);
    // The possessive's leftover is not a term.
    expect(analyzer.terms('the party’s liability')).toEqual(['parti', 'liabil']);
  });

  it('offers surface forms to highlight', () => {
    expect(analyzer.highlightTerms('ボルトを締めた手順は？')).toEqual(expect.arrayContaining(['ボルト', '締め', '手順']));
  });
});
