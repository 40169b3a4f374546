/**
 * The fast path for a scanned PDF page: when the page draws nothing but one image, upright,
 * unflipped and pixel for pixel at the resolution the page is rendered at (a scan at its own
 * resolution, see PdfPages.render), its grey image is made straight from the image pdf.js decoded
 * for the operator list. The canvas path decodes the image a second time (render evaluates the page
 * again), copies it into a canvas, draws it and reads it back: measured a page, 0.5 → 0.38 s on the
 * OCR bench's 200 dpi scan, 0.62 → 0.15 s on a 300 dpi JBIG2 scan, with identical pixels.
 */
import type { GreyImage } from './types';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type Matrix = [number, number, number, number, number, number];

/** A decoded image as pdf.js's worker sends it: `data` by `kind` (1-bit grey, RGB, RGBA), or a bitmap. */
export interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray | null;
  bitmap?: unknown;
}

/** Where the page's one image lands on the canvas: its object id (or the inline image), its size and its top left pixel. */
export interface PlacedImage {
  image: string | PdfImage;
  width: number;
  height: number;
  x: number;
  y: number;
}

/** Operators that draw nothing, by pdf.js name: a page made of these and one image is a plain scan. */
const INERT = [
  'dependency',
  'setLineWidth',
  'setLineCap',
  'setLineJoin',
  'setMiterLimit',
  'setDash',
  'setRenderingIntent',
  'setFlatness',
  'setStrokeColorSpace',
  'setFillColorSpace',
  'setStrokeColor',
  'setStrokeColorN',
  'setFillColor',
  'setFillColorN',
  'setStrokeGray',
  'setFillGray',
  'setStrokeRGBColor',
  'setFillRGBColor',
  'setStrokeCMYKColor',
  'setFillCMYKColor',
  'setStrokeTransparent',
  'setFillTransparent',
  'beginMarkedContent',
  'endMarkedContent',
  'beginCompat',
  'endCompat',
  'markPoint',
  'markPointProps',
] as const;

/** Graphics state entries that change how an image is painted unless they hold their defaults (pdf.js's names and values). */
function inertState(states: unknown): boolean {
  if (!Array.isArray(states)) return false;
  return states.every((entry) => {
    const [key, value] = entry as [string, unknown];
    if (key === 'ca') return value === 1;
    if (key === 'BM') return value === 'source-over';
    if (key === 'SMask') return value === false;
    return ['LW', 'LC', 'LJ', 'ML', 'D', 'RI', 'FL', 'Font', 'CA'].includes(key);
  });
}

function multiply(m: Matrix, n: number[]): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/**
 * The page's one image when the operator list draws only that, upright and unflipped, at exactly
 * its own size in canvas pixels (where pdf.js's canvas would copy it pixel for pixel); undefined
 * otherwise (several paints, text, paths, clips, masks, optional content, transparency, forms,
 * annotations, a rotated, flipped or scaled image).
 */
export function soleUprightImage(
  list: { fnArray: number[]; argsArray: unknown[][] },
  pdfjs: Pick<PdfJs, 'OPS'>,
  viewportTransform: number[],
): PlacedImage | undefined {
  const { OPS } = pdfjs;
  const inert = new Set<number>(INERT.map((name) => OPS[name]));
  const stack: Matrix[] = [];
  let ctm = viewportTransform.slice(0, 6) as Matrix;
  let placed: PlacedImage | undefined;
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i];
    if (inert.has(fn)) continue;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.setGState && inertState(args[0])) continue;
    else if (fn === OPS.beginMarkedContentProps && args[0] !== 'OC') continue;
    else if ((fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) && !placed) {
      const image = fn === OPS.paintImageXObject ? String(args[0]) : (args[0] as PdfImage);
      const width = fn === OPS.paintImageXObject ? Number(args[1]) : (args[0] as PdfImage).width;
      const height = fn === OPS.paintImageXObject ? Number(args[2]) : (args[0] as PdfImage).height;
      const at = integerPlacement(ctm, width, height);
      if (!at) return undefined;
      placed = { image, width, height, ...at };
    } else return undefined;
  }
  return placed;
}

/**
 * Where pdf.js's canvas puts a `width` × `height` image under `ctm`, when it copies it unscaled and
 * upright: paintInlineImageXObject scales the unit square by (1/w, -1/h) and
 * drawImageAtIntegerCoords rounds the corners to whole pixels; this repeats that arithmetic.
 */
function integerPlacement(ctm: Matrix, width: number, height: number): { x: number; y: number } | undefined {
  if (!(width > 0 && height > 0)) return undefined;
  const [a, b, c, d, tx, ty] = multiply(ctm, [1 / width, 0, 0, -1 / height, 0, 0]);
  if (b !== 0 || c !== 0 || !(a > 0) || !(d > 0)) return undefined;
  const x = Math.round(tx);
  const y = Math.round(-height * d + ty);
  const w = Math.abs(Math.round(width * a + tx) - x) || 1;
  const h = Math.abs(Math.round(ty) - y) || 1;
  return w === width && h === height ? { x, y } : undefined;
}

/**
 * A `width` × `height` white page with `image` copied onto it where `placed` says, in grey: the
 * pixels the canvas path gives (pdf.js's putBinaryImageData, then greyFromRgba's weights).
 * Undefined for an image it cannot read this way (a bitmap, an unknown kind, another size, too little data).
 */
export function greyFromPdfImage(image: PdfImage, placed: PlacedImage, width: number, height: number, pdfjs: Pick<PdfJs, 'ImageKind'>): GreyImage | undefined {
  const { ImageKind } = pdfjs;
  const { width: w, height: h, kind, data: src } = image;
  const { x, y } = placed;
  if (!src || image.bitmap || w !== placed.width || h !== placed.height) return undefined;
  const perPixel = kind === ImageKind.RGB_24BPP ? 3 : kind === ImageKind.RGBA_32BPP ? 4 : kind === ImageKind.GRAYSCALE_1BPP ? 0 : -1;
  if (perPixel < 0 || (perPixel > 0 && src.length < w * h * perPixel)) return undefined;
  const out = new Uint8Array(width * height).fill(255);
  const rowBytes = (w + 7) >> 3;
  const x0 = Math.max(0, x);
  const x1 = Math.min(width, x + w);
  for (let oy = Math.max(0, y); oy < Math.min(height, y + h); oy++) {
    const sy = oy - y;
    let o = oy * width + x0;
    if (perPixel === 0) {
      // Set bits are white; rows missing from a short image (a cut-off CCITT stream) stay white, as pdf.js leaves them transparent.
      const row = sy * rowBytes;
      if (row + rowBytes > src.length) break;
      for (let sx = x0 - x; sx < x1 - x; sx++, o++) out[o] = src[row + (sx >> 3)] & (128 >> (sx & 7)) ? 255 : 0;
    } else if (perPixel === 3) {
      for (let p = (sy * w + x0 - x) * 3; o < oy * width + x1; o++, p += 3) out[o] = Math.round(0.299 * src[p] + 0.587 * src[p + 1] + 0.114 * src[p + 2]);
    } else {
      // Straight alpha over white paper, as greyFromRgba.
      for (let p = (sy * w + x0 - x) * 4; o < oy * width + x1; o++, p += 4) {
        const a = src[p + 3] / 255;
        out[o] = Math.round((0.299 * src[p] + 0.587 * src[p + 1] + 0.114 * src[p + 2]) * a + 255 * (1 - a));
      }
    }
  }
  return { width, height, data: out };
}
