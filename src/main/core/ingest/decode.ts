/**
 * Bytes → string for text-like files (txt, md, html, csv). Japanese files in the wild come as
 * UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's "Unicode"), Shift_JIS (CP932, Windows),
 * EUC-JP (old Unix) and occasionally ISO-2022-JP (mail).
 */
import type Encoding from 'encoding-japanese';
import { lazyPackage } from '../workers/lazy-package';

/** Only for bytes that are not UTF-8 (see lazy-package.ts). */
const encodingJapanese = lazyPackage<typeof Encoding>('encoding-japanese');

/**
 * WHATWG encoding names, as Node's TextDecoder reports them ('shift_jis' is CP932 there). Detection
 * yields the Japanese ones and UTF-16/8; an HTML <meta charset> may name any encoding TextDecoder knows.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp' | 'iso-2022-jp' | (string & {});

export interface DecodeOptions {
  /** Look for <meta charset> / http-equiv Content-Type in the first 1,024 bytes. Default false. */
  html?: boolean;
}

export interface DecodedText {
  /** The text with any BOM removed and line endings normalised to "\n". */
  text: string;
  encoding: TextEncodingName;
  /** How the encoding was chosen. */
  source: 'bom' | 'meta' | 'detected';
  /**
   * Damaged bytes (invalid in the chosen encoding) replaced by U+FFFD: a file that is mostly valid
   * UTF-8, Shift_JIS or EUC-JP with a few bad bytes is read, not refused. 0 for a clean file.
   */
  replaced: number;
}

const BOMS: Array<{ bytes: number[]; encoding: TextEncodingName }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/** Labels people write that TextDecoder does not know, and UTF-16 declarations (see `sniffHtmlCharset`). */
const CHARSET_ALIASES: Readonly<Record<string, string>> = {
  cp932: 'shift_jis',
  'windows-932': 'shift_jis',
  eucjp: 'euc-jp',
  // A page that says UTF-16 in an ASCII-readable <meta> cannot really be UTF-16: browsers read it as UTF-8.
  'utf-16': 'utf-8',
  'utf-16le': 'utf-8',
  'utf-16be': 'utf-8',
};

const DETECTED: Partial<Record<string, TextEncodingName>> = {
  UTF8: 'utf-8',
  ASCII: 'utf-8',
  SJIS: 'shift_jis',
  EUCJP: 'euc-jp',
  JIS: 'iso-2022-jp',
  UTF16LE: 'utf-16le',
  UTF16BE: 'utf-16be',
};

/** U+FFFD characters in a string. */
function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

/** U+FFFD written in the file itself (EF BF BD in UTF-8): not damage, so not counted as replaced. */
function writtenReplacements(bytes: Uint8Array): number {
  let n = 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = buffer.indexOf(REPLACEMENT_UTF8); i >= 0; i = buffer.indexOf(REPLACEMENT_UTF8, i + 3)) n++;
  return n;
}

/** Lenient decode: the text, U+FFFD for each damaged sequence, and how many were replaced. */
function decodeLeniently(bytes: Uint8Array, encoding: TextEncodingName): { text: string; replaced: number } {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const written = encoding === 'utf-8' ? writtenReplacements(bytes) : 0;
  return { text, replaced: Math.max(0, countReplacements(text) - written) };
}

/** Non-ASCII characters decoded cleanly (not U+FFFD): evidence that the bytes really are in that encoding. */
function countGoodNonAscii(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f && c !== 0xfffd && (c < 0xdc00 || c > 0xdfff)) n++;
  }
  return n;
}

function tryDecode(bytes: Uint8Array, encoding: TextEncodingName): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * UTF-16 without a BOM, recognised by its zero bytes (ASCII characters, newlines): a third of
 * the odd (LE) or even (BE) bytes in the first 4 KiB being zero never happens in 8-bit text.
 */
function guessBomlessUtf16(bytes: Uint8Array): TextEncodingName | undefined {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs / 3 && evenZeros < pairs / 20) return 'utf-16le';
  if (evenZeros > pairs / 3 && oddZeros < pairs / 20) return 'utf-16be';
  return undefined;
}

