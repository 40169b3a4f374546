/** A new review: a shipped checklist or one typed here, and the documents to check. */
import { useEffect, useMemo, useState } from 'react';
import type { ChecklistSource } from '../../../shared/review';
import type { DocumentInfo } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { errorText, useI18n } from '../../lib/i18n';
import type { ReviewState } from './use-review';

export function ReviewSetup({ host, review, documents }: { host: Host; review: ReviewState; documents: DocumentInfo[] }) {
  const { t, lang } = useI18n();
  const [mode, setMode] = useState<'shipped' | 'written'>('shipped');
  const [shipped, setShipped] = useState('');
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [preview, setPreview] = useState<{ count: number } | { error: { code: string; message: string } } | null>(null);
  const [starting, setStarting] = useState(false);
  const usable = useMemo(() => documents.filter((d) => d.status !== 'failed'), [documents]);

  useEffect(() => {
    if (!shipped && review.checklists[0]) setShipped(review.checklists[0].id);
  }, [review.checklists, shipped]);

  const source: ChecklistSource | null =
    mode === 'shipped' ? (shipped ? { shipped } : null) : text.trim() ? { text, ...(name.trim() ? { name: name.trim() } : {}) } : null;

  // The written checklist is checked as it is typed: its item count, or the error naming the row.
  useEffect(() => {
    if (mode !== 'written' || !source) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      void host.api.previewChecklist({ checklist: source }).then((r) => setPreview(r.ok ? { count: r.value.items.length } : { error: r.error }));
    }, 300);
    return () => clearTimeout(timer);
  }, [host, mode, text, name]);

  const toggle = (id: string) =>
    setPicked((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const collections = [...new Set(usable.map((d) => d.collection))];
  const canStart = source !== null && picked.size > 0 && !starting && !(preview && 'error' in preview);

  return (
    <div className="review-setup" data-testid="review-setup">
      <fieldset className="review-field">
        <legend className="strong">{t('review.checklist')}</legend>
        <label className="radio">
          <input type="radio" name="checklist-mode" checked={mode === 'shipped'} onChange={() => setMode('shipped')} data-testid="review-mode-shipped" />
          {t('review.shipped')}
        </label>
        <select value={shipped} onChange={(e) => setShipped(e.target.value)} disabled={mode !== 'shipped'} data-testid="review-shipped">
          {review.checklists.map((c) => (
            <option key={c.id} value={c.id}>
              {c.names[lang]} ({t('review.itemCount', { count: c.items })})
            </option>
          ))}
        </select>
        <label className="radio">
          <input type="radio" name="checklist-mode" checked={mode === 'written'} onChange={() => setMode('written')} data-testid="review-mode-written" />
          {t('review.write')}
        </label>
        {mode === 'written' && (
          <>
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('review.namePlaceholder')} data-testid="review-name" />
            <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('review.writePlaceholder')} data-testid="review-text" />
            {preview && 'count' in preview && <p className="muted small">{t('review.itemCount', { count: preview.count })}</p>}
            {preview && 'error' in preview && (
              <p className="notice notice-error small" data-testid="review-preview-error">
                {errorText(t, preview.error.code)}
                <span className="detail"> {preview.error.message}</span>
              </p>
            )}
          </>
        )}
      </fieldset>

      <fieldset className="review-field">
        <legend className="strong">{t('review.documents')}</legend>
        {usable.length === 0 && <p className="muted">{t('review.noDocuments')}</p>}
        {collections.map((collection) => (
          <div key={collection} className="review-docs">
            {collections.length > 1 && (
              <div className="muted small">
                {t('library.collection')}: {collection}
              </div>
            )}
            {usable
              .filter((d) => d.collection === collection)
              .map((d) => (
                <label key={d.id} className="check" data-testid="review-doc" data-name={d.path.split(/[\\/]/).pop()}>
                  <input type="checkbox" checked={picked.has(d.id)} onChange={() => toggle(d.id)} />
                  <span>{d.title || d.path}</span>
                  <span className="muted small">
                    {' '}
                    · {d.pages} {t('library.col.pages')}
                  </span>
                </label>
              ))}
          </div>
        ))}
      </fieldset>

      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="review-start"
          disabled={!canStart}
          onClick={() => {
            if (!source) return;
            setStarting(true);
            void review.start(source, [...picked]).finally(() => setStarting(false));
          }}
        >
          ▶ {t('review.start')}
        </button>
        <span className="muted small">{t('review.startHint')}</span>
      </div>
    </div>
  );
}
