/**
 * "Is this Japanese?": the one home of the character tests that cleaning, layout, chunking,
 * OCR clean-up, language detection and the metrics share.
 */

/** Han, hiragana and katakana as the body of a RegExp character class (use with the `u` flag). */
export const JAPANESE_LETTERS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';

const JAPANESE_LETTER = new RegExp(`[${JAPANESE_LETTERS}]`, 'u');

/** True when the text has at least one kanji or kana (punctuation and full-width Latin do not count). */
export function hasJapanese(text: string): boolean {
  return JAPANESE_LETTER.test(text);
}

/** Hiragana, katakana, kanji, CJK punctuation and full-width forms (the ideographic space included). */
export function isCjkChar(c: string | undefined): boolean {
  if (!c) return false;
  const code = c.charCodeAt(0);
  return (
    (code >= 0x3000 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef) ||
    (code >= 0xd840 && code <= 0xd87f) // surrogates of CJK extensions B–F
  );
}

/** CJK symbols and punctuation (、。「」…) and the full-width ASCII punctuation (！＃（）［］｛｝…), halfwidth 。「」、・ included. */
export function isCjkPunctuation(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff01 && code <= 0xff0f) ||
    (code >= 0xff1a && code <= 0xff20) ||
    (code >= 0xff3b && code <= 0xff40) ||
    (code >= 0xff5b && code <= 0xff65)
  );
}

/** A Japanese character between which words need no space: as `isCjkChar`, without the ideographic space. */
export function isJapaneseChar(c: string | undefined): boolean {
  return c !== undefined && c !== '\u3000' && isCjkChar(c);
}
