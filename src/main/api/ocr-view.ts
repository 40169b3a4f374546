/** The OCR'd pages of a passage as the source viewer needs them (word boxes to highlight on the page image). */
import type { OcrPageView, PassageView } from '../../shared/api';
import type { Engine } from '../core/engine';
import type { KnownOcrText } from '../core/indexer/document-text';

/** At most this many pages of one passage carry their words (a passage rarely spans more than two). */
const MAX_PAGES = 4;

export async function ocrPagesView(engine: Engine, documentId: string, page: number, pageEnd: number): Promise<Pick<PassageView, 'ocr'>> {
  const pages: OcrPageView[] = [];
  for (let p = page; p <= Math.min(pageEnd, page + MAX_PAGES - 1); p++) {
    const row = await engine.ocrPage(documentId, p);
    if (!row) continue;
    pages.push({
      page: p,
      confidence: Math.round(row.confidence),
      width: row.width,
      height: row.height,
      rotation: row.rotation,
      words: JSON.parse(row.words) as OcrPageView['words'],
    });
  }
  return pages.length > 0 ? { ocr: pages } : {};
}

/** A document's pages read by OCR (current file version): their text and confidence, for the Text tab and `genten text`. */
export async function ocrTextsOf(engine: Engine, doc: { id: string; pages: number }): Promise<KnownOcrText[]> {
  const rows = await Promise.all(Array.from({ length: doc.pages }, (_, i) => engine.ocrPage(doc.id, i + 1)));
  return rows.filter((row) => row !== undefined).map(({ page, text, confidence }) => ({ page, text, confidence }));
}
