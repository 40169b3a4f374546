import { describe, expect, it } from 'vitest';
import { splitLongSentence, splitSentences } from '../../../src/main/core/text/sentences';

function sentences(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

describe('splitSentences', () => {
  it('splits Japanese at 。！？ and keeps closing brackets with their sentence', () => {
    expect(sentences('今日は晴れ。明日は雨！本当？（参考：気象庁。）次の文。')).toEqual([
      '今日は晴れ。',
      '明日は雨！',
      '本当？',
      '（参考：気象庁。）',
      '次の文。',
    ]);
  });

  it('does not split a quotation that the sentence goes on from', () => {
    expect(sentences('彼は「承知した。」と述べた。以上。')).toEqual(['彼は「承知した。」と述べた。', '以上。']);
  });

  it('does not end a sentence at 。 inside brackets the sentence goes on after', () => {
    expect(sentences('甲は、甲の工場設備の保守点検業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。本業務の内容は別紙仕様書に定める。')).toEqual(
      ['甲は、甲の工場設備の保守点検業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。', '本業務の内容は別紙仕様書に定める。'],
    );
    expect(sentences('乙は、再委託先に本契約と同等の義務（「秘密保持」を含む。『別紙』参照。）を負わせ、再委託先の行為について責任を負う。以上。')).toEqual([
      '乙は、再委託先に本契約と同等の義務（「秘密保持」を含む。『別紙』参照。）を負わせ、再委託先の行為について責任を負う。',
      '以上。',
    ]);
  });

  it('still splits at 。 after a stray bracket that never closes on its line', () => {
    expect(sentences('注意（未完の括弧。次の文。\n続き。')).toEqual(['注意（未完の括弧。', '次の文。', '続き。']);
  });

  it('splits English at . ? ! before whitespace, not inside decimals or abbreviations', () => {
    expect(sentences('Version 4.0 is out. See Fig. 3 and No. 5 for details. Is it done? Yes! It costs $1.50 (e.g. tax).')).toEqual([
      'Version 4.0 is out.',
      'See Fig. 3 and No. 5 for details.',
      'Is it done?',
      'Yes!',
      'It costs $1.50 (e.g. tax).',
    ]);
  });

  it('does not end a sentence before a lower-case word or at a list number', () => {
    expect(sentences('1. Open the cover. Remove approx. ten screws. Done.')).toEqual(['1. Open the cover.', 'Remove approx. ten screws.', 'Done.']);
  });

  it('ends a sentence at every newline and drops surrounding whitespace', () => {
    const text = '  見出し\n本文です。 \n\n  last line';
    expect(sentences(text)).toEqual(['見出し', '本文です。', 'last line']);
  });

  it('returns offsets into the text, also for a range of it', () => {
    const text = 'AAA. BBB。CCC\nDDD.';
    const spans = splitSentences(text, { start: 5, end: 12 });
    expect(spans).toEqual([
      { start: 5, end: 9 },
      { start: 9, end: 12 },
    ]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['BBB。', 'CCC']);
  });
});

describe('splitLongSentence', () => {
  it('cuts after a comma in each window and never exceeds the limit', () => {
    const text = 'あいうえおかきくけこ、さしすせそたちつてと、なにぬねのはひふへほ、まみむめもやゆよ。';
    const pieces = splitLongSentence(text, { start: 0, end: text.length }, 15);
    expect(pieces.map((p) => text.slice(p.start, p.end))).toEqual([
      'あいうえおかきくけこ、',
      'さしすせそたちつてと、',
      'なにぬねのはひふへほ、',
      'まみむめもやゆよ。',
    ]);
  });

  it('cuts hard when there is nowhere soft to cut, and keeps surrogate pairs whole', () => {
    const text = '𠮷'.repeat(10); // 20 UTF-16 units
    const pieces = splitLongSentence(text, { start: 0, end: text.length }, 7);
    expect(pieces.every((p) => p.end - p.start <= 7)).toBe(true);
    expect(pieces.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
    expect(pieces.every((p) => !/[\uD800-\uDBFF]$/.test(text.slice(p.start, p.end)))).toBe(true);
  });
});
