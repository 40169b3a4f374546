/**
 * The one pattern for identifiers that must stay whole and be quoted exactly: legal references
 * (第12条第3項, 第2編第1章), Japanese dates (2024年4月1日), standards (ISO 9001, ISO 9001:2015) and
 * Latin/digit codes with inner separators (E-203, M6×20, v4.0, 2024-04-01). The analyser indexes
 * them as terms; the support check requires them verbatim in the cited passages.
 */

/** Digits and kanji numerals of a legal reference. */
const KANJI_NUMERAL = '0-9〇零一二三四五六七八九十百千';
const LEGAL_UNIT = '[編章節条項号款]';
const LEGAL_REFERENCE = `第[${KANJI_NUMERAL}]+${LEGAL_UNIT}(?:(?:第|の)?[${KANJI_NUMERAL}]+${LEGAL_UNIT})*`;
const JAPANESE_DATE = '[0-9]{1,4}年[0-9]{1,2}月(?:[0-9]{1,2}日)?';
const CODE_TAIL = '(?:[-_.×/:+#][A-Za-z0-9]+)*';
/**
 * An upper-case standard body and its number, one space apart: "ISO 9001", not "JIS B" nor
 * "ISO 2024年" (a date follows). The number is a code as the last alternative would take it.
 */
const STANDARD = `[A-Z]{2,} (?!${JAPANESE_DATE})[0-9][A-Za-z0-9]*${CODE_TAIL}`;
/** Codes; ISO dates (2024-04-01, 2024/4/1) are codes too. */
const CODE = `[A-Za-z0-9]+${CODE_TAIL}`;

const SOURCE = [LEGAL_REFERENCE, JAPANESE_DATE, STANDARD, CODE].join('|');

/** The parts of a legal reference (第12条第3項 → 第12条, 第3項). */
export const LEGAL_PART = new RegExp(`第?[${KANJI_NUMERAL}]+${LEGAL_UNIT}`, 'gu');

export interface IdentifierPatternOptions {
  /**
   * Match lower-cased text (the analyser's normalised copy): a standard is then any letters, a
   * space and a number, and callers split it at the space. Default false.
   */
  ignoreCase?: boolean;
}

/** A new global RegExp for identifiers (each caller gets its own, as `lastIndex` is state). */
export function identifierPattern(options: IdentifierPatternOptions = {}): RegExp {
  return new RegExp(SOURCE, options.ignoreCase ? 'giu' : 'gu');
}
