/** Marks on a scanned page as DOM elements (the geometry is in ocr-marks.ts, which tests run without a DOM). */
import type { MarkBox } from './ocr-marks';

/** Draws the boxes into `layer` (positioned over the page) as <mark> elements; returns whether any was drawn. */
export function drawMarkBoxes(layer: HTMLElement, boxes: MarkBox[]): boolean {
  for (const box of boxes) {
    const mark = document.createElement('mark');
    mark.className = box.level === 2 ? 'pdf-highlight pdf-quote ocr-mark' : 'pdf-highlight ocr-mark';
    mark.dataset.testid = 'source-highlight';
    Object.assign(mark.style, {
      position: 'absolute',
      left: `${box.left * 100}%`,
      top: `${box.top * 100}%`,
      width: `${box.width * 100}%`,
      height: `${box.height * 100}%`,
    });
    layer.append(mark);
  }
  return boxes.length > 0;
}
