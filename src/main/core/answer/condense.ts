/**
 * Follow-up questions ("その場合の期限は？", "what about the second one?") retrieve poorly on
 * their own. Without a model: when a question looks like a follow-up, carry the key terms of the
 * previous question into the retrieval query.
 */
import { contentTerms } from './support-check';
import type { Analyze, ConversationTurn } from './types';

const ANAPHORA =
  /(それ|その|これ|この|あれ|あの|そこ|同じ|他に|ほかに|さらに|では|じゃあ|場合|\b(?:it|its|that|this|these|those|they|them|same|also|else|what about|and if)\b)/iu;

export interface CondenseOptions {
  analyze: Analyze;
  /** A question with at most this many content terms counts as a follow-up. Default 2. */
  maxFollowUpTerms?: number;
  /** Most terms carried over. Default 6. */
  maxCarriedTerms?: number;
}

/** The retrieval query: the question itself, plus the previous question's terms for a follow-up. */
export function condenseQuery(question: string, history: ConversationTurn[] | undefined, options: CondenseOptions): string {
  const previous = history?.at(-1);
  if (!previous) return question;
  const { analyze, maxFollowUpTerms = 2, maxCarriedTerms = 6 } = options;
  const own = contentTerms(analyze, question);
  if (!ANAPHORA.test(question) && own.length > maxFollowUpTerms) return question;
  const carried = contentTerms(analyze, previous.question)
    .filter((t) => !own.includes(t))
    .slice(0, maxCarriedTerms);
  return carried.length ? `${question} ${carried.join(' ')}` : question;
}
