/** One card per citation: document, page, section, and the quote with the question's words marked. */
import type { Citation } from '../../../shared/api';
import { type Locatable, sectionBeside, sourceLocation } from '../../../shared/location';
import { useI18n } from '../../lib/i18n';
import { OcrBadge } from './OcrBadge';
import { questionTerms, splitByRanges, termRanges } from './text-match';

export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  return (
    <>
      {splitByRanges(text, termRanges(text, terms)).map((piece, i) => (piece.marked ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>))}
    </>
  );
}

export function pageLabel(t: ReturnType<typeof useI18n>['t'], page: number, pageEnd: number): string {
  return pageEnd > page ? t('sources.pages', { page, pageEnd }) : t('sources.page', { page });
}

/** Where a passage is: its sheet and cells (月次点検表!B4:F9), its slide, or its pages. */
export function placeLabel(t: ReturnType<typeof useI18n>['t'], ref: Locatable): string {
  const location = sourceLocation(ref);
  if (location?.kind === 'sheet') return location.label;
  if (location?.kind === 'slide')
    return location.slideEnd > location.slide
      ? t('sources.slides', { slide: location.slide, slideEnd: location.slideEnd })
      : t('sources.slide', { slide: location.slide });
  return pageLabel(t, ref.page, ref.pageEnd);
}

/** The section path to show beside `placeLabel` (none where the label already says it). */
export function sectionLabel(ref: Locatable): string {
  return sectionBeside(ref, sourceLocation(ref));
}

export interface SourceCardsProps {
  citations: Citation[];
  question: string;
  activeN?: number | null;
  onOpen(citation: Citation): void;
}

export function SourceCards({ citations, question, activeN, onOpen }: SourceCardsProps) {
  const { t } = useI18n();
  const terms = questionTerms(question);
  if (citations.length === 0) return <p className="muted pad">{t('sources.noCitations')}</p>;
  return (
    <ol className="cards">
      {citations.map((citation) => (
        <li key={citation.n}>
          <button
            type="button"
            className={`card${activeN === citation.n ? ' card-active' : ''}`}
            data-testid="citation"
            data-n={citation.n}
            onClick={() => onOpen(citation)}
            title={t('sources.open')}
          >
            <span className="card-n">{citation.n}</span>
            <span className="card-body">
              <span className="card-title">{citation.title}</span>
              <span className="card-meta">
                <span className="card-page">
                  {citation.lineStart !== undefined
                    ? citation.lineEnd !== undefined && citation.lineEnd > citation.lineStart
                      ? t('sources.lines', { start: citation.lineStart, end: citation.lineEnd })
                      : t('sources.line', { line: citation.lineStart })
                    : placeLabel(t, citation)}
                </span>
                {sectionLabel(citation) && <span className="section-path">{sectionLabel(citation)}</span>}
                {citation.ocrConfidence !== undefined && <OcrBadge confidence={citation.ocrConfidence} />}
              </span>
              <span className="card-quote">
                <Highlighted text={citation.quote} terms={terms} />
              </span>
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
