/**
 * What a checklist item asks, as terms to match: its own words (the category, when the item has
 * one, counting double), without the words every checklist item uses, and a provision it names.
 */
import type { Analyzer } from '../analysis/analyzer';

export interface ReviewItemQuery {
  question: string;
  category?: string;
  guidance?: string;
  /** Example wording of the clause (item-examples.ts). */
  examples?: string[];
}

/** Words every checklist item uses: they say nothing about which clause is meant. */
const GENERIC_WORDS = [
  'clause',
  'contract',
  'agreement',
  'party',
  'parties',
  'counterparty',
  'provision',
  'document',
  'include',
  'require',
  'there',
  'any',
  'state',
  'whether',
  'shall',
  'may',
  'will',
  'must',
  'one',
  'either',
  'other',
  'certain',
  'such',
  '契約',
  '条項',
  '規定',
  '定め',
  '当事者',
  '場合',
  '必要',
  '有無',
  '記載',
  '本',
  '規則',
  '事項',
  'ある',
  '定める',
];

const genericByAnalyzer = new WeakMap<Analyzer, Set<string>>();

/** The terms of the words every checklist item uses. */
export function genericTerms(analyzer: Analyzer): Set<string> {
  let set = genericByAnalyzer.get(analyzer);
  if (!set) {
    set = new Set(GENERIC_WORDS.flatMap((word) => analyzer.terms(word)));
    genericByAnalyzer.set(analyzer, set);
  }
  return set;
}

/** The weighted query terms of an item: category double, guidance half; words every item uses left out. */
export function itemTerms(analyzer: Analyzer, item: ReviewItemQuery, category: string | undefined): Map<string, number> {
  const skip = genericTerms(analyzer);
  const weights = new Map<string, number>();
  const add = (text: string | undefined, weight: number) => {
    for (const term of text ? analyzer.terms(text) : []) {
      if (skip.has(term)) continue;
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
  };
  add(item.question, 1);
  add(item.guidance, 0.5);
  add(category, 2);
  return weights;
}

/** "Governing Law: Which state's law…" / 「懲戒の種類：…」 → the category (the item's own category first). */
export function categoryOf(item: ReviewItemQuery): string | undefined {
  if (item.category?.trim()) return item.category.trim();
  const match = /^([^:：?？。.]{2,60})[:：]\s*\S/u.exec(item.question.trim());
  return match && match[1].trim().split(/\s+/).length <= 6 ? match[1].trim() : undefined;
}

/** The provision as the item wrote it (第5条第6項, Article 5(6)), for a reason. */
export function referenceText(question: string): string {
  const match =
    /(第[^\s、。？?]{1,20}?[条項号章]|別表[^\s、。？?]{0,4}|(?:article|section|clause|schedule|appendix|annex|exhibit)\s*[0-9ivxlc.]+(?:\([0-9a-z]+\))*)/iu.exec(
      question,
    );
  return match ? match[0] : 'the named provision';
}
