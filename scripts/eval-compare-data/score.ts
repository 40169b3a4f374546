/**
 * Scores one compared pair against its plants: each planted difference found with the right kind
 * (and, for a change, a span holding the new or old words); each reported difference explained by a
 * plant or not; non-changes (a moved clause, full-width digits, broken lines) left as `same`.
 */
import type { ChangeCategory, CompareItem, CompareResult, CompareSide } from '../../src/shared/compare';
import { tokenize } from '../../src/main/core/compare/tokens';
import { DIFFERENCE_KINDS, type Plant, type PlantKind } from './plant';

export interface PairScore {
  /** `category`: for a found change, whether its span got the category that kind of change should get. */
  plants: { kind: PlantKind; ok: boolean; note: string; category?: boolean }[];
  reported: number;
  reportedRight: number;
  nonChangesReported: number;
  unexplained: string[];
}

const keys = (text: string) =>
  tokenize(text)
    .filter((t) => t.cls !== 'punct')
    .map((t) => t.key);

/** A run of the clause's body keys (its number and title left out: the draft may renumber it). */
function signature(clause: string): string {
  const lines = clause.split('\n');
  const all = keys(lines.length > 1 ? lines.slice(1).join('\n') : lines[0]);
  // A one-line paragraph of two words ("ABP TRUST" in a signature block) is all body: its signature is those words.
  const body = lines.length > 1 || all.length <= 2 ? all : all.slice(2);
  return body.slice(0, 10).join(' ');
}

const holds = (side: CompareSide | null, sig: string) => Boolean(side && sig && keys(side.text).join(' ').includes(sig));

/** The categories a planted change should be given (a period or an amount inside a cap is a cap). */
const EXPECTED_CATEGORY: Partial<Record<PlantKind, ChangeCategory[]>> = {
  amount: ['amount', 'cap'],
  period: ['period', 'cap'],
  court: ['court'],
  party: ['party'],
  negate: ['obligation'],
};

function matchingChanges(item: CompareItem, plant: Plant) {
  const newKeys = keys(plant.value ?? '');
  const oldKeys = keys(plant.was ?? '');
  const added = newKeys.filter((k) => !oldKeys.includes(k));
  const removed = oldKeys.filter((k) => !newKeys.includes(k));
  return item.changes.filter((c) => added.some((k) => keys(c.after).join('').includes(k)) || removed.some((k) => keys(c.before).join('').includes(k)));
}

function changeFound(item: CompareItem, plant: Plant): boolean {
  return matchingChanges(item, plant).length > 0;
}

function explains(plant: Plant, item: CompareItem): boolean {
  const sig = signature(plant.clause);
  if (plant.kind === 'delete') return item.kind === 'missing' && holds(item.standard, sig);
  if (plant.kind === 'add') return item.kind === 'added' && holds(item.draft, sig);
  if (!DIFFERENCE_KINDS.includes(plant.kind)) return false;
  return item.kind === 'changed' && holds(item.standard, sig) && changeFound(item, plant);
}

function describe(item: CompareItem): string {
  const where = `${item.standard?.section || '·'} → ${item.draft?.section || '·'}`;
  return `${item.kind} ${where}: ${item.reason}`.replace(/\s+/g, ' ').slice(0, 160);
}

export function scorePair(result: CompareResult, plants: Plant[]): PairScore {
  const differences = result.items.filter((i) => i.kind !== 'same');
  const scored = plants.map((plant) => {
    const sig = signature(plant.clause);
    if (DIFFERENCE_KINDS.includes(plant.kind)) {
      const found = differences.find((item) => explains(plant, item));
      const expected = EXPECTED_CATEGORY[plant.kind];
      const matched = found ? matchingChanges(found, plant) : [];
      const category = found && expected ? matched.some((c) => expected.includes(c.category)) : undefined;
      const note = !found
        ? `${sig.slice(0, 50)} ${plant.was ?? ''} → ${plant.value ?? ''}`
        : category === false
          ? `category ${matched.map((c) => `${c.category}: ${c.before} → ${c.after}`).join(', ')}`
          : '';
      return { kind: plant.kind, ok: Boolean(found), note, category };
    }
    const ok = result.items.some((item) => item.kind === 'same' && holds(item.standard, sig));
    return { kind: plant.kind, ok, note: ok ? '' : sig.slice(0, 60) };
  });
  let reportedRight = 0;
  let nonChangesReported = 0;
  const unexplained: string[] = [];
  for (const item of differences) {
    if (plants.some((p) => explains(p, item))) reportedRight++;
    else {
      unexplained.push(describe(item));
      const nonChanges = plants.filter((p) => !DIFFERENCE_KINDS.includes(p.kind));
      if (nonChanges.some((p) => holds(item.standard, signature(p.clause)) || holds(item.draft, signature(p.clause)))) nonChangesReported++;
    }
  }
  return { plants: scored, reported: differences.length, reportedRight, nonChangesReported, unexplained };
}
