/**
 * Which clause of the draft is which clause of the standard, by what they say rather than by their
 * numbers: a greedy best match on the overlap of their words (Dice over terms and term pairs), helped
 * by equal captions and a similar place in the document; then, between two matched neighbours, the
 * leftovers that still resemble each other; then split and merged clauses (one clause of the
 * standard written as two in the draft, or the other way round) join their pair.
 */
import type { Clause } from './segment';
import { tokenize, type Token } from './tokens';

export interface Features {
  counts: Map<string, number>;
  total: number;
}

/** A clause ready to align: its body tokens (punctuation left out) and their term features. */
export interface Prepared {
  clause: Clause;
  tokens: Token[];
  features: Features;
}

/** Pairs and the clauses left on each side; a pair may hold several clauses of one side (a split). */
export interface Alignment {
  pairs: { standard: number[]; draft: number[]; score: number }[];
  missing: number[];
  added: number[];
}

export interface AlignOptions {
  /** Least similarity for a match anywhere in the document. Default 0.5. */
  threshold?: number;
  /** Least similarity for leftovers between the same matched neighbours. Default 0.4. */
  gapThreshold?: number;
  /** Least share of a leftover clause's terms found in one clause of a pair to join it (a split). Default 0.8. */
  containment?: number;
}

export function prepareClause(clause: Clause): Prepared {
  const all = tokenize(clause.text, { from: clause.bodyStart }).filter((t) => t.cls !== 'punct');
  // "Page 17" left in the text by a page break moves with the layout: it is not the contract's words.
  const tokens = all.filter((t, i) => !(t.key === 'page' && all[i + 1]?.cls === 'number') && !(t.cls === 'number' && all[i - 1]?.key === 'page'));
  return { clause, tokens, features: featuresOf(tokens) };
}

function featuresOf(tokens: Token[]): Features {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  tokens.forEach((t, i) => {
    add(t.key);
    if (i > 0) add(`${tokens[i - 1].key} ${t.key}`);
  });
  let total = 0;
  for (const n of counts.values()) total += n;
  return { counts, total };
}

function overlap(a: Features, b: Features): number {
  const [small, large] = a.counts.size < b.counts.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [key, n] of small.counts) shared += Math.min(n, large.counts.get(key) ?? 0);
  return shared;
}

export function dice(a: Features, b: Features): number {
  return a.total + b.total === 0 ? 1 : (2 * overlap(a, b)) / (a.total + b.total);
}

function merged(list: Prepared[]): Features {
  const counts = new Map<string, number>();
  let total = 0;
  for (const p of list)
    for (const [key, n] of p.features.counts) {
      counts.set(key, (counts.get(key) ?? 0) + n);
      total += n;
    }
  return { counts, total };
}

function score(s: Prepared, d: Prepared, si: number, di: number, sn: number, dn: number): number {
  const caption = s.clause.caption && s.clause.caption === d.clause.caption ? 0.08 : 0;
  const place = 0.04 * (1 - Math.abs(si / Math.max(1, sn - 1) - di / Math.max(1, dn - 1)));
  return dice(s.features, d.features) + caption + place;
}

export function alignClauses(standard: Prepared[], draft: Prepared[], options: AlignOptions = {}): Alignment {
  const { threshold = 0.5, gapThreshold = 0.4, containment = 0.8 } = options;
  const candidates: { s: number; d: number; score: number }[] = [];
  standard.forEach((s, si) => draft.forEach((d, di) => candidates.push({ s: si, d: di, score: score(s, d, si, di, standard.length, draft.length) })));
  candidates.sort((a, b) => b.score - a.score);
  const pairOfS = new Map<number, number>();
  const pairOfD = new Map<number, number>();
  const pairs: Alignment['pairs'] = [];
  const take = (s: number, d: number, value: number) => {
    pairOfS.set(s, pairs.length);
    pairOfD.set(d, pairs.length);
    pairs.push({ standard: [s], draft: [d], score: value });
  };
  for (const c of candidates) if (c.score >= threshold && !pairOfS.has(c.s) && !pairOfD.has(c.d)) take(c.s, c.d, c.score);

  // Between the same matched neighbours, a clause rewritten a lot is still that clause.
  for (const c of candidates) {
    if (c.score < gapThreshold) break;
    if (pairOfS.has(c.s) || pairOfD.has(c.d)) continue;
    if (sameGap(c.s, c.d, pairOfS, pairs)) take(c.s, c.d, c.score);
  }

  // Splits and merges: a leftover whose terms sit almost all inside one clause of a pair joins it.
  joinParts(
    draft,
    standard,
    pairOfD,
    pairOfS,
    pairs,
    (p) => p.standard,
    (p) => p.draft,
    containment,
  );
  joinParts(
    standard,
    draft,
    pairOfS,
    pairOfD,
    pairs,
    (p) => p.draft,
    (p) => p.standard,
    containment,
  );
  return {
    pairs,
    missing: standard.map((_, i) => i).filter((i) => !pairOfS.has(i)),
    added: draft.map((_, i) => i).filter((i) => !pairOfD.has(i)),
  };
}

/** The nearest matched clause before and after `s` in the standard have their partners around `d` in the draft. */
function sameGap(s: number, d: number, pairOfS: Map<number, number>, pairs: Alignment['pairs']): boolean {
  let before = -1;
  let after = Number.POSITIVE_INFINITY;
  for (const [si, p] of pairOfS) {
    const di = pairs[p].draft[0];
    if (si < s) before = Math.max(before, di);
    else if (si > s) after = Math.min(after, di);
  }
  return d > before && d < after;
}

type Pair = Alignment['pairs'][number];

function joinParts(
  leftovers: Prepared[],
  others: Prepared[],
  pairOfLeft: Map<number, number>,
  pairOfOther: Map<number, number>,
  pairs: Pair[],
  otherSide: (p: Pair) => number[],
  ownSide: (p: Pair) => number[],
  least: number,
): void {
  leftovers.forEach((leftover, li) => {
    if (pairOfLeft.has(li) || leftover.features.total === 0) return;
    let best = -1;
    let bestShare = 0;
    others.forEach((other, oi) => {
      if (!pairOfOther.has(oi)) return;
      const share = overlap(leftover.features, other.features) / leftover.features.total;
      if (share > bestShare) [best, bestShare] = [oi, share];
    });
    if (best < 0 || bestShare < least) return;
    const p = pairs[pairOfOther.get(best)!];
    const own = ownSide(p);
    // Only a neighbour of the clause it joins: the two halves of a split clause sit together.
    if (!own.some((i) => Math.abs(i - li) === 1)) return;
    const joined = [...own, li].sort((a, b) => a - b);
    const before = dice(merged(otherSide(p).map((i) => others[i])), merged(own.map((i) => leftovers[i])));
    const after = dice(merged(otherSide(p).map((i) => others[i])), merged(joined.map((i) => leftovers[i])));
    if (after <= before) return;
    own.splice(0, own.length, ...joined);
    pairOfLeft.set(li, pairOfOther.get(best)!);
  });
}