/** The charset an HTML file declares in its first 1,024 bytes (the HTML prescan window), if any. */
export function sniffHtmlCharset(bytes: Uint8Array): TextEncodingName | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  for (const meta of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const label = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(meta)?.[1]?.toLowerCase();
    if (!label) continue;
    try {
      return new TextDecoder(CHARSET_ALIASES[label] ?? label).encoding;
    } catch {
      return undefined; // a label no decoder knows: fall back to detection
    }
  }
  return undefined;
}

/**
 * Decodes a text file. Order: BOM; then (HTML) the declared charset if the bytes are valid in it;
 * then valid UTF-8; then UTF-8 with a few damaged bytes; then encoding-japanese's guess among
 * Shift_JIS / EUC-JP / ISO-2022-JP / UTF-16; last, whichever of CP932, EUC-JP and UTF-8 replaces
 * the fewest damaged bytes with U+FFFD (`replaced` says how many).
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const finish = (raw: string, encoding: TextEncodingName, source: DecodedText['source'], replaced = 0): DecodedText => ({
    text: raw.replace(/\r\n?/g, '\n'),
    encoding,
    source,
    replaced,
  });

  for (const bom of BOMS) {
    if (bom.bytes.every((byte, i) => bytes[i] === byte)) {
      const body = decodeLeniently(bytes.subarray(bom.bytes.length), bom.encoding);
      return finish(body.text, bom.encoding, 'bom', body.replaced);
    }
  }

  if (options.html) {
    const declared = sniffHtmlCharset(bytes);
    // A stale <meta> (file re-saved as UTF-8, declaration left as Shift_JIS) must not garble the text.
    const text = declared && tryDecode(bytes, declared);
    if (declared && text !== undefined) return finish(text, declared, 'meta');
  }

  const bomless16 = guessBomlessUtf16(bytes);
  if (bomless16) {
    const body = decodeLeniently(bytes, bomless16);
    return finish(body.text, bomless16, 'detected', body.replaced);
  }

  const utf8 = tryDecode(bytes, 'utf-8');
  // ISO-2022-JP is 7-bit, so it is also valid UTF-8: recognise its kanji escape sequences.
  const jis = utf8 !== undefined && /\x1b\$[@B]/.test(utf8) ? tryDecode(bytes, 'iso-2022-jp') : undefined;
  if (jis !== undefined) return finish(jis, 'iso-2022-jp', 'detected');
  if (utf8 !== undefined) return finish(utf8, 'utf-8', 'detected');

  // UTF-8 with a few damaged bytes (a bad copy, a truncated write): its other multi-byte characters
  // decode cleanly, far more of them than the damage. Shift_JIS or EUC-JP read as UTF-8 is the
  // opposite: almost every non-ASCII byte is invalid.
  const lenient = decodeLeniently(bytes, 'utf-8');
  if (countGoodNonAscii(lenient.text) >= 4 * lenient.replaced) return finish(lenient.text, 'utf-8', 'detected', lenient.replaced);

  const guess = DETECTED[String(encodingJapanese().detect(bytes))];
  const candidates: TextEncodingName[] = [...new Set([guess, 'shift_jis', 'euc-jp'].filter((e): e is TextEncodingName => !!e))];
  for (const encoding of candidates) {
    const text = tryDecode(bytes, encoding);
    if (text !== undefined) return finish(text, encoding, 'detected');
  }
  // ASCII text with a stray byte or two (a log, a CSV): read as UTF-8. A legacy decoder would pair a
  // stray byte with the next character and invent a kanji.
  if (lenient.replaced <= Math.max(3, bytes.length / 1000)) return finish(lenient.text, 'utf-8', 'detected', lenient.replaced);
  // Damaged everywhere it could be: the encoding that leaves the fewest bytes replaced (CP932, the
  // most common legacy encoding here, on a tie). Mostly binary data is refused later (checkDecodedText).
  let best = { ...decodeLeniently(bytes, 'shift_jis'), encoding: 'shift_jis' as TextEncodingName };
  for (const encoding of ['euc-jp', 'utf-8'] as const) {
    const other = encoding === 'utf-8' ? lenient : decodeLeniently(bytes, encoding);
    if (other.replaced < best.replaced) best = { ...other, encoding };
  }
  return finish(best.text, best.encoding, 'detected', best.replaced);
}
