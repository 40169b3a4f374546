/** Plain text files (.txt, .csv, …): one page, the text as written. */
import type { MarkupHeading, ParsedDocument, Parser } from './types';
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
  if (garbage > 16 && garbage > sample.length / 50) {
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

/** Wraps converted text as a one-page document, after `checkDecodedText`. */
export function singlePageDocument(type: ParsedDocument['type'], converted: ConvertedText, path: string): ParsedDocument {
  checkDecodedText(converted.text, path);
  const title = converted.title?.trim();
  return { type, ...(title ? { title } : {}), pages: [{ page: 1, text: converted.text }], headings: converted.headings };
}

export const parseText: Parser = async (data, path) => singlePageDocument('text', { text: decodeText(data).text, headings: [] }, path);
