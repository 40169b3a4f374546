/** Area averaging of a scan down to the resolution it is read at (reduce-image.ts), on small hand-checked images. */
import { describe, expect, it } from 'vitest';
import { areaAverage, type RowReader } from '../../../src/main/core/ocr/reduce-image';

/** A reader over a `width`-wide grey image, row by row; rows from `rows` on are missing. */
function reader(data: number[], width: number, rows = Infinity): RowReader {
  return (y, x0, x1, target) => {
    if (y >= rows) return false;
    for (let x = x0; x < x1; x++) target[x - x0] = data[y * width + x];
    return true;
  };
}

describe('areaAverage', () => {
  it('halves an image into the mean of each 2 × 2 block, rounded', () => {
    // prettier-ignore
    const image = [
      0, 255, 10, 20, 100, 100,
      0, 255, 30, 41, 100, 101,
    ];
    expect([...areaAverage(reader(image, 6), 6, 2, { x: 0, y: 0, width: 3, height: 1 }, 3, 1)]).toEqual([128, 25, 100]);
  });

  it('weighs the source pixels an output pixel cuts by the part inside it (3 → 2, 4 → 3)', () => {
    // Each output pixel covers 1.5 source pixels: (0 + 255 / 2) / 1.5 and (255 / 2 + 90) / 1.5.
    expect([...areaAverage(reader([0, 255, 90], 3), 3, 1, { x: 0, y: 0, width: 2, height: 1 }, 2, 1)]).toEqual([85, 145]);
    // 400 dpi read at 300: 4 / 3 of a source pixel each (31 / 3 / (4 / 3), then (31 + 255) / 2), the same down the page as across it.
    const across = areaAverage(reader([0, 31, 255, 255], 4), 4, 1, { x: 0, y: 0, width: 3, height: 1 }, 3, 1);
    const down = areaAverage(reader([0, 31, 255, 255], 1), 1, 4, { x: 0, y: 0, width: 1, height: 3 }, 1, 3);
    expect([...across]).toEqual([8, 143, 255]);
    expect([...down]).toEqual([...across]);
  });

  it('keeps the ink: the mean grey of a reduced page is the mean of the image', () => {
    const width = 31;
    const height = 23;
    const image = Array.from({ length: width * height }, (_, i) => (i * 7919) % 256);
    const mean = image.reduce((a, b) => a + b, 0) / image.length;
    for (const [w, h] of [
      [10, 7],
      [15, 11],
      [31, 23],
    ]) {
      const out = areaAverage(reader(image, width), width, height, { x: 0, y: 0, width: w, height: h }, w, h);
      expect(out.reduce((a, b) => a + b, 0) / out.length).toBeCloseTo(mean, 0);
    }
  });

  it('puts the image where the page says, white around it, cut off at the page edge', () => {
    const image = [0, 0, 60, 60, 0, 0, 60, 60];
    // Drawn from (1, 0) on a 2 × 2 page: the right half of it runs off the page.
    expect([...areaAverage(reader(image, 4), 4, 2, { x: 1, y: 0, width: 2, height: 1 }, 2, 2)]).toEqual([255, 0, 255, 255]);
    // From (-1, 1): its left half is off the page.
    expect([...areaAverage(reader(image, 4), 4, 2, { x: -1, y: 1, width: 2, height: 1 }, 2, 2)]).toEqual([255, 255, 60, 255]);
  });

  it('reads rows the image lacks (a cut-off stream) as white', () => {
    const image = [0, 0, 0, 0];
    expect([...areaAverage(reader(image, 2, 1), 2, 2, { x: 0, y: 0, width: 1, height: 1 }, 1, 1)]).toEqual([128]);
  });
});
