/** What OCR gives back for one page, and the settings that decide when OCR runs. */

/** `auto`: OCR pages without a usable text layer; `force`: OCR every page of PDFs and images; `off`: never. */
export type OcrMode = 'off' | 'auto' | 'force';

export interface OcrSettings {
  /** Default 'auto'. */
  mode: OcrMode;
  /** Tesseract languages joined with '+', e.g. 'jpn+eng' (the default). */
  langs: string;
}

export const DEFAULT_OCR: OcrSettings = { mode: 'auto', langs: 'jpn+eng' };

/** A recognised word: its text and its box in the page image's pixels (x0, y0, x1, y1). */
export type OcrWord = [text: string, x0: number, y0: number, x1: number, y1: number];

export interface OcrPageResult {
  /** Recognised text, spaces between Japanese characters removed. */
  text: string;
  /** Mean word confidence, 0-100. */
  confidence: number;
  /** Words in reading order, with boxes (after `rotation`, in an image `width` × `height`). */
  words: OcrWord[];
  width: number;
  height: number;
  /** Clockwise degrees the page was turned before recognition (0, 90, 180, 270). */
  rotation: number;
  /** Why the page gave little or no text (blank, unreadable), for a per-page warning. */
  warning?: string;
}

/** A grey page image: one byte per pixel, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
  /** Pixels per inch, where known (a rendered PDF page). */
  dpi?: number;
}
