import { describe, expect, it } from 'vitest';
import { bestCoverage, coveredWeight, gramTokens, termTokens } from '../../../src/main/core/search/leg-coverage';
import { scriptOf } from '../../../src/main/core/search/languages';
import { byScript, standOut, vectorLegByScript, vectorLegScores } from '../../../src/main/core/search/vector-leg';

const chunk = (id: string, terms: string, score: number) => ({ id, terms, score });

describe('scriptOf', () => {
  it('tells Japanese passages and queries from Latin ones, a Japanese manual quoting commands included', () => {
    expect(scriptOf('クロスサイトスクリプティングの対策')).toBe('ja');
    expect(scriptOf('SQLインジェクションを防ぐには？')).toBe('ja');
    expect(scriptOf('パッケージ debian rules binary-arch を ビルド する fakeroot dpkg-buildpackage')).toBe('ja');
    expect(scriptOf('How do I uninstall TeX Live?')).toBe('other');
    expect(scriptOf('escape untrusted data before placing it in html output (see 対策)')).toBe('other');
    expect(scriptOf('')).toBe('other');
  });
});

describe('the vector leg per script', () => {
  it('measures how far the best similarity stands above the others', () => {
    expect(standOut([0.9, 0.8, 0.8, 0.8, 0.8])).toBeCloseTo(2);
    expect(standOut([0.8, 0.8, 0.8])).toBe(0);
    expect(standOut([0.8])).toBe(0);
  });

  const japanese = Array.from({ length: 8 }, (_, i) => chunk(`ja${i}`, `対策 地震 ${i}`, 0.87 - i * 0.001));
  const english = [
    chunk('en-answer', 'cross site script escape', 0.84),
    ...Array.from({ length: 7 }, (_, i) => chunk(`en${i}`, `tax return ${i}`, 0.8 - i * 0.001)),
  ];
  const pool = [...japanese, ...english].sort((a, b) => b.score - a.score);

  it('ranks each script apart: the answer in the less near language, standing out of its own, comes first', () => {
    const legs = vectorLegByScript(byScript(pool, 5), { script: 'ja', otherScale: 1 });
    expect(legs[0]!.id).toBe('en-answer');
    expect(legs[0]!.score).toBe(1);
    // The Japanese ones stand out little from each other: they count less than their raw nearness says.
    expect(legs.find((c) => c.id === 'ja0')!.score).toBeLessThan(0.75);
    expect(legs.filter((c) => c.id.startsWith('ja'))).toHaveLength(5);
    // Candidates of another script than the query's count otherScale times.
    expect(vectorLegByScript(byScript(pool, 5), { script: 'ja', otherScale: 2 })[0]!.score).toBe(2);
  });

  it('is the plain min-max leg when the candidates are of one script, whatever the query’s', () => {
    expect(vectorLegByScript(byScript(japanese, 5), { script: 'other', otherScale: 2 })).toEqual(vectorLegScores(japanese.slice(0, 5)));
  });
});

describe('BM25 legs weighted by how much of the query their best candidate says', () => {
  const query = ['クロス', 'サイト', 'スクリプティング', '対策'];

  it('is the best share of query terms (or of their bigrams) over the candidates', () => {
    const candidates = [chunk('a', '地震 対策 計画', 3), chunk('b', 'サイト 対策 更新', 2)];
    expect(bestCoverage(candidates, query, termTokens)).toBe(0.5);
    expect(bestCoverage([], query, termTokens)).toBe(0);
    expect(bestCoverage(candidates, [], termTokens)).toBe(1);
    // A dictionary that splits クロスサイト otherwise still meets the query's bigrams.
    expect(bestCoverage([chunk('c', 'クロスサイト スクリプティング 対策', 1)], query, gramTokens)).toBe(1);
  });

  it('scales the leg between the floor and full coverage, and not at all when off', () => {
    const ramp = { floor: 0.25, full: 0.75 };
    expect(coveredWeight(1.8, 1, ramp)).toBe(1.8);
    expect(coveredWeight(1.8, 0.5, ramp)).toBeCloseTo(0.9);
    expect(coveredWeight(1.8, 0.2, ramp)).toBe(0);
    expect(coveredWeight(1.8, 0.2, { floor: 0, full: 0 })).toBe(1.8);
  });
});
