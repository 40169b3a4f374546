/**
 * The cited passage in its source: for a PDF the real page (pdf.js) with the passage highlighted
 * and page navigation; for other formats the passage marked in its surrounding text.
 */
import { useEffect, useRef, useState } from 'react';
import type { PassageView } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Host } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { DocumentTextView } from './DocumentTextView';
import { OcrBadge } from './OcrBadge';
import { PdfPage } from './PdfPage';
import { placeLabel, sectionLabel } from './SourceCards';
import { ScanImage } from './ScanImage';
import { locatePassage, splitByRanges } from './text-match';
import { ErrorNotice } from '../../lib/ErrorNotice';

export interface SourceViewerProps {
  host: Host;
  chunkId: string;
  /** Shown above the page: which citation this is. */
  label?: string;
  /** The quoted sentence, emphasised inside the highlighted passage. Default: none. */
  quote?: string;
  onClose(): void;
  closeLabel?: string;
}

export function SourceViewer({ host, chunkId, label, quote, onClose, closeLabel }: SourceViewerProps) {
  const { t } = useI18n();
  const [passage, setPassage] = useState<PassageView | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [page, setPage] = useState(1);
  const [pages, setPages] = useState<number | null>(null);
  const [located, setLocated] = useState<boolean | null>(null);
  const [tab, setTab] = useState<'page' | 'text'>('page');
  // 1 = the page fits the pane's width; a scan or a large page can be zoomed from there.
  const [zoom, setZoom] = useState(1);

  useEffect(() => {
    let cancelled = false;
    setPassage(null);
    setError(null);
    setLocated(null);
    void host.api.getPassage({ chunkId }).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        setPassage(result.value);
        setPage(result.value.page);
      } else setError(result.error);
    });
    return () => {
      cancelled = true;
    };
  }, [host, chunkId]);

  const inChunk = passage ? page >= passage.page && page <= passage.pageEnd : false;
  const paged = passage?.type === 'pdf' || passage?.type === 'image';
  // A scan shown as an image, or a PDF page: the same props, the cited passage marked on it.
  const PageView = passage?.type === 'image' ? ScanImage : PdfPage;
  const ocrPage = inChunk ? passage?.ocr?.find((p) => p.page === page) : undefined;

  return (
    <div className="viewer" data-testid="source-viewer" data-page={page}>
      <div className="viewer-head">
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          ← {closeLabel ?? t('viewer.back')}
        </button>
        {label && <span className="viewer-label">{label}</span>}
      </div>
      {error && <ErrorNotice error={error} />}
      {!passage && !error && <div className="muted pad">{t('viewer.loading')}</div>}
      {passage && (
        <>
          <div className="viewer-meta">
            <div className="viewer-title" title={passage.path}>
              {passage.title}
            </div>
            <div className="muted small">
              {sectionLabel(passage) && <span className="section-path">{sectionLabel(passage)}</span>}
              {ocrPage && <OcrBadge confidence={ocrPage.confidence} />}
              {paged && (
                <span>
                  {passage.pageEnd > passage.page
                    ? t('sources.pages', { page: passage.page, pageEnd: passage.pageEnd })
                    : t('sources.page', { page: passage.page })}
                </span>
              )}
              {(passage.type === 'xlsx' || passage.type === 'pptx') && <span data-testid="viewer-location">{placeLabel(t, passage)}</span>}
              {passage.lineStart !== undefined && (
                <span data-testid="viewer-lines">
                  {passage.lineEnd !== undefined && passage.lineEnd > passage.lineStart
                    ? t('sources.lines', { start: passage.lineStart, end: passage.lineEnd })
                    : t('sources.line', { line: passage.lineStart })}
                </span>
              )}
            </div>
          </div>
          <div className="viewer-tabs" role="tablist">
            {(['page', 'text'] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={tab === name}
                data-testid={`viewer-tab-${name}`}
                className={`btn btn-small${tab === name ? ' btn-selected' : ' btn-quiet'}`}
                onClick={() => setTab(name)}
              >
                {t(name === 'page' ? 'viewer.tabPage' : 'viewer.tabText')}
              </button>
            ))}
          </div>
          {paged ? (
            <>
              <div className="pager">
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setPage((p) => Math.max(1, p - 1))}
                  disabled={page <= 1}
                  aria-label={t('viewer.prev')}
                >
                  ‹
                </button>
                <span className="pager-label" data-testid="viewer-page">
                  {pages ? t('viewer.pageOf', { page, pages }) : page}
                </span>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setPage((p) => (pages ? Math.min(pages, p + 1) : p + 1))}
                  disabled={pages !== null && page >= pages}
                  aria-label={t('viewer.next')}
                >
                  ›
                </button>
                {!inChunk && (
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setPage(passage.page)}>
                    {t('sources.page', { page: passage.page })}
                  </button>
                )}
                <ZoomControls zoom={zoom} onZoom={setZoom} />
              </div>
              {tab === 'page' && inChunk && located === false && <div className="notice small">{t('viewer.notFound')}</div>}
              {tab === 'text' && <DocumentTextView host={host} documentId={passage.documentId} page={page} passage={inChunk ? passage.text : undefined} />}
              <div className="pdf-scroll" hidden={tab !== 'page'}>
                <PageView
                  url={host.fileUrl(passage.documentId)}
                  page={page}
                  passage={inChunk ? passage.text : ''}
                  quote={inChunk ? quote : ''}
                  ocr={ocrPage}
                  zoom={zoom}
                  onDocument={({ pages: n }) => setPages(n)}
                  onHighlight={(found) => setLocated(found)}
                />
              </div>
            </>
          ) : tab === 'text' || passage.type === 'pptx' ? (
            // A slide: its text, the passage marked (the page tab and the text tab show the same).
            <DocumentTextView host={host} documentId={passage.documentId} page={passage.page} passage={passage.text} />
          ) : passage.type === 'xlsx' ? (
            // A sheet: as a table, the cited rows' cells marked.
            <DocumentTextView host={host} documentId={passage.documentId} page={passage.page} passage={passage.text} table />
          ) : passage.source && passage.lineStart !== undefined ? (
            <NumberedText passage={passage} source={passage.source} quote={quote} />
          ) : (
            <TextContext passage={passage} quote={quote} />
          )}
        </>
      )}
    </div>
  );
}

