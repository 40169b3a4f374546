/**
 * What the library keeps of earlier comparisons: the recent ones (open one to carry on marking), and,
 * above a comparison made again after a document changed, the marks whose difference is no longer found.
 */
import type { ComparisonSummary, SavedComparison } from '../../../shared/compare';
import type { DocumentInfo } from '../../../shared/types';
import { useI18n } from '../../lib/i18n';

const fileName = (file: string) => file.split(/[\\/]/).pop() ?? file;

export function RecentComparisons(props: {
  recent: ComparisonSummary[];
  documents: DocumentInfo[];
  onOpen(pair: { standardId: string; draftId: string }): void;
}) {
  const { t, lang } = useI18n();
  if (props.recent.length === 0) return null;
  const title = (id: string, file: string) => props.documents.find((d) => d.id === id)?.title || fileName(file);
  return (
    <div className="review-history" data-testid="compare-recent">
      <h2>{t('compare.recent')}</h2>
      <ul>
        {props.recent.map((c) => (
          <li key={`${c.standardId}:${c.draftId}`}>
            <button
              type="button"
              className="link"
              data-testid="compare-recent-item"
              onClick={() => props.onOpen({ standardId: c.standardId, draftId: c.draftId })}
            >
              {title(c.standardId, c.standard)} ⇄ {title(c.draftId, c.draft)}
            </button>{' '}
            <span className="muted small">
              {new Date(c.comparedAt).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB')} ·{' '}
              {t('compare.recentCounts', { differences: c.summary.changed + c.summary.missing + c.summary.added, marked: c.marked })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function EarlierMarks({ saved }: { saved: SavedComparison }) {
  const { t } = useI18n();
  const ids = new Set(saved.result.items.map((i) => i.id));
  const earlier = Object.entries(saved.marks).filter(([id]) => !ids.has(id));
  if (earlier.length === 0) return null;
  return (
    <details className="notice small" data-testid="compare-earlier">
      <summary>{t('compare.earlier', { n: earlier.length })}</summary>
      <ul>
        {earlier.map(([id, m]) => (
          <li key={id}>
            {m.where} · {m.reason}
            {m.mark && <span className={`badge mark-${m.mark}`}>{t(`compare.mark.${m.mark}`)}</span>}
            {m.note && <span className="muted"> · {m.note}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
