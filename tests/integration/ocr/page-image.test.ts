/**
 * A scanned PDF page's image for OCR, made two ways with real pdf.js: straight from the page's one
 * image (the fast path) and drawn on the canvas. They must give the same grey pixels for the
 * image kinds pdf.js decodes scans into (RGB with an SMask as PDFKit stores a PNG with alpha, 8-bit
 * grey, 1-bit bilevel, JPEG), also under a clip to the page box or an invisible text layer, and
 * every other page (mirrored, turned by /Rotate, an image under transparent text, a smaller clip,
 * an image enlarged) must still be drawn, correctly, on the canvas.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfPages } from '../../../src/main/core/ocr/page-images';
import { rotateGrey } from '../../../src/main/core/ocr/grey';
import type { GreyImage } from '../../../src/main/core/ocr/types';
import { difference, greyPng, jpegOf, openScanPdf, renderBothWays, renderPage } from '../../helpers/scans';
import { makeTempDir } from '../../helpers/temp';

const LINES = ['第7条（点検）', '作業者は、始業前に機械の点検を行わなければならない。', 'Check the guard before starting the press.'];

function mirror(image: GreyImage): GreyImage {
  const out = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) out[y * image.width + x] = image.data[y * image.width + image.width - 1 - x];
  }
  return { width: image.width, height: image.height, data: out };
}

/**
 * Mean absolute difference of `a` and `b` shifted by up to a pixel either way, the best of them
 * (borders left out): a page turned or mirrored rounds its image's edges onto other pixels.
 */
function shiftedDifference(a: GreyImage, b: GreyImage): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let best = Infinity;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      let sum = 0;
      for (let y = 1; y < a.height - 1; y++) {
        for (let x = 1; x < a.width - 1; x++) sum += Math.abs(a.data[y * a.width + x] - b.data[(y + dy) * a.width + x + dx]);
      }
      best = Math.min(best, sum / ((a.width - 2) * (a.height - 2)));
    }
  }
  return best;
}

describe('PDF page images: a scan straight from its image, everything else on the canvas (real pdf.js)', () => {
  const temp = makeTempDir();
  const pdf = path.join(temp.dir, 'scans.pdf');
  let doc: PdfPages;

  beforeAll(async () => {
    // A4 at 150 dpi: each scan is rendered at its own resolution, pixel for pixel.
    const png = renderPage(LINES, { noise: 0.003, skew: 0.5 });
    doc = await openScanPdf(pdf, [
      { image: png },
      { image: await greyPng(png, 8) },
      { image: await greyPng(png, 1) },
      { image: await jpegOf(png) },
      { image: png, mirror: true },
      { image: png, rotate: 90 },
      { image: png, textLayer: 'An OCR layer over the scan' },
      { image: png, clip: 'page' },
      { image: png, clip: [40, 40, 300, 100] },
      { image: png, textLayer: 'An OCR layer over the scan', textLayerMode: 'invisible' },
    ]);
  }, 60_000);
  afterAll(async () => {
    await doc?.close();
    temp.cleanup();
  });

  it.each([
    [1, 'RGB with an SMask (a PNG with alpha)'],
    [2, '8-bit grey'],
    [3, '1-bit bilevel'],
    [4, 'JPEG'],
  ])('page %i (%s): the grey image from the image itself equals the canvas render', async (page) => {
    const { fast, canvas } = await renderBothWays(doc, page);
    expect(fast.from).toBe('scan');
    expect(fast.image.dpi).toBeCloseTo(150, 0);
    expect(fast.image.dpi).toBe(canvas.image.dpi);
    const { max, mean } = difference(fast.image, canvas.image);
    expect(max).toBeLessThanOrEqual(1);
    expect(mean).toBeLessThan(0.01);
    // Not a blank page by accident: the text is there.
    expect(fast.image.data.filter((v) => v < 128).length).toBeGreaterThan(5000);
  });

  it('draws a mirrored image, a page turned by /Rotate and an image under transparent text on the canvas, as they look', async () => {
    const upright = (await doc.renderPage(1)).image;

    const mirrored = await doc.renderPage(5);
    expect(mirrored.from).toBe('canvas');
    expect(shiftedDifference(mirrored.image, mirror(upright))).toBeLessThan(0.01);

    const turned = await doc.renderPage(6);
    expect(turned.from).toBe('canvas');
    expect(shiftedDifference(turned.image, rotateGrey(upright, 90))).toBeLessThan(0.01);

    const underText = await doc.renderPage(7);
    expect(underText.from).toBe('canvas');
    expect(difference(underText.image, upright).mean).toBeLessThan(0.01);
  });

  it('takes a scan clipped to the page box (`re W n`, as scanners write it) from its image; a smaller clip is drawn on the canvas', async () => {
    const upright = (await doc.renderPage(1)).image;
    const pageClip = await doc.renderPage(8);
    expect(pageClip.from).toBe('scan');
    expect(difference(pageClip.image, upright)).toEqual({ max: 0, mean: 0 });
    expect(difference(pageClip.image, (await doc.renderPage(8, { canvas: true })).image).max).toBeLessThanOrEqual(1);

    // 40 to 340 points across and 40 to 140 down, through the text: pixels 83.3–708.3 and 83.3–291.7 at 150 dpi.
    const clipped = await doc.renderPage(9);
    expect(clipped.from).toBe('canvas');
    const { width, height, data } = clipped.image;
    let ink = 0;
    let wrong = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        if (x >= 85 && x < 707 && y >= 85 && y < 290) {
          if (Math.abs(data[i] - upright.data[i]) > 1) wrong++;
          if (data[i] < 128) ink++;
        } else if ((x < 82 || x > 710 || y < 82 || y > 293) && data[i] !== 255) wrong++;
      }
    }
    expect(wrong).toBe(0);
    // The clip holds text, and cuts some off.
    expect(ink).toBeGreaterThan(3000);
    expect(data.filter((v) => v < 128).length).toBeLessThan(upright.data.filter((v) => v < 128).length - 1000);
  });

  it('takes a scan under an invisible text layer (render mode 3, as OCR tools write it) from its image', async () => {
    const page = await doc.renderPage(10);
    expect(page.from).toBe('scan');
    expect(difference(page.image, (await doc.renderPage(1)).image)).toEqual({ max: 0, mean: 0 });
    expect(difference(page.image, (await doc.renderPage(10, { canvas: true })).image).max).toBeLessThanOrEqual(1);
    // The layer is there for pdf.js to extract.
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdfDoc = await getDocument({ data: new Uint8Array(fs.readFileSync(pdf)), verbosity: 0 }).promise;
    const items = (await (await pdfDoc.getPage(10)).getTextContent()).items;
    expect(items.map((item) => ('str' in item ? item.str : '')).join('')).toContain('An OCR layer over the scan');
    await pdfDoc.destroy();
  });

  it('draws a scan on the canvas when it is rendered at another resolution', async () => {
    const page = await doc.renderPage(1, { dpi: 300 });
    expect(page.from).toBe('canvas');
    expect([page.image.width, page.image.height, page.image.dpi]).toEqual([2480, 3507, 300]);
  });
});
