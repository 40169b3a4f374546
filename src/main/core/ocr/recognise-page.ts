/**
 * One page image to text: blank pages are not sent to tesseract; a page scanned sideways or upside
 * down is turned first. The line direction (rows or columns of ink) picks between 0/180 and
 * 90/270 degrees; when the first reading is poor, the opposite turn is read too and the more
 * confident reading wins. Small skew is left to tesseract's own layout analysis, except where
 * that analysis cut printed lines into pieces (ocr/layout.ts): the page is then read again as one
 * column, which is what such a page is.
 */
import { encodePgm, inkRatio, lineDirectionRatio, rotateGrey } from './grey';
import { countCutLines } from './layout';
import type { OcrLayout, Recognised, RecogniseOptions } from './tesseract';
import type { GreyImage, OcrPageResult } from './types';

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
}

export async function recognisePage(engine: Recogniser, image: GreyImage, options: RecognisePageOptions = {}): Promise<OcrPageResult> {
  const { blankInk = 0.001, goodConfidence = 75, poorConfidence = 50, cutLines = 2 } = options;
  if (inkRatio(image) < blankInk) {
    return { text: '', confidence: 0, words: [], width: image.width, height: image.height, rotation: 0, warning: 'is blank: no text to recognise' };
  }
  const sideways = lineDirectionRatio(image) < 0.8;
  const first = sideways ? 90 : 0;
  const read = async (rotation: number, layout: OcrLayout = 'auto', langs = engine.langs) => {
    const turned = rotateGrey(image, rotation);
    return { rotation, turned, langs, result: await engine.recognize(encodePgm(turned), { layout, langs }) };
  };
  let best = await read(first);
  if (best.result.confidence < goodConfidence) {
    const other = await read((first + 180) % 360);
    if (score(other.result) > score(best.result)) best = other;
  }
  if (countCutLines(best.result.lines) >= cutLines) {
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

/** Confidence weighted by how much was read: an upside-down page reads as a few unsure marks. */
function score(result: Recognised): number {
  const chars = result.text.replace(/\s/g, '').length;
  return result.confidence * Math.log(2 + chars);
}
