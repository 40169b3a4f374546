/**
 * The prompt for a base model (no chat template, e.g. Gemma 3 270M as published on PyPI): plain
 * text it continues, with one worked example in the question's language so that it knows the shape
 * wanted (one short answer, the passage number after it) and stops at the blank line.
 */
import { stripCitationMarkers } from './citations';
import { NOT_IN_DOCUMENTS } from './prompt';
import type { ConversationTurn, Language } from './types';

const LABELS: Record<Language, { intro: string; passages: string; question: string; answer: string }> = {
  ja: {
    intro: `資料だけを根拠に、質問に日本語で短く答える。答えの後に根拠の資料番号を[1]のように書く。資料に答えがなければ「${NOT_IN_DOCUMENTS.ja}。」と書く。`,
    passages: '資料:',
    question: '質問:',
    answer: '回答:',
  },
  en: {
    intro: `Answer the question briefly in English from the passages only, then write the passage number like [1]. If the passages do not contain the answer, write "${NOT_IN_DOCUMENTS.en}."`,
    passages: 'Passages:',
    question: 'Question:',
    answer: 'Answer:',
  },
};

/** The worked example: a fact in passage [1], a distractor in [2]. */
const EXAMPLE: Record<Language, { passages: string; question: string; answer: string }> = {
  ja: {
    passages:
      '[1] 就業規則、3ページ\n第5条 所定労働時間は1日8時間とする。始業は午前9時、終業は午後6時とする。\n\n[2] 安全手順書、12ページ\n作業の前に保護メガネを着用する。',
    question: '始業時刻は何時ですか？',
    answer: '始業は午前9時です。[1]',
  },
  en: {
    passages:
      '[1] Employee handbook, p. 3\nThe working day is 8 hours. Work starts at 9:00 and ends at 18:00.\n\n[2] Safety procedures, p. 12\nWear safety glasses before starting work.',
    question: 'When does work start?',
    answer: 'Work starts at 9:00. [1]',
  },
};

/**
 * Where the model's answer ends: at the end of its line. Measured on Gemma 3 270M: past the first
 * line it writes "回答: …" again or a new question, up to the token cap (85 s for one answer).
 */
export function completionStops(): string[] {
  return ['\n'];
}

/** Tokens a base model may write: one line of answer. */
export const COMPLETION_MAX_TOKENS = 128;

export interface CompletionPromptOptions {
  question: string;
  /** Passages formatted with formatPassage(), in the order of their numbers. */
  passages: string[];
  language: Language;
  /** Earlier turns, oldest first (their citation markers removed: they pointed at other passages). */
  history?: ConversationTurn[];
}

/** The text a base model continues: rules, the example, earlier turns, the passages, the question, "回答:". */
export function buildCompletionPrompt(options: CompletionPromptOptions): string {
  const { question, passages, language, history = [] } = options;
  const l = LABELS[language];
  const example = EXAMPLE[language];
  const turns = history.map((t) => `${l.question} ${t.question.trim()}\n${l.answer} ${stripCitationMarkers(t.answer).replace(/\s+/gu, ' ').trim()}`);
  return [
    l.intro,
    `${l.passages}\n${example.passages}`,
    `${l.question} ${example.question}\n${l.answer} ${example.answer}`,
    ...turns,
    `${l.passages}\n${passages.join('\n\n')}`,
    `${l.question} ${question.trim()}\n${l.answer}`,
  ].join('\n\n');
}
