/**
 * Library: collections and their documents with status (indexed, pages, passages; failed with the
 * reason; stale), add files or folders (dialogs on the desktop, upload in the browser, or a path
 * on this computer), remove, re-scan, and the indexing progress.
 */
import { useRef, useState } from 'react';
import type { DocumentInfo } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { uploadItemsFromInput } from '../../lib/drop';
import { formatBytes } from '../../../shared/display';
import { errorText, useI18n } from '../../lib/i18n';
import { IndexProgress } from './IndexProgress';
import type { LibraryState } from './use-library';
import { ErrorNotice } from '../../lib/ErrorNotice';
import { TextSubmitForm } from '../../lib/TextSubmitForm';

const ACCEPT = '.pdf,.docx,.xlsx,.xlsm,.pptx,.md,.markdown,.html,.htm,.txt,.csv,.tsv,.log,.png,.jpg,.jpeg,.tif,.tiff';

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function LibraryView({ host, library }: { host: Host; library: LibraryState }) {
  const { t } = useI18n();
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const [serverPath, setServerPath] = useState('');
  const [collection, setCollection] = useState('');
  const { documents, status, job } = library;
  const busy = job?.phase === 'running' || job?.phase === 'uploading';

  const addFiles = async () => {
    if (host.pickPaths) {
      const picked = await host.pickPaths('files');
      if (picked.ok) await library.index(picked.value, collection);
    } else filesRef.current?.click();
  };
  const addFolder = async () => {
    if (host.pickPaths) {
      const picked = await host.pickPaths('folder');
      if (picked.ok) await library.index(picked.value, collection);
    } else folderRef.current?.click();
  };
  const rescan = () => void library.index([...new Set((documents ?? []).map((d) => d.path))]);

  const collections = new Map<string, DocumentInfo[]>();
  for (const doc of documents ?? []) {
    const list = collections.get(doc.collection) ?? [];
    list.push(doc);
    collections.set(doc.collection, list);
  }

  return (
    <section className="pane pane-single">
      <header className="pane-head">
        <h1>{t('library.title')}</h1>
        {status && (
          <span className="muted small" data-testid="library-totals">
            {t('library.totals', { documents: status.documents, pages: status.pages, chunks: status.chunks, size: formatBytes(status.sizeBytes) })}
          </span>
        )}
      </header>

      <div className="toolbar">
        <button type="button" className="btn btn-primary" data-testid="library-add" onClick={() => void addFiles()} disabled={busy}>
          + {t('library.addFiles')}
        </button>
        <button type="button" className="btn" data-testid="library-add-folder" onClick={() => void addFolder()} disabled={busy}>
          {t('library.addFolder')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={rescan} disabled={busy || !documents?.length}>
          ↻ {t('library.rescan')}
        </button>
        <label className="collection-field small">
          {t('library.addTo')}
          <input
            type="text"
            list="genten-collections"
            value={collection}
            onChange={(e) => setCollection(e.target.value)}
            placeholder="default"
            data-testid="library-collection"
          />
          <datalist id="genten-collections">
            {(status?.collections ?? []).map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        {!host.pickPaths && (
          <>
            <input
              ref={filesRef}
              type="file"
              multiple
              accept={ACCEPT}
              hidden
              data-testid="library-file-input"
              onChange={(event) => {
                if (event.target.files?.length) void library.uploadAndIndex(uploadItemsFromInput(event.target.files), collection);
                event.target.value = '';
              }}
            />
            <input
              ref={folderRef}
              type="file"
              hidden
              {...{ webkitdirectory: '', directory: '' }}
              onChange={(event) => {
                if (event.target.files?.length) void library.uploadAndIndex(uploadItemsFromInput(event.target.files), collection);
                event.target.value = '';
              }}
            />
          </>
        )}
      </div>
      {!host.pickPaths && (
        <details className="server-path">
          <summary className="small">{t('library.addPath')}</summary>
          <TextSubmitForm
            value={serverPath}
            onChange={setServerPath}
            onSubmit={(typed) => {
              if (typed) void library.index([typed], collection);
            }}
            placeholder={t('library.pathPlaceholder')}
            submitLabel={t('library.addPathSubmit')}
            testId="library-path-input"
            disabled={busy || !serverPath.trim()}
          />
        </details>
      )}
      <p className="muted small">{t('library.dropHint')}</p>

      {job && <IndexProgress job={job} onCancel={() => void library.cancel()} onDismiss={library.dismiss} />}

      {library.loadError && <ErrorNotice error={library.loadError} />}

      {documents && documents.length === 0 && !busy && (
        <div className="empty">
          <p className="strong">{t('library.empty')}</p>
          <p className="muted">{t('library.emptyHelp')}</p>
          <p className="muted small">{t('library.samplesHelp')}</p>
          <button type="button" className="btn" data-testid="library-load-samples" onClick={() => void library.loadSamples()}>
            {t('library.loadSamples')}
          </button>
        </div>
      )}

      {[...collections].map(([collection, docs]) => (
        <div key={collection} className="collection">
          <h2 className="collection-name">
            {t('library.collection')}: {collection}
          </h2>
          <table className="docs">
            <thead>
              <tr>
                <th>{t('library.col.title')}</th>
                <th className="num">{t('library.col.pages')}</th>
                <th className="num">{t('library.col.chunks')}</th>
                <th>{t('library.col.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {docs.map((doc) => (
                <tr key={doc.id} data-testid="library-doc" data-status={doc.status} data-name={basename(doc.path)}>
                  <td>
                    <div className="doc-title">{doc.title || basename(doc.path)}</div>
                    <div className="muted small path" title={doc.path}>
                      {doc.path}
                    </div>
                  </td>
                  <td className="num">
                    {doc.status === 'failed' ? '–' : doc.pages}
                    {doc.ocrPages ? (
                      <div className="muted small" data-testid="library-doc-ocr" title={t('ocr.badge', { confidence: doc.ocrConfidence ?? 0 })}>
                        {t('library.ocrPages', { pages: doc.ocrPages })}
                      </div>
                    ) : null}
                  </td>
                  <td className="num">{doc.status === 'failed' ? '–' : doc.chunks}</td>
                  <td>
                    <span className={`badge badge-${doc.status}`}>{t(`library.status.${doc.status}`)}</span>
                    {doc.error && (
                      <div className="doc-error small" data-testid="library-doc-error" title={doc.error.message}>
                        {doc.status === 'stale' && doc.error.code === 'NO_TEXT' && doc.chunks > 0 ? (
                          // A scan written while OCR reads it (indexer.ts): not an old version gone bad.
                          t('library.ocrPartial')
                        ) : (
                          <>
                            {doc.status === 'stale' ? `${t('library.staleHelp')}: ` : ''}
                            {doc.status === 'unavailable' ? t('library.unavailableHelp') : errorText(t, doc.error.code)}
                          </>
                        )}
                      </div>
                    )}
                  </td>
                  <td className="num">
                    <button
                      type="button"
                      className="btn btn-small btn-quiet"
                      onClick={() => {
                        if (window.confirm(t('library.removeConfirm', { title: doc.title || basename(doc.path) }))) void library.remove([doc.path]);
                      }}
                      disabled={busy}
                    >
                      {t('library.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {status?.writer && (
        <p className="muted small" data-testid="library-writer">
          {t('library.writer', { host: status.writer.host, since: new Date(status.writer.since).toLocaleString() })}
        </p>
      )}
      {status && <p className="muted small location">{t('library.location', { path: status.path })}</p>}
    </section>
  );
}
