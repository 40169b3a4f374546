/**
 * Markdown: the text is kept as written (so quotes match the file), with ATX (`## 見出し`) and
 * setext (`見出し` underlined by === or ---) headings found outside code fences.
 */
import type { MarkupHeading, Parser } from './types';
import { decodeText } from './decode';
import { singlePageDocument } from './text';

export interface MarkdownText {
  /** Front matter `title:`, else the first level-1 heading. */
  title?: string;
  /** The Markdown as written, without its front matter block. */
  text: string;
  /** `text` of each is found verbatim at `offset` (setext headings spanning lines are joined with a space). */
  headings: MarkupHeading[];
}

const FRONT_MATTER = /^(---|\+\+\+)[ \t]*\n([\s\S]*?)\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^( {0,3})(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that cannot start a paragraph a setext underline turns into a heading. */
const NOT_PARAGRAPH = /^(?: {4}|\t| {0,3}(?:[-+*][ \t]|\d{1,9}[.)][ \t]|>|#{1,6}(?:[ \t]|$)|<|\|))/;

/** `title:` from YAML or TOML front matter, quotes removed. */
function frontMatterTitle(block: string): string | undefined {
  const value = /^title[ \t]*[:=][ \t]*(.+?)[ \t]*$/m.exec(block)?.[1];
  const unquoted = value?.replace(/^(["'])(.*)\1$/, '$2').trim();
  return unquoted || undefined;
}

export function markdownToText(source: string): MarkdownText {
  const front = FRONT_MATTER.exec(source);
  const title = front ? frontMatterTitle(front[2] ?? '') : undefined;
  const text = front ? source.slice(front[0].length).replace(/^\n+/, '') : source;

  const headings: MarkupHeading[] = [];
  let fence: { char: string; length: number } | undefined;
  // The paragraph being read (a setext underline turns it into a heading).
  let paragraph: { offset: number; lines: string[] } | undefined;
  let offset = 0;

  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;

    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence.char && fenceMatch[1]!.length >= fence.length && !line.slice(fenceMatch[0].length).trim())
        fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = { char: fenceMatch[1]![0]!, length: fenceMatch[1]!.length };
      paragraph = undefined;
      continue;
    }

    const underline = SETEXT_UNDERLINE.exec(line);
    if (underline && paragraph) {
      const headingText = paragraph.lines.map((l) => l.trim()).join(' ');
      headings.push({ page: 1, offset: paragraph.offset, level: underline[1]![0] === '=' ? 1 : 2, text: headingText });
      paragraph = undefined;
      continue;
    }

    const atx = ATX.exec(line);
    if (atx) {
      const content = atx[3] ?? '';
      if (content) headings.push({ page: 1, offset: lineStart + line.indexOf(content, atx[1]!.length + atx[2]!.length), level: atx[2]!.length, text: content });
      paragraph = undefined;
      continue;
    }

    if (!line.trim()) paragraph = undefined;
    else if (paragraph) paragraph.lines.push(line);
    else if (!NOT_PARAGRAPH.test(line)) paragraph = { offset: lineStart + (line.length - line.trimStart().length), lines: [line] };
  }

  const docTitle = title ?? headings.find((h) => h.level === 1)?.text;
  return { ...(docTitle ? { title: docTitle } : {}), text, headings };
}

export const parseMarkdown: Parser = async (data, path) => {
  const decoded = decodeText(data);
  return singlePageDocument('markdown', markdownToText(decoded.text), path, decoded.replaced);
};
