/**
 * The Compare view: pick the standard contract and the draft from the library, see the clauses
 * aligned (differences first, the most important first), both wordings side by side with the
 * differing words marked, either page one click away; mark each difference accepted or to
 * negotiate with a note, and export it like a review.
 */
import { useMemo, useState } from 'react';
import type { CompareItem, CompareMark, CompareSide } from '../../../shared/compare';
import type { DocumentInfo } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { ErrorNotice } from '../../lib/ErrorNotice';
import { useI18n, type Translate } from '../../lib/i18n';
import { DocumentTextView } from '../sources/DocumentTextView';
import { PdfPage } from '../sources/PdfPage';
import { ClauseText } from './ClauseText';
import { EarlierMarks, RecentComparisons } from './SavedComparisons';
import type { CompareState } from './use-compare';

const MARKS: CompareMark[] = ['accepted', 'negotiate'];

function place(t: Translate, side: CompareSide | null): string {
  if (!side) return t('compare.absent');
  const pages = side.pageEnd > side.page ? `pp.${side.page}–${side.pageEnd}` : `p.${side.page}`;
  return `${side.section || t('compare.preamble')} · ${pages}`;
}

export interface CompareViewProps {
  host: Host;
  compare: CompareState;
  documents: DocumentInfo[];
}

