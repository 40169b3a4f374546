/**
 * PowerPoint presentations (.pptx): one page per slide, in the deck's order. A slide reads title
 * first, then its text boxes and tables in reading order (top to bottom, then left to right), a
 * table row by row with a tab between cells, and last its speaker notes, marked as notes. The
 * slide's title is its heading; a passage is cited by its slide (スライド 3 / Slide 3).
 * The archive is read with jszip (which exceljs brings), the XML with htmlparser2.
 */
import { lazyPackage } from '../workers/lazy-package';
import type JSZip from 'jszip';
import { hasJapanese } from '../text/japanese';
import type { MarkupHeading, Parser, RawPage } from './types';
import { fileError, throwIfAborted } from './errors';
import { checkZipBomb } from './zip-guard';

/** Loaded when a file of this type is parsed (see lazy-package.ts). */
const htmlparser2 = lazyPackage<typeof import('htmlparser2')>('htmlparser2');

/** A small XML tree: enough for DrawingML. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attrs) {
        const node: XmlNode = { name, attrs, children: [], text: '' };
        stack[stack.length - 1]!.children.push(node);
        stack.push(node);
      },
      ontext(text) {
        stack[stack.length - 1]!.text += text;
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}

function* descendants(node: XmlNode, name: string): Generator<XmlNode> {
  for (const child of node.children) {
    if (child.name === name) yield child;
    else yield* descendants(child, name);
  }
}

const first = (node: XmlNode, name: string): XmlNode | undefined => descendants(node, name).next().value as XmlNode | undefined;

/** The paragraphs of a text body: runs (a:t) joined, a:br a line break within, a:tab a tab. */
function paragraphs(body: XmlNode): string[] {
  const out: string[] = [];
  for (const p of descendants(body, 'a:p')) {
    let text = '';
    const walk = (node: XmlNode) => {
      for (const child of node.children) {
        if (child.name === 'a:t') text += child.text;
        else if (child.name === 'a:br') text += ' ';
        else if (child.name === 'a:tab') text += '\t';
        else walk(child);
      }
    };
    walk(p);
    const clean = text
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim();
    if (clean) out.push(clean);
  }
  return out;
}

interface Block {
  /** Position on the slide (EMU), for reading order; a placeholder without one sits after the title. */
  x: number;
  y: number;
  lines: string[];
  title: boolean;
}

const TITLE_TYPES = new Set(['title', 'ctrTitle']);
/** Placeholders that hold no text of the slide's own: the slide image on a notes page, numbers, dates. */
const SKIPPED_TYPES = new Set(['sldImg', 'sldNum', 'dt', 'ftr', 'hdr']);

function offsetOf(node: XmlNode): { x: number; y: number } | undefined {
  const off = first(node, 'a:off');
  return off ? { x: Number(off.attrs.x) || 0, y: Number(off.attrs.y) || 0 } : undefined;
}

/** The text blocks of a shape tree (groups flattened), in document order. */
function blocksOf(tree: XmlNode): Block[] {
  const blocks: Block[] = [];
  const visit = (node: XmlNode) => {
    for (const child of node.children) {
      if (child.name === 'p:grpSp') visit(child);
      else if (child.name === 'p:sp') {
        const ph = first(child, 'p:ph');
        const type = ph?.attrs.type ?? (ph ? 'body' : '');
        if (SKIPPED_TYPES.has(type)) continue;
        const body = first(child, 'p:txBody');
        const lines = body ? paragraphs(body) : [];
        if (!lines.length) continue;
        const title = TITLE_TYPES.has(type);
        const at = offsetOf(first(child, 'p:spPr') ?? child) ?? { x: 0, y: title ? -2 : -1 };
        blocks.push({ ...at, lines, title });
      } else if (child.name === 'p:graphicFrame') {
        const table = first(child, 'a:tbl');
        if (!table) continue;
        const rows = [...descendants(table, 'a:tr')]
          .map((tr) =>
            [...descendants(tr, 'a:tc')]
              .filter((tc) => tc.attrs.hMerge !== '1' && tc.attrs.vMerge !== '1')
              .map((tc) => paragraphs(tc).join(' '))
              .filter(Boolean)
              .join('\t'),
          )
          .filter(Boolean);
        if (rows.length) blocks.push({ ...(offsetOf(first(child, 'p:xfrm') ?? child) ?? { x: 0, y: 0 }), lines: rows, title: false });
      }
    }
  };
  visit(tree);
  return blocks;
}

