/**
 * An error as the user reads it: what happened in their language (from the code, never the code itself), an
 * optional line on what to do, and the engine's detail (which names the file) below.
 */
import type { ReactNode } from 'react';
import { errorText, useI18n } from './i18n';

export interface ErrorNoticeProps {
  error: { code: string; message: string };
  /** What to do about it, under the message. Default: nothing. */
  hint?: ReactNode;
  /** A smaller notice, inside a list or a card. Default: false. */
  small?: boolean;
  testId?: string;
}

export function ErrorNotice({ error, hint, small = false, testId }: ErrorNoticeProps) {
  const { t } = useI18n();
  return (
    <div className={`notice notice-error${small ? ' small' : ''}`} data-testid={testId} data-code={error.code}>
      {errorText(t, error.code)}
      {hint && <div>{hint}</div>}
      <div className="detail">{error.message}</div>
    </div>
  );
}
