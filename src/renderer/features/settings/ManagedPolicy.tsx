/**
 * What the organisation's managed policy locks, shown in Settings with the reason for each (the
 * engine refuses these actions anyway: this only tells the user why).
 */
import type { PolicyKeyReport, PolicyReport } from '../../../shared/policy';
import { useI18n, type Translate } from '../../lib/i18n';

/** One sentence per locked key, in the UI's language. */
export function policyReason(t: Translate, report: PolicyReport, key: PolicyKeyReport['key']): string {
  const v = report.values;
  switch (key) {
    case 'modelDownloads':
      return t(`policy.modelDownloads.${v.modelDownloads}`);
    case 'allowedModelDirs':
      return v.allowedModelDirs?.length ? t('policy.allowedModelDirs', { dirs: v.allowedModelDirs.join(', ') }) : t('policy.allowedModelDirs.none');
    case 'answerServers':
      return v.answerServers?.allow.length ? t('policy.answerServers', { servers: v.answerServers.allow.join(', ') }) : t('policy.answerServers.none');
    case 'dataDir':
      return t('policy.dataDir', { dir: v.dataDir ?? '' });
    case 'maxFileSizeMB':
      return t('policy.maxFileSizeMB', { mb: v.maxFileSizeMB ?? 0 });
    case 'ocr':
      return t(`policy.ocr.${v.ocr}`);
    case 'serve':
      return t(`policy.serve.${v.serve}`);
    case 'audit':
      return v.audit.enabled ? t('policy.audit.on', { dir: v.audit.dir ?? '', questions: t(`policy.questions.${v.audit.questions}`) }) : t('policy.audit.off');
  }
}

/** A small "Managed" mark with the reason as its tooltip and accessible name. */
export function ManagedBadge({ reason }: { reason: string }) {
  const { t } = useI18n();
  return (
    <span className="badge badge-managed" title={reason} aria-label={`${t('policy.badge')}: ${reason}`} data-testid="managed-badge">
      {t('policy.badge')}
    </span>
  );
}

export function ManagedPolicy({ report }: { report: PolicyReport | null }) {
  const { t } = useI18n();
  if (!report?.managed) return null;
  const locked = report.keys.filter((k) => k.managed);
  return (
    <div className="setting setting-block managed-policy" data-testid="managed-policy">
      <label>{t('policy.title')}</label>
      <div>
        <p className="muted small">{t('policy.intro')}</p>
        {report.invalid.length > 0 && <div className="notice notice-error">{t('policy.invalid')}</div>}
        <ul className="managed-list">
          {locked.map((k) => (
            <li key={k.key} data-testid={`managed-${k.key}`}>
              <ManagedBadge reason={policyReason(t, report, k.key)} /> {policyReason(t, report, k.key)}
              <div className="muted small path">{t('policy.source', { source: k.source })}</div>
            </li>
          ))}
        </ul>
        <p className="muted small">{t('policy.telemetry')}</p>
      </div>
    </div>
  );
}