/** Title first; then top to bottom, left to right (boxes whose tops are within a small step read as one row). */
function readingOrder(blocks: Block[]): Block[] {
  const ROW = 180_000; // EMU: about 0.5 cm
  return [...blocks].sort((a, b) => Number(b.title) - Number(a.title) || (Math.abs(a.y - b.y) > ROW ? a.y - b.y : a.x - b.x));
}

/** Where a relationship of `part` points, as a path in the archive. */
async function relationTargets(zip: JSZip, part: string): Promise<Map<string, { type: string; target: string }>> {
  const slash = part.lastIndexOf('/');
  const rels = `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
  const xml = await zip.file(rels)?.async('string');
  const out = new Map<string, { type: string; target: string }>();
  if (!xml) return out;
  for (const rel of descendants(parseXml(xml), 'Relationship')) {
    const target = rel.attrs.Target ?? '';
    const resolved = target.startsWith('/') ? target.slice(1) : normalise(`${part.slice(0, slash)}/${target}`);
    out.set(rel.attrs.Id ?? '', { type: rel.attrs.Type ?? '', target: resolved });
  }
  return out;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const piece of path.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece && piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

/** The slides' parts in the deck's order (presentation.xml's slide list). */
async function slideParts(zip: JSZip, path: string): Promise<string[]> {
  const xml = await zip.file('ppt/presentation.xml')?.async('string');
  if (!xml) throw fileError('INVALID_FILE', path, 'is not a PowerPoint presentation (it has no ppt/presentation.xml): it may be damaged or misnamed.');
  const rels = await relationTargets(zip, 'ppt/presentation.xml');
  return [...descendants(parseXml(xml), 'p:sldId')].map((s) => rels.get(s.attrs['r:id'] ?? '')?.target).filter((t): t is string => !!t && !!zip.file(t));
}

/** One slide's text: title, boxes and tables in reading order, then its notes after a marker. */
export async function slideText(zip: JSZip, part: string): Promise<{ text: string; title?: string }> {
  const root = parseXml((await zip.file(part)!.async('string')) ?? '');
  const tree = first(root, 'p:spTree');
  const blocks = tree ? readingOrder(blocksOf(tree)) : [];
  const lines = blocks.flatMap((b) => b.lines);
  const title = blocks.find((b) => b.title)?.lines.join(' ');
  const rels = await relationTargets(zip, part);
  const notesPart = [...rels.values()].find((r) => r.type.endsWith('/notesSlide'))?.target;
  const notesXml = notesPart ? await zip.file(notesPart)?.async('string') : undefined;
  const notesTree = notesXml ? first(parseXml(notesXml), 'p:spTree') : undefined;
  const notes = notesTree ? blocksOf(notesTree).flatMap((b) => b.lines) : [];
  if (notes.length) {
    const japanese = hasJapanese(lines.join('') + notes.join(''));
    lines.push(`${japanese ? 'ノート：' : 'Notes: '}${notes[0]}`, ...notes.slice(1));
  }
  return { text: lines.join('\n'), ...(title ? { title } : {}) };
}

export const parsePptx: Parser = async (data, path, options = {}) => {
  checkZipBomb(data, path); // before anything is inflated
  // Loaded on the first presentation: most libraries hold PDFs.
  const { default: JSZipClass } = await import('jszip');
  let zip: JSZip;
  try {
    zip = await JSZipClass.loadAsync(data);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fileError('INVALID_FILE', path, `is not a readable PowerPoint presentation (${reason}): it may be damaged or not really a .pptx file.`);
  }
  const parts = await slideParts(zip, path);
  const pages: RawPage[] = [];
  const headings: MarkupHeading[] = [];
  for (const [i, part] of parts.entries()) {
    throwIfAborted(options.signal);
    const slide = await slideText(zip, part);
    const page = i + 1;
    pages.push({ page, text: slide.text });
    if (slide.title && slide.text.startsWith(slide.title)) headings.push({ page, offset: 0, level: 1, text: slide.title });
    try {
      options.onPage?.(page, parts.length);
    } catch {
      // A broken progress bar must not fail the file.
    }
  }
  if (!pages.some((p) => /\S/.test(p.text))) throw fileError('NO_TEXT', path, 'has no text on its slides (only pictures, or no slides).');
  const title = pages.length && headings[0]?.page === 1 ? headings[0].text : undefined;
  return { type: 'pptx', ...(title ? { title } : {}), pages, headings };
};
