/**
 * UI strings in Japanese and English (messages-ja.ts, messages-en.ts). The language comes from settings ('system'
 * follows the browser / OS: Japanese when it prefers Japanese, English otherwise). Every error code the user can meet
 * has words in both languages.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { en } from './messages-en';
import { ja, type MessageKey } from './messages-ja';

export type Lang = 'ja' | 'en';

type Key = MessageKey;

export const STRINGS: Record<Lang, Record<Key, string>> = { ja, en };
export type StringKey = Key;

/** 'system' → the browser's / OS's preferred language. */
export function resolveLang(setting: 'ja' | 'en' | 'system' | undefined, languages: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  if (setting === 'ja' || setting === 'en') return setting;
  const preferred = languages.find((l) => /^(ja|en)\b/i.test(l));
  return preferred?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export type Translate = (key: Key, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => {
    let text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
    if (params) for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
}

/** Words for an error code; the engine's own message (which names the file) is shown as detail. */
export function errorText(t: Translate, code: string): string {
  const key = `error.${code}` as Key;
  return key in ja ? t(key) : t('error.INTERNAL');
}

const I18nContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'en', t: translator('en') });

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <I18nContext.Provider value={{ lang, t: translator(lang) }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { lang: Lang; t: Translate } {
  return useContext(I18nContext);
}

export function formatDuration(t: Translate, seconds: number): string {
  return seconds < 90 ? t('unit.seconds', { n: Math.max(1, Math.round(seconds)) }) : t('unit.minutes', { n: Math.round(seconds / 60) });
}
