import { describe, expect, it } from 'vitest';
import { hasJapanese, isCjkChar, isJapaneseChar } from '../../../src/main/core/text/japanese';

describe('Japanese character tests', () => {
  it('isJapaneseChar: kana, kanji, CJK punctuation and full-width forms, not the ideographic space', () => {
    for (const c of ['あ', 'ア', '漢', '。', '「', 'Ａ', '１', '𠮷']) expect(isJapaneseChar(c), c).toBe(true);
    for (const c of ['\u3000', 'a', '1', ' ', '.', 'é', '한', undefined]) expect(isJapaneseChar(c), String(c)).toBe(false);
    expect(isCjkChar('\u3000')).toBe(true);
  });

  it('hasJapanese: a kanji or kana anywhere; punctuation and full-width Latin alone do not count', () => {
    expect(hasJapanese('Error E-203 の対処')).toBe(true);
    expect(hasJapanese('カタカナ')).toBe(true);
    expect(hasJapanese('「ＡＢＣ」。')).toBe(false);
    expect(hasJapanese('plain English')).toBe(false);
  });
});
