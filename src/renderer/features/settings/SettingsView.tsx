/**
 * Settings: answer and embedding models (those found, with size, quantisation and whether they
 * fit; or a file picked by hand), the library location, the UI language. Light/dark follows the OS.
 */
import { useEffect, useState } from 'react';
import type { ModelEntry, Settings } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { PolicyReport } from '../../../shared/policy';
import type { LibraryStatus } from '../../../shared/types';
import type { Host } from '../../lib/api';
import { formatBytes } from '../../../shared/display';
import { useI18n } from '../../lib/i18n';
import { ManagedBadge, ManagedPolicy, policyReason } from './ManagedPolicy';
import { OcrSetting } from './OcrSetting';
import { TeamLibrary } from './TeamLibrary';
import { ErrorNotice } from '../../lib/ErrorNotice';
import { ChoiceSetting } from './ChoiceSetting';

const ANSWER_STYLES = ['auto', 'model', 'extractive'] as const;

export interface SettingsViewProps {
  host: Host;
  settings: Settings | null;
  status: LibraryStatus | null;
  onChange(patch: Partial<Settings>): Promise<ErrorInfo | null>;
}

function ModelPicker({
  host,
  kind,
  models,
  value,
  onPick,
}: {
  host: Host;
  kind: 'answer' | 'embedding';
  models: ModelEntry[];
  value: string | null;
  onPick(path: string | null): void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const fitting = models.filter((m) => (kind === 'embedding' ? m.isEmbedding : m.isChat));
  const listed =
    value && !fitting.some((m) => m.path === value) ? [...fitting, { path: value, name: value.split(/[\\/]/).pop() ?? value } as ModelEntry] : fitting;
  return (
    <div className="field">
      <select value={value ?? ''} onChange={(e) => onPick(e.target.value || null)} data-testid={`settings-${kind}-model`}>
        <option value="">{kind === 'answer' ? t('settings.none') : t('settings.noneEmbedding')}</option>
        {listed.map((m) => (
          <option key={m.path} value={m.path}>
            {m.name}
            {m.quantization ? ` · ${m.quantization}` : ''}
            {m.sizeBytes ? ` · ${formatBytes(m.sizeBytes)}` : ''}
          </option>
        ))}
      </select>
      {host.pickModelFile ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={async () => {
            const picked = await host.pickModelFile!();
            if (picked.ok && picked.value) onPick(picked.value);
          }}
        >
          {t('settings.pickModel')}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) onPick(typed.trim());
          }}
        >
          <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={t('settings.modelPath')} />
          <button type="submit" className="btn btn-small" disabled={!typed.trim()}>
            {t('settings.useModel')}
          </button>
        </form>
      )}
    </div>
  );
}

export function SettingsView({ host, settings, status, onChange }: SettingsViewProps) {
  const { t } = useI18n();
  const [models, setModels] = useState<ModelEntry[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);
  const [policy, setPolicy] = useState<PolicyReport | null>(null);

  useEffect(() => {
    void host.api.listModels().then((result) => setModels(result.ok ? result.value : []));
    void host.api.getPolicy().then((result) => setPolicy(result.ok ? result.value : null));
  }, [host]);
  const managed = (key: PolicyReport['keys'][number]['key']) => (policy?.keys.some((k) => k.key === key && k.managed) ? policyReason(t, policy, key) : null);
  const modelLock = managed('allowedModelDirs');
  const libraryLock = managed('dataDir');

  const change = async (patch: Partial<Settings>) => {
    const failure = await onChange(patch);
    setError(failure);
    setSaved(!failure);
    if (!failure) setTimeout(() => setSaved(false), 1500);
  };

  return (
    <section className="pane pane-single settings">
      <header className="pane-head">
        <h1>{t('settings.title')}</h1>
        {saved && <span className="muted small">{t('settings.saved')}</span>}
      </header>
      {error && <ErrorNotice error={error} />}

      <ManagedPolicy report={policy} />

      <ChoiceSetting
        id="language"
        testId="settings-language"
        label={t('settings.language')}
        value={settings?.language ?? 'system'}
        choices={[
          ['system', t('settings.language.system')],
          ['ja', '日本語'],
          ['en', 'English'],
        ]}
        onChange={(language) => void change({ language })}
      />
      <ChoiceSetting
        id="answer-style"
        testId="settings-answer-style"
        label={t('settings.answerStyle')}
        value={settings?.answerStyle ?? 'auto'}
        choices={ANSWER_STYLES.map((style) => [style, t(`settings.answerStyle.${style}`)])}
        onChange={(answerStyle) => void change({ answerStyle })}
      />

      <OcrSetting settings={settings} lock={managed('ocr')} onChange={(patch) => void change(patch)} />

      <div className="setting">
        <label>{t('settings.theme')}</label>
        <span className="muted small">{t('settings.themeNote')}</span>
      </div>

      <div className="setting">
        <label>
          {t('settings.answerModel')} {modelLock && <ManagedBadge reason={modelLock} />}
        </label>
        <ModelPicker host={host} kind="answer" models={models ?? []} value={settings?.answerModel ?? null} onPick={(p) => void change({ answerModel: p })} />
      </div>
      <div className="setting">
        <label>
          {t('settings.embeddingModel')} {modelLock && <ManagedBadge reason={modelLock} />}
        </label>
        <ModelPicker
          host={host}
          kind="embedding"
          models={models ?? []}
          value={settings?.embeddingModel ?? null}
          onPick={(p) => void change({ embeddingModel: p })}
        />
      </div>

      <div className="setting setting-block">
        <label>{t('settings.models')}</label>
        {models === null && <span className="muted small">{t('common.loading')}</span>}
        {models?.length === 0 && <p className="muted small">{t('settings.noModels')}</p>}
        {models && models.length > 0 && (
          <table className="docs models">
            <tbody>
              {models.map((m) => (
                <tr key={m.path}>
                  <td>
                    <div className="doc-title">{m.name}</div>
                    <div className="muted small path">{m.path}</div>
                  </td>
                  <td className="small">{m.isEmbedding ? t('settings.embedding') : t('settings.chat')}</td>
                  <td className="small">{[m.parameters, m.quantization].filter(Boolean).join(' · ')}</td>
                  <td className="num small">{formatBytes(m.sizeBytes)}</td>
                  <td className="small" title={m.fitReason}>
                    <span className={`badge ${m.fits === true ? 'badge-indexed' : m.fits === false ? 'badge-failed' : 'badge-stale'}`}>
                      {m.fits === true ? t('settings.fits') : m.fits === false ? t('settings.notFits') : t('settings.fitUnknown')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="setting setting-block">
        <label>
          {t('settings.library')} {libraryLock && <ManagedBadge reason={libraryLock} />}
        </label>
        <div>
          <code className="path">{status?.path ?? '…'}</code>
          <p className="muted small">{libraryLock ? t('policy.libraryManaged') : t('settings.libraryNote')}</p>
          <TeamLibrary host={host} settings={settings} status={status} onChange={onChange} />
        </div>
      </div>
    </section>
  );
}
