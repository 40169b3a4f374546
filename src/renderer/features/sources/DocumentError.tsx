/** Why a document page cannot be shown, in the user's language, with what to do; the server's detail below it. */
import { ErrorNotice } from '../../lib/ErrorNotice';
import { useI18n } from '../../lib/i18n';

export function DocumentError({ code, detail }: { code: string; detail: string }) {
  const { t } = useI18n();
  return <ErrorNotice error={{ code, message: detail }} hint={t('viewer.fileUnavailable')} testId="viewer-file-error" />;
}
