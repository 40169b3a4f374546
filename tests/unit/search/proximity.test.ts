import { describe, expect, it } from 'vitest';
import { proximityScore } from '../../../src/main/core/search/search';

describe('proximityScore', () => {
  const query = new Set(['再', '委託', '承諾']);

  it('is the share of query terms that stand together in one window', () => {
    expect(proximityScore(['乙', '再', '委託', '事前', '承諾', '得る'], query, 8)).toBe(1);
    expect(proximityScore(['再', '委託', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '承諾'], query, 8)).toBeCloseTo(2 / 3);
  });

  it('counts a repeated term once and is 0 without the query terms', () => {
    expect(proximityScore(['委託', '委託', '委託'], query, 8)).toBeCloseTo(1 / 3);
    expect(proximityScore(['保守', '点検'], query, 8)).toBe(0);
    expect(proximityScore([], new Set(), 8)).toBe(0);
  });
});
