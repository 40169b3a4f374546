/**
 * Which passages fit the model's context: rank order kept, a passage that does not fit is
 * dropped (a later, shorter one may still fit), counted with the model's own tokenizer.
 */
import type { Hit } from '../../../shared/types';

export interface BudgetOptions {
  /** Tokens available for all passages together. */
  maxTokens: number;
  /** The model's tokenizer (ChatModel.countTokens). */
  countTokens: (text: string) => number;
  /**
   * The passage as the prompt will show it (header and text), given its number among the selected.
   * Default: the text alone.
   */
  render?: (hit: Hit, n: number) => string;
  /** Most passages to keep. Default: no limit. */
  maxPassages?: number;
  /**
   * When even the best passage does not fit, keep its beginning cut to fit (so the model still
   * sees the top hit). Default true.
   */
  truncateFirst?: boolean;
}

export interface BudgetSelection {
  /** Passages kept, in rank order; a cut passage carries its shortened text. */
  selected: Hit[];
  /** Passages left out, in rank order. */
  dropped: Hit[];
  usedTokens: number;
}

/** Longest prefix of `text` whose render fits `budget` tokens (binary search on characters). */
function truncateToFit(hit: Hit, budget: number, cost: (hit: Hit) => number): Hit | undefined {
  let lo = 0;
  let hi = hit.text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost({ ...hit, text: hit.text.slice(0, mid) + '…' }) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? { ...hit, text: hit.text.slice(0, lo) + '…' } : undefined;
}

/** Chooses passages within `maxTokens`, keeping rank order. */
export function selectPassages(hits: Hit[], options: BudgetOptions): BudgetSelection {
  const { maxTokens, countTokens, render = (hit) => hit.text, maxPassages = Infinity, truncateFirst = true } = options;
  const ordered = [...hits].sort((a, b) => a.rank - b.rank);
  const selected: Hit[] = [];
  const dropped: Hit[] = [];
  let usedTokens = 0;
  for (const hit of ordered) {
    if (selected.length >= maxPassages) {
      dropped.push(hit);
      continue;
    }
    const cost = (h: Hit) => countTokens(render(h, selected.length + 1));
    const tokens = cost(hit);
    if (usedTokens + tokens <= maxTokens) {
      selected.push(hit);
      usedTokens += tokens;
      continue;
    }
    const cut = truncateFirst && selected.length === 0 ? truncateToFit(hit, maxTokens - usedTokens, cost) : undefined;
    if (cut) {
      selected.push(cut);
      usedTokens += cost(cut);
    } else dropped.push(hit);
  }
  return { selected, dropped, usedTokens };
}
