/**
 * pdf.js needs the Adobe CMaps to read Japanese text set in non-embedded CID fonts (UniJIS-UCS2-H…)
 * and the standard fonts for the base-14 fonts; pdf-parse does not point at them, so the text
 * reader (ingest/pdf.ts) and the OCR page renderer (ocr/page-images.ts) do, with the pdf.js
 * pdf-parse depends on.
 */
import path from 'node:path';
import { packageRoot } from '../workers/lazy-package';

let assets: { cMapUrl: string; standardFontDataUrl: string } | undefined;

export function pdfjsAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  if (!assets) {
    const root = packageRoot('pdfjs-dist', { from: 'pdf-parse' });
    // pdf.js in Node reads these with fs, from a directory path that must end with a separator.
    assets = { cMapUrl: path.join(root, 'cmaps') + '/', standardFontDataUrl: path.join(root, 'standard_fonts') + '/' };
  }
  return assets;
}
