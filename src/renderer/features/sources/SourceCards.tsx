/** One card per citation: document, page, section, and the quote with the question's words marked. */
import type { Citation } from '../../../shared/api';
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
                    : pageLabel(t, citation.page, citation.pageEnd)}
                </span>
                {citation.section && <span className="section-path">{citation.section}</span>}
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
