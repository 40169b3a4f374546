/**
 * Review: run a checklist against documents and check the answers. Left: the setup, or the results
 * table (one row per item × document, status, where it was found, the reviewer's mark). Right: the
 * selected row's answer, its citations with the source page beside them, accept / change / reject
 * and a note. Keys: ↑/↓ or j/k move, a accept, c changed, r reject, Enter opens the source, n note.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Citation } from '../../../shared/api';
import type { ReviewerMark, ReviewItemResult, ReviewRun } from '../../../shared/review';
import { renderReason } from '../../../shared/review-reasons';
import type { DocumentInfo } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { errorText, useI18n, type Translate } from '../../lib/i18n';
import { AnswerText } from '../ask/AnswerText';
import { SourceViewer } from '../sources/SourceViewer';
import { placeLabel } from '../sources/SourceCards';
import { ReviewSetup } from './ReviewSetup';
import type { ReviewState } from './use-review';

interface Row {
  key: string;
  itemId: string;
  question: string;
  category?: string;
  documentId: string;
  documentTitle: string;
  result?: ReviewItemResult;
}

function rowsOf(run: ReviewRun): Row[] {
  const results = new Map(run.results.map((r) => [`${r.itemId}\u0000${r.documentId}`, r]));
  return run.checklist.items.flatMap((item) =>
    run.documents.map((doc) => ({
      key: `${item.id}\u0000${doc.id}`,
      itemId: item.id,
      question: item.question,
      category: item.category,
      documentId: doc.id,
      documentTitle: doc.title || doc.path,
      result: results.get(`${item.id}\u0000${doc.id}`),
    })),
  );
}

export function place(t: Translate, c: Citation): string {
  if (c.lineStart !== undefined) {
    const end = c.lineEnd ?? c.lineStart;
    return end > c.lineStart ? t('sources.lines', { start: c.lineStart, end }) : t('sources.line', { line: c.lineStart });
  }
  return placeLabel(t, c);
}

export function ReviewView({ host, review, documents, onGoToLibrary }: { host: Host; review: ReviewState; documents: DocumentInfo[]; onGoToLibrary(): void }) {
  const { t, lang } = useI18n();
  const { run } = review;
  const rows = useMemo(() => (run ? rowsOf(run) : []), [run]);
  const [selected, setSelected] = useState(0);
  const [citationN, setCitationN] = useState<number | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const row = rows[selected];
  const result = row?.result;
  const citation = result?.citations.find((c) => c.n === citationN) ?? result?.citations[0];

  useEffect(() => {
    setSelected(0);
  }, [run?.id]);
  useEffect(() => {
    setCitationN(null);
  }, [selected, run?.id]);
  // Keep the selected row in view by scrolling the table only (scrollIntoView would scroll the window's panes too).
  useEffect(() => {
    const table = tableRef.current;
    const el = table?.querySelector<HTMLElement>(`[data-index="${selected}"]`);
    if (!table || !el) return;
    const head = table.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = el.getBoundingClientRect().top - table.getBoundingClientRect().top + table.scrollTop;
    if (top - head < table.scrollTop) table.scrollTop = top - head;
    else if (top + el.offsetHeight > table.scrollTop + table.clientHeight) table.scrollTop = top + el.offsetHeight - table.clientHeight;
  }, [selected]);

  const counts = { found: 0, not_found: 0, needs_review: 0 };
  for (const r of run?.results ?? []) counts[r.status]++;
  const total = rows.length;

  const setMark = (mark: ReviewerMark | null) => {
    if (row?.result) void review.mark(row.itemId, row.documentId, row.result.mark === mark ? null : mark);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement) return;
    const key = event.key;
    if (key === 'ArrowDown' || key === 'j') setSelected((s) => Math.min(rows.length - 1, s + 1));
    else if (key === 'ArrowUp' || key === 'k') setSelected((s) => Math.max(0, s - 1));
    else if (key === 'Home') setSelected(0);
    else if (key === 'End') setSelected(rows.length - 1);
    else if (key === 'a') setMark('accepted');
    else if (key === 'c') setMark('changed');
    else if (key === 'r') setMark('rejected');
    else if (key === 'n') noteRef.current?.focus();
    else if (key === 'Enter' && result?.citations[0]) setCitationN(result.citations[0].n);
    else return;
    event.preventDefault();
  };

  if (!run) {
    return (
      <section className="pane pane-single review" data-testid="review-view">
        <header className="pane-head">
          <h1>{t('review.title')}</h1>
        </header>
        <p className="muted">{t('review.intro')}</p>
        {review.error && <ErrorNotice t={t} error={review.error} />}
        {documents.length === 0 ? (
          <div className="empty">
            <p>{t('review.emptyLibrary')}</p>
            <button type="button" className="btn btn-primary" onClick={onGoToLibrary}>
              {t('nav.library')}
            </button>
          </div>
        ) : (
          <ReviewSetup host={host} review={review} documents={documents} />
        )}
        {review.runs.length > 0 && (
          <div className="review-history">
            <h2>{t('review.history')}</h2>
            <ul>
              {review.runs.map((s) => (
                <li key={s.id}>
                  <button type="button" className="link" data-testid="review-history-item" onClick={() => void review.open(s.id)}>
                    {s.name}
                  </button>{' '}
                  <span className="muted small">
                    {new Date(s.createdAt).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB')} · {s.documents.join(', ')} · {s.done}/{s.total} ·{' '}
                    {t(`review.state.${s.state}`)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    );
  }

  const stopped = run.state === 'cancelled' || run.state === 'interrupted' || run.state === 'failed';
  return (
    <section className="split review" data-testid="review-view">
      <div className="pane pane-main">
        <header className="pane-head">
          <h1 className="review-title">{run.checklist.name}</h1>
          <button type="button" className="btn btn-quiet" onClick={review.close} data-testid="review-new">
            {t('review.new')}
          </button>
        </header>
        <div className="review-bar">
          {review.running && (
            <>
              <button type="button" className="btn btn-danger btn-small" onClick={() => void review.cancel()} data-testid="review-cancel">
                ■ {t('common.cancel')}
              </button>
              <progress max={total} value={run.results.length} data-testid="review-progress" />
            </>
          )}
          <span className="muted small" data-testid="review-counts">
            {t('review.counts', { found: counts.found, needs: counts.needs_review, notFound: counts.not_found, done: run.results.length, total })}
          </span>
          <span className="muted small">· {run.model.kind === 'extractive' ? t('review.extractive') : run.model.name}</span>
        </div>
        {!review.running && (
          <div className="review-bar">
            {stopped && (
              <button type="button" className="btn btn-small btn-primary" onClick={() => void review.resume()} data-testid="review-resume">
                ▶ {t('review.resume')}
              </button>
            )}
            {run.state === 'done' && (
              <button
                type="button"
                className="btn btn-small btn-quiet"
                onClick={() => void review.rerun()}
                data-testid="review-rerun"
                title={t('review.rerunHint')}
              >
                ↻ {t('review.rerun')}
              </button>
            )}
            <span className="spacer" />
            <span className="muted small">{t('review.export')}</span>
            {(['xlsx', 'docx', 'md', 'csv'] as const).map((format) => (
              <button
                key={format}
                type="button"
                className="btn btn-small"
                onClick={() => void review.exportReport(format, lang)}
                data-testid={`review-export-${format}`}
              >
                .{format}
              </button>
            ))}
          </div>
        )}
        {stopped && !review.running && (
          <p className="notice small" data-testid="review-stopped">
            {t(`review.stoppedNote.${run.state}` as 'review.stoppedNote.cancelled', { done: run.results.length, total })}
          </p>
        )}
        {review.exported && (
          <p className="notice small" data-testid="review-exported">
            {t('review.exported', { path: review.exported })}
          </p>
        )}
        {review.error && <ErrorNotice t={t} error={review.error} />}
        <div className="review-table" ref={tableRef} tabIndex={0} onKeyDown={onKeyDown} data-testid="review-table" aria-label={t('review.keys')}>
          <table className="docs">
            <thead>
              <tr>
                <th>ID</th>
                <th>{t('review.col.question')}</th>
                {run.documents.length > 1 && <th>{t('review.col.document')}</th>}
                <th>{t('review.col.status')}</th>
                <th>{t('review.col.where')}</th>
                <th>{t('review.col.mark')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, index) => (
                <tr
                  key={r.key}
                  data-index={index}
                  data-testid="review-row"
                  data-item={r.itemId}
                  data-status={r.result?.status ?? 'pending'}
                  data-mark={r.result?.mark ?? ''}
                  className={`review-row${index === selected ? ' review-row-selected' : ''}`}
                  onClick={() => {
                    setSelected(index);
                    tableRef.current?.focus();
                  }}
                  aria-selected={index === selected}
                >
                  <td className="nowrap">{r.itemId}</td>
                  <td>
                    {r.question}
                    {r.category && <div className="muted small">{r.category}</div>}
                  </td>
                  {run.documents.length > 1 && <td className="small">{r.documentTitle}</td>}
                  <td>
                    {r.result ? (
                      <span className={`badge badge-${r.result.status}`}>{t(`review.status.${r.result.status}`)}</span>
                    ) : (
                      <span className="muted small">{review.running ? '…' : '–'}</span>
                    )}
                    {r.result?.change && r.result.change.kind !== 'unchanged' && (
                      <span className="badge badge-change">{t(`review.change.${r.result.change.kind}`)}</span>
                    )}
                  </td>
                  <td className="small">
                    {r.result?.citations[0] && (
                      <>
                        {place(t, r.result.citations[0])}
                        {r.result.citations[0].section && <div className="muted">{r.result.citations[0].section.split(' > ').pop()}</div>}
                      </>
                    )}
                  </td>
                  <td className="small">{r.result?.mark && <span className={`mark mark-${r.result.mark}`}>{t(`review.mark.${r.result.mark}`)}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t('review.keys')}</p>
      </div>
      <aside className="pane pane-side review-side" data-testid="review-detail">
        {row && (
          <div className="review-detail">
            <div className="muted small">
              {row.itemId} · {row.documentTitle}
            </div>
            <h2 className="review-question">{row.question}</h2>
            {result ? (
              <>
                <p className="small">
                  <span className={`badge badge-${result.status}`}>{t(`review.status.${result.status}`)}</span>{' '}
                  <span className="muted">{result.reasonCode ? renderReason(result.reasonCode, lang) : result.reason}</span>
                </p>
                <div className="answer small" data-testid="review-answer">
                  <AnswerText
                    text={result.answer}
                    answer={{ citations: result.citations, unsupported: result.unsupported }}
                    onCitation={(n) => setCitationN(n)}
                  />
                </div>
                {result.change?.kind === 'changed' && result.change.previousAnswer && (
                  <details className="small">
                    <summary>{t('review.previous', { status: t(`review.status.${result.change.previousStatus ?? 'not_found'}`) })}</summary>
                    <p className="muted">{result.change.previousAnswer}</p>
                  </details>
                )}
                <div className="mark-buttons" role="group" aria-label={t('review.col.mark')}>
                  {(['accepted', 'changed', 'rejected'] as const).map((m) => (
                    <button
                      key={m}
                      type="button"
                      className={`btn btn-small${result.mark === m ? ` mark-on mark-${m}` : ''}`}
                      aria-pressed={result.mark === m}
                      onClick={() => setMark(m)}
                      data-testid={`review-mark-${m}`}
                    >
                      {t(`review.mark.${m}`)} <kbd>{m[0]}</kbd>
                    </button>
                  ))}
                </div>
                <NoteField
                  key={`${row.key}:${result.note ?? ''}`}
                  inputRef={noteRef}
                  note={result.note ?? ''}
                  label={t('review.note')}
                  onSave={(note) => void review.mark(row.itemId, row.documentId, result.mark ?? null, note)}
                />
                {result.citations.length > 0 && (
                  <div className="review-cites">
                    {result.citations.map((c) => (
                      <button
                        key={c.n}
                        type="button"
                        className={`chip${citation?.n === c.n ? ' chip-on' : ''}`}
                        onClick={() => setCitationN(c.n)}
                        data-testid="review-citation"
                      >
                        [{c.n}] {place(t, c)}
                      </button>
                    ))}
                  </div>
                )}
              </>
            ) : (
              <p className="muted">{review.running ? t('review.waiting') : t('review.notAnswered')}</p>
            )}
          </div>
        )}
        {row && citation && (
          <div className="review-source">
            <SourceViewer
              key={`${row.key}:${citation.chunkId}`}
              host={host}
              chunkId={citation.chunkId}
              label={`[${citation.n}] ${place(t, citation)}`}
              quote={citation.quote}
              onClose={() => setCitationN(null)}
              closeLabel={t('review.firstSource')}
            />
          </div>
        )}
      </aside>
    </section>
  );
}

function NoteField({
  note,
  label,
  onSave,
  inputRef,
}: {
  note: string;
  label: string;
  onSave(note: string): void;
  inputRef: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const [draft, setDraft] = useState(note);
  return (
    <label className="note-field small">
      {label}
      <textarea
        ref={inputRef}
        rows={2}
        value={draft}
        data-testid="review-note"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== note && onSave(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            (e.target as HTMLTextAreaElement).blur();
          }
        }}
      />
    </label>
  );
}

function ErrorNotice({ t, error }: { t: Translate; error: { code: string; message: string } }) {
  return (
    <div className="notice notice-error" data-testid="review-error">
      {errorText(t, error.code)}
      <div className="detail">{error.message}</div>
    </div>
  );
}
