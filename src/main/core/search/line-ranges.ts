/**
 * Lines for citations of text files (.txt, .md, .html): "lines 12–18" instead of "p. 1". A
 * chunk's offsets point into the cleaned text of its one page; the file is read again (once per
 * version), cleaned the same way, and offsets become line numbers. For Markdown the lines are the
 * file's own (front matter counted); for HTML they are the lines of the text the viewer shows.
 * A file that changed since it was indexed gets no lines rather than wrong ones.
 */
import { createHash } from 'node:crypto';
import type { Citation } from '../../../shared/api';
import type { DocType } from '../../../shared/types';
import { decodeText } from '../ingest/decode';
import { markdownToText } from '../ingest/markdown';
import { parseFile, readFileBytes } from '../ingest/parse-file';
import type { LibraryStore } from '../store/library-store';
import { cleanPages } from '../text/clean';

export const LINE_TYPES: ReadonlySet<DocType | 'unknown'> = new Set(['text', 'markdown', 'html']);

/** The text a text document's offsets point into, and where its lines start. */
export interface LinedText {
  text: string;
  /** Offsets where each line starts (lineStarts[0] = 0). */
  lineStarts: number[];
  /** The file's line number of the text's first line (after Markdown front matter). */
  firstLine: number;
}

export interface LineRange {
  lineStart: number;
  lineEnd: number;
}

export class LineIndex {
  private readonly cache = new Map<string, Promise<LinedText | null>>();

  constructor(private readonly store: Pick<LibraryStore, 'getChunk' | 'findDocument'>) {}

  /** The cleaned text of a text document as indexed, or null (not a text type, changed, unreadable). */
  textOf(doc: { path: string; type: DocType | 'unknown'; hash: string }): Promise<LinedText | null> {
    if (!LINE_TYPES.has(doc.type)) return Promise.resolve(null);
    const key = `${doc.path}\u0000${doc.hash}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = readLined(doc.path, doc.hash).catch(() => null);
      this.cache.set(key, entry);
      if (this.cache.size > 64) this.cache.delete(this.cache.keys().next().value!);
    }
    return entry;
  }

  /** Lines of [start, end) in a document's cleaned text. */
  static range(lined: LinedText, start: number, end: number): LineRange {
    const lineOf = (offset: number) => {
      let lo = 0;
      let hi = lined.lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lined.lineStarts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + lined.firstLine;
    };
    return { lineStart: lineOf(start), lineEnd: lineOf(Math.max(start, end - 1)) };
  }

  /** The lines a chunk (or the quote inside it) spans. */
  async rangeOfChunk(chunkId: string, quote?: string): Promise<LineRange | null> {
    const chunk = await this.store.getChunk(chunkId);
    if (!chunk) return null;
    const doc = await this.store.findDocument({ id: chunk.documentId });
    if (!doc) return null;
    const lined = await this.textOf(doc);
    if (!lined) return null;
    let start = chunk.charStart;
    let end = chunk.charEnd;
    // The quote's own lines when it is found verbatim in the chunk's span.
    const span = lined.text.slice(chunk.charStart, chunk.charEnd);
    const at = quote ? span.indexOf(quote.replace(/…$/, '')) : -1;
    if (quote && at >= 0) {
      start = chunk.charStart + at;
      end = start + quote.replace(/…$/, '').length;
    }
    return LineIndex.range(lined, start, end);
  }

  /** Citations with lineStart / lineEnd added where they come from a text file. */
  async addLines(citations: Citation[]): Promise<Citation[]> {
    return Promise.all(
      citations.map(async (c) => {
        const range = await this.rangeOfChunk(c.chunkId, c.quote).catch(() => null);
        return range ? { ...c, ...range } : c;
      }),
    );
  }
}

async function readLined(file: string, hash: string): Promise<LinedText | null> {
  const data = await readFileBytes(file);
  if (createHash('sha256').update(data).digest('hex') !== hash) return null;
  const parsed = await parseFile(file, { data });
  const page = parsed.pages[0];
  if (!page || parsed.pages.length !== 1) return null;
  const [clean] = cleanPages([page], { paged: false });
  const text = clean!.text;
  let firstLine = 1;
  if (parsed.type === 'markdown') {
    // Front matter is not part of the indexed text: count its lines so numbers match the file.
    const source = decodeText(data).text;
    const body = markdownToText(source).text;
    firstLine += (source.slice(0, source.length - body.length).match(/\n/g) ?? []).length;
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return { text, lineStarts, firstLine };
}
