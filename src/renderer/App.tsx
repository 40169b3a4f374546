/** The window: a sidebar (Ask, Search, Library, Settings) and the selected view; drops add documents. */
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Settings } from '../shared/api';
import { hasAnswerModel } from '../shared/answer-source';
import { AskView } from './features/ask/AskView';
import { CompareView } from './features/compare/CompareView';
import { useCompare } from './features/compare/use-compare';
import { useAsk } from './features/ask/use-ask';
import { LibraryView } from './features/library/LibraryView';
import { ReviewView } from './features/review/ReviewView';
import { useReview } from './features/review/use-review';
import { useLibrary } from './features/library/use-library';
import { SearchView } from './features/search/SearchView';
import { SettingsView } from './features/settings/SettingsView';
import { getHost } from './lib/api';
import { uploadItemsFromDrop } from './lib/drop';
import { I18nProvider, resolveLang, translator } from './lib/i18n';
import { JobEvents } from './lib/job-events';

type View = 'ask' | 'search' | 'review' | 'compare' | 'library' | 'settings';
const VIEWS: View[] = ['ask', 'search', 'review', 'compare', 'library', 'settings'];
const ICONS: Record<View, string> = { ask: '?', search: '⌕', review: '☑', compare: '⇄', library: '▤', settings: '⚙' };

export function App() {
  const host = useMemo(() => getHost(), []);
  const jobEvents = useMemo(() => new JobEvents(host), [host]);
  const library = useLibrary(host, jobEvents);
  const ask = useAsk(host, jobEvents);
  const review = useReview(host, jobEvents);
  const compare = useCompare(host);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [view, setView] = useState<View>('ask');
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const choseFirstView = useRef(false);

  const lang = resolveLang(settings?.language);
  const t = translator(lang);

  useEffect(() => {
    void host.api.getSettings().then((result) => {
      if (result.ok) setSettings(result.value);
    });
  }, [host]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = lang === 'ja' ? '原典 Genten' : 'Genten 原典';
  }, [lang]);

  // First run: an empty library opens on the Library view, which says what to do next.
  useEffect(() => {
    if (choseFirstView.current || library.documents === null) return;
    choseFirstView.current = true;
    if (library.documents.length === 0) setView('library');
  }, [library.documents]);

  // Browser mode: after the event stream was broken, reload what events would have told.
  const refreshRef = useRef(library.refresh);
  refreshRef.current = library.refresh;
  useEffect(() => host.onReconnect?.(() => void refreshRef.current()), [host]);
  // The Library view shows the library as it is when opened: another machine may be indexing a shared one.
  useEffect(() => {
    if (view === 'library') void refreshRef.current();
  }, [view]);

  // Desktop menu commands (File > Add Files…, View > Library…).
  const indexRef = useRef(library.index);
  indexRef.current = library.index;
  useEffect(() => {
    if (!host.onCommand) return;
    return host.onCommand((command) => {
      if (command === 'add-files' || command === 'add-folder') {
        setView('library');
        void host.pickPaths?.(command === 'add-files' ? 'files' : 'folder').then((picked) => {
          if (picked.ok) void indexRef.current(picked.value);
        });
      } else {
        setView(command.slice('show-'.length) as View);
      }
    });
  }, [host]);

  const updateSettings = async (patch: Partial<Settings>) => {
    const result = await host.api.updateSettings(patch);
    if (result.ok) {
      setSettings(result.value);
      return null;
    }
    return result.error;
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    setView('library');
    if (host.droppedPaths) {
      const paths = await host.droppedPaths(Array.from(event.dataTransfer.files));
      if (paths.ok) await library.index(paths.value);
    } else {
      await library.uploadAndIndex(await uploadItemsFromDrop(event.dataTransfer));
    }
  };

  const indexing = library.job?.phase === 'running' || library.job?.phase === 'uploading';
  const status = library.status;

  return (
    <I18nProvider lang={lang}>
      <div
        className="app"
        onDragEnter={(e) => {
          if (!Array.from(e.dataTransfer.types).includes('Files')) return;
          dragDepth.current++;
          setDragging(true);
        }}
        onDragLeave={() => {
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        }}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => void onDrop(e)}
      >
        <nav className="sidebar" aria-label="Genten">
          <div className="brand">
            <span className="brand-mark">原典</span>
            <span className="brand-sub">{lang === 'ja' ? 'Genten' : 'Genten'}</span>
          </div>
          <p className="tagline">{t('app.tagline')}</p>
          <ul className="nav">
            {VIEWS.map((v) => (
              <li key={v}>
                <button
                  type="button"
                  className={`nav-item${view === v ? ' nav-active' : ''}`}
                  data-testid={`nav-${v}`}
                  onClick={() => setView(v)}
                  aria-current={view === v ? 'page' : undefined}
                >
                  <span className="nav-icon" aria-hidden>
                    {ICONS[v]}
                  </span>
                  {t(`nav.${v}`)}
                  {v === 'library' && indexing && <span className="dot" title={t('status.indexing')} />}
                </button>
              </li>
            ))}
          </ul>
          <div className="sidebar-foot muted small">
            {status && <div>{t('status.summary', { documents: status.documents, pages: status.pages })}</div>}
            <div>{host.kind === 'electron' ? t('host.electron') : t('host.browser')}</div>
          </div>
        </nav>
        <main className="main">
          <div className="view" hidden={view !== 'ask'}>
            <AskView
              host={host}
              ask={ask}
              libraryEmpty={(library.documents?.length ?? 0) === 0}
              collections={status?.collections ?? []}
              hasModel={hasAnswerModel(settings)}
              onGoToLibrary={() => setView('library')}
              onGoToSettings={() => setView('settings')}
            />
          </div>
          <div className="view" hidden={view !== 'search'}>
            <SearchView host={host} collections={status?.collections ?? []} />
          </div>
          <div className="view" hidden={view !== 'review'}>
            <ReviewView host={host} review={review} documents={library.documents ?? []} onGoToLibrary={() => setView('library')} />
          </div>
          <div className="view" hidden={view !== 'compare'}>
            <CompareView host={host} compare={compare} documents={library.documents ?? []} />
          </div>
          <div className="view" hidden={view !== 'library'}>
            <LibraryView host={host} library={library} />
          </div>
          <div className="view" hidden={view !== 'settings'}>
            <SettingsView host={host} settings={settings} status={status} onChange={updateSettings} />
          </div>
        </main>
        {dragging && (
          <div className="drop-overlay" aria-hidden>
            <div>{t('library.drop')}</div>
          </div>
        )}
      </div>
    </I18nProvider>
  );
}
