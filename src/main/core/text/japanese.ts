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
const CJK_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3000, 0x30ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0xff00, 0xffef],
  [0xd840, 0xd87f], // surrogates of CJK extensions B–F
];
/** CJK symbols and punctuation (、。「」…) and the full-width ASCII punctuation (！＃（）［］｛｝…), halfwidth 。「」、・ included. */
const CJK_PUNCTUATION_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3000, 0x303f],
  [0xff01, 0xff0f],
  [0xff1a, 0xff20],
  [0xff3b, 0xff40],
  [0xff5b, 0xff65],
];

/** A plain loop: this runs for every character that layout and chunking look at. */
function inRanges(code: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  for (const [low, high] of ranges) if (code >= low && code <= high) return true;
  return false;
}

export function isCjkChar(c: string | undefined): boolean {
  return c ? inRanges(c.charCodeAt(0), CJK_RANGES) : false;
}

export function isCjkPunctuation(c: string): boolean {
  return inRanges(c.charCodeAt(0), CJK_PUNCTUATION_RANGES);
}

/** A Japanese character between which words need no space: as `isCjkChar`, without the ideographic space. */
export function isJapaneseChar(c: string | undefined): boolean {
  return c !== undefined && c !== '\u3000' && isCjkChar(c);
}
