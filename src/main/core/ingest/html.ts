/**
 * HTML → text as a reader sees it: block elements break lines, inline whitespace collapses,
 * script/style vanish, entities are decoded, and h1–h6 become headings with offsets into the
 * produced text. DOCX goes through here too (mammoth turns Word's heading styles into h1–h6).
 */
import { lazyPackage } from '../workers/lazy-package';
import type { MarkupHeading, Parser } from './types';
import { decodeText } from './decode';
import { singlePageDocument, type ConvertedText } from './text';

/** Loaded when a file of this type is parsed (see lazy-package.ts). */
const htmlparser2 = lazyPackage<typeof import('htmlparser2')>('htmlparser2');

/** `title` is <title>, else the first h1; a heading's `text` has its whitespace collapsed and starts at `offset`. */
export type HtmlText = ConvertedText;

/** Elements whose content is not text a reader sees. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'canvas', 'select']);

/** Blocks that end a paragraph (a blank line after them) vs. ones that only end a line. */
const PARAGRAPH_BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
  'dl',
  'hr',
  'figure',
  'address',
  'fieldset',
]);
const LINE_BLOCKS = new Set([
  'div',
  'li',
  'dt',
  'dd',
  'tr',
  'caption',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'form',
  'legend',
  'details',
  'summary',
  'figcaption',
  'thead',
  'tbody',
  'tfoot',
  'body',
  'center',
  'option',
  'textarea',
]);
const CELLS = new Set(['td', 'th']);
const PREFORMATTED = new Set(['pre', 'textarea', 'listing', 'plaintext']);
const HEADING = /^h([1-6])$/;

/** Appends text with HTML's whitespace rules, remembering breaks until there is text to separate. */
class TextBuilder {
  private parts: string[] = [];
  length = 0;
  /** Newlines owed before the next text (0–2). */
  private pendingBreak = 0;
  /** Separator owed before the next text on the same line ('' | ' ' | '\t'). */
  private pendingSep = '';

  requestBreak(newlines: number): void {
    this.pendingBreak = Math.max(this.pendingBreak, newlines);
  }

  /** <br>: each one is a line break, two in a row make a blank line. */
  lineBreak(): void {
    this.pendingBreak = Math.min(2, this.pendingBreak + 1);
  }

  requestSeparator(sep: ' ' | '\t'): void {
    if (this.pendingSep !== '\t') this.pendingSep = sep;
  }

  /** Writes pending separators, then `text`; returns the offset where `text` starts. */
  private write(text: string): number {
    if (this.length > 0) {
      if (this.pendingBreak > 0) this.push('\n'.repeat(this.pendingBreak));
      else if (this.pendingSep) this.push(this.pendingSep);
    }
    this.pendingBreak = 0;
    this.pendingSep = '';
    const at = this.length;
    this.push(text);
    return at;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  /** Normal flow text: runs of ASCII whitespace become one space. Returns the offset of the first character written, if any. */
  flow(data: string): number | undefined {
    let first: number | undefined;
    const words = data.split(/[ \t\n\r\f]+/);
    words.forEach((word, i) => {
      if (i > 0) this.requestSeparator(' ');
      if (!word) return;
      const at = this.write(word);
      first ??= at;
    });
    return first;
  }

  /** <pre> text: written as is. */
  verbatim(data: string): number | undefined {
    if (!data) return undefined;
    const lines = data.split('\n');
    let first: number | undefined;
    lines.forEach((line, i) => {
      if (i > 0) this.lineBreak();
      if (!line) return;
      const at = this.write(line);
      first ??= at;
    });
    // A trailing newline inside <pre> still owes a line break.
    return first;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** Converts an HTML string to text and headings (one page). */
export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const headings: MarkupHeading[] = [];
  let skipDepth = 0;
  let preDepth = 0;
  let preJustOpened = false;
  let inTitle = false;
  let title = '';
  let heading: { level: number; offset?: number; raw: string } | undefined;

  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          if (SKIPPED.has(name)) skipDepth++;
          return;
        }
        if (name === 'title') inTitle = true;
        else if (name === 'br') out.lineBreak();
        else if (PARAGRAPH_BLOCKS.has(name)) out.requestBreak(2);
        else if (LINE_BLOCKS.has(name)) out.requestBreak(1);
        else if (CELLS.has(name)) out.requestSeparator('\t');
        else if (name === 'img') out.requestSeparator(' ');
        if (PREFORMATTED.has(name)) {
          preDepth++;
          preJustOpened = true;
        }
        const level = HEADING.exec(name)?.[1];
        if (level && !heading) heading = { level: Number(level), raw: '' };
      },
      ontext(data) {
        if (skipDepth > 0) return;
        if (inTitle) {
          title += data;
          return;
        }
        // HTML drops the newline right after <pre>.
        if (preDepth > 0 && preJustOpened) data = data.replace(/^\r?\n/, '');
        preJustOpened = false;
        const at = preDepth > 0 ? out.verbatim(data) : out.flow(data);
        if (heading) {
          heading.raw += data;
          if (heading.offset === undefined && at !== undefined) heading.offset = at;
        }
      },
      onclosetag(name) {
        if (SKIPPED.has(name) && skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'title') inTitle = false;
        else if (PARAGRAPH_BLOCKS.has(name)) out.requestBreak(2);
        else if (LINE_BLOCKS.has(name)) out.requestBreak(1);
        else if (CELLS.has(name)) out.requestSeparator('\t');
        if (PREFORMATTED.has(name) && preDepth > 0) preDepth--;
        if (heading && name === `h${heading.level}`) {
          const headingText = collapse(heading.raw);
          if (heading.offset !== undefined && headingText) headings.push({ page: 1, offset: heading.offset, level: heading.level, text: headingText });
          heading = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: true },
  );
  parser.write(html);
  parser.end();
  const text = out.toString();
  const docTitle = collapse(title) || headings.find((h) => h.level === 1)?.text;
  return { ...(docTitle ? { title: docTitle } : {}), text, headings };
}

/** HTML's whitespace (not NBSP, which renders and stays), collapsed as the text builder does. */
function collapse(text: string): string {
  return text.replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '');
}

export const parseHtml: Parser = async (data, path) => {
  const { text, replaced } = decodeText(data, { html: true });
  return singlePageDocument('html', htmlToText(text), path, replaced);
};
