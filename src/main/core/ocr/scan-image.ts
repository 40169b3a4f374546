/**
 * The fast path for a scanned PDF page: when the page draws nothing but one image, upright and
 * unflipped, at the resolution the page is rendered at or above it (a scan at its own resolution,
 * or a 600 dpi scan read at 300 dpi, see PdfPages.render), its grey image is made straight from
 * the image pdf.js decoded for the operator list: copied pixel for pixel, or area-averaged down
 * (reduce-image.ts). The canvas path decodes the image a second time (render evaluates the page
 * again), copies it into a canvas, draws it and reads it back: measured a page, 0.5 → 0.38 s on the
 * OCR bench's 200 dpi scan, 0.62 → 0.15 s on a 300 dpi JBIG2 scan, with identical pixels; an A4
 * 600 dpi 1-bit scan read at 300 dpi ~1.0 → ~0.35 s, JPEG ~3.5 → ~1.6 s (docs/ocr.md).
 */
import { luma, overWhite } from './grey';
import { areaAverage, type RowReader } from './reduce-image';
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

/**
 * Where the page's one image lands on the canvas: its object id (or the inline image), its size,
 * and the whole pixels it is drawn into (`w` × `h` from `x`, `y`; its own size or smaller).
 */
export interface PlacedImage {
  image: string | PdfImage;
  width: number;
  height: number;
  x: number;
  y: number;
  w: number;
  h: number;
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
  // Text state: text shows only through the showing operators below.
  'beginText',
  'endText',
  'setCharSpacing',
  'setWordSpacing',
  'setHScale',
  'setLeading',
  'setFont',
  'setTextRise',
  'moveText',
  'setLeadingMoveText',
  'setTextMatrix',
  'nextLine',
] as const;

/** Operators that show text: on a scan only in render mode 3, invisible (the OCR layer of a "searchable PDF"). */
const SHOW_TEXT = ['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText'] as const;
const INVISIBLE = 3;

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
 * The page's one image when the operator list draws only that, upright and unflipped, at its own
 * size in canvas pixels or smaller (pdf.js's canvas would copy it pixel for pixel, or scale it
 * down), on a `canvas`-sized page, under nothing but invisible text; undefined otherwise (several
 * paints, visible text, paths, masks, optional content, transparency, forms, annotations, a
 * rotated, flipped or enlarged image, a clip that cuts into the image).
 */
export function soleUprightImage(
  list: { fnArray: number[]; argsArray: unknown[][] },
  pdfjs: Pick<PdfJs, 'OPS'>,
  viewportTransform: number[],
  canvas: { width: number; height: number },
): PlacedImage | undefined {
  const { OPS } = pdfjs;
  const inert = new Set<number>(INERT.map((name) => OPS[name]));
  const showText = new Set<number>(SHOW_TEXT.map((name) => OPS[name]));
  const stack: [Matrix, number][] = [];
  let ctm = viewportTransform.slice(0, 6) as Matrix;
  let textMode = 0;
  let placed: PlacedImage | undefined;
  let clipping = false;
  const clips: Box[] = [];
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i];
    if (inert.has(fn)) continue;
    if (fn === OPS.save) stack.push([ctm, textMode]);
    else if (fn === OPS.restore) [ctm, textMode] = stack.pop() ?? [ctm, textMode];
    else if (fn === OPS.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.setGState && inertState(args[0])) continue;
    else if (fn === OPS.beginMarkedContentProps && args[0] !== 'OC') continue;
    else if (fn === OPS.setTextRenderingMode) textMode = Number(args[0]);
    else if (showText.has(fn) && textMode === INVISIBLE) continue;
    else if (fn === OPS.clip || fn === OPS.eoClip) clipping = true;
    else if (fn === OPS.constructPath && args[0] === OPS.endPath) {
      // `W n` (pdf.js lists the clip before the path it applies to); a path ended unpainted and unclipped draws nothing.
      const box = clipping ? rectangle((args[1] as unknown[] | undefined)?.[0], ctm) : undefined;
      if (clipping && !box) return undefined;
      if (box) clips.push(box);
      clipping = false;
    } else if ((fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) && !placed) {
      const image = fn === OPS.paintImageXObject ? String(args[0]) : (args[0] as PdfImage);
      const width = fn === OPS.paintImageXObject ? Number(args[1]) : (args[0] as PdfImage).width;
      const height = fn === OPS.paintImageXObject ? Number(args[2]) : (args[0] as PdfImage).height;
      const at = placement(ctm, width, height);
      if (!at) return undefined;
      placed = { image, width, height, ...at };
    } else return undefined;
  }
  if (!placed || clipping) return undefined;
  // A clip that holds every pixel of the image on the page changes nothing; 1/1000 of a pixel allows for pdf.js's float32 paths.
  const { x, y, w, h } = placed;
  const seen: Box = [Math.max(0, x), Math.max(0, y), Math.min(canvas.width, x + w), Math.min(canvas.height, y + h)];
  const holds = (box: Box) => box[0] <= seen[0] + 1e-3 && box[1] <= seen[1] + 1e-3 && box[2] >= seen[2] - 1e-3 && box[3] >= seen[3] - 1e-3;
  return clips.every(holds) ? placed : undefined;
}

