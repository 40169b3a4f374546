/**
 * Highlights on a scanned page: the cited passage matched against the words OCR read (the same
 * matching as on a PDF's text layer), turned into boxes on the page as it is shown (OCR may have
 * read the page turned upright; the viewer shows it as scanned).
 */
import type { OcrPageView } from '../../../shared/api';
import { locatePassage } from './text-match';

/** A box in fractions of the shown page (0-1), `level` 2 for the quoted sentence. */
export interface MarkBox {
  left: number;
  top: number;
  width: number;
  height: number;
  level: 1 | 2;
}

/** Boxes of the words of the quoted sentence (level 2), else of the passage (level 1); empty when it is not on the page. */
export function ocrMarkBoxes(page: OcrPageView, passage: string, quote = ''): MarkBox[] {
  const starts: number[] = [];
  let text = '';
  for (const [word] of page.words) {
    starts.push(text.length);
    text += word;
  }
  const ranges = locatePassage(text, passage);
  if (ranges.length === 0) return [];
  const level = new Uint8Array(text.length);
  // On a page image, boxes over the whole passage read as noise (OCR differs from the stored text here and there,
  // so only pieces of it match, scattered over the items of a list): the cited sentence alone is marked when found.
  const quoted = quote ? locatePassage(text, quote) : [];
  if (quoted.length > 0) for (const [a, b] of quoted) level.fill(2, a, b);
  else for (const [a, b] of ranges) level.fill(1, a, b);
  const boxes: MarkBox[] = [];
  page.words.forEach(([word, x0, y0, x1, y1], i) => {
    const marks = level.subarray(starts[i], starts[i] + word.length);
    if (!marks.some((v) => v > 0)) return;
    boxes.push({ ...unrotate(page, x0, y0, x1, y1), level: marks.some((v) => v === 2) ? 2 : 1 });
  });
  return boxes;
}

/** A box read on the page turned by `rotation` (clockwise), as fractions of the page as scanned. */
function unrotate(page: OcrPageView, x0: number, y0: number, x1: number, y1: number): Omit<MarkBox, 'level'> {
  const { width: w, height: h } = page;
  // Corners in the turned image, mapped back into fractions of the unturned one.
  const back = (x: number, y: number): [number, number] => {
    switch (page.rotation) {
      case 90: // turned (tx, ty) = (H - y, x) with H = the original height = w here
        return [y / h, 1 - x / w];
      case 180:
        return [1 - x / w, 1 - y / h];
      case 270: // turned (tx, ty) = (y, W - x) with W = the original width = h here
        return [1 - y / h, x / w];
      default:
        return [x / w, y / h];
    }
  };
  const [ax, ay] = back(x0, y0);
  const [bx, by] = back(x1, y1);
  return { left: Math.min(ax, bx), top: Math.min(ay, by), width: Math.abs(bx - ax), height: Math.abs(by - ay) };
}
