/**
 * A review eval set run twice, without and with example wording per item (the checklist's `example`
 * column), and the trade-off of the absence bound. The examples come ONLY from the tuning part's
 * gold clauses: per item, the longest marked clause of each of the first three tuning documents
 * (split order) that have one. A tuning document gets examples from the other tuning documents
 * (leave one out: none is reviewed against its own clause); every held-out document gets the same
 * examples, and no gold text of the held-out part is ever seen.
 */
import type { ChecklistItem } from '../../src/shared/review';
import { EXAMPLE_ABSENT, exampleAbsent } from '../../src/main/core/review/item-status';
import { evaluateSet, partTable, type GoldPair, type PairOutcome, type PartResult, type SetOptions } from './review-set';
import { splitDocuments, type Part } from './split';

/** Examples per item, and the longest one kept (characters): a playbook's clause, not a whole page. */
const PER_ITEM = 3;
const LONGEST = 1000;
const PARTS: Part[] = ['tuning', 'held-out'];
/** Bounds printed on the curve: the word share (the product's rule) and, with an embedder, the cosine. */
const SHARES = [0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2];
const COSINES = [0.82, 0.83, 0.84, 0.85, 0.86];

/** The checklist each document is reviewed with: items with examples from the tuning part's other documents. */
export function exampleChecklists(items: ChecklistItem[], gold: GoldPair[]): (file: string) => ChecklistItem[] {
  const parts = splitDocuments([...new Set(gold.map((g) => g.contract))].sort());
  const tuning = [...parts].filter(([, part]) => part === 'tuning').map(([file]) => file);
  const clause = new Map(
    gold
      .filter((g) => g.clauses.length > 0)
      .map((g) => [
        `${g.contract}\u0000${g.id}`,
        [...g.clauses]
          .sort((a, b) => b.length - a.length)[0]
          .replace(/<omitted>/g, ' ')
          .slice(0, LONGEST),
      ]),
  );
  return (file) =>
    items.map((item) => {
      const examples = tuning
        .filter((t) => t !== file)
        .map((t) => clause.get(`${t}\u0000${item.id}`))
        .filter((c): c is string => !!c)
        .slice(0, PER_ITEM);
      return examples.length > 0 ? { ...item, examples } : item;
    });
}

export interface ExamplesRun {
  off: Record<Part, PartResult>;
  on: Record<Part, PartResult>;
  tables: string[];
}

/** Runs the set without examples (with the caller's hooks), then with them; prints both and the curve. */
export async function examplesOffOn(options: SetOptions, title: string): Promise<ExamplesRun> {
  const base = new Map<string, boolean>();
  const off = await evaluateSet({ ...options, pair: (p) => base.set(`${p.file}\u0000${p.id}`, p.status === 'not_found') });
  const itemsFor = exampleChecklists(options.items, options.gold);
  const pairs: PairOutcome[] = [];
  const on = await evaluateSet({ ...options, misses: undefined, dump: undefined, itemsFor, pair: (p) => pairs.push(p) });
  const tables = [partTable(`${title}, without examples`, off), partTable(`${title}, with examples (from the tuning part's gold clauses only)`, on)];
  // not_found at a bound: the example's absence at that bound, or the rules without examples unless a passage near an example kept the item open.
  const notFound = (p: PairOutcome, absent: (p: PairOutcome) => boolean) => absent(p) || (base.get(`${p.file}\u0000${p.id}`)! && p.code !== 'example_near');
  tables.push(
    curve(`word share of the nearest example; the product's bound is ${EXAMPLE_ABSENT.share}, chosen on the tuning part`, SHARES, pairs, (p, bound) =>
      notFound(p, () => exampleAbsent(p.signals, bound)),
    ),
  );
  // The embedder's view of the same question, when the library has its vectors: cosine of the nearest example instead of words.
  const cosine = await exampleCosines(options, itemsFor, pairs);
  if (cosine)
    tables.push(
      curve('embedder cosine of the nearest example, in place of the word share', COSINES, pairs, (p, bound) =>
        notFound(p, () => cosine.has(p) && exampleAbsent({ ...p.signals, example: cosine.get(p)! }, bound)),
      ),
    );
  return { off, on, tables };
}

/** Best cosine of any of the pair's examples to a passage of its document, or undefined without an embedder. */
async function exampleCosines(options: SetOptions, itemsFor: (file: string) => ChecklistItem[], pairs: PairOutcome[]) {
  const out = new Map<PairOutcome, number>();
  for (const p of pairs) {
    const examples = itemsFor(p.file).find((i) => i.id === p.id)?.examples ?? [];
    for (const example of examples) {
      const similarities = await options.engine.passageSimilarities(example, p.documentId, 100_000);
      if (!similarities) return undefined;
      out.set(p, Math.max(out.get(p) ?? -1, ...similarities.values()));
    }
  }
  return out;
}

/** Absent reported not_found against false not_found, per part, for each bound. */
function curve(name: string, bounds: number[], pairs: PairOutcome[], notFound: (p: PairOutcome, bound: number) => boolean): string {
  const lines = [
    `Trade-off of the absence bound (${name})`,
    '| bound | tuning: absent → not_found | tuning: false not_found | held-out: absent → not_found | held-out: false not_found |',
    '|---|---|---|---|---|',
  ];
  for (const bound of bounds) {
    const cells = PARTS.flatMap((part) => {
      const mine = pairs.filter((p) => p.part === part);
      const absent = mine.filter((p) => !p.present);
      const present = mine.filter((p) => p.present);
      const right = absent.filter((p) => notFound(p, bound)).length;
      const wrong = present.filter((p) => notFound(p, bound)).length;
      return [
        `${(right / Math.max(1, absent.length)).toFixed(4)}`,
        `${wrong} of ${present.length} = ${((100 * wrong) / Math.max(1, present.length)).toFixed(1)} %`,
      ];
    });
    lines.push(`| ${bound} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
