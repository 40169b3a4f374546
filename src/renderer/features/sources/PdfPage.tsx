/**
 * One PDF page drawn by pdf.js: the canvas, its text layer, and the cited passage highlighted on
 * it (the chunk's text matched against the page's own text items).
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { loadPdf, TextLayer } from './pdf';
import type { OcrPageView } from '../../../shared/api';
import { ocrMarkBoxes } from './ocr-marks';
import { drawMarkBoxes } from './draw-mark-boxes';
import { DocumentError } from './DocumentError';
import { documentErrorCode } from './fetch-document';
import { locatePassage } from './text-match';

export interface PdfPageProps {
  url: string;
  page: number;
  /** Text to highlight on the page (the cited passage). */
  passage: string;
  /** Part of the passage to emphasise (the quoted sentence). Default: none. */
  quote?: string;
  onDocument?: (info: { pages: number }) => void;
  onHighlight?: (found: boolean) => void;
  /** When this page's text came from OCR: its words, highlighted instead of the PDF's own text layer. Default: none. */
  ocr?: OcrPageView;
  /** Times the pane's width (1: the page fits it). Default 1. */
  zoom?: number;
}

export function PdfPage({ url, page, passage, quote = '', onDocument, onHighlight, ocr, zoom = 1 }: PdfPageProps) {
  const { t } = useI18n();
  const wrapRef = useRef<HTMLDivElement>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<{ code: string; detail: string } | null>(null);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const host = pageRef.current;
    if (!host || width === 0) return;
    let cancelled = false;
    let textLayer: TextLayer | undefined;
    let renderTask: { cancel(): void; promise: Promise<void> } | undefined;
    setState('loading');
    (async () => {
      const doc = await loadPdf(url);
      if (cancelled) return;
      onDocument?.({ pages: doc.numPages });
      const pdfPage = await doc.getPage(Math.min(Math.max(1, page), doc.numPages));
      if (cancelled) return;
      const base = pdfPage.getViewport({ scale: 1 });
      // Fit to the pane's width whatever the page size: a scan saved at 300 dpi can declare a page 3,000 pt wide.
      const scale = Math.max(0.02, Math.min(8, ((width - 2) / base.width) * zoom));
      const viewport = pdfPage.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;

      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      const layer = document.createElement('div');
      layer.className = 'textLayer';
      host.replaceChildren(canvas, layer);
      host.style.width = `${Math.floor(viewport.width)}px`;
      host.style.height = `${Math.floor(viewport.height)}px`;
      host.style.setProperty('--scale-factor', String(scale));
      host.style.setProperty('--user-unit', '1');
      host.style.setProperty('--total-scale-factor', String(scale));
      host.style.setProperty('--scale-round-x', '1px');
      host.style.setProperty('--scale-round-y', '1px');

      renderTask = pdfPage.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
      await renderTask.promise;
      if (cancelled) return;

      textLayer = new TextLayer({ textContentSource: await pdfPage.getTextContent(), container: layer, viewport });
      await textLayer.render();
      if (cancelled) return;
      const found = ocr
        ? drawMarkBoxes(layer, ocrMarkBoxes(ocr, passage, quote))
        : highlightPassage(textLayer.textDivs, textLayer.textContentItemsStr, passage, quote);
      setState('ready');
      onHighlight?.(found);
      const first = layer.querySelector('mark.pdf-quote') ?? layer.querySelector('mark');
      first?.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
    })().catch((e: unknown) => {
      if (cancelled) return;
      const message = e instanceof Error ? e.message : String(e);
      if (/RenderingCancelled|cancelled/i.test(message)) return;
      setError(documentErrorCode(e));
      setState('error');
    });
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
    };
    // onDocument/onHighlight are notifications, deliberately not dependencies: re-rendering for them is not wanted.
  }, [url, page, passage, quote, width, ocr, zoom]);

  return (
    <div className="pdf-wrap" ref={wrapRef}>
      {state === 'loading' && <div className="pdf-loading">{t('viewer.loading')}</div>}
      {state === 'error' && error && <DocumentError {...error} />}
      <div className="pdf-page" ref={pageRef} data-page={page} aria-busy={state === 'loading'} />
    </div>
  );
}

/**
 * Wraps the parts of the text layer that hold the passage in <mark> (the quote inside it in a
 * stronger one); returns whether any of the passage was found on the page.
 */
function highlightPassage(divs: HTMLElement[], strings: string[], passage: string, quote: string): boolean {
  const starts: number[] = [];
  let text = '';
  strings.forEach((s, i) => {
    starts[i] = text.length;
    text += s;
  });
  const ranges = locatePassage(text, passage);
  if (ranges.length === 0) return false;
  const level = new Uint8Array(text.length);
  for (const [a, b] of ranges) level.fill(1, a, b);
  if (quote) for (const [a, b] of locatePassage(text, quote)) level.fill(2, a, b);
  strings.forEach((s, i) => {
    const div = divs[i];
    if (!div || !s) return;
    const from = starts[i];
    if (!level.subarray(from, from + s.length).some((v) => v > 0)) return;
    const nodes: Node[] = [];
    let at = 0;
    while (at < s.length) {
      const kind = level[from + at];
      let end = at + 1;
      while (end < s.length && level[from + end] === kind) end++;
      const piece = s.slice(at, end);
      if (kind === 0) nodes.push(document.createTextNode(piece));
      else {
        const mark = document.createElement('mark');
        mark.className = kind === 2 ? 'pdf-highlight pdf-quote' : 'pdf-highlight';
        mark.dataset.testid = 'source-highlight';
        mark.textContent = piece;
        nodes.push(mark);
      }
      at = end;
    }
    div.replaceChildren(...nodes);
  });
  return true;
}
