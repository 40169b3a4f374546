import { describe, expect, it } from 'vitest';
import { mapVerticalForms, normalizeForSearch, normalizeLineEndings, removeControlChars } from '../../../src/main/core/text/normalize';

describe('removeControlChars', () => {
  it('removes NUL and other controls but keeps newlines and tabs', () => {
    expect(removeControlChars('a\u0000b\u0007c\u007f\u0085d\n\te')).toBe('abc\nd\n\te');
  });

  it('turns form feeds and line separators into newlines so words stay apart', () => {
    expect(removeControlChars('page one\fpage two\u2028three')).toBe('page one\npage two\nthree');
  });
});

describe('normalizeLineEndings', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(normalizeLineEndings('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
  });
});

describe('mapVerticalForms', () => {
  it('maps vertical brackets and punctuation to their horizontal Japanese forms', () => {
    expect(mapVerticalForms('︵注︶﹁春と修羅﹂︒﹃序﹄︑︻一︼︙')).toBe('（注）「春と修羅」。『序』、【一】…');
  });

  it('leaves horizontal text alone', () => {
    expect(mapVerticalForms('（注）「春」。')).toBe('（注）「春」。');
  });
});

describe('normalizeForSearch', () => {
  it('folds width and Latin case with NFKC', () => {
    expect(normalizeForSearch('ＩＳＯ　９００１ ｶﾀｶﾅ E-203 Ｖ４．０')).toBe('iso 9001 カタカナ e-203 v4.0');
  });

  it('removes control characters that the tokenizer cannot take', () => {
    expect(normalizeForSearch('第12条\u0000第3項')).toBe('第12条第3項');
  });

  it('matches vertical and horizontal writing of the same text', () => {
    expect(normalizeForSearch('﹁再委託﹂')).toBe(normalizeForSearch('「再委託」'));
  });
});
