/** What the viewer shows of the library: one passage in its place (lines, OCR boxes), and a document's whole text. */
import type { DocumentText, PassageView } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import type { Engine } from '../core/engine';
import { LINE_TYPES, LineIndex } from '../core/search/line-ranges';
import { documentSource } from './document-source';
import { ocrPagesView, ocrTextsOf } from './ocr-view';

/** A passage with its neighbours, its lines (text files) and its OCR page boxes (scans). */
export async function passageView(engine: Engine, lineIndex: LineIndex, chunkId: string): Promise<PassageView> {
  const passage = await engine.passage(chunkId);
  if (!passage) throw new GentenError('NOT_FOUND', 'That passage is no longer in the library (the document was re-indexed or removed).');
  const { chunk, document: doc } = passage;
  // Text files: lines, and the whole text for the viewer to scroll to them (up to 2 MB).
  let lines: Pick<PassageView, 'lineStart' | 'lineEnd' | 'source'> = {};
  if (doc && LINE_TYPES.has(doc.type)) {
    const lined = await lineIndex.textOf(doc).catch(() => null);
    if (lined) {
      lines = {
        ...LineIndex.range(lined, chunk.charStart, chunk.charEnd),
        ...(lined.text.length <= 2_000_000 ? { source: { text: lined.text, firstLine: lined.firstLine } } : {}),
      };
    }
  }
  return {
    ...lines,
    chunkId: chunk.id,
    documentId: chunk.documentId,
    path: chunk.path,
    title: chunk.title,
    type: doc?.type ?? 'unknown',
    page: chunk.pageStart,
    pageEnd: chunk.pageEnd,
    section: chunk.section,
    text: chunk.text,
    before: passage.before?.text ?? '',
    after: passage.after?.text ?? '',
    charStart: chunk.charStart,
    charEnd: chunk.charEnd,
    ...(await ocrPagesView(engine, chunk.documentId, chunk.pageStart, chunk.pageEnd)),
  };
}

/** A document's text as indexed: its file where it is, else the library's copy. */
export async function documentTextView(engine: Engine, documentId: string): Promise<DocumentText> {
  const doc = await engine.document(documentId);
  if (!doc || doc.status === 'failed') throw new GentenError('NOT_FOUND', 'That document is not in the library.');
  // Its file where it is (as before), else the library's copy (a shared library's document indexed elsewhere).
  const source = await documentSource(engine, doc);
  const { readDocumentText, readDocumentTextInWorker } = await import('../core/indexer/document-text');
  const known = doc.ocrPages ? await ocrTextsOf(engine, doc) : [];
  // The library's copy of a file not on this machine is parsed here; a file on disk in a parse worker, the way
  // indexing read it, so that a big PDF does not hold up this thread.
  return source.data ? readDocumentText(doc.path, { known, data: source.data }) : readDocumentTextInWorker(doc.path, { known });
}