/** Left, top, right, bottom in canvas pixels. */
type Box = [number, number, number, number];

/**
 * A path that is one rectangle, its sides along the canvas's axes under `ctm`, in canvas pixels;
 * undefined for any other. Path data as pdf.js lists it (DrawOPS: 0 moveTo, 1 lineTo, 3 closePath, each followed by its points).
 */
function rectangle(path: unknown, ctm: Matrix): Box | undefined {
  if (!(path instanceof Float32Array || Array.isArray(path))) return undefined;
  const points: number[][] = [];
  for (let i = 0; i < path.length; i += 3) {
    if (path[i] === 3 && i === path.length - 1) break;
    if (path[i] !== (i === 0 ? 0 : 1) || i + 2 >= path.length) return undefined;
    points.push([path[i + 1], path[i + 2]]);
  }
  // `re` gives four corners; a path drawn corner to corner may come back to its start.
  if (points.length === 5 && points[4][0] === points[0][0] && points[4][1] === points[0][1]) points.pop();
  if (points.length !== 4) return undefined;
  const [p, q, r, t] = points;
  const sides = (a: 0 | 1) => p[a] === q[a] && q[1 - a] === r[1 - a] && r[a] === t[a] && t[1 - a] === p[1 - a];
  if (!sides(0) && !sides(1)) return undefined;
  if (!((ctm[1] === 0 && ctm[2] === 0) || (ctm[0] === 0 && ctm[3] === 0))) return undefined;
  const [x0, y0] = apply(ctm, p);
  const [x1, y1] = apply(ctm, r);
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}

function apply(m: Matrix, [x, y]: number[]): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * The whole pixels pdf.js's canvas draws a `width` × `height` image into under `ctm`, when upright,
 * unflipped and not enlarged: paintInlineImageXObject scales the unit square by (1/w, -1/h) and
 * drawImageAtIntegerCoords rounds the corners to whole pixels; this repeats that arithmetic.
 */
function placement(ctm: Matrix, width: number, height: number): { x: number; y: number; w: number; h: number } | undefined {
  if (!(width > 0 && height > 0)) return undefined;
  const [a, b, c, d, tx, ty] = multiply(ctm, [1 / width, 0, 0, -1 / height, 0, 0]);
  if (b !== 0 || c !== 0 || !(a > 0) || !(d > 0)) return undefined;
  const x = Math.round(tx);
  const y = Math.round(-height * d + ty);
  const w = Math.abs(Math.round(width * a + tx) - x) || 1;
  const h = Math.abs(Math.round(ty) - y) || 1;
  return w <= width && h <= height ? { x, y, w, h } : undefined;
}

