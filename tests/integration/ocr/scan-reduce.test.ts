/**
 * A scan above the resolution it is read at (600 and 400 dpi pages read at 300 dpi), with real
 * pdf.js, canvas and tesseract.js: its grey image is area-averaged straight from the image pdf.js
 * decoded, not drawn scaled on the canvas, and must look and read as the canvas render does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfPages } from '../../../src/main/core/ocr/page-images';
import { recognisePage } from '../../../src/main/core/ocr/recognise-page';
import { TesseractEngine } from '../../../src/main/core/ocr/tesseract';
import type { GreyImage } from '../../../src/main/core/ocr/types';
import { characterErrorRate, difference, greyPng, jpegOf, openScanPdf, renderBothWays, renderPage } from '../../helpers/scans';
import { makeTempDir } from '../../helpers/temp';

// Mostly Japanese, so tesseract reads it once (jpn alone first, see recognise-page.ts).
const LINES = ['第7条（点検）', '作業者は、始業前に機械の点検を行う。', '異常を見つけた者は、直ちに班長に報告する。', 'Check the guard (E-12).'];

const ink = (image: GreyImage) => image.data.filter((v) => v < 128).length;

describe('a scan above the resolution it is read at, reduced straight from its image (real pdf.js)', () => {
  const temp = makeTempDir();
  const pdf = path.join(temp.dir, 'hires.pdf');
  let doc: PdfPages;

  beforeAll(async () => {
    // A small page (3 × 4.2 inches) at 600 dpi, 8.6 pt text: 1800 × 2546 halves exactly to 900 × 1273 at 300 dpi.
    const png = renderPage(LINES, { width: 1800, fontSize: 72, noise: 0.002, skew: 0.4 });
    // The same page at 400 dpi: 4 / 3 of a source pixel to each pixel read.
    const png400 = renderPage(LINES, { width: 1200, fontSize: 48, noise: 0.002, skew: 0.4 });
    doc = await openScanPdf(pdf, [
      { image: await greyPng(png, 1), dpi: 600 },
      { image: await greyPng(png, 8), dpi: 600 },
      { image: await jpegOf(png), dpi: 600 },
      { image: await greyPng(png400, 1), dpi: 400 },
    ]);
  }, 60_000);
  afterAll(async () => {
    await doc?.close();
    temp.cleanup();
  });

  it.each([
    [1, '1-bit bilevel'],
    [2, '8-bit grey'],
    [3, 'JPEG (RGB)'],
  ])('page %i (%s) at 600 dpi: read at 300 dpi, each pixel the mean of a 2 × 2 block, as the canvas draws it', async (page) => {
    const { fast, canvas } = await renderBothWays(doc, page);
    expect(fast.from).toBe('reduced');
    expect([fast.image.width, fast.image.height, fast.image.dpi]).toEqual([900, 1273, 300]);
    // The canvas's bilinear filter at exactly half size also means each 2 × 2 block: the two differ by rounding only.
    const { max, mean } = difference(fast.image, canvas.image);
    expect(max).toBeLessThanOrEqual(1);
    expect(mean).toBeLessThan(0.1);
    expect(ink(fast.image)).toBeGreaterThan(5000);
  });

  it('a 400 dpi page read at 300 dpi: area-averaged, close to the bilinear scaling of the canvas', async () => {
    const { fast, canvas } = await renderBothWays(doc, 4);
    expect(fast.from).toBe('reduced');
    expect([fast.image.width, fast.image.height]).toEqual([900, 1272]);
    // Two different filters at 4:3: edge pixels differ (measured up to ~70 levels on a bilevel page), the page does not.
    expect(difference(fast.image, canvas.image).mean).toBeLessThan(0.5);
    expect(ink(fast.image) / ink(canvas.image)).toBeGreaterThan(0.95);
    expect(ink(fast.image) / ink(canvas.image)).toBeLessThan(1.05);
  });

  it('tesseract reads the reduced 600 dpi bilevel page as well as the canvas render', async () => {
    const engine = await TesseractEngine.create({ langs: 'jpn+eng' });
    try {
      const truth = LINES.join('\n');
      const fast = await recognisePage(engine, (await doc.renderPage(1)).image);
      const canvas = await recognisePage(engine, (await doc.renderPage(1, { canvas: true })).image);
      const fastCer = characterErrorRate(truth, fast.text, true);
      // A margin of about a character in 60: the two images differ by a grey level on edge pixels.
      expect(fastCer).toBeLessThanOrEqual(characterErrorRate(truth, canvas.text, true) + 0.02);
      expect(fastCer).toBeLessThan(0.05);
    } finally {
      await engine.dispose();
    }
  }, 120_000);
});
