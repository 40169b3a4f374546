/**
 * Tokens of a clause for comparing two wordings: each keeps its offsets in the text as written
 * (to mark it) and a key that is the same however it was typed. Width (１ / 1), case, spaces and line
 * breaks, kanji or Arabic numbers (五十万円 / 500,000円 / 50万円) and ヶ月 / か月 / カ月 give equal keys,
 * so a formatting-only difference never shows as a change.
 */

export type TokenClass = 'number' | 'word' | 'kanji' | 'hiragana' | 'katakana' | 'punct';

export interface Token {
  start: number;
  end: number;
  key: string;
  cls: TokenClass;
}

const KANJI_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 1e4, 億: 1e8, 兆: 1e12 };
const NUMERAL_CHAR = /[0-9〇零一二三四五六七八九十百千万億兆]/u;
const KANJI = /[\p{Script=Han}々〆]/u;
const HIRAGANA = /[\p{Script=Hiragana}]/u;
const KATAKANA = /[\p{Script=Katakana}ー]/u;
const LATIN = /[\p{L}]/u;
const SPACE = /\s/u;

/** The character as compared: NFKC (full-width to ASCII), lower case; curly quotes and dashes folded. */
function foldChar(c: string): string {
  const n = c.normalize('NFKC').toLowerCase();
  if (n === '“' || n === '”' || n === '„') return '"';
  if (n === '‘' || n === '’') return "'";
  if (/^[‐‑‒–—―−]$/u.test(n)) return '-';
  return n;
}

/** 五十万 → 500000, 50万 → 500000, 1,000 → 1000, 100,000.00 → 100000; the value as a string. */
export function numberKey(text: string): string {
  const ascii = text.normalize('NFKC').replace(/,/g, '');
  if (/^[0-9]+(\.[0-9]+)?$/.test(ascii)) return String(Number(ascii));
  // 4.1.6 is a clause number, not a value.
  if (/^[0-9]+(\.[0-9]+){2,}$/.test(ascii)) return ascii;
  let total = 0;
  let section = 0;
  let digits = '';
  const flushDigits = () => {
    const value = digits ? Number(digits) : 0;
    digits = '';
    return value;
  };
  for (const c of ascii) {
    if (/[0-9.]/.test(c)) digits += c;
    else if (c in KANJI_DIGIT) digits += String(KANJI_DIGIT[c]);
    else if (c in SMALL_UNIT) section += (flushDigits() || 1) * SMALL_UNIT[c];
    else if (c in BIG_UNIT) {
      total += (section + flushDigits() || 1) * BIG_UNIT[c];
      section = 0;
    }
  }
  return String(total + section + flushDigits());
}

function classOf(c: string): TokenClass | 'space' {
  if (SPACE.test(c)) return 'space';
  if (NUMERAL_CHAR.test(c)) return 'number';
  if (KANJI.test(c)) return 'kanji';
  if (HIRAGANA.test(c)) return 'hiragana';
  if (KATAKANA.test(c)) return 'katakana';
  if (LATIN.test(c) || /[0-9]/.test(c)) return 'word';
  return 'punct';
}

/** Splits `text` into tokens; `from`/`to` limit the part read (offsets stay the text's). */
export function tokenize(text: string, options: { from?: number; to?: number } = {}): Token[] {
  const { from = 0, to = text.length } = options;
  const chars: { at: number; c: string; cls: TokenClass | 'space' }[] = [];
  for (let i = from; i < to; ) {
    const code = text.codePointAt(i) ?? 0;
    const raw = String.fromCodePoint(code);
    let c = foldChar(raw);
    // ヶ月 / ケ月 / カ月 / 箇月 / か月 are the same word, one with 月.
    const month = /^[かヶケカ箇ヵ]$/u.test(raw) && text[i + raw.length] === '月';
    if (month) c = 'か';
    chars.push({ at: i, c, cls: month ? 'kanji' : classOf(c[0] ?? ' ') });
    i += raw.length;
  }
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; ) {
    const { cls } = chars[i];
    if (cls === 'space') {
      i++;
      continue;
    }
    let j = i + 1;
    if (cls !== 'punct') {
      for (; j < chars.length; j++) {
        // A line break inside a Japanese word (負わ / せ) does not cut it.
        if (chars[j].cls === 'space' && cls !== 'word' && cls !== 'number') {
          let k = j;
          while (k < chars.length && chars[k].cls === 'space') k++;
          if (k < chars.length && chars[k].cls === cls) {
            j = k;
            continue;
          }
        }
        const next = chars[j];
        if (next.cls === cls) continue;
        // 1,000 and 2.5 are one number; "3." at a sentence end is not.
        if (cls === 'number' && /[,.]/.test(next.c) && j + 1 < chars.length && /[0-9]/.test(chars[j + 1].c) && /[0-9]/.test(chars[j - 1].c)) continue;
        // Words run across a digit (e203, 3rd) but not across a space.
        if (cls === 'word' && next.cls === 'number' && /[0-9]/.test(next.c)) continue;
        break;
      }
    }
    const start = chars[i].at;
    const end = j < chars.length ? chars[j].at : to;
    const raw = chars
      .slice(i, j)
      .filter((x) => x.cls !== 'space')
      .map((x) => x.c)
      .join('');
    const key = cls === 'number' ? numberKey(raw) : raw;
    tokens.push({ start, end: trimEnd(text, start, end), key, cls });
    i = j;
  }
  return tokens;
}

/** A token's end without trailing spaces (only spaces may sit between its chars' offsets). */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && SPACE.test(text[end - 1])) end--;
  return end;
}