/** Each byte of a 1-bit image as its eight grey levels (set bits white). */
const BITS = new Uint8Array(256 * 8).map((_, i) => ((i >> 3) & (128 >> (i & 7)) ? 255 : 0));

/**
 * Grey levels of a decoded image's rows, as the canvas path gives them (pdf.js's
 * putBinaryImageData, then greyFromRgba's weights); undefined for a kind it cannot read this way or too little data.
 */
function greyRows(image: PdfImage, { ImageKind }: Pick<PdfJs, 'ImageKind'>): RowReader | undefined {
  const { width: w, height: h, kind, data: src } = image;
  if (!src || image.bitmap) return undefined;
  if (kind === ImageKind.GRAYSCALE_1BPP) {
    const rowBytes = (w + 7) >> 3;
    return (y, x0, x1, target) => {
      // Set bits are white; rows missing from a short image (a cut-off CCITT stream) stay white, as pdf.js leaves them transparent.
      const row = y * rowBytes;
      if (row + rowBytes > src.length) return false;
      let x = x0;
      let o = 0;
      for (; x < x1 && (x & 7 || x + 8 > x1); x++, o++) target[o] = src[row + (x >> 3)] & (128 >> (x & 7)) ? 255 : 0;
      // Whole bytes through a table: a 600 dpi page is 35 million bits.
      for (; x + 8 <= x1; x += 8, o += 8) {
        const at = src[row + (x >> 3)] * 8;
        for (let i = 0; i < 8; i++) target[o + i] = BITS[at + i];
      }
      for (; x < x1; x++, o++) target[o] = src[row + (x >> 3)] & (128 >> (x & 7)) ? 255 : 0;
      return true;
    };
  }
  if (kind === ImageKind.RGB_24BPP && src.length >= w * h * 3) {
    return (y, x0, x1, target) => {
      for (let p = (y * w + x0) * 3, o = 0; o < x1 - x0; o++, p += 3) target[o] = Math.round(luma(src[p], src[p + 1], src[p + 2]));
      return true;
    };
  }
  if (kind === ImageKind.RGBA_32BPP && src.length >= w * h * 4) {
    return (y, x0, x1, target) => {
      // Straight alpha over white paper, as greyFromRgba.
      for (let p = (y * w + x0) * 4, o = 0; o < x1 - x0; o++, p += 4) target[o] = overWhite(luma(src[p], src[p + 1], src[p + 2]), src[p + 3]);
      return true;
    };
  }
  return undefined;
}

/**
 * A `width` × `height` white page with `image` drawn onto it where `placed` says, in grey: at its
 * own size the pixels the canvas path gives; smaller, area-averaged (reduce-image.ts), which is not
 * what the canvas's scaling gives to the pixel but reads as well. Undefined for an image it cannot
 * read this way (a bitmap, an unknown kind, another size, too little data).
 */
export function greyFromPdfImage(image: PdfImage, placed: PlacedImage, width: number, height: number, pdfjs: Pick<PdfJs, 'ImageKind'>): GreyImage | undefined {
  const { x, y, w, h } = placed;
  if (image.width !== placed.width || image.height !== placed.height) return undefined;
  const read = greyRows(image, pdfjs);
  if (!read) return undefined;
  if (w !== image.width || h !== image.height)
    return { width, height, data: areaAverage(read, image.width, image.height, { x, y, width: w, height: h }, width, height) };
  const out = new Uint8Array(width * height).fill(255);
  const x0 = Math.max(0, x);
  const x1 = Math.min(width, x + w);
  // A row the image lacks stays white.
  for (let oy = Math.max(0, y); oy < Math.min(height, y + h) && x0 < x1; oy++) read(oy - y, x0 - x, x1 - x, out.subarray(oy * width + x0, oy * width + x1));
  return { width, height, data: out };
}
