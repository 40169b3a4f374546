/** Why a document page cannot be shown, in the user's language, with what to do; the server's detail below it. */
import { errorText, useI18n } from '../../lib/i18n';

export function DocumentError({ code, detail }: { code: string; detail: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" data-testid="viewer-file-error" data-code={code}>
      {errorText(t, code)}
      <div>{t('viewer.fileUnavailable')}</div>
      <div className="detail">{detail}</div>
    </div>
  );
}
