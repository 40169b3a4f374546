// Character-level clean-up shared by the cleaner (source text) and the search copy.

// C0 and C1 controls except \t and \n (kuromoji throws on \u0000, which pdf-parse emits).
// \v and \f separate lines or pages in some text files, so they become \n rather than vanish.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_SEPARATORS = /[\u000B\u000C\u0085\u2028\u2029]/g;

/** Removes control characters, keeping \t and \n; \v, \f and Unicode line separators become \n. */
export function removeControlChars(text: string): string {
  return text.replace(LINE_SEPARATORS, '\n').replace(CONTROL_CHARS, '');
}

/** \r\n, lone \r, \v, \f and Unicode line separators become \n. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?|[\u000B\u000C\u0085\u2028\u2029]/g, '\n');
}

// Vertical presentation forms (U+FE10–FE19, U+FE30–FE4F) back to the characters a horizontal
// text uses. Japanese forms map to their full-width originals, not to NFKC's ASCII, so that the
// source text still reads as Japanese; the search copy applies NFKC on top.
const VERTICAL_FORMS: Record<string, string> = {
  '\uFE10': '，',
  '\uFE11': '、',
  '\uFE12': '。',
  '\uFE13': '：',
  '\uFE14': '；',
  '\uFE15': '！',
  '\uFE16': '？',
  '\uFE17': '〖',
  '\uFE18': '〗',
  '\uFE19': '…',
  '\uFE30': '‥',
  '\uFE31': '—',
  '\uFE32': '–',
  '\uFE33': '_',
  '\uFE34': '_',
  '\uFE35': '（',
  '\uFE36': '）',
  '\uFE37': '｛',
  '\uFE38': '｝',
  '\uFE39': '〔',
  '\uFE3A': '〕',
  '\uFE3B': '【',
  '\uFE3C': '】',
  '\uFE3D': '《',
  '\uFE3E': '》',
  '\uFE3F': '〈',
  '\uFE40': '〉',
  '\uFE41': '「',
  '\uFE42': '」',
  '\uFE43': '『',
  '\uFE44': '』',
  '\uFE47': '［',
  '\uFE48': '］',
  '\uFE49': '‾',
  '\uFE4A': '‾',
  '\uFE4B': '‾',
  '\uFE4C': '‾',
  '\uFE4D': '_',
  '\uFE4E': '_',
  '\uFE4F': '_',
};
const VERTICAL_FORM_CHARS = /[\uFE10-\uFE19\uFE30-\uFE44\uFE47-\uFE4F]/g;

/** Maps vertical presentation forms (︵ ﹁ ︒ …) to their horizontal characters (（ 「 。 …). */
export function mapVerticalForms(text: string): string {
  return text.replace(VERTICAL_FORM_CHARS, (c) => VERTICAL_FORMS[c] ?? c);
}

/**
 * The searchable form of a text: control characters removed, vertical forms mapped, NFKC
 * (folds full-width Latin and digits, half-width katakana, ① → 1) and lower case.
 * Used for the analysed copy of each chunk and when matching answers against chunks.
 */
export function normalizeForSearch(text: string): string {
  return mapVerticalForms(removeControlChars(text)).normalize('NFKC').toLowerCase();
}
