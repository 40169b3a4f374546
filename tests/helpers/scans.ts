/**
 * Small generated scans for OCR tests: text drawn in IPA Gothic onto a page image (optionally
 * turned, with noise and a slight skew), wrapped as an image-only PDF (optionally with a garbage
 * text layer), a PNG, or a multi-page grey TIFF.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import UTIF from 'utif2';
import { PdfPages, pngOrJpegSize, type PageImageSource } from '../../src/main/core/ocr/page-images';
import { japaneseFontPath } from './fixtures';
import { expect } from 'vitest';
import type { GreyImage } from '../../src/main/core/ocr/types';

export interface PageImageOptions {
  /** Image width in pixels (the height is A4-proportioned). Default 1240 (A4 at 150 dpi). */
  width?: number;
  /** Font size in pixels. Default 34. */
  fontSize?: number;
  /** Clockwise quarter turn of the whole page: 0, 90, 180, 270. Default 0. */
  turn?: number;
  /** Small skew in degrees. Default 0. */
  skew?: number;
  /** Share of pixels flipped to random grey (scanner noise). Default 0. */
  noise?: number;
  /** Seed for the noise. Default 1. */
  seed?: number;
  /** Line pitch in font sizes (1.2 is a tightly set page). Default 1.8. */
  lineHeight?: number;
}

