/** Which files Genten reads, decided by extension and checked against the first bytes. */
import { extname } from 'node:path';
import type { DocType } from '../../../shared/types';
import { fileError } from './errors';

/**
 * Extensions Genten reads. Beyond the usual ones: .mdown/.mkd (Markdown), .xhtml (HTML),
 * .csv/.tsv/.log (plain text: searchable as written), .png/.jpg/.jpeg/.tif/.tiff (scans and photos, read by OCR).
 */
export const EXTENSION_TYPES: Readonly<Record<string, DocType>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  // .xlsm is read as data: its macros are never run.
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.pptx': 'pptx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.mkd': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'text',
  '.tsv': 'text',
  '.log': 'text',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
};

/** What to tell the user for common formats we do not read. */
const UNSUPPORTED_HINTS: Readonly<Record<string, string>> = {
  '.doc': 'save it as .docx or PDF',
  '.rtf': 'save it as .docx or PDF',
  '.odt': 'save it as .docx or PDF',
  '.pages': 'export it as .docx or PDF',
  '.xls': 'save it as .xlsx, PDF or CSV',
  '.xlsb': 'save it as .xlsx, PDF or CSV',
  '.ods': 'save it as .xlsx, PDF or CSV',
  '.numbers': 'export it as .xlsx, PDF or CSV',
  '.ppt': 'save it as .pptx or PDF',
  '.odp': 'save it as .pptx or PDF',
  '.key': 'export it as .pptx or PDF',
};

/** The document type for a path, or undefined when Genten does not read that kind of file. */
export function docTypeFromPath(path: string): DocType | undefined {
  return EXTENSION_TYPES[extname(path).toLowerCase()];
}

export function isSupportedPath(path: string): boolean {
  return docTypeFromPath(path) !== undefined;
}

/** Like `docTypeFromPath`, but throws UNSUPPORTED_TYPE (with a hint where there is one). */
export function requireDocType(path: string): DocType {
  const type = docTypeFromPath(path);
  if (type) return type;
  const ext = extname(path).toLowerCase();
  const hint = UNSUPPORTED_HINTS[ext];
  const kind = ext ? `${ext} files` : 'files without an extension';
  throw fileError('UNSUPPORTED_TYPE', path, `cannot be read: Genten does not read ${kind}${hint ? `; ${hint}` : ''}.`);
}

const ZIP_MAGIC = [0x50, 0x4b]; // "PK": local file header or empty-archive record
/** PNG, JPEG, TIFF (little- and big-endian). */
const IMAGE_MAGIC = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // Compound File: legacy .doc or an encrypted Office file

/** The zip-based Office types: what to call them in messages. */
const OFFICE: Partial<Record<DocType, { app: string; ext: string; old: string; what: string }>> = {
  docx: { app: 'Word', ext: '.docx', old: '.doc', what: 'a Word .docx file' },
  xlsx: { app: 'Excel', ext: '.xlsx', old: '.xls', what: 'an Excel .xlsx file' },
  pptx: { app: 'PowerPoint', ext: '.pptx', old: '.ppt', what: 'a PowerPoint .pptx file' },
};

function startsWith(data: Uint8Array, magic: number[], at = 0): boolean {
  return magic.every((byte, i) => data[at + i] === byte);
}

/** Position of "%PDF-" within the first KiB (pdf.js, like Acrobat, tolerates junk before it), or -1. */
export function findPdfHeader(data: Uint8Array): number {
  const limit = Math.min(data.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (data[i] === 0x25 && data[i + 1] === 0x50 && data[i + 2] === 0x44 && data[i + 3] === 0x46 && data[i + 4] === 0x2d) return i;
  }
  return -1;
}

/** True when the bytes contain `text` encoded as UTF-16LE (how Compound Files name their streams). */
function containsUtf16(data: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(needle);
}

/**
 * Checks that the bytes are what the extension says, so that a renamed file fails with a clear
 * INVALID_FILE (or ENCRYPTED) instead of a parser's stack trace. Text-like types are not checked here.
 */
export function checkMagic(type: DocType, data: Uint8Array, path: string): void {
  if (data.length === 0) throw fileError('INVALID_FILE', path, 'is empty (0 bytes).');
  if (type === 'pdf' && findPdfHeader(data) < 0) {
    throw fileError('INVALID_FILE', path, 'is not a PDF file (no %PDF header): it may be damaged or misnamed.');
  }
  if (type === 'image' && !IMAGE_MAGIC.some((magic) => startsWith(data, magic))) {
    throw fileError('INVALID_FILE', path, 'is not a PNG, JPEG or TIFF image: it may be damaged or misnamed.');
  }
  const office = OFFICE[type];
  if (office && !startsWith(data, ZIP_MAGIC)) {
    // Office saves a password-protected file as a Compound File holding an "EncryptedPackage".
    if (startsWith(data, OLE_MAGIC) && containsUtf16(data, 'EncryptedPackage')) {
      throw fileError('ENCRYPTED', path, `is password-protected; open it in ${office.app} and save a copy without a password.`);
    }
    if (startsWith(data, OLE_MAGIC)) {
      throw fileError(
        'INVALID_FILE',
        path,
        `is an old-style ${office.app} (${office.old}) file renamed to ${office.ext}; open it in ${office.app} and save it as ${office.ext}.`,
      );
    }
    throw fileError('INVALID_FILE', path, `is not ${office.what} (not a zip archive): it may be damaged or misnamed.`);
  }
}
