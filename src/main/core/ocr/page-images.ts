/**
 * Page images for OCR, one page at a time, in grey: a PDF page rendered by pdf.js onto
 * @napi-rs/canvas at ~300 dpi, or a page of an image file (PNG and JPEG decoded by the canvas,
 * TIFF pages by utif2). Runs in OCR worker threads only (pdf.js's legacy build patches built-ins
 * of the thread that loads it; see ingest/pdf.ts).
 */
import path from 'node:path';
import type * as Canvas from '@napi-rs/canvas';
import type UTIFModule from 'utif2';
import { GentenError } from '../../../shared/errors';
import { fileError } from '../ingest/errors';
import { pdfjsAssets } from '../ingest/pdfjs-assets';
import { greyFromRgba } from './grey';
import { greyFromPdfImage, soleUprightImage, type PdfImage } from './scan-image';
import type { GreyImage } from './types';
import { lazyPackage } from '../workers/lazy-package';

// Loaded when a page is drawn or a TIFF read, not when a parse worker starts (see lazy-package.ts).
const napiCanvas = lazyPackage<typeof Canvas>('@napi-rs/canvas');
const utif = lazyPackage<typeof UTIFModule>('utif2');

/** Rendering resolution for PDF pages. */
export const OCR_DPI = 300;
/**
 * Most pixels a page image may have (about A3 at 300 dpi). A bigger PDF page is rendered at a
 * lower resolution; a bigger image file is refused for that page (decoding it would take
 * gigabytes).
 */
export const MAX_PIXELS = 36_000_000;
/** Images smaller than this on their short side are scaled up: tesseract reads ~20 px text best. */
const MIN_SHORT_SIDE = 1000;

export type PageSourceKind = 'pdf' | 'png' | 'jpeg' | 'tiff';

export function imageKindOf(file: string): PageSourceKind | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.tif' || ext === '.tiff') return 'tiff';
  return undefined;
}

/** Number of pages of an image file (TIFF: its images; PNG/JPEG: 1). Throws INVALID_FILE for a TIFF it cannot read. */
export function imagePageCount(data: Uint8Array, file: string): number {
  if (imageKindOf(file) !== 'tiff') return 1;
  try {
    const ifds = utif()
      .decode(toArrayBuffer(data))
      .filter((ifd) => ifd.t256 !== undefined);
    if (ifds.length === 0) throw new Error('no images in it');
    return ifds.length;
  } catch (error) {
    throw fileError('INVALID_FILE', file, `cannot be read as a TIFF image (${(error as Error).message}): it may be damaged.`);
  }
}

