/** One entry point for every file type: read, check, pick the parser, and make every failure name the file. */
import { readFile } from 'node:fs/promises';
import { GentenError, isAbortError } from '../../../shared/errors';
import type { DocType } from '../../../shared/types';
import type { ParseOptions, ParsedDocument, Parser } from './types';
import { parseDocx } from './docx';
import { fileError, readFailure, throwIfAborted } from './errors';
import { checkMagic, requireDocType } from './file-types';
import { parseHtml } from './html';
import { parseImage } from './image';
import { parseMarkdown } from './markdown';
import { parsePdf } from './pdf';
import { parsePptx } from './pptx';
import { parseText } from './text';
import { parseXlsx } from './xlsx';

const PARSERS: Readonly<Record<DocType, Parser>> = {
  pdf: parsePdf,
  docx: parseDocx,
  xlsx: parseXlsx,
  pptx: parsePptx,
  markdown: parseMarkdown,
  html: parseHtml,
  text: parseText,
  image: parseImage,
};

export interface ParseFileOptions extends ParseOptions {
  /** The file's bytes when the caller has read them already (to hash them, say). Default: read from `path`. */
  data?: Uint8Array;
}

export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fileError('READ_ERROR', path, `${readFailure(error)}.`);
  }
}

/**
 * Reads and parses one file. Throws GentenError (ENCRYPTED, INVALID_FILE, NO_TEXT,
 * UNSUPPORTED_TYPE, READ_ERROR) whose message names the file and whose `path` is set,
 * or an error named AbortError when `signal` fires.
 */
export async function parseFile(path: string, options: ParseFileOptions = {}): Promise<ParsedDocument> {
  const { data: given, ...parseOptions } = options;
  throwIfAborted(parseOptions.signal);
  const type = requireDocType(path);
  const data = given ?? (await readFileBytes(path));
  checkMagic(type, data, path);
  try {
    return await PARSERS[type](data, path, parseOptions);
  } catch (error) {
    if (isAbortError(error)) throw error;
    if (error instanceof GentenError) throw error.path ? error : new GentenError(error.code, error.message, path);
    // A parser bug or a library surprise on a strange file: the user sees which file, not a stack trace.
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('INVALID_FILE', path, `could not be read (${reason}): it may be damaged.`);
  }
}
