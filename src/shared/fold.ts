/**
 * The offset-preserving fold used to find text in text the way a reader would: each character is
 * folded on its own (NFKC, lower case), and every folded character remembers where it came from,
 * so matches found in the folded copy point back into the string as written. Shared by the
 * engine's highlights and the renderer's passage and term matching.
 */

export interface FoldedText {
  /** The folded copy. */
  text: string;
  /** For each UTF-16 unit of `text`, the offset in the original string of the character it came from. */
  source: number[];
}

export interface FoldOptions {
  /** Drop whitespace from the folded copy (matching that ignores line breaks and spaces). Default false. */
  dropWhitespace?: boolean;
}

/** Folds `text` character by character (NFKC, lower case), keeping the source offset of each folded unit. */
export function foldText(text: string, options: FoldOptions = {}): FoldedText {
  let out = '';
  const source: number[] = [];
  for (let i = 0; i < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    let folded = ch.normalize('NFKC').toLowerCase();
    if (options.dropWhitespace) folded = folded.replace(/\s+/gu, '');
    for (let j = 0; j < folded.length; j++) source.push(i);
    out += folded;
    i += ch.length;
  }
  return { text: out, source };
}