function toArrayBuffer(data: Uint8Array): ArrayBuffer {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

function pageError(code: 'INVALID_FILE' | 'TOO_LARGE', file: string, page: number, detail: string): GentenError {
  return fileError(code, file, `page ${page} ${detail}`);
}

/** Draws a decoded canvas image scaled to a grey image. */
function drawGrey(
  source: Parameters<ReturnType<ReturnType<typeof Canvas.createCanvas>['getContext']>['drawImage']>[0],
  width: number,
  height: number,
  scale: number,
): GreyImage {
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = napiCanvas().createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  return greyFromRgba(ctx.getImageData(0, 0, w, h).data, w, h);
}

/** Scale that brings a small image up to a readable size (never down). */
function upscaleFor(width: number, height: number): number {
  const short = Math.min(width, height);
  const scale = short < MIN_SHORT_SIDE ? MIN_SHORT_SIDE / short : 1;
  return Math.min(scale, Math.sqrt(MAX_PIXELS / (width * height)), 4);
}

/** One page (1-based) of a PNG, JPEG or TIFF file as a grey image. */
export async function imagePage(data: Uint8Array, file: string, page: number): Promise<GreyImage> {
  const kind = imageKindOf(file);
  if (kind === 'tiff') {
    let ifd: UTIFModule.IFD | undefined;
    const buffer = toArrayBuffer(data);
    try {
      ifd = utif()
        .decode(buffer)
        .filter((entry) => entry.t256 !== undefined)[page - 1];
    } catch (error) {
      throw pageError('INVALID_FILE', file, page, `cannot be read (${(error as Error).message}): the TIFF may be damaged.`);
    }
    if (!ifd) throw pageError('INVALID_FILE', file, page, 'is missing from the TIFF.');
    const width = Number((ifd.t256 as number[])[0]);
    const height = Number((ifd.t257 as number[] | undefined)?.[0] ?? 0);
    if (!(width > 0 && height > 0)) throw pageError('INVALID_FILE', file, page, 'has no size: the TIFF may be damaged.');
    if (width * height > MAX_PIXELS)
      throw pageError('TOO_LARGE', file, page, `is too large to read (${width} × ${height} pixels; at most ${MAX_PIXELS / 1e6} million).`);
    const offsets = (ifd.t273 as number[] | undefined) ?? [];
    const counts = (ifd.t279 as number[] | undefined) ?? [];
    if (offsets.some((offset, i) => offset + (counts[i] ?? 0) > data.byteLength)) {
      throw pageError('INVALID_FILE', file, page, 'is cut off: the TIFF ends before its image data (the file may be incomplete).');
    }
    try {
      utif().decodeImage(buffer, ifd);
      const rgba = utif().toRGBA8(ifd);
      if (rgba.length < width * height * 4) throw new Error('truncated image data');
      const grey = greyFromRgba(rgba, width, height);
      const scale = upscaleFor(width, height);
      if (scale === 1) return grey;
      const canvas = napiCanvas().createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      const imageData = ctx.createImageData(width, height);
      imageData.data.set(rgba.subarray(0, width * height * 4));
      ctx.putImageData(imageData, 0, 0);
      return drawGrey(canvas, width, height, scale);
    } catch (error) {
      if (error instanceof GentenError) throw error;
      throw pageError('INVALID_FILE', file, page, `cannot be decoded (${(error as Error).message}): the TIFF may be damaged.`);
    }
  }
  const size = pngOrJpegSize(data);
  if (size && size.width * size.height > MAX_PIXELS) {
    throw pageError('TOO_LARGE', file, page, `is too large to read (${size.width} × ${size.height} pixels; at most ${MAX_PIXELS / 1e6} million).`);
  }
  let image: Awaited<ReturnType<typeof Canvas.loadImage>>;
  try {
    image = await napiCanvas().loadImage(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } catch (error) {
    throw pageError('INVALID_FILE', file, page, `cannot be decoded (${(error as Error).message}): the image may be damaged.`);
  }
  if (!(image.width > 0 && image.height > 0)) throw pageError('INVALID_FILE', file, page, 'cannot be decoded: the image may be damaged.');
  return drawGrey(image, image.width, image.height, upscaleFor(image.width, image.height));
}

/** Width and height from a PNG's IHDR or a JPEG's SOF marker, read before decoding anything. */
export function pngOrJpegSize(data: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length > 24 && data[0] === 0x89 && data[1] === 0x50) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (data[0] === 0xff && data[1] === 0xd8) {
    for (let at = 2; at + 9 < data.length;) {
      if (data[at] !== 0xff) return undefined;
      const marker = data[at + 1];
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// PDF pages

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfjs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Lowest resolution a PDF page is rendered at for OCR. */
const MIN_SCAN_DPI = 150;

type OperatorList = { fnArray: number[]; argsArray: unknown[][] };

/**
 * The resolution of a page that is one full-page scan: its largest image, when that image has
 * the page's proportions, spread over the page width. Undefined for other pages.
 */
function scanDpi({ OPS }: PdfJs, { fnArray, argsArray }: OperatorList, widthPt: number, heightPt: number): number | undefined {
  let best: { w: number; h: number } | undefined;
  fnArray.forEach((fn, i) => {
    const args = argsArray[i];
    const size =
      fn === OPS.paintImageXObject
        ? { w: Number(args[1]), h: Number(args[2]) }
        : fn === OPS.paintInlineImageXObject
          ? { w: Number((args[0] as { width: number }).width), h: Number((args[0] as { height: number }).height) }
          : undefined;
    if (size && size.w > 0 && size.h > 0 && (!best || size.w * size.h > best.w * best.h)) best = size;
  });
  if (!best) return undefined;
  const portrait = (a: number, b: number) => Math.max(a, b) / Math.min(a, b);
  if (Math.abs(portrait(best.w, best.h) - portrait(widthPt, heightPt)) > 0.1) return undefined;
  return Math.max(best.w, best.h) / (Math.max(widthPt, heightPt) / 72);
}

/**
 * How a page image was made: `scan` copied from the page's one image, `reduced` area-averaged down
 * from it (a scan above the resolution it is read at), `canvas` drawn by pdf.js.
 */
export type PageImageSource = 'scan' | 'reduced' | 'canvas';

/** The page as a `width` × `height` grey image made from its one image (scan-image.ts), when it is only that. */
async function scanGrey(
  lib: PdfJs,
  page: PdfPage,
  list: OperatorList,
  transform: number[],
  width: number,
  height: number,
): Promise<{ image: GreyImage; from: PageImageSource } | undefined> {
  const placed = soleUprightImage(list, lib, transform, { width, height });
  if (!placed) return undefined;
  // An image object id names what pdf.js's worker sends once decoded (`g_…`: kept for the document, used on several pages).
  const { image: id } = placed;
  const image =
    typeof id === 'string' ? await new Promise<PdfImage | null>((resolve) => (id.startsWith('g_') ? page.commonObjs : page.objs).get(id, resolve)) : id;
  const grey = image ? greyFromPdfImage(image, placed, width, height, lib) : undefined;
  return grey && { image: grey, from: placed.w === placed.width && placed.h === placed.height ? 'scan' : 'reduced' };
}

/** An open PDF whose pages are rendered on demand; `close()` frees it. */
export class PdfPages {
  private constructor(private readonly doc: PdfDocument) {}

  static async open(data: Uint8Array, file: string): Promise<PdfPages> {
    const { getDocument } = await loadPdfjs();
    try {
      const doc = await getDocument({ data: new Uint8Array(data), ...pdfjsAssets(), isEvalSupported: false, stopAtErrors: false, verbosity: 0 }).promise;
      return new PdfPages(doc);
    } catch (error) {
      throw fileError('INVALID_FILE', file, `cannot be read as a PDF (${(error as Error).message}).`);
    }
  }

  get pages(): number {
    return this.doc.numPages;
  }

  /**
   * Page `page` (1-based) rendered in grey at `dpi`, lower when it would pass MAX_PIXELS. Default:
   * OCR_DPI, or the resolution of the scan when the page is one full-page image scanned at less
   * (at least MIN_SCAN_DPI): enlarging a 150 dpi scan to 300 dpi enlarges its noise too, and
   * measured here made a noisy Japanese page read far worse and five times slower. A scan above
   * OCR_DPI is read at OCR_DPI, even where a lower resolution would divide it evenly: a 400 dpi
   * scan read at 200 dpi (tesseract ~35 % faster) lost 6 pt print (docs/ocr.md).
   */
  async render(page: number, dpi?: number): Promise<GreyImage> {
    return (await this.renderPage(page, { dpi })).image;
  }

  /** As render, saying how the image was made (PageImageSource). `canvas: true` always draws it (tests compare the two). */
  async renderPage(page: number, options: { dpi?: number; canvas?: boolean } = {}): Promise<{ image: GreyImage; from: PageImageSource }> {
    const lib = await loadPdfjs();
    const pdfPage = await this.doc.getPage(page);
    try {
      const base = pdfPage.getViewport({ scale: 1 });
      const list = await pdfPage.getOperatorList();
      const dpi = options.dpi ?? Math.min(OCR_DPI, Math.max(MIN_SCAN_DPI, scanDpi(lib, list, base.width, base.height) ?? OCR_DPI));
      let scale = dpi / 72;
      if (base.width * base.height * scale * scale > MAX_PIXELS) scale = Math.sqrt(MAX_PIXELS / (base.width * base.height));
      const viewport = pdfPage.getViewport({ scale });
      const width = Math.max(1, Math.floor(viewport.width));
      const height = Math.max(1, Math.floor(viewport.height));
      // Any surprise on the way (an odd operator, an image pdf.js could not decode) leaves it to the canvas.
      const scan = options.canvas ? undefined : await scanGrey(lib, pdfPage, list, viewport.transform, width, height).catch(() => undefined);
      if (scan) return { image: { ...scan.image, dpi: scale * 72 }, from: scan.from };
      const canvas = napiCanvas().createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      await pdfPage.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise;
      return { image: { ...greyFromRgba(ctx.getImageData(0, 0, width, height).data, width, height), dpi: scale * 72 }, from: 'canvas' };
    } finally {
      pdfPage.cleanup();
    }
  }

  async close(): Promise<void> {
    await this.doc.destroy();
  }
}
