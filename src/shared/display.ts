/**
 * Paths and names as they may be shown or put in a prompt. A file name may hold a newline or a
 * terminal escape sequence (both are legal on Linux and macOS): shown raw, it could fake output
 * lines, recolour a terminal or inject an instruction into a model's prompt. Pure: no node:*.
 */

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * The text with every control character written as an escape (`\n`, `\t`, `\u001b`…). Text
 * without control characters (almost every name) is returned unchanged, backslashes included.
 */
export function displayPath(text: string): string {
  if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const KB = 1024;
const MB = 1024 ** 2;
const GB = 1024 ** 3;

/** A size as people read it, in binary units everywhere (1 GB = 1024³ bytes): 3.0 GB, 200 MB, 12 KB, 512 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= KB) return `${Math.round(bytes / KB)} KB`;
  return `${Math.round(bytes)} B`;
}
