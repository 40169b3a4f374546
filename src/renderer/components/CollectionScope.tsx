/** Where to look: all collections or one (shown only when the library has more than one). */
import { useI18n } from '../lib/i18n';

export function CollectionScope({ collections, value, onChange }: { collections: string[]; value: string; onChange(value: string): void }) {
  const { t } = useI18n();
  if (collections.length < 2) return null;
  return (
    <label className="scope small muted">
      {t('scope.label')}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="collection-scope">
        <option value="">{t('scope.all')}</option>
        {collections.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
