import { describe, expect, it } from 'vitest';
import { findHighlights } from '../../../src/main/core/search/highlight';

describe('findHighlights', () => {
  it('finds normalised terms in source text as written and returns source offsets', () => {
    const text = '本書はＩＳＯ９００１に準拠し、エラーE-203の対処を示す。';
    const ranges = findHighlights(text, ['iso9001', 'e-203', '対処']);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['ＩＳＯ９００１', 'E-203', '対処']);
  });

  it('merges overlapping matches and ignores empty terms', () => {
    const text = '再委託の事前承諾';
    expect(findHighlights(text, ['再委託', '委託の', ''])).toEqual([[0, 4]]);
  });
});
