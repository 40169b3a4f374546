/**
 * Zip bombs: a .docx is a zip archive, and a few kilobytes of it can inflate to gigabytes. Before
 * anything is inflated, the sizes the archive declares in its central directory are read and
 * checked: the total, and the ratio of each big part. (A part that lies about its size is stopped
 * by the parse worker's memory limit instead.)
 */
import { fileError } from './errors';
import { formatBytes } from '../../../shared/display';

export interface ZipLimits {
  /** Largest total of the parts once inflated. Default 1 GiB. */
  maxExpandedBytes?: number;
  /** Largest inflate ratio of one part that inflates to more than `ratioFloorBytes`. Default 100. */
  maxRatio?: number;
  /** Parts smaller than this may have any ratio (small XML compresses well). Default 32 MiB. */
  ratioFloorBytes?: number;
}

/** The record signatures of the zip format (APPNOTE 4.3), read little-endian. */
const SIGNATURE = { endOfDirectory: 0x06054b50, zip64Locator: 0x07064b50, zip64End: 0x06064b50, directoryEntry: 0x02014b50 } as const;
/** A 32-bit size or offset of this value means "see the zip64 record". */
const U32_MAX = 0xffffffff;

/** Throws TOO_LARGE when the archive declares parts that inflate beyond the limits; INVALID_FILE when it has no readable directory. */
export function checkZipBomb(data: Uint8Array, path: string, limits: ZipLimits = {}): void {
  const { maxExpandedBytes = 1024 ** 3, maxRatio = 100, ratioFloorBytes = 32 * 1024 ** 2 } = limits;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw fileError('INVALID_FILE', path, 'is not a readable Office document (its zip directory is missing): it may be damaged or truncated.');
  let offset = view.getUint32(eocd + 16, true);
  let end = offset + view.getUint32(eocd + 12, true);
  if (offset === U32_MAX && eocd >= 20 && view.getUint32(eocd - 20, true) === SIGNATURE.zip64Locator) {
    const record = Number(view.getBigUint64(eocd - 20 + 8, true));
    if (record + 56 > view.byteLength || view.getUint32(record, true) !== SIGNATURE.zip64End)
      throw fileError('INVALID_FILE', path, 'has a damaged zip directory.');
    offset = Number(view.getBigUint64(record + 48, true));
    end = offset + Number(view.getBigUint64(record + 40, true));
  }
  let total = 0;
  while (offset + 46 <= Math.min(end, view.byteLength) && view.getUint32(offset, true) === SIGNATURE.directoryEntry) {
    let compressed = view.getUint32(offset + 20, true);
    let expanded = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (expanded === U32_MAX || compressed === U32_MAX) {
      // ZIP64 sizes live in the extra field (id 1): uncompressed first, then compressed, each only if its 32-bit field is saturated.
      [expanded, compressed] = zip64Sizes(view, offset + 46 + nameLength, extraLength, expanded, compressed);
    }
    const name = new TextDecoder().decode(data.subarray(offset + 46, offset + 46 + nameLength));
    total += expanded;
    if (expanded > ratioFloorBytes && expanded / Math.max(1, compressed) > maxRatio) {
      throw fileError(
        'TOO_LARGE',
        path,
        `is a zip bomb: its part ${name} inflates from ${formatBytes(compressed)} to ${formatBytes(expanded)} (more than ${maxRatio}×).`,
      );
    }
    if (total > maxExpandedBytes) {
      throw fileError(
        'TOO_LARGE',
        path,
        `inflates to more than ${formatBytes(maxExpandedBytes)} (its parts declare ${formatBytes(total)} so far): too large to read.`,
      );
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === SIGNATURE.endOfDirectory) return at;
  }
  return -1;
}

function zip64Sizes(view: DataView, start: number, length: number, expanded: number, compressed: number): [number, number] {
  for (let at = start; at + 4 <= start + length && at + 4 <= view.byteLength;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      const read = () => {
        const value = field + 8 <= view.byteLength ? Number(view.getBigUint64(field, true)) : Number.MAX_SAFE_INTEGER;
        field += 8;
        return value;
      };
      const big = expanded === U32_MAX ? read() : expanded;
      const small = compressed === U32_MAX ? read() : compressed;
      return [big, small];
    }
    at += 4 + size;
  }
  return [expanded === U32_MAX ? Number.MAX_SAFE_INTEGER : expanded, compressed];
}
