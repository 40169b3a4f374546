/**
 * The team-library part of Settings: where the library lives (a folder or s3://BUCKET/PREFIX,
 * applied at the next start), and the offline copy of a shared library: how old it is, and a
 * button that brings it up to date (only what changed is copied).
 */
import { useEffect, useState } from 'react';
import type { Settings, SyncResult } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { LibraryStatus, OfflineCopy } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { formatBytes } from '../../../shared/display';
import { useI18n, type Translate } from '../../lib/i18n';
import { ErrorNotice } from '../../lib/ErrorNotice';
import { TextSubmitForm } from '../../lib/TextSubmitForm';

export interface TeamLibraryProps {
  host: Host;
  settings: Settings | null;
  status: LibraryStatus | null;
  onChange(patch: Partial<Settings>): Promise<ErrorInfo | null>;
}

/** "5 minutes ago", "3 hours ago", "2 days ago". */
export function formatAge(t: Translate, iso: string, now = Date.now()): string {
  const minutes = Math.max(0, (now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('team.age.now');
  if (minutes < 90) return t('team.age.minutes', { n: Math.round(minutes) });
  if (minutes < 36 * 60) return t('team.age.hours', { n: Math.round(minutes / 60) });
  return t('team.age.days', { n: Math.round(minutes / (24 * 60)) });
}

export function TeamLibrary({ host, settings, status, onChange }: TeamLibraryProps) {
  const { t } = useI18n();
  const [location, setLocation] = useState(settings?.library ?? '');
  const [copy, setCopy] = useState<OfflineCopy | undefined>(status?.offlineCopy);
  const [syncing, setSyncing] = useState(false);
  const [result, setResult] = useState<SyncResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [, tick] = useState(0);

  useEffect(() => setLocation(settings?.library ?? ''), [settings?.library]);
  useEffect(() => setCopy(status?.offlineCopy), [status?.offlineCopy]);
  // The age keeps itself current while the page stays open.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const shared = status?.storage === 's3';
  const sync = async () => {
    setSyncing(true);
    setError(null);
    const done = await host.api.syncLibrary();
    setSyncing(false);
    if (!done.ok) return setError(done.error);
    setResult(done.value);
    setCopy({ source: done.value.source, path: done.value.target, syncedAt: done.value.syncedAt });
  };

  return (
    <div className="team-library" data-testid="team-library">
      <TextSubmitForm
        className="inline-form"
        value={location}
        onChange={setLocation}
        onSubmit={async (typed) => setError(await onChange({ library: typed || null }))}
        placeholder={t('team.locationPlaceholder')}
        submitLabel={t('team.saveLocation')}
        testId="settings-library-location"
        buttonClassName="btn btn-small"
      />
      <p className="muted small">{t('team.locationNote')}</p>

      {(shared || copy) && (
        <div className="offline-copy" data-testid="offline-copy">
          <div>
            <strong>{t('team.offlineCopy')}</strong>{' '}
            {copy ? (
              <span data-testid="offline-copy-age" data-synced-at={copy.syncedAt}>
                {t('team.copyAge', { age: formatAge(t, copy.syncedAt), source: copy.source })}
              </span>
            ) : (
              <span className="muted">{t('team.noCopy')}</span>
            )}
          </div>
          {copy && <code className="path small">{copy.path}</code>}
          <div>
            <button type="button" className="btn btn-small" onClick={() => void sync()} disabled={syncing} data-testid="offline-copy-sync">
              {syncing ? t('team.syncing') : copy ? t('team.syncUpdate') : t('team.syncMake')}
            </button>
          </div>
          {result && (
            <p className="muted small" data-testid="offline-copy-result">
              {t('team.syncResult', { copied: result.copied, bytes: formatBytes(result.bytes), unchanged: result.unchanged })}
              {shared ? ` ${t('team.useCopy', { path: result.target })}` : ''}
            </p>
          )}
        </div>
      )}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
