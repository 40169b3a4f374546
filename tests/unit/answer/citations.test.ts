import { describe, expect, it } from 'vitest';
import { buildCitations, findCitationMarkers, mapCitationMarkers, stripCitationMarkers } from '../../../src/main/core/answer/citations';
import { hit } from './fixtures';

describe('findCitationMarkers', () => {
  it.each([
    ['必要です[1]。', [[1]]],
    ['必要です[1][2]。', [[1], [2]]],
    ['required [1, 2].', [[1, 2]]],
    ['必要です［１］。', [[1]]],
    ['必要です［１，３］。', [[1, 3]]],
    ['必要です【2】。', [[2]]],
    ['steps [1-3].', [[1, 2, 3]]],
    ['根拠は[資料2]です。', [[2]]],
    ['[1、2]による', [[1, 2]]],
  ])('%s', (text, expected) => {
    expect(findCitationMarkers(text).map((m) => m.numbers)).toEqual(expected);
  });

  it('does not take years or code in brackets for citations', () => {
    expect(findCitationMarkers('改訂 [2024] 版と a[i] の値')).toEqual([]);
  });

  it('reports where each marker is', () => {
    const text = 'ab[1]cd';
    const [marker] = findCitationMarkers(text);
    expect(text.slice(marker!.start, marker!.end)).toBe('[1]');
  });
});

describe('mapCitationMarkers', () => {
  it('keeps numbers given to the model, rewrites markers as [n], and drops and reports invented ones', () => {
    const mapped = mapCitationMarkers('承諾が必要です[1, 7]。期限は30日です［２］［９］。罰則があります [8]。', 2);
    expect(mapped.answer).toBe('承諾が必要です[1]。期限は30日です[2]。罰則があります。');
    expect(mapped.cited).toEqual([1, 2]);
    expect(mapped.invalid).toEqual([7, 9, 8]);
  });

  it('lists each cited number once, in order of first citation', () => {
    expect(mapCitationMarkers('a [3]. b [1][3]. c [1].', 3).cited).toEqual([3, 1]);
  });

  it('leaves text without markers alone', () => {
    expect(mapCitationMarkers('資料には記載がありません。', 3)).toEqual({ answer: '資料には記載がありません。', cited: [], invalid: [] });
  });
});

describe('buildCitations', () => {
  it('maps numbers to the passages given to the model, in number order, with their location', () => {
    const passages = [
      hit('第12条 再委託には事前の書面承諾を要する。', {
        title: '業務委託契約書',
        page: 7,
        pageEnd: 8,
        section: '第3章 > 第12条',
        path: '/c/contract.pdf',
        chunkId: 'c-12',
      }),
      hit('別表', { title: '別表' }),
    ];
    const citations = buildCitations([1], passages, new Map([[1, '再委託には事前の書面承諾を要する。']]));
    expect(citations).toEqual([
      {
        n: 1,
        path: '/c/contract.pdf',
        title: '業務委託契約書',
        page: 7,
        pageEnd: 8,
        section: '第3章 > 第12条',
        quote: '再委託には事前の書面承諾を要する。',
        chunkId: 'c-12',
      },
    ]);
    expect(buildCitations([2, 1, 5], passages).map((c) => c.n)).toEqual([1, 2]);
  });

  it('quotes the start of a long passage when no better quote is known', () => {
    const long = '最初の文です。' + 'あ'.repeat(400);
    const [citation] = buildCitations([1], [hit(long)]);
    expect(citation!.quote.length).toBeLessThanOrEqual(201);
    expect(long.startsWith(citation!.quote.replace(/…$/u, ''))).toBe(true);
  });
});

describe('stripCitationMarkers', () => {
  it('removes markers and the space before punctuation they leave', () => {
    expect(stripCitationMarkers('It is 5 mm [1]. Yes [2][3].')).toBe('It is 5 mm. Yes.');
  });
});
