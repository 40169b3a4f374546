import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/shared/fold';
import { findHighlights } from '../../../src/main/core/search/highlight';
import { locatePassage, termRanges } from '../../../src/renderer/features/sources/text-match';

describe('foldText (one fold for highlights and the source viewer)', () => {
  it('folds width and case per character and points each folded unit back at its source', () => {
    const folded = foldText('ＡＢＣ㈱x');
    expect(folded.text).toBe('abc(株)x');
    expect(folded.source).toEqual([0, 1, 2, 3, 3, 3, 4]);
  });

  it('keeps offsets right after a character outside the BMP', () => {
    const text = '𠮷野家ＡＢ';
    const folded = foldText(text);
    expect(folded.text).toBe('𠮷野家ab');
    expect(text.slice(folded.source[folded.text.indexOf('ab')])).toBe('ＡＢ');
  });

  it('can drop whitespace, so a passage matches across line breaks', () => {
    expect(foldText('承 諾\nＯＫ', { dropWhitespace: true }).text).toBe('承諾ok');
  });

  it('the engine and the renderer find the same full-width term at the same place', () => {
    const text = '型式 ＧＸ－５００ の取扱説明書';
    const [start, end] = findHighlights(text, ['gx-500'])[0]!;
    expect(text.slice(start, end)).toBe('ＧＸ－５００');
    expect(termRanges(text, ['GX-500'])).toEqual([[start, end]]);
    expect(locatePassage(text, 'ＧＸ－５００の取扱説明書', { minRun: 4 })).toEqual([[start, text.length]]);
  });
});
