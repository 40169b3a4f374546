/**
 * OCR in the settings: when indexing reads scanned pages (off / pages without text / every page)
 * and in which languages. Saved in the settings file; the next index run uses it. IT's policy can
 * turn OCR off, which locks the control.
 */
import type { OcrChoice, Settings } from '../../../shared/api';
import { useEffect, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { ManagedBadge } from './ManagedPolicy';

const DEFAULT: OcrChoice = { mode: 'auto', langs: 'jpn+eng' };
const LANGUAGES = [
  ['jpn', 'settings.ocr.jpn'],
  ['eng', 'settings.ocr.eng'],
] as const;

export function OcrSetting({ settings, lock, onChange }: { settings: Settings | null; lock: string | null; onChange(patch: Partial<Settings>): void }) {
  const { t } = useI18n();
  const saved = settings?.ocr ?? DEFAULT;
  // The choice as last made here, until the saved settings come back: a second change made before the first one's
  // save returns builds on it, not on the settings as they were (the mode changed right after a language reverted it).
  const [ocr, setOcr] = useState<OcrChoice>(saved);
  useEffect(() => setOcr({ mode: saved.mode, langs: saved.langs }), [saved.mode, saved.langs]);
  const choose = (next: OcrChoice) => {
    setOcr(next);
    onChange({ ocr: next });
  };
  const langs = ocr.langs.split('+');
  const toggle = (lang: string, on: boolean) => {
    const next = LANGUAGES.map(([l]) => l).filter((l) => (l === lang ? on : langs.includes(l)));
    // At least one language: unticking the last one leaves it ticked.
    if (next.length > 0) choose({ ...ocr, langs: next.join('+') });
  };
  return (
    <div className="setting" data-testid="settings-ocr">
      <label htmlFor="ocr-mode">
        {t('settings.ocr')} {lock && <ManagedBadge reason={lock} />}
      </label>
      <div>
        <select
          id="ocr-mode"
          data-testid="settings-ocr-mode"
          disabled={Boolean(lock)}
          value={lock ? 'off' : ocr.mode}
          onChange={(e) => choose({ ...ocr, mode: e.target.value as OcrChoice['mode'] })}
        >
          <option value="auto">{t('settings.ocr.auto')}</option>
          <option value="force">{t('settings.ocr.force')}</option>
          <option value="off">{t('settings.ocr.off')}</option>
        </select>
        {LANGUAGES.map(([lang, key]) => (
          <label key={lang} className="small" style={{ marginLeft: '1em', fontWeight: 'normal' }}>
            <input
              type="checkbox"
              data-testid={`settings-ocr-${lang}`}
              disabled={Boolean(lock) || ocr.mode === 'off'}
              checked={langs.includes(lang)}
              onChange={(e) => toggle(lang, e.target.checked)}
            />{' '}
            {t(key)}
          </label>
        ))}
      </div>
      <span className="muted small">{t('settings.ocrNote')}</span>
    </div>
  );
}
