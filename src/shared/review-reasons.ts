/**
 * Why a review item got its status, as a code and parameters (what the engine decides), rendered
 * per language by the UI, the CLI and the reports: a Japanese reviewer reads Japanese reasons even
 * when the run was made in English, and the other way round. Pure data and strings: no node:*, no DOM.
 */
export type ReasonLanguage = 'ja' | 'en';

/** Where a passage is: its innermost headings, else its page. */
export interface ReasonPlace {
  section?: string;
  page: number;
}

export type ReviewReason =
  | { code: 'no_passages'; params: Record<string, never> }
  | { code: 'no_library_match'; params: Record<string, never> }
  | { code: 'address_found'; params: { ref: string; at: ReasonPlace } }
  | { code: 'address_enclosing'; params: { ref: string; at: ReasonPlace } }
  | { code: 'address_missing'; params: { ref: string } }
  | { code: 'heading_names'; params: { topic: string; at: ReasonPlace } }
  | { code: 'title_page'; params: { topic: string; at: ReasonPlace } }
  | { code: 'wording_found'; params: { topic: string; at: ReasonPlace; words: string } }
  | { code: 'wording_weak'; params: { topic: string; at: ReasonPlace; words: string } }
  | { code: 'key_words_found'; params: { at: ReasonPlace; share: number } }
  | { code: 'key_words_weak'; params: { at: ReasonPlace; share: number } }
  | { code: 'topic_absent'; params: { topic: string; examples: string[] } }
  | { code: 'key_words_absent'; params: { share: number } }
  | { code: 'meaning_near'; params: { at: ReasonPlace } }
  | { code: 'example_absent'; params: { at: ReasonPlace; share: number } }
  | { code: 'example_near'; params: { at: ReasonPlace; share: number } }
  | { code: 'answer_cites_nothing'; params: Record<string, never> }
  | { code: 'answer_unsupported'; params: { count: number } }
  | { code: 'differs_from_standard'; params: { expected: string } };

export type ReasonCode = ReviewReason['code'];

const place = (at: ReasonPlace, language: ReasonLanguage): string => {
  if (language === 'ja') return at.section ? `「${at.section}」` : `${at.page}ページ`;
  return at.section ? `“${at.section}”` : `page ${at.page}`;
};
const q = (text: string, language: ReasonLanguage) => (language === 'ja' ? `「${text}」` : `“${text}”`);
const pct = (share: number) => `${Math.round(share * 100)}%`;

type Renderers = { [C in ReasonCode]: (params: Extract<ReviewReason, { code: C }>['params']) => string };

const EN: Renderers = {
  no_passages: () => 'The document has no text passages.',
  no_library_match: () => 'No passage in the library matches the item.',
  address_found: (p) => `The document has ${p.ref} at ${place(p.at, 'en')}.`,
  address_enclosing: (p) => `Only the enclosing provision of ${p.ref} was found, at ${place(p.at, 'en')}.`,
  address_missing: (p) => `The document has no provision numbered ${p.ref}.`,
  heading_names: (p) => `The section heading ${place(p.at, 'en')} names the ${p.topic}.`,
  title_page: (p) => `The ${p.topic} is on the document's first page, at ${place(p.at, 'en')}: check it.`,
  wording_found: (p) => `A passage at ${place(p.at, 'en')} uses the wording of ${p.topic}: ${q(p.words, 'en')}.`,
  wording_weak: (p) => `Only weak wording of ${p.topic} (${q(p.words, 'en')}) at ${place(p.at, 'en')}: check it.`,
  key_words_found: (p) => `The passage at ${place(p.at, 'en')} holds ${pct(p.share)} of the item's key words.`,
  key_words_weak: (p) => `The best passage, at ${place(p.at, 'en')}, holds only ${pct(p.share)} of the item's key words: check it.`,
  topic_absent: (p) =>
    `No passage of the document uses any wording of ${p.topic}${p.examples.length ? ` (such as ${p.examples.map((e) => q(e, 'en')).join(', ')})` : ''}.`,
  key_words_absent: (p) => `No passage of the document holds the item's key words (best: ${pct(p.share)}).`,
  meaning_near: (p) => `The item's words are scarce in the document, but the passage at ${place(p.at, 'en')} is close to it in meaning: check it.`,
  example_absent: (p) =>
    `No passage of the document is close to the item's example wording (the nearest, at ${place(p.at, 'en')}, holds ${pct(p.share)} of its words).`,
  example_near: (p) =>
    `The item's words are scarce in the document, but the passage at ${place(p.at, 'en')} holds ${pct(p.share)} of its example wording: check it.`,
  answer_cites_nothing: () => 'The answer cites no passage of the document.',
  answer_unsupported: (p) => `The support check flags ${p.count} sentence(s) of the answer.`,
  differs_from_standard: (p) => `Differs from the standard (${p.expected}): the clause found does not say it.`,
};

