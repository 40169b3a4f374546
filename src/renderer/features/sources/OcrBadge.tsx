/** "OCR · 91 %": the text shown came from OCR, with its confidence (warm colour when low). */
import { useI18n } from '../../lib/i18n';

/** Below this confidence the badge warns (the same threshold as the answer's note). */
const LOW = 60;

export function OcrBadge({ confidence }: { confidence: number }) {
  const { t } = useI18n();
  const value = Math.round(confidence);
  return (
    <span className={`ocr-badge${value < LOW ? ' ocr-badge-low' : ''}`} data-testid="ocr-badge" title={t('ocr.badgeTitle')}>
      {t('ocr.badge', { confidence: value })}
    </span>
  );
}