export function CompareView({ host, compare, documents }: CompareViewProps) {
  const { t, lang } = useI18n();
  const [all, setAll] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [viewer, setViewer] = useState<'standard' | 'draft' | null>(null);
  const usable = documents.filter((d) => d.status === 'indexed' || d.status === 'stale');
  const result = compare.saved?.result ?? null;
  const items = useMemo(() => (result ? result.items.filter((i) => all || i.kind !== 'same') : []), [result, all]);
  const item = result?.items.find((i) => i.id === selected) ?? null;
  const docOf = (side: 'standard' | 'draft') => usable.find((d) => d.id === (side === 'standard' ? compare.standardId : compare.draftId));

  const picker = (side: 'standard' | 'draft') => (
    <label className="compare-pick">
      <span>{t(`compare.${side}`)}</span>
      <select
        value={side === 'standard' ? compare.standardId : compare.draftId}
        onChange={(e) => (side === 'standard' ? compare.setStandardId(e.target.value) : compare.setDraftId(e.target.value))}
        data-testid={`compare-${side}`}
      >
        <option value="">{t('compare.choose')}</option>
        {usable.map((d) => (
          <option key={d.id} value={d.id}>
            {d.title || d.path}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="split compare">
      <div className="pane pane-main">
        <div className="pane-head">
          <h1>{t('compare.title')}</h1>
        </div>
        <p className="muted small">{t('compare.intro')}</p>
        {usable.length < 2 ? (
          <p className="empty">{t('compare.emptyLibrary')}</p>
        ) : (
          <div className="compare-bar">
            {picker('standard')}
            <span aria-hidden>⇄</span>
            {picker('draft')}
            <button
              type="button"
              className="btn btn-primary"
              disabled={!compare.standardId || !compare.draftId || compare.running}
              onClick={() => {
                setSelected(null);
                setViewer(null);
                void compare.run();
              }}
              data-testid="compare-run"
            >
              {compare.running ? t('compare.running') : t('compare.run')}
            </button>
          </div>
        )}
        {compare.error && <ErrorNotice error={compare.error} testId="compare-error" />}
        {result && (
          <>
            <div className="compare-bar small">
              <span data-testid="compare-summary">{t('compare.summary', { ...result.summary, seconds: result.seconds.toFixed(1) })}</span>
              <span className="muted" data-testid="compare-saved">
                {t('compare.comparedAt', { time: new Date(compare.saved!.comparedAt).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB') })}
                {compare.saveState !== 'idle' && ` · ${t(`compare.save.${compare.saveState}`)}`}
              </span>
              <button
                type="button"
                className="btn btn-small btn-quiet"
                disabled={compare.running}
                onClick={() => void compare.run({ again: true })}
                title={t('compare.againHint')}
                data-testid="compare-again"
              >
                {t('compare.again')}
              </button>
            </div>
            <div className="compare-bar small">
              <button type="button" className={`btn btn-small${all ? '' : ' btn-quiet'}`} onClick={() => setAll(!all)} data-testid="compare-all">
                {all ? t('compare.filter.differences') : t('compare.filter.all')}
              </button>
              <span className="muted">{t('compare.export')}</span>
              {(['xlsx', 'docx', 'md'] as const).map((f) => (
                <button key={f} type="button" className="btn btn-small" onClick={() => void compare.exportReport(f)} data-testid={`compare-export-${f}`}>
                  .{f}
                </button>
              ))}
            </div>
            {compare.exported && <p className="notice small">{t('compare.exported', { path: compare.exported })}</p>}
            <EarlierMarks saved={compare.saved!} />
            {items.length === 0 && <p className="empty">{t('compare.noDifferences')}</p>}
            <ul className="compare-list" data-testid="compare-items">
              {items.map((i) => (
                <Row key={i.id} item={i} t={t} on={i.id === selected} mark={compare.marks[i.id]?.mark} onPick={() => (setSelected(i.id), setViewer(null))} />
              ))}
            </ul>
          </>
        )}
        {!result && <RecentComparisons recent={compare.recent} documents={documents} onOpen={(pair) => void compare.open(pair)} />}
      </div>
      <aside className="pane pane-side compare-side">
        {!item ? (
          result && <p className="muted">{t('compare.pick')}</p>
        ) : (
          <div className="compare-detail" data-testid="compare-detail">
            <h2>
              <span className={`badge kind-${item.kind}`}>{t(`compare.kind.${item.kind}`)}</span> {item.reason}
            </h2>
            {item.changes.length > 0 && (
              <ul className="compare-changes">
                {item.changes.map((c, n) => (
                  <li key={n}>
                    <strong>{t(`compare.category.${c.category}`)}</strong> <del>{c.before || '—'}</del> → <ins>{c.after || '—'}</ins>
                  </li>
                ))}
              </ul>
            )}
            <div className="compare-sides">
              {(['standard', 'draft'] as const).map((side) => (
                <div key={side} className="compare-clause" data-testid={`compare-clause-${side}`}>
                  <div className="compare-clause-head">
                    <strong>{t(`compare.${side}`)}</strong> <span className="muted small">{place(t, item[side])}</span>
                    {item[side] && (
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => setViewer(side)} data-testid={`compare-open-${side}`}>
                        {t('compare.open')}
                      </button>
                    )}
                  </div>
                  {item[side] && <ClauseText text={item[side]!.text} changes={item.changes} side={side === 'standard' ? 'before' : 'after'} />}
                </div>
              ))}
            </div>
            {item.kind !== 'same' && (
              <>
                <div className="mark-buttons">
                  {MARKS.map((m) => (
                    <button
                      key={m}
                      type="button"
                      className={`btn btn-small${compare.marks[item.id]?.mark === m ? ` mark-on mark-${m}` : ''}`}
                      aria-pressed={compare.marks[item.id]?.mark === m}
                      onClick={() => compare.setMark(item.id, compare.marks[item.id]?.mark === m ? undefined : m)}
                      data-testid={`compare-mark-${m}`}
                    >
                      {t(`compare.mark.${m}`)}
                    </button>
                  ))}
                </div>
                <textarea
                  className="note-field small"
                  placeholder={t('compare.note')}
                  aria-label={t('compare.note')}
                  value={compare.marks[item.id]?.note ?? ''}
                  onChange={(e) => compare.setNote(item.id, e.target.value)}
                  data-testid="compare-note"
                />
              </>
            )}
            {viewer && item[viewer] && docOf(viewer) && (
              <div className="compare-viewer" data-testid="compare-viewer">
                <div className="compare-clause-head">
                  <strong>{docOf(viewer)!.title}</strong> <span className="muted small">{place(t, item[viewer])}</span>
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setViewer(null)}>
                    {t('compare.close')}
                  </button>
                </div>
                {docOf(viewer)!.type === 'pdf' ? (
                  <PdfPage url={host.fileUrl(docOf(viewer)!.id)} page={item[viewer]!.page} passage={item[viewer]!.text} />
                ) : (
                  <DocumentTextView host={host} documentId={docOf(viewer)!.id} page={item[viewer]!.page} passage={item[viewer]!.text} />
                )}
              </div>
            )}
          </div>
        )}
      </aside>
    </section>
  );
}

function Row({ item, t, on, mark, onPick }: { item: CompareItem; t: Translate; on: boolean; mark?: CompareMark; onPick: () => void }) {
  return (
    <li>
      <button type="button" className={`compare-row${on ? ' compare-row-on' : ''}`} onClick={onPick} data-testid="compare-row" data-kind={item.kind}>
        <span className={`badge kind-${item.kind}`}>{t(`compare.kind.${item.kind}`)}</span>
        <span className="compare-where">
          {place(t, item.standard)}
          <span className="muted"> → </span>
          {place(t, item.draft)}
        </span>
        <span className="compare-reason small">{item.reason}</span>
        {mark && <span className={`badge mark-${mark}`}>{t(`compare.mark.${mark}`)}</span>}
      </button>
    </li>
  );
}
