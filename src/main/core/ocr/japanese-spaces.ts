/**
 * Tesseract's Japanese model puts a space between words ("労働 者 は"): Japanese has no spaces,
 * and keeping them would split terms for the analyser and break quotes. Spaces are removed where
 * both neighbours are Japanese (kana, kanji, CJK punctuation, full-width forms) or one is Japanese
 * and the other CJK punctuation; spaces between Latin words stay.
 */
import { JAPANESE_LETTERS } from '../text/japanese';

const JA = `${JAPANESE_LETTERS}ー々〆〇\\u3000-\\u303f\\uff00-\\uffef`;
const BETWEEN_JAPANESE = new RegExp(`(?<=[${JA}])[ \\t\\u3000]+(?=[${JA}])`, 'gu');
/** A space between a Japanese character and a digit, e.g. "第 3 条" → "第3条". */
const JAPANESE_DIGIT = new RegExp(`(?<=[${JA}])[ \\t]+(?=[0-9０-９])|(?<=[0-9０-９])[ \\t]+(?=[${JA}])`, 'gu');

/** A space inside brackets next to Japanese, e.g. "(安全 )" → "(安全)". */
const BRACKET = new RegExp(`(?<=[${JA}])[ \\t]+(?=[)\\]}])|(?<=[(\\[{])[ \\t]+(?=[${JA}])`, 'gu');

export function removeJapaneseSpaces(text: string): string {
  return text.replace(BETWEEN_JAPANESE, '').replace(JAPANESE_DIGIT, '').replace(BRACKET, '');
}

const JAPANESE_LETTER = new RegExp(`[${JA}]`, 'gu');
const LATIN_OR_DIGIT = /[\p{Script=Latin}0-9]/gu;

/** Share of Japanese characters among the letters and digits of a text: 0 for English, near 1 for Japanese. */
export function japaneseShare(text: string): number {
  const japanese = text.match(JAPANESE_LETTER)?.length ?? 0;
  const other = text.match(LATIN_OR_DIGIT)?.length ?? 0;
  return japanese + other === 0 ? 0 : japanese / (japanese + other);
}
