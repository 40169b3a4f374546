/**
 * Whether a PDF page's text layer can be trusted or the page must be OCR'd: no text at all, or
 * garbage: broken ToUnicode maps turn text into private-use or replacement characters, control
 * codes, or runs of symbols such as `™—›` where digits and letters should be.
 */

export interface TextLayerVerdict {
  ocr: boolean;
  reason?: 'empty' | 'garbage';
}

export interface TextLayerOptions {
  /** Fewer letters than this on the page means no usable text layer. Default 4. */
  minLetters?: number;
  /** Share of suspicious characters above which the layer is garbage. Default 0.3. */
  maxSuspicious?: number;
}

const SUSPICIOUS = /[\p{Co}\p{Cn}\uFFFD\p{Cc}]|[\u2000-\u206F\u2100-\u214F\u2190-\u23FF\u2500-\u25FF]/u;

export function judgeTextLayer(text: string, options: TextLayerOptions = {}): TextLayerVerdict {
  const { minLetters = 4, maxSuspicious = 0.3 } = options;
  let letters = 0;
  let suspicious = 0;
  let visible = 0;
  for (const ch of text) {
    if (ch === '\n' || ch === '\r' || ch === '\t' || ch === ' ') continue;
    visible++;
    if (SUSPICIOUS.test(ch)) suspicious++;
    else if (/\p{L}/u.test(ch)) letters++;
  }
  if (letters < minLetters) return { ocr: true, reason: visible > 0 && suspicious / visible > maxSuspicious ? 'garbage' : 'empty' };
  if (suspicious / visible > maxSuspicious) return { ocr: true, reason: 'garbage' };
  return { ocr: false };
}