const ZOOM_STEPS = [0.5, 0.75, 1, 1.5, 2, 3];

/** Zoom out / fit width / zoom in, in steps; fit width is where every page opens. */
function ZoomControls({ zoom, onZoom }: { zoom: number; onZoom: (zoom: number) => void }) {
  const { t } = useI18n();
  const step = (direction: 1 | -1) => {
    const next = direction > 0 ? ZOOM_STEPS.find((z) => z > zoom) : [...ZOOM_STEPS].reverse().find((z) => z < zoom);
    if (next !== undefined) onZoom(next);
  };
  return (
    <span className="zoom-controls" data-testid="viewer-zoom" data-zoom={zoom}>
      <button type="button" className="btn btn-small btn-quiet" onClick={() => step(-1)} disabled={zoom <= ZOOM_STEPS[0]!} aria-label={t('viewer.zoomOut')}>
        −
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={() => onZoom(1)} disabled={zoom === 1}>
        {t('viewer.zoomFit')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={() => step(1)} disabled={zoom >= ZOOM_STEPS.at(-1)!} aria-label={t('viewer.zoomIn')}>
        +
      </button>
    </span>
  );
}

function TextContext({ passage, quote }: { passage: PassageView; quote?: string }) {
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [passage.chunkId]);
  return (
    <div className="text-context">
      {passage.before && <p className="context-dim">{passage.before}</p>}
      <p>
        <mark ref={markRef} className="passage-mark" data-testid="source-highlight">
          {splitByRanges(passage.text, quote ? locatePassage(passage.text, quote) : []).map((piece, i) =>
            piece.marked ? (
              <strong key={i} className="quote-mark">
                {piece.text}
              </strong>
            ) : (
              <span key={i}>{piece.text}</span>
            ),
          )}
        </mark>
      </p>
      {passage.after && <p className="context-dim">{passage.after}</p>}
    </div>
  );
}

/**
 * A text file shown whole with its line numbers, the cited lines marked and scrolled into view,
 * the quote emphasised inside them.
 */
function NumberedText({ passage, source, quote }: { passage: PassageView; source: NonNullable<PassageView['source']>; quote?: string }) {
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center' });
  }, [passage.chunkId]);
  const lines = source.text.split('\n');
  const first = passage.lineStart! - source.firstLine;
  const last = Math.max(first, (passage.lineEnd ?? passage.lineStart!) - source.firstLine);
  const block = lines.slice(first, last + 1);
  const blockText = block.join('\n');
  const ranges = quote ? locatePassage(blockText, quote) : [];
  const row = (text: string, index: number, marked: Array<[number, number]> = []) => (
    <div key={index} className="line" data-line={index + source.firstLine}>
      <span className="gutter" aria-hidden>
        {index + source.firstLine}
      </span>
      <span className="line-text">
        {splitByRanges(text, marked).map((piece, i) =>
          piece.marked ? (
            <strong key={i} className="quote-mark">
              {piece.text}
            </strong>
          ) : (
            <span key={i}>{piece.text}</span>
          ),
        )}
        {text === '' ? '\u200b' : null}
      </span>
    </div>
  );
  let offset = 0;
  return (
    <div className="text-context numbered" data-testid="numbered-text">
      {lines.slice(0, first).map((text, i) => row(text, i))}
      <mark ref={markRef} className="passage-mark passage-lines" data-testid="source-highlight" data-lines={`${passage.lineStart}-${passage.lineEnd}`}>
        {block.map((text, i) => {
          const start = offset;
          offset += text.length + 1;
          const local = ranges.flatMap(([a, b]) =>
            b <= start || a >= start + text.length ? [] : [[Math.max(0, a - start), Math.min(text.length, b - start)] as [number, number]],
          );
          return row(text, first + i, local);
        })}
      </mark>
      {lines.slice(last + 1).map((text, i) => row(text, last + 1 + i))}
    </div>
  );
}
