import { describe, expect, it } from 'vitest';
import { languageOfLocale, renderReason, type ReviewReason } from '../../../src/shared/review-reasons';

const at = { section: '第1条（目的）', page: 1 };
const REASONS: ReviewReason[] = [
  { code: 'no_passages', params: {} },
  { code: 'no_library_match', params: {} },
  { code: 'address_found', params: { ref: '第5条第6項', at } },
  { code: 'address_enclosing', params: { ref: '第5条第6項', at } },
  { code: 'address_missing', params: { ref: '第5条第6項' } },
  { code: 'heading_names', params: { topic: '懲戒の種類', at } },
  { code: 'title_page', params: { topic: 'parties', at: { page: 1 } } },
  { code: 'wording_found', params: { topic: 'governing law', at, words: 'governed by the laws of' } },
  { code: 'wording_weak', params: { topic: 'warranties', at, words: 'warrant' } },
  { code: 'key_words_found', params: { at, share: 0.64 } },
  { code: 'key_words_weak', params: { at, share: 0.3 } },
  { code: 'topic_absent', params: { topic: 'governing law', examples: ['governed by the laws of'] } },
  { code: 'key_words_absent', params: { share: 0.1 } },
  { code: 'answer_cites_nothing', params: {} },
  { code: 'answer_unsupported', params: { count: 2 } },
];

describe('review reasons', () => {
  it('renders every reason code as a sentence in Japanese and in English', () => {
    for (const reason of REASONS) {
      const ja = renderReason(reason, 'ja');
      const en = renderReason(reason, 'en');
      expect(ja).toMatch(/[\u3040-\u30ff]/u);
      expect(ja).toMatch(/。$/u);
      expect(en).toMatch(/^[A-Z].*\.$/su);
      for (const text of [ja, en]) expect(text).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it('writes the place, the share and the quoted words the way each language does', () => {
    expect(renderReason({ code: 'key_words_weak', params: { at, share: 0.3 } }, 'ja')).toBe(
      '最も近い箇所（「第1条（目的）」）にも項目の主な語は30%しかありません。確認してください。',
    );
    expect(renderReason({ code: 'key_words_weak', params: { at, share: 0.3 } }, 'en')).toBe(
      "The best passage, at “第1条（目的）”, holds only 30% of the item's key words: check it.",
    );
    expect(renderReason({ code: 'title_page', params: { topic: '契約当事者', at: { page: 1 } } }, 'ja')).toContain('1ページ');
  });

  it('reads the language from a locale: Japanese for ja_*, English for other languages, none for C/POSIX or unset', () => {
    expect(languageOfLocale('ja_JP.UTF-8')).toBe('ja');
    expect(languageOfLocale('ja-JP')).toBe('ja');
    expect(languageOfLocale('en_US.UTF-8')).toBe('en');
    expect(languageOfLocale('de_DE.UTF-8')).toBe('en');
    expect(languageOfLocale('C.UTF-8')).toBeUndefined();
    expect(languageOfLocale('POSIX')).toBeUndefined();
    expect(languageOfLocale(undefined)).toBeUndefined();
  });
});
