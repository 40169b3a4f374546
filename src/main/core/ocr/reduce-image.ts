/**
 * A grey image made smaller by area averaging: each output pixel is the mean of the source area it
 * covers, source pixels cut by its edges weighed by the part inside. For a whole factor k (a 600 dpi
 * scan read at 300 dpi) that is the mean of each k × k block. Used for scans above the resolution a
 * page is read at (scan-image.ts), instead of pdf.js drawing the image scaled on the canvas.
 */

/**
 * Writes the grey levels of source row `y`, columns `x0` to `x1` (exclusive), into `target` from
 * index 0. False when the image has no such row (a cut-off stream): it is read as white.
 */
export type RowReader = (y: number, x0: number, x1: number, target: Uint8Array) => boolean;

/** A rectangle of whole pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * For output pixels `from` to `to` (exclusive) along one axis, each `scale` source pixels wide: the
 * first and last source pixel each covers, the part of each of those two inside it, and its total
 * weight (less than `scale` where the source ends).
 */
function spans(from: number, to: number, scale: number, size: number) {
  const n = Math.max(0, to - from);
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const head = new Float64Array(n);
  const tail = new Float64Array(n);
  const total = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const a = (from + j) * scale;
    const b = Math.min((from + j + 1) * scale, size);
    const i0 = Math.floor(a);
    // A float's last bit past a whole number must not add a source pixel of weight ~0.
    const i1 = Math.max(i0, Math.min(size - 1, Math.ceil(b - 1e-9) - 1));
    first[j] = i0;
    last[j] = i1;
    head[j] = i0 === i1 ? b - a : i0 + 1 - a;
    tail[j] = i0 === i1 ? 0 : b - i1;
    total[j] = b - a;
  }
  return { first, last, head, tail, total };
}

/**
 * A `pageWidth` × `pageHeight` white page with the `srcWidth` × `srcHeight` image read by `read`
 * area-averaged into `rect` (no larger than the image, and possibly running off the page).
 */
export function areaAverage(read: RowReader, srcWidth: number, srcHeight: number, rect: PixelRect, pageWidth: number, pageHeight: number): Uint8Array {
  const out = new Uint8Array(pageWidth * pageHeight).fill(255);
  const ox0 = Math.max(0, rect.x);
  const ox1 = Math.min(pageWidth, rect.x + rect.width);
  const oy0 = Math.max(0, rect.y);
  const oy1 = Math.min(pageHeight, rect.y + rect.height);
  if (ox1 <= ox0 || oy1 <= oy0) return out;
  const cols = spans(ox0 - rect.x, ox1 - rect.x, srcWidth / rect.width, srcWidth);
  const rows = spans(oy0 - rect.y, oy1 - rect.y, srcHeight / rect.height, srcHeight);
  const n = ox1 - ox0;
  const sx0 = cols.first[0];
  const line = new Uint8Array(cols.last[n - 1] + 1 - sx0);
  const acc = new Float64Array(n);
  // A whole factor (2 for 600 dpi read at 300) needs no weights across a row: about twice as fast.
  const step = Number.isInteger(srcWidth / rect.width) ? srcWidth / rect.width : 0;
  // A source row cut by an output row's edge is added to both output rows, read once.
  let lineY = -1;
  const addRow = (y: number, weight: number) => {
    if (y !== lineY && !read(y, sx0, sx0 + line.length, line)) line.fill(255);
    lineY = y;
    const { first, last, head, tail } = cols;
    for (let j = 0, i = 0; j < n; j++) {
      let sum = 0;
      if (step) for (const end = i + step; i < end; i++) sum += line[i];
      else {
        const i0 = first[j] - sx0;
        const i1 = last[j] - sx0;
        sum = head[j] * line[i0] + tail[j] * line[i1];
        for (let k = i0 + 1; k < i1; k++) sum += line[k];
      }
      acc[j] += weight * sum;
    }
  };
  for (let oy = oy0; oy < oy1; oy++) {
    const r = oy - oy0;
    const y0 = rows.first[r];
    const y1 = rows.last[r];
    acc.fill(0);
    addRow(y0, rows.head[r]);
    for (let y = y0 + 1; y < y1; y++) addRow(y, 1);
    if (y1 > y0) addRow(y1, rows.tail[r]);
    const o = oy * pageWidth + ox0;
    const area = rows.total[r];
    for (let j = 0; j < n; j++) out[o + j] = Math.round(acc[j] / (area * cols.total[j]));
  }
  return out;
}
