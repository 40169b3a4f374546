/**
 * One page image to text: blank pages are not sent to tesseract; a page scanned sideways or upside
 * down is turned first. The line direction (rows or columns of ink) picks between 0/180 and
 * 90/270 degrees, except that a page of columns read in Japanese is first read upright, as
 * vertical writing; when a reading is poor, the other turns are read too and the more confident
 * reading wins. Small skew is left to tesseract's own layout analysis, except where
 * that analysis cut printed lines into pieces (ocr/layout.ts): the page is then read again as one
 * column, which is what such a page is.
 */
import { encodePgm, estimateSkew, inkRatio, lineDirectionRatio, rotateGrey, rotateSmall } from './grey';
import { japaneseShare } from './japanese-spaces';
import { countCutLines, hasColumns } from './layout';
import { firstReading, type OcrLayout, type Recognised, type RecogniseOptions } from './tesseract';
import type { GreyImage, OcrPageResult, OcrWord } from './types';

export interface Recogniser {
  /** The languages it reads by default, joined with '+'. */
  readonly langs: string;
  recognize(image: Uint8Array, options?: RecogniseOptions): Promise<Recognised>;
}

export interface RecognisePageOptions {
  /** Below this share of dark pixels the page is taken as blank. Default 0.001. */
  blankInk?: number;
  /** A reading this confident (0-100) is kept without trying the opposite turn. Default 75. */
  goodConfidence?: number;
  /** Below this mean confidence a page's text is flagged as unreliable. Default 50. */
  poorConfidence?: number;
  /** From this many cut lines on, the page is read again as one column. Default 2. */
  cutLines?: number;
  /** A single-column page skewed by at least this many degrees is levelled before recognition. Default 0.3. */
  minSkew?: number;
  /** Below this share of Japanese among letters and digits, a page read in Japanese is read again with every language. Default 0.5. */
  latinPage?: number;
  /**
   * The languages of the first reading. Default: Japanese alone where it is among several (see firstReading).
   * A reader that knows the file's earlier pages came out Latin gives every language, so such a page is read once.
   */
  startLangs?: string;
}

export async function recognisePage(engine: Recogniser, image: GreyImage, options: RecognisePageOptions = {}): Promise<OcrPageResult> {
  const { blankInk = 0.001, goodConfidence = 75, poorConfidence = 50, cutLines = 2, latinPage = 0.5, minSkew = 0.3 } = options;
  const japaneseAlone = firstReading(engine.langs);
  if (inkRatio(image) < blankInk) {
    return { text: '', confidence: 0, words: [], width: image.width, height: image.height, rotation: 0, warning: 'is blank: no text to recognise' };
  }
  const sideways = lineDirectionRatio(image) < 0.8;
  const first = sideways ? 90 : 0;
  // Japanese alone first where it is among the languages (see firstReading); a page that comes out
  // mostly Latin is then read again with every language.
  const japanese = engine.langs.split('+').includes('jpn');
  const firstLangs = options.startLangs ?? japaneseAlone;
  const layouts = new Map<number, OcrLayout>();
  const read = async (rotation: number, layout?: OcrLayout, langs = firstLangs) => {
    const turned = rotateGrey(image, rotation);
    let input = turned;
    let levelled = 0;
    // Lines across (not a vertical reading) and no columns: one column of text.
    if (!layouts.has(rotation)) layouts.set(rotation, sideways === (rotation % 180 !== 0) && !hasColumns(turned) ? 'column' : 'auto');
    layout ??= layouts.get(rotation)!;
    if (layout === 'column') {
      // Levelled: the lines of a tightly set page overlap when skewed, and the start of a line is
      // then misread (CER 0.052 against 0.017 on a page at -0.6°).
      const skew = estimateSkew(turned);
      if (Math.abs(skew) >= minSkew) input = rotateSmall(turned, (levelled = -skew));
    }
    // Only the upright reading of a page of columns may be vertical writing (see loadOrder).
    const vertical = sideways && japanese && rotation === 0;
    const result = await engine.recognize(encodePgm(input), { layout, langs, vertical, dpi: image.dpi });
    // Boxes go back into the frame of the page as turned, not levelled: the viewer draws them on the file's own image.
    if (levelled !== 0) result.words = unlevelWords(result.words, turned, levelled);
    return { rotation, turned, langs, layout, result };
  };
  // Columns of ink on a page read in Japanese are first taken as vertical writing (縦書き), read
  // upright: tesseract's layout analysis finds vertical lines and reads them with jpn_vert.
  const good = (r: { result: Recognised }) => r.result.confidence >= goodConfidence;
  let best = await read(sideways && japanese ? 0 : first);
  if (best.rotation !== first && !(good(best) && japaneseShare(best.result.text) >= 0.5)) {
    const turned = await read(first);
    if (score(turned.result) > score(best.result)) best = turned;
  }
  if (!good(best)) {
    const other = await read((first + 180) % 360);
    if (score(other.result) > score(best.result)) best = other;
  }
  // The reading in the other set of languages, where this one says the page's script was guessed wrong.
  const share = japaneseShare(best.result.text);
  const otherLangs =
    firstLangs !== engine.langs && share < latinPage ? engine.langs : firstLangs !== japaneseAlone && share >= latinPage ? japaneseAlone : undefined;
  if (otherLangs) {
    const other = await read(best.rotation, undefined, otherLangs);
    if (other.result.confidence > best.result.confidence) best = other;
  }
  if (best.layout === 'auto' && countCutLines(best.result.lines) >= cutLines) {
    const column = await read(best.rotation, 'column', best.langs);
    // Kept unless clearly worse: the cut reading's confidence hides its missing pieces.
    if (column.result.confidence >= best.result.confidence - 5) best = column;
  }
  const { rotation, turned } = best;
  const { text, confidence, words } = best.result;
  const warning =
    text.trim() === ''
      ? 'gave no readable text (a photo or drawing?)'
      : confidence < poorConfidence
        ? `was read with low confidence (${Math.round(confidence)} %)`
        : undefined;
  return { text, confidence, words, width: turned.width, height: turned.height, rotation, ...(warning ? { warning } : {}) };
}

/**
 * Word boxes read on `rotateSmall(page, degrees)` mapped back onto `page`: each box's corners
 * through the inverse mapping rotateSmall uses, and their bounding box.
 */
export function unlevelWords(words: OcrWord[], page: { width: number; height: number }, degrees: number): OcrWord[] {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (page.width - 1) / 2;
  const cy = (page.height - 1) / 2;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  return words.map(([text, x0, y0, x1, y1]) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [x, y] of [
      [x0, y0],
      [x1, y0],
      [x0, y1],
      [x1, y1],
    ]) {
      xs.push(cos * (x - cx) + sin * (y - cy) + cx);
      ys.push(-sin * (x - cx) + cos * (y - cy) + cy);
    }
    return [
      text,
      clamp(Math.min(...xs), page.width),
      clamp(Math.min(...ys), page.height),
      clamp(Math.max(...xs), page.width),
      clamp(Math.max(...ys), page.height),
    ];
  });
}

/** Confidence weighted by how much was read: an upside-down page reads as a few unsure marks. */
function score(result: Recognised): number {
  const chars = result.text.replace(/\s/g, '').length;
  return result.confidence * Math.log(2 + chars);
}