let fontRegistered = false;
/** Debian's fonts-dejavu-core: a proportional Latin font (canvas falls back to a system sans without it). */
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** A page image (PNG bytes) with `lines` of text from the top left. */
export function renderPage(lines: string[], options: PageImageOptions = {}): Buffer {
  const { width = 1240, fontSize = 34, turn = 0, skew = 0, noise = 0, seed = 1, lineHeight = 1.8 } = options;
  if (!fontRegistered) {
    GlobalFonts.registerFromPath(japaneseFontPath(), 'GentenTestGothic');
    if (fs.existsSync(DEJAVU)) GlobalFonts.registerFromPath(DEJAVU, 'DejaVu Sans');
    fontRegistered = true;
  }
  const height = Math.round((width * 297) / 210);
  const page = createCanvas(width, height);
  const ctx = page.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((skew * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  ctx.fillStyle = '#111';
  lines.forEach((line, i) => {
    // Latin-only lines in a proportional sans (IPA Gothic's monospaced l reads as L).
    ctx.font = /[^\u0000-\u024f]/u.test(line) ? `${fontSize}px GentenTestGothic` : `${fontSize}px DejaVu Sans`;
    ctx.fillText(line, Math.round(width * 0.08), Math.round(height * 0.08) + i * fontSize * lineHeight);
  });
  ctx.restore();
  addNoise(ctx, width, height, noise, seed);
  if (turn % 360 === 0) return page.toBuffer('image/png');
  const quarter = turn % 180 !== 0;
  const out = createCanvas(quarter ? height : width, quarter ? width : height);
  const octx = out.getContext('2d');
  octx.translate(out.width / 2, out.height / 2);
  octx.rotate((turn * Math.PI) / 180);
  octx.drawImage(page, -width / 2, -height / 2);
  return out.toBuffer('image/png');
}

/**
 * A page of vertical Japanese (縦書き), PNG bytes: each string one column, read top to bottom,
 * columns from the right. Punctuation that sits differently in vertical print is drawn in the
 * top right of its cell, as vertical fonts place it.
 */
export function renderVerticalPage(columns: string[], options: Pick<PageImageOptions, 'width' | 'fontSize' | 'noise' | 'seed'> = {}): Buffer {
  const { width = 1240, fontSize = 34 } = options;
  renderPage([], { width, fontSize }); // registers the fonts
  const height = Math.round((width * 297) / 210);
  const page = createCanvas(width, height);
  const ctx = page.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#111';
  ctx.font = `${fontSize}px GentenTestGothic`;
  ctx.textBaseline = 'top';
  columns.forEach((column, c) => {
    const x = Math.round(width * 0.88) - c * fontSize * 1.8;
    [...column].forEach((ch, i) => {
      const y = Math.round(height * 0.08) + i * fontSize * 1.05;
      if ('、。'.includes(ch)) ctx.fillText(ch, x + fontSize * 0.55, y - fontSize * 0.5);
      else if ('（「'.includes(ch) || '）」ー'.includes(ch)) {
        ctx.save();
        ctx.translate(x + fontSize / 2, y + fontSize / 2);
        ctx.rotate(Math.PI / 2);
        ctx.fillText(ch, -fontSize / 2, -fontSize / 2);
        ctx.restore();
      } else ctx.fillText(ch, x, y);
    });
  });
  addNoise(ctx, width, height, options.noise ?? 0, options.seed ?? 1);
  return page.toBuffer('image/png');
}

/** Scanner noise: a share of pixels flipped to random grey. */
function addNoise(ctx: SKRSContext2D, width: number, height: number, noise: number, seed: number): void {
  if (noise <= 0) return;
  const image = ctx.getImageData(0, 0, width, height);
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let p = 0; p < width * height; p++) {
    if (random() < noise) {
      const v = Math.floor(random() * 255);
      image.data[p * 4] = image.data[p * 4 + 1] = image.data[p * 4 + 2] = v;
    }
  }
  ctx.putImageData(image, 0, 0);
}

export interface ScanPdfPage {
  /** The page image (PNG). */
  image: Buffer;
  /** Text set invisibly over the page, as an OCR layer would be (e.g. garbage). Default: none. */
  textLayer?: string;
  /** How `textLayer` is hidden: `transparent` (fill opacity 0), or `invisible`, render mode 3, as OCR tools write it. Default: transparent. */
  textLayerMode?: 'transparent' | 'invisible';
  /** The image drawn mirrored left to right (a negative x scale). Default: upright. */
  mirror?: boolean;
  /** The page's /Rotate: viewers turn it clockwise by this (90, 180, 270). Default: none. */
  rotate?: number;
  /** The page is the image's size at this resolution, the image filling it, as scanners make them. Default: A4, the image fitted. */
  dpi?: number;
  /** A clip set before the image is drawn (`re W n`): the page box, or a rectangle in points from the top left [x, y, width, height]. Default: none. */
  clip?: 'page' | [number, number, number, number];
}

/** An image-only PDF: each page an A4 page (or the image's size, `dpi`) filled by its image. */
export function makeScanPdf(file: string, pages: ScanPdfPage[]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', () => resolve());
    out.on('error', reject);
    doc.pipe(out);
  });
  doc.registerFont('ja', japaneseFontPath());
  for (const page of pages) {
    const size = page.dpi ? pngOrJpegSize(page.image) : undefined;
    doc.addPage(size && page.dpi ? { size: [(size.width * 72) / page.dpi, (size.height * 72) / page.dpi], margin: 0 } : undefined);
    if (page.rotate) (doc.page.dictionary.data as Record<string, unknown>).Rotate = page.rotate;
    const { width, height } = doc.page;
    doc.save();
    if (page.clip) {
      const [x, y, w, h] = page.clip === 'page' ? [0, 0, width, height] : page.clip;
      doc.rect(x, y, w, h).clip();
    }
    if (page.mirror) doc.transform(-1, 0, 0, 1, width, 0);
    doc.image(page.image, 0, 0, { fit: [width, height], align: 'center', valign: 'center' });
    doc.restore();
    if (page.textLayer) {
      // Invisible, as an OCR layer is (pdf.js still extracts it). A text state operator may stand outside BT … ET.
      doc.save();
      if (page.textLayerMode === 'invisible') doc.addContent('3 Tr');
      else doc.fillOpacity(0);
      doc
        .font('ja')
        .fontSize(10)
        .text(page.textLayer, 40, 40, { width: width - 80 });
      doc.restore();
    }
  }
  doc.end();
  return done;
}

/** Grey levels of a PNG (its red channel: the pages here are grey). */
async function greyLevels(png: Buffer): Promise<{ width: number; height: number; grey: Uint8Array }> {
  const { loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
  const grey = new Uint8Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4];
  return { width: image.width, height: image.height, grey };
}

/**
 * A page PNG as scanners store pages: grey without alpha, 8 bits a pixel, or 1 bit (bilevel, below
 * mid grey black; PDFKit keeps it 1-bit DeviceGray, the image kind pdf.js decodes CCITT and JBIG2 scans into).
 */