const JA: Renderers = {
  no_passages: () => 'この文書には本文がありません。',
  no_library_match: () => 'ライブラリにこの項目に合う箇所がありません。',
  address_found: (p) => `${p.ref}は${place(p.at, 'ja')}にあります。`,
  address_enclosing: (p) => `${p.ref}そのものは見つからず、それを含む規定が${place(p.at, 'ja')}にあります。`,
  address_missing: (p) => `この文書には${p.ref}という番号の規定がありません。`,
  heading_names: (p) => `見出し${place(p.at, 'ja')}が${q(p.topic, 'ja')}を示しています。`,
  title_page: (p) => `${q(p.topic, 'ja')}は文書の1ページ目（${place(p.at, 'ja')}）にあります。確認してください。`,
  wording_found: (p) => `${place(p.at, 'ja')}の箇所に${q(p.topic, 'ja')}の文言${q(p.words, 'ja')}があります。`,
  wording_weak: (p) => `${q(p.topic, 'ja')}に近い文言${q(p.words, 'ja')}が${place(p.at, 'ja')}にあるだけです。確認してください。`,
  key_words_found: (p) => `${place(p.at, 'ja')}の箇所に項目の主な語の${pct(p.share)}があります。`,
  key_words_weak: (p) => `最も近い箇所（${place(p.at, 'ja')}）にも項目の主な語は${pct(p.share)}しかありません。確認してください。`,
  topic_absent: (p) =>
    `この文書のどの箇所にも${q(p.topic, 'ja')}の文言${p.examples.length ? `（${p.examples.map((e) => q(e, 'ja')).join('、')}など）` : ''}がありません。`,
  key_words_absent: (p) => `この文書のどの箇所にも項目の主な語がありません（最大${pct(p.share)}）。`,
  meaning_near: (p) => `項目の語は文書にほとんどありませんが、${place(p.at, 'ja')}の箇所が意味の上で近いです。確認してください。`,
  example_absent: (p) => `文書のどの箇所も項目の例文に近くありません（最も近い${place(p.at, 'ja')}の箇所でも例文の語の${pct(p.share)}）。`,
  example_near: (p) => `項目の語は文書にほとんどありませんが、${place(p.at, 'ja')}の箇所に例文の語の${pct(p.share)}があります。確認してください。`,
  answer_cites_nothing: () => '回答が文書のどの箇所も引用していません。',
  answer_unsupported: (p) => `回答の${p.count}文が引用箇所で裏付けられていません。`,
  differs_from_standard: (p) => `自社基準（${p.expected}）と異なります: 該当条項にその記載がありません。`,
};

/** The reason as a sentence in the language asked for. */
export function renderReason(reason: ReviewReason, language: ReasonLanguage): string {
  const renderers = (language === 'ja' ? JA : EN) as Record<ReasonCode, (params: unknown) => string>;
  return renderers[reason.code](reason.params);
}

/** The language of a person's locale ("ja_JP.UTF-8", "ja-JP", "en_US"): Japanese or English. */
export function languageOfLocale(locale: string | undefined): ReasonLanguage | undefined {
  if (!locale) return undefined;
  return /^ja\b|^ja[_-]/i.test(locale) ? 'ja' : /^[a-z]{2}/i.test(locale) && !/^(c|posix)$/i.test(locale.split('.')[0]) ? 'en' : undefined;
}
