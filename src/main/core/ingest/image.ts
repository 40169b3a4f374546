/**
 * Image files (PNG, JPEG, TIFF) as documents: one page per image (a multi-page TIFF has several),
 * each with no text until OCR reads it. Tiny images (icons, logos) hold no text worth reading.
 */
import { imagePageCount, pngOrJpegSize } from '../ocr/page-images';
import { fileError } from './errors';
import type { ParsedDocument, Parser } from './types';

/** Images smaller than this on both sides are not pages. */
const MIN_SIDE = 200;

export const parseImage: Parser = async (data, path): Promise<ParsedDocument> => {
  const size = pngOrJpegSize(data);
  if (size && size.width < MIN_SIDE && size.height < MIN_SIDE) {
    throw fileError('NO_TEXT', path, `is a small image (${size.width} × ${size.height} pixels), not a page: it holds no text to index.`);
  }
  const count = imagePageCount(data, path);
  return { type: 'image', pages: Array.from({ length: count }, (_, i) => ({ page: i + 1, text: '' })), headings: [] };
};
