/**
 * Which clips and text layers leave a scan's image as it is (scan-image.ts): operator lists shaped
 * as pdf.js 5 gives them for `re W n` and other paths before an A4 page's one image, and for text
 * over it, with pdf.js's own operator numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { soleUprightImage } from '../../../src/main/core/ocr/scan-image';

type Ops = typeof import('pdfjs-dist/legacy/build/pdf.mjs').OPS;
let OPS: Ops;
beforeAll(async () => {
  ({ OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs'));
});

const A4 = { width: 595.28, height: 841.89 };
const SCALE = 150 / 72;
/** pdf.js's viewport at 150 dpi, and the canvas it is drawn on. */
const VIEWPORT = [SCALE, 0, 0, -SCALE, 0, A4.height * SCALE];
const CANVAS = { width: 1240, height: 1753 };
// pdf.js's DrawOPS: moveTo, lineTo, closePath.
const [M, L, Z] = [0, 1, 3];

/** A rectangle path as pdf.js lists `re`: from the corner (x, y), then round it. */
const rect = (x: number, y: number, w: number, h: number) => [M, x, y, L, x + w, y, L, x + w, y + h, L, x, y + h, Z];

/**
 * PDFKit's page: flipped to a top-left origin, then `path` ended with `end` (after a clip when
 * `clip`; under `turn`, undone after it), then the image filling the page.
 */
function page(path: number[] | undefined, options: { clip?: boolean; end?: number; turn?: number; text?: [number, unknown[] | null][] } = {}) {
  const { clip = true, end = OPS.endPath, turn = 0, text = [] } = options;
  const [c, s] = [Math.cos((turn * Math.PI) / 180), Math.sin((turn * Math.PI) / 180)].map((v) => Math.round(v * 1e12) / 1e12);
  const ops: [number, unknown[] | null][] = [
    [OPS.transform, [1, 0, 0, -1, 0, A4.height]],
    [OPS.save, null],
  ];
  if (turn) ops.push([OPS.transform, [c, s, -s, c, 0, 0]]);
  if (clip) ops.push([OPS.clip, null]);
  if (path) ops.push([OPS.constructPath, [end, [new Float32Array(path)], [0, 0, 0, 0]]]);
  if (turn) ops.push([OPS.transform, [c, -s, s, c, 0, 0]]);
  ops.push(
    [OPS.save, null],
    [OPS.transform, [A4.width, 0, 0, -A4.height, 0, A4.height]],
    [OPS.paintImageXObject, ['img_p0_1', 1240, 1754]],
    [OPS.restore, null],
    [OPS.restore, null],
    ...text,
  );
  return { fnArray: ops.map(([fn]) => fn), argsArray: ops.map(([, args]) => args as unknown[]) };
}

const placed = (list: ReturnType<typeof page>) => soleUprightImage(list, { OPS }, VIEWPORT, CANVAS);

describe('soleUprightImage and clips', () => {
  it('lets through a clip to the page box, or a larger one, however its rectangle is drawn', () => {
    expect(placed(page(rect(0, 0, A4.width, A4.height)))).toMatchObject({ image: 'img_p0_1', x: 0, y: 0, w: 1240, h: 1754 });
    expect(placed(page(rect(-10, -10, 700, 900)))).toBeDefined();
    // Corner to corner and back to the start, not closed; or drawn from the opposite corner.
    expect(placed(page([M, 0, 0, L, 0, A4.height, L, A4.width, A4.height, L, A4.width, 0, L, 0, 0]))).toBeDefined();
    expect(placed(page(rect(A4.width, A4.height, -A4.width, -A4.height)))).toBeDefined();
    // A path ended unpainted without a clip draws nothing.
    expect(placed(page(rect(10, 10, 20, 20), { clip: false }))).toBeDefined();
  });

  it('sends anything else to the canvas: a clip into the image, a path that is not one rectangle, a turned clip, a painted path', () => {
    expect(placed(page(rect(0, 0, A4.width, A4.height - 2)))).toBeUndefined();
    expect(placed(page(rect(40, 40, 300, 100)))).toBeUndefined();
    // A triangle whose bounds hold the page, and two rectangles.
    expect(placed(page([M, -1000, -10, L, 2000, -10, L, 300, 3000, Z]))).toBeUndefined();
    expect(placed(page([...rect(0, 0, A4.width, A4.height), ...rect(0, 0, 10, 10)]))).toBeUndefined();
    // A quarter turn keeps a rectangle's sides along the page's: the page box turned falls off the page, a larger box does not.
    expect(placed(page(rect(0, 0, A4.width, A4.height), { turn: 90 }))).toBeUndefined();
    expect(placed(page(rect(-1000, -1000, 2000, 2000), { turn: 90 }))).toBeDefined();
    // Any other turn makes a slanted rectangle: not checked, however large (the image alone, undone turn and all, would pass).
    expect(placed(page(rect(-2000, -2000, 4000, 4000), { turn: 30 }))).toBeUndefined();
    expect(placed(page(rect(-2000, -2000, 4000, 4000), { turn: 30, clip: false }))).toBeDefined();
    // A clip with no path to apply it to, and a filled page box (it paints).
    expect(placed(page(undefined))).toBeUndefined();
    expect(placed(page(rect(0, 0, A4.width, A4.height), { clip: false, end: OPS.fill }))).toBeUndefined();
  });
});

describe('soleUprightImage and text over the image', () => {
  /** `BT /F1 10 Tf 40 40 Td (…) Tj ET`, in render mode `mode` when given. */
  const text = (mode?: number): [number, unknown[] | null][] => [
    [OPS.beginText, null],
    ...(mode === undefined ? [] : [[OPS.setTextRenderingMode, [mode]] as [number, unknown[]]]),
    [OPS.dependency, ['g_d0_f1']],
    [OPS.setFont, ['g_d0_f1', 10]],
    [OPS.moveText, [40, 40]],
    [OPS.showText, [[{ unicode: 'a' }]]],
    [OPS.endText, null],
  ];

  it("lets through text in render mode 3, invisible (a searchable PDF's OCR layer)", () => {
    expect(placed(page(undefined, { clip: false, text: text(3) }))).toMatchObject({ image: 'img_p0_1' });
    // Set before a saved state is restored to, it still holds.
    expect(placed(page(undefined, { clip: false, text: [[OPS.setTextRenderingMode, [3]], [OPS.save, null], [OPS.restore, null], ...text()] }))).toBeDefined();
  });

  it('sends visible text to the canvas: the default fill, a clipping mode, an invisible mode restored away', () => {
    expect(placed(page(undefined, { clip: false, text: text() }))).toBeUndefined();
    expect(placed(page(undefined, { clip: false, text: text(0) }))).toBeUndefined();
    expect(placed(page(undefined, { clip: false, text: text(7) }))).toBeUndefined();
    expect(placed(page(undefined, { clip: false, text: [[OPS.save, null], [OPS.setTextRenderingMode, [3]], [OPS.restore, null], ...text()] }))).toBeUndefined();
  });
});
