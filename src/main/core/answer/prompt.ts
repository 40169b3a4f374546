/**
 * Prompts that keep a small model to the passages: numbered sources with title and page, an
 * instruction to cite [n] after every claim, and a fixed sentence for "not in the documents".
 */
import { displayPath } from '../../../shared/display';
import type { Hit } from '../../../shared/types';
import type { ChatMessage } from '../llm/types';
import { hasJapanese } from '../text/japanese';
import { stripCitationMarkers } from './citations';
import type { ConversationTurn, Language } from './types';

/** What the model must answer when the passages do not contain the answer. */
export const NOT_IN_DOCUMENTS: Record<Language, string> = {
  ja: '資料には記載がありません',
  en: 'The documents do not say',
};

/** Japanese when the text has any kana or kanji, else English. */
export function detectLanguage(text: string): Language {
  return hasJapanese(text) ? 'ja' : 'en';
}

function pages(hit: Hit, language: Language): string {
  const range = hit.pageEnd > hit.page ? `${hit.page}–${hit.pageEnd}` : `${hit.page}`;
  return language === 'ja' ? `${range}ページ` : `p. ${range}`;
}

/** One numbered passage as the model sees it: "[n] title, page, section" then the text. */
export function formatPassage(hit: Hit, n: number, language: Language, text = hit.text): string {
  // A file name or title may hold a newline: escaped, it cannot start a line of its own (a fake instruction or source).
  const where = [displayPath(hit.title || hit.path), pages(hit, language), displayPath(hit.section)].filter(Boolean).join(language === 'ja' ? '、' : ', ');
  return `[${n}] ${where}\n${text.trim()}`;
}

const SYSTEM: Record<Language, string> = {
  ja: [
    'あなたは社内の文書(マニュアル・契約書・規程)について質問に答えるアシスタントです。',
    '次の規則を必ず守ってください。',
    '- 与えられた番号付きの資料だけを根拠に、日本語で簡潔に答える。一般知識や推測で補わない。',
    '- 各文の末尾に、根拠にした資料の番号を [1] のように付ける。複数なら [1][2]。',
    '- 条項番号・数値・型番・日付・バージョンは資料の表記どおりに書く。',
    `- 資料に答えがなければ「${NOT_IN_DOCUMENTS.ja}。」とだけ答える。`,
  ].join('\n'),
  en: [
    "You answer questions about the company's own documents (manuals, contracts, rules).",
    'Follow these rules:',
    '- Answer briefly in English, using only the numbered passages given. Do not add general knowledge or guesses.',
    '- End every sentence with the number of the passage it comes from, like [1]; several: [1][2].',
    '- Copy clause numbers, figures, model numbers, dates and versions exactly as the passages write them.',
    `- If the passages do not contain the answer, reply only: "${NOT_IN_DOCUMENTS.en}."`,
  ].join('\n'),
};

export function systemPrompt(language: Language): string {
  return SYSTEM[language];
}

/** The user turn: the numbered passages, then the question. */
export function userPrompt(question: string, passages: string[], language: Language): string {
  const heading = language === 'ja' ? '資料:' : 'Passages:';
  const ask = language === 'ja' ? '質問:' : 'Question:';
  const body = passages.length ? passages.join('\n\n') : language === 'ja' ? '(該当する資料はありません)' : '(no passages)';
  return `${heading}\n${body}\n\n${ask} ${question.trim()}`;
}

export interface BuildPromptOptions {
  question: string;
  /** Passages already formatted with formatPassage(), in the order of their numbers. */
  passages: string[];
  /** Default: detected from the question. */
  language?: Language;
  /**
   * Earlier turns, oldest first; sent as user/assistant turns before the passages, their citation
   * markers removed (they pointed at other passages).
   */
  history?: ConversationTurn[];
}

/** System and user messages that ask for an answer grounded only in the numbered passages. */
export function buildAnswerMessages(options: BuildPromptOptions): ChatMessage[] {
  const language = options.language ?? detectLanguage(options.question);
  const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt(language) }];
  for (const turn of options.history ?? []) {
    messages.push({ role: 'user', content: turn.question }, { role: 'assistant', content: stripCitationMarkers(turn.answer) });
  }
  messages.push({ role: 'user', content: userPrompt(options.question, options.passages, language) });
  return messages;
}