export async function greyPng(png: Buffer, bits: 1 | 8): Promise<Buffer> {
  const { width, height, grey } = await greyLevels(png);
  const rowBytes = bits === 8 ? width : (width + 7) >> 3;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1; // each row after its filter byte (0: none)
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x];
      if (bits === 8) raw[row + x] = v;
      else if (v >= 128) raw[row + (x >> 3)] |= 128 >> (x & 7);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bits;
  header[9] = 0; // grey, no alpha
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A page PNG as a JPEG (stored in a PDF as a DCT image). */
export async function jpegOf(png: Buffer, quality = 90): Promise<Buffer> {
  const { loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return canvas.toBuffer('image/jpeg', quality);
}

/** A grey TIFF (uncompressed, big-endian) with one image per PNG page. */
export async function makeTiff(file: string, pages: Buffer[]): Promise<void> {
  const images = await Promise.all(pages.map(greyLevels));
  const HEADER = 8192;
  let offset = HEADER;
  const ifds = images.map(({ width, height, grey }) => {
    const ifd = { t256: [width], t257: [height], t258: [8], t259: [1], t262: [1], t273: [offset], t277: [1], t278: [height], t279: [grey.length], t284: [1] };
    offset += grey.length;
    return ifd;
  });
  const head = new Uint8Array(UTIF.encode(ifds as unknown as UTIF.IFD[]));
  if (head.length > HEADER) throw new Error('TIFF header too long');
  const out = new Uint8Array(offset);
  out.set(head);
  let at = HEADER;
  for (const { grey } of images) {
    out.set(grey, at);
    at += grey.length;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, out);
}

/** A "phone photo" of a page (JPEG): the page a little turned, on a grey desk, in uneven light. */
export async function photoOf(png: Buffer, options: { angle?: number } = {}): Promise<Buffer> {
  const { angle = 2 } = options;
  const { loadImage } = await import('@napi-rs/canvas');
  const page = await loadImage(png);
  const width = Math.round(page.width * 1.15);
  const height = Math.round(page.height * 1.1);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#8a8a85';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((angle * Math.PI) / 180);
  ctx.drawImage(page, -page.width / 2, -page.height / 2);
  ctx.restore();
  // Light falling off towards one corner.
  const light = ctx.createLinearGradient(0, 0, width, height);
  light.addColorStop(0, 'rgba(255,255,240,0.0)');
  light.addColorStop(1, 'rgba(60,50,40,0.18)');
  ctx.fillStyle = light;
  ctx.fillRect(0, 0, width, height);
  return canvas.toBuffer('image/jpeg', 85);
}

/** A grey page image made scan-like: scanner noise and a slight skew, as PNG bytes. */
export function scanOf(image: { width: number; height: number; data: Uint8Array }, options: { noise: number; skew: number; seed: number }): Buffer {
  const src = createCanvas(image.width, image.height);
  const sctx = src.getContext('2d');
  const data = sctx.createImageData(image.width, image.height);
  let state = options.seed;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < image.data.length; i++) {
    const v = random() < options.noise ? Math.floor(random() * 255) : image.data[i];
    data.data[i * 4] = data.data[i * 4 + 1] = data.data[i * 4 + 2] = v;
    data.data[i * 4 + 3] = 255;
  }
  sctx.putImageData(data, 0, 0);
  const out = createCanvas(image.width, image.height);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, image.width, image.height);
  ctx.translate(image.width / 2, image.height / 2);
  ctx.rotate((options.skew * Math.PI) / 180);
  ctx.drawImage(src, -image.width / 2, -image.height / 2);
  return out.toBuffer('image/png');
}

function levenshtein(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Character error rate of `read` against `truth`, both normalised alike: NFKC (full-width forms
 * and half-width kana to their standard forms), then Japanese without any whitespace (tesseract's
 * word spaces and the page's line wraps are not errors), other text with whitespace runs as one space.
 */
export function characterErrorRate(truth: string, read: string, japanese: boolean): number {
  const norm = (s: string) => {
    const t = s.normalize('NFKC');
    return japanese ? t.replace(/\s+/g, '') : t.replace(/\s+/g, ' ').trim();
  };
  const a = [...norm(truth)];
  return levenshtein(a, [...norm(read)]) / Math.max(1, a.length);
}

/** Largest and mean absolute difference of two grey images of one size. */
export function difference(a: GreyImage, b: GreyImage): { max: number; mean: number } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.data.length };
}

/** Writes a scan PDF of `pages` to `file` and opens it for rendering (close it after). */
export async function openScanPdf(file: string, pages: ScanPdfPage[]): Promise<PdfPages> {
  await makeScanPdf(file, pages);
  return PdfPages.open(new Uint8Array(fs.readFileSync(file)), file);
}

/** Page `page` made both ways: the fast path (`fast.from` says which) and drawn on the canvas. */
export async function renderBothWays(
  doc: PdfPages,
  page: number,
): Promise<{ fast: { image: GreyImage; from: PageImageSource }; canvas: { image: GreyImage } }> {
  const fast = await doc.renderPage(page);
  const canvas = await doc.renderPage(page, { canvas: true });
  expect(canvas.from).toBe('canvas');
  return { fast, canvas };
}
