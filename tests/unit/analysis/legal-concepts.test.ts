import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnalyzer, type Analyzer } from '../../../src/main/core/analysis/analyzer';
import { expressionOccurs, legalTerms, type LegalTerms } from '../../../src/main/core/analysis/legal-concepts';
import { queryExpansion } from '../../../src/main/core/search/search';

let analyzer: Analyzer;
let table: LegalTerms;
beforeAll(async () => {
  analyzer = await loadAnalyzer();
  table = legalTerms(analyzer);
});

const topic = (question: string, category?: string) => table.detect(question, category)[0]?.compiled.concept.id;

describe('legal term table (real kuromoji, Snowball stems)', () => {
  it('knows what a checklist question is about, in Japanese and English', () => {
    expect(topic('準拠法はどこの国の法律か')).toBe('governing-law');
    expect(topic('Which law governs the agreement?')).toBe('governing-law');
    expect(topic('再委託に事前承諾は必要か')).toBe('subcontracting');
    expect(topic('Can the supplier subcontract the services?')).toBe('subcontracting');
    expect(topic('損害賠償の上限はあるか')).toBe('cap-on-liability');
    expect(topic('Is there a cap on liability?')).toBe('cap-on-liability');
    expect(topic('年次有給休暇は何日付与されるか')).toBe('annual-leave');
    expect(topic('副業・兼業は認められるか')).toBe('side-jobs');
  });

  it('lets a narrower topic lead the broader one it narrows', () => {
    expect(topic('What is the duration of any warranty against defects?')).toBe('warranty-duration');
    expect(topic('Uncapped Liability: Is a party’s liability uncapped upon breach?')).toBe('uncapped-liability');
  });

  it('expands a query both ways: Japanese to English wording and English to Japanese', () => {
    const ja = queryExpansion(analyzer, '準拠法は？', analyzer.terms('準拠法は？'));
    expect(ja).toEqual(expect.arrayContaining(['govern', 'law']));
    const en = queryExpansion(analyzer, 'Is there a cap on liability?', analyzer.terms('Is there a cap on liability?'));
    expect(en).toEqual(expect.arrayContaining(['exceed', '上限']));
    const sub = queryExpansion(analyzer, '再委託の条件', analyzer.terms('再委託の条件'));
    expect(sub).toContain('subcontract');
    // A question about nothing legal is not expanded.
    expect(queryExpansion(analyzer, 'E-203 エラーの対処手順は？', analyzer.terms('E-203 エラーの対処手順は？'))).toEqual([]);
  });

  it('finds clause wording across inflections and gaps, and a one-word phrase only as written', () => {
    const cap = table.concepts.find((c) => c.concept.id === 'cap-on-liability')!;
    const inNoEvent = cap.expressions.find((e) => e.text === 'in no event shall … exceed')!;
    expect(expressionOccurs(inNoEvent, table.positions("In no event shall the Supplier's aggregate liability exceed the fees paid."))).toBe(true);
    expect(expressionOccurs(inNoEvent, table.positions('The fees shall not exceed the budget.'))).toBe(false);
    const mfn = table.concepts.find((c) => c.concept.id === 'most-favored-nation')!.expressions.find((e) => e.text === 'most favoured')!;
    // "most" is a stop word: the phrase must stand as written, not as the word "favour" anywhere.
    expect(expressionOccurs(mfn, table.positions('any credit held in favour of the supplier'))).toBe(false);
    expect(expressionOccurs(mfn, table.positions('on most favoured customer terms'))).toBe(true);
    const law = table.concepts.find((c) => c.concept.id === 'governing-law')!.expressions.find((e) => e.text === '準拠する')!;
    expect(expressionOccurs(law, table.positions('本契約は日本法に準拠し、同法に従って解釈される。'))).toBe(true);
  });
});
