/** `genten index --ocr off|auto|force --ocr-lang jpn+eng`, and how OCR shows in the CLI's output. */
import { GentenError } from '../../shared/errors';
import type { IngestSummary } from '../../shared/types';
import { parseLanguages } from '../core/ocr/tessdata';
import { DEFAULT_OCR, type OcrMode, type OcrSettings } from '../core/ocr/types';

const MODES: OcrMode[] = ['off', 'auto', 'force'];

/** OCR settings from the flags; defaults: auto, jpn+eng. Throws BAD_REQUEST for a bad value. */
export function ocrSettingsFrom(values: { ocr?: string; 'ocr-lang'?: string }): OcrSettings {
  const mode = (values.ocr ?? DEFAULT_OCR.mode) as OcrMode;
  if (!MODES.includes(mode)) throw new GentenError('BAD_REQUEST', `--ocr takes off, auto or force (got '${values.ocr}')`);
  const langs = values['ocr-lang'] ?? DEFAULT_OCR.langs;
  parseLanguages(langs);
  return { mode, langs };
}

/** "OCR · 91 %" for a passage or page whose text came from OCR; '' otherwise. */
export function ocrLabel(confidence: number | undefined): string {
  return confidence === undefined ? '' : `OCR · ${Math.round(confidence)} %`;
}

/** What a warning is about: a whole-file note (hidden sheets, damaged bytes) says so rather than showing an error code. */
function warningLabel(w: NonNullable<IngestSummary['warnings']>[number]): string {
  if (w.hiddenSheets) return 'HIDDEN SHEETS';
  if (w.replacedBytes) return 'DAMAGED BYTES';
  return w.code;
}

/** Lines about OCR for the index summary: pages read, and per-page warnings. */
export function ocrSummaryLines(summary: IngestSummary): string[] {
  return [
    ...(summary.ocrPages ? [`OCR read ${summary.ocrPages} pages.`] : []),
    ...(summary.warnings ?? []).map(
      (w) => `  ! ${warningLabel(w).padEnd(16)} ${w.path}${w.replacedBytes || w.hiddenSheets ? '' : ` p.${w.page}`}\n    ${w.message}`,
    ),
  ];
}
