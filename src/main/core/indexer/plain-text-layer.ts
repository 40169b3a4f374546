/**
 * A quick look at a PDF page's text layer before the OCR judgement (ocr/text-layer.ts): a page of
 * plain letters is fine, whatever that judgement's thresholds. Its per-character Unicode regular
 * expressions were 2 % of the parse thread on a text PDF; this reads character codes. A page it
 * does not pass (few letters, symbols, anything outside the ranges below) goes to the judgement.
 */

/** Letters a page must hold, and the share of other characters it may: far inside the judgement's bars (4 letters, 30 %). */
const MIN_LETTERS = 16;
const MAX_UNCLASSIFIED = 0.1;

/** Letters for sure: ASCII and Latin-1 letters, kana, ー, CJK ideographs (all assigned, all \p{L}). */
function isLetter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3041 && code <= 0x3096) ||
    (code >= 0x30a1 && code <= 0x30fa) ||
    code === 0x30fc ||
    (code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7)
  );
}

/** Assigned, visible and never suspicious, whether letters or not: ASCII marks and digits, CJK punctuation, full-width ASCII. */
function isPlainMark(code: number): boolean {
  return (code >= 0x21 && code <= 0x7e) || (code >= 0x3001 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff5e);
}

/** True when the page's text layer is plainly text (no OCR); false means: ask judgeTextLayer. */
export function isPlainTextLayer(text: string): boolean {
  let letters = 0;
  let visible = 0;
  let unclassified = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    visible++;
    if (isLetter(code)) letters++;
    else if (!isPlainMark(code)) unclassified++;
  }
  // A surrogate half counts as unclassified, and as one visible character each: never in favour.
  return letters >= MIN_LETTERS && unclassified <= MAX_UNCLASSIFIED * visible;
}
