/** Search: the same passage search as the CLI, with snippets; a result opens the source viewer. */
import { useState } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import type { Hit } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { CollectionScope } from '../../components/CollectionScope';
import { useI18n } from '../../lib/i18n';
import { OcrBadge } from '../sources/OcrBadge';
import { placeLabel, sectionLabel } from '../sources/SourceCards';
import { SourceViewer } from '../sources/SourceViewer';
import { splitByRanges, type Range } from '../sources/text-match';
import { ErrorNotice } from '../../lib/ErrorNotice';

const SNIPPET = 220;

/** The passage shortened around its first highlight, with the highlights kept. */
function snippet(hit: Hit): { text: string; ranges: Range[]; cutStart: boolean; cutEnd: boolean } {
  const first = hit.highlights[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - 40, hit.text.length - SNIPPET));
  const end = Math.min(hit.text.length, start + SNIPPET);
  const ranges = hit.highlights.filter(([s, e]) => e > start && s < end).map(([s, e]) => [Math.max(s, start) - start, Math.min(e, end) - start] as Range);
  return { text: hit.text.slice(start, end), ranges, cutStart: start > 0, cutEnd: end < hit.text.length };
}

export function SearchView({ host, collections }: { host: Host; collections: string[] }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<Hit | null>(null);
  const [scope, setScope] = useState('');

  const run = async () => {
    if (!query.trim()) return;
    setBusy(true);
    const result = await host.api.search({ query: query.trim(), k: 20, ...(scope ? { collection: scope } : {}) });
    setBusy(false);
    setOpen(null);
    if (result.ok) {
      setHits(result.value);
      setError(null);
    } else {
      setHits(null);
      setError(result.error);
    }
  };

  return (
    <section className="split">
      <div className="pane pane-main">
        <header className="pane-head">
          <h1>{t('search.title')}</h1>
          <CollectionScope collections={collections} value={scope} onChange={setScope} />
        </header>
        <form
          className="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <input
            type="search"
            data-testid="search-input"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('search.placeholder')}
            aria-label={t('search.placeholder')}
          />
          <button type="submit" className="btn btn-primary" disabled={busy || !query.trim()}>
            {t('search.submit')}
          </button>
        </form>
        <div className="results">
          {!hits && !error && <p className="muted pad">{t('search.intro')}</p>}
          {error && <ErrorNotice error={error} />}
          {hits && hits.length === 0 && <p className="muted pad">{t('search.none')}</p>}
          {hits && hits.length > 0 && <p className="muted small">{t('search.results', { count: hits.length })}</p>}
          {hits?.map((hit) => {
            const s = snippet(hit);
            return (
              <button
                type="button"
                key={hit.chunkId}
                className={`result${open?.chunkId === hit.chunkId ? ' card-active' : ''}`}
                data-testid="search-result"
                onClick={() => setOpen(hit)}
              >
                <span className="result-head">
                  <span className="card-title">{hit.title}</span>
                  <span className="card-page">{placeLabel(t, hit)}</span>
                  {sectionLabel(hit) && <span className="section-path">{sectionLabel(hit)}</span>}
                  {hit.ocrConfidence !== undefined && <OcrBadge confidence={hit.ocrConfidence} />}
                </span>
                <span className="card-quote">
                  {s.cutStart && '…'}
                  {splitByRanges(s.text, s.ranges).map((piece, i) => (piece.marked ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>))}
                  {s.cutEnd && '…'}
                </span>
                <span className="muted small path">{hit.path}</span>
              </button>
            );
          })}
        </div>
      </div>
      <aside className="pane pane-side">
        {open ? (
          <SourceViewer key={open.chunkId} host={host} chunkId={open.chunkId} onClose={() => setOpen(null)} closeLabel={t('viewer.close')} />
        ) : (
          <p className="muted pad">{t('sources.none')}</p>
        )}
      </aside>
    </section>
  );
}
