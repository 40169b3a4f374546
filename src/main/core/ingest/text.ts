/** Plain text files (.txt, .csv, …): one page, the text as written. */
import { basename } from 'node:path';
import type { MarkupHeading, ParsedDocument, ParseWarning, Parser } from './types';
import { decodeText } from './decode';
import { fileError } from './errors';

/** Control characters and U+FFFD: what binary data turns into when decoded as text. */
const GARBAGE = /[\u0000-\u0008\u000e-\u001f\ufffd]/g;

/**
 * Checks decoded text before it is indexed: binary content under a text extension (a renamed
 * image, an undecodable legacy encoding) is INVALID_FILE; nothing but whitespace is NO_TEXT.
 */
export function checkDecodedText(text: string, path: string): void {
  const sample = text.slice(0, 65_536);
  const garbage = sample.match(GARBAGE)?.length ?? 0;
  // A few damaged bytes (U+FFFD) are read through and reported; binary data is control characters
  // and replacements throughout (about one character in ten, or more).
  if (garbage > 16 && garbage > sample.length / 20) {
    throw fileError('INVALID_FILE', path, 'does not look like text: it holds binary data or an encoding Genten cannot read.');
  }
  if (!/\S/u.test(text)) throw fileError('NO_TEXT', path, 'contains no text to index (it is empty or holds only images).');
}

/** What the one-page converters (text, Markdown, HTML, DOCX) produce. */
export interface ConvertedText {
  title?: string;
  text: string;
  headings: MarkupHeading[];
}

/** The per-file warning for damaged bytes read as U+FFFD, or none. */
export function replacedBytesWarning(path: string, replaced: number): ParseWarning[] {
  if (replaced <= 0) return [];
  const bytes = replaced === 1 ? 'byte' : 'bytes';
  return [
    {
      page: 1,
      code: 'INVALID_FILE',
      replacedBytes: replaced,
      message: `${basename(path)}: ${replaced} ${bytes} could not be decoded (the file is damaged there) and ${replaced === 1 ? 'was' : 'were'} replaced by \ufffd (U+FFFD); the rest of the text is indexed.`,
    },
  ];
}

/** Wraps converted text as a one-page document, after `checkDecodedText`. `replaced`: damaged bytes decoded as U+FFFD (a warning). */
export function singlePageDocument(type: ParsedDocument['type'], converted: ConvertedText, path: string, replaced = 0): ParsedDocument {
  checkDecodedText(converted.text, path);
  const title = converted.title?.trim();
  const warnings = replacedBytesWarning(path, replaced);
  return {
    type,
    ...(title ? { title } : {}),
    pages: [{ page: 1, text: converted.text }],
    headings: converted.headings,
    ...(warnings.length ? { warnings } : {}),
  };
}

export const parseText: Parser = async (data, path) => {
  const decoded = decodeText(data);
  return singlePageDocument('text', { text: decoded.text, headings: [] }, path, decoded.replaced);
};
