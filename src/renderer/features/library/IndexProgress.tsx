/** The indexing job: upload, then file, page, rate and ETA with cancel; then the summary and failures. */
import type { Translate } from '../../lib/i18n';
import { errorText, formatDuration, useI18n } from '../../lib/i18n';
import type { IndexJobState } from './use-library';
import { ErrorNotice } from '../../lib/ErrorNotice';
import type { IngestWarning } from '../../../shared/types';

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** A warning in the user's language where the engine says what it was; else the engine's message. */
function warningText(t: Translate, w: IngestWarning): string {
  if (w.replacedBytes) return t('progress.replacedBytes', { count: w.replacedBytes });
  if (w.hiddenSheets?.length) return t('progress.hiddenSheets', { sheets: w.hiddenSheets.join('、') });
  return w.message;
}

function phaseOf(job: IndexJobState): string {
  if (job.phase === 'uploading') return 'uploading';
  if (job.phase === 'error') return job.error?.code === 'CANCELLED' ? 'cancelled' : 'error';
  if (job.phase === 'done') return job.summary?.cancelled ? 'cancelled' : 'done';
  return job.progress?.phase ?? 'scanning';
}

function fraction(job: IndexJobState): number | null {
  if (job.phase === 'uploading' && job.upload) return job.upload.total ? job.upload.done / job.upload.total : 0;
  if (job.phase === 'done') return 1;
  const p = job.progress;
  if (!p || p.phase === 'scanning') return null;
  if (p.phase === 'embedding') return p.chunksTotal ? (p.chunksDone ?? 0) / p.chunksTotal : null;
  if (p.filesTotal === 0) return null;
  const inFile = p.pagesInFile && p.page ? p.page / p.pagesInFile : 0;
  return Math.min(1, (p.filesDone + inFile) / p.filesTotal);
}

function label(t: Translate, job: IndexJobState): string {
  if (job.phase === 'uploading') return t('library.uploading', { done: job.upload?.done ?? 0, total: job.upload?.total ?? 0 });
  if (job.phase === 'done') return job.summary?.cancelled ? t('progress.cancelled') : t('progress.done');
  if (job.phase === 'error') return job.error?.code === 'CANCELLED' ? t('progress.cancelled') : t('progress.failed');
  const p = job.progress;
  if (!p || p.phase === 'scanning') return t('progress.scanning');
  if (p.phase === 'removing') return t('progress.removing');
  if (p.phase === 'embedding') return t('progress.embedding', { done: p.chunksDone ?? 0, total: p.chunksTotal ?? 0 });
  return t('progress.indexing');
}

export function IndexProgress({ job, onCancel, onDismiss }: { job: IndexJobState; onCancel(): void; onDismiss(): void }) {
  const { t } = useI18n();
  const phase = phaseOf(job);
  const share = fraction(job);
  const p = job.progress;
  const running = job.phase === 'running' || job.phase === 'uploading';
  const summary = job.summary;
  return (
    <div className={`progress-panel progress-${phase}`} data-testid="index-progress" data-phase={phase} role="status">
      <div className="progress-top">
        <strong>{label(t, job)}</strong>
        {job.phase === 'running' && p && p.filesTotal > 0 && <span className="muted">{t('progress.files', { done: p.filesDone, total: p.filesTotal })}</span>}
        <span className="spacer" />
        {job.phase === 'running' && (
          <button type="button" className="btn btn-small" data-testid="index-cancel" onClick={onCancel}>
            {t('progress.cancel')}
          </button>
        )}
        {!running && (
          <button type="button" className="btn btn-small btn-quiet" onClick={onDismiss}>
            {t('progress.dismiss')}
          </button>
        )}
      </div>
      {(running || phase === 'done') && (
        <div
          className={`bar${share === null ? ' bar-indeterminate' : ''}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={share === null ? undefined : Math.round(share * 100)}
        >
          <div className="bar-fill" style={{ width: share === null ? undefined : `${Math.round(share * 100)}%` }} />
        </div>
      )}
      {job.phase === 'running' && p && p.phase === 'indexing' && (
        <div className="progress-detail muted small">
          {p.file && (
            <span className="progress-file" title={p.file}>
              {basename(p.file)}
            </span>
          )}
          {p.page !== undefined && p.pagesInFile ? <span>{t('progress.page', { page: p.page, pages: p.pagesInFile })}</span> : null}
          {p.ocrPagesTotal ? <span data-testid="ocr-progress">{t('progress.ocr', { done: p.ocrPagesDone ?? 0, total: p.ocrPagesTotal })}</span> : null}
          {p.rate > 0 && <span>{t('progress.rate', { rate: p.rate.toFixed(1) })}</span>}
          {p.etaSeconds !== undefined && p.etaSeconds > 0 && <span>{t('progress.eta', { eta: formatDuration(t, p.etaSeconds) })}</span>}
        </div>
      )}
      {summary && (
        <div className="progress-detail small">
          {t('progress.summary', {
            indexed: summary.indexed,
            unchanged: summary.unchanged,
            failed: summary.failed.length,
            seconds: summary.seconds.toFixed(1),
          })}
        </div>
      )}
      {summary && summary.failed.length > 0 && (
        <div className="failures">
          <div className="small strong">{t('progress.failedTitle')}</div>
          <ul>
            {summary.failed.map((f) => (
              <li key={f.path} data-testid="index-failure">
                <span className="failure-file">{basename(f.path)}</span>: <span className="failure-reason">{errorText(t, f.code)}</span>
                <div className="detail">{f.message}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {summary?.warnings && summary.warnings.length > 0 && (
        <div className="failures">
          <div className="small strong">{t('progress.warningsTitle')}</div>
          <ul>
            {summary.warnings.map((w) => (
              <li key={`${w.path}#${w.page}`} data-testid="index-warning">
                <span className="failure-file">{basename(w.path)}</span>: <span className="detail">{warningText(t, w)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {job.phase === 'error' && job.error && job.error.code !== 'CANCELLED' && <ErrorNotice error={job.error} small />}
    </div>
  );
}
