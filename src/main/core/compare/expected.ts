/**
 * A checklist item's expected answer (the company's standard: 日本法, 東京地方裁判所, 3年) against what
 * the review found: it holds when a cited passage or the answer says it, however it is typed
 * (width, spaces, kanji or Arabic numerals), with the same token keys as the contract comparison.
 */
import { tokenize } from './tokens';

const keys = (text: string) =>
  tokenize(text)
    .filter((t) => t.cls !== 'punct')
    .map((t) => t.key);

/** Alternatives an expected answer may list: 「東京地方裁判所／東京簡易裁判所」, "New York; Delaware". */
const ALTERNATIVES = /\s*(?:[;；／|]|\bor\b|又は|または)\s*/u;

export interface ExpectedCheck {
  holds: boolean;
  /** The expected answer as written (for the reason). */
  expected: string;
}

const cjk = (key: string) => /[^\x00-\x7f]/.test(key);

/**
 * `wanted` runs inside `keys`; a Japanese word at either end may be part of a longer run of kanji
 * (東京 in 東京地方裁判所, 年間 in 年間存続), an English word or a number must be whole (3 is not 30).
 */
function holdsRun(wanted: string[], keys: string[]): boolean {
  const last = wanted.length - 1;
  for (let i = 0; i + last < keys.length; i++) {
    const ok = wanted.every((w, j) => {
      const k = keys[i + j];
      if (k === w) return true;
      if (!cjk(w)) return false;
      if (last === 0) return k.includes(w);
      return (j === 0 && k.endsWith(w)) || (j === last && k.startsWith(w));
    });
    if (ok) return true;
  }
  return false;
}

/** True when one of the texts holds one of the expected alternatives as a run of its words. */
export function checkExpected(expected: string, texts: string[]): ExpectedCheck {
  const wanted = expected
    .split(ALTERNATIVES)
    .map(keys)
    .filter((w) => w.length > 0);
  const haystacks = texts.map(keys);
  return { holds: wanted.some((w) => haystacks.some((h) => holdsRun(w, h))), expected };
}
