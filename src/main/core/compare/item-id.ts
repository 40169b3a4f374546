/**
 * A difference's id: what it is, not where it is, so that a later comparison of the same pair gives the
 * same id to the same difference and the reviewer's mark stays on it. Built from normalised tokens
 * (width, case, line breaks do not count) of the standard's clause, which a draft revision leaves
 * alone, and of what differs; the draft's clause only for an added one. Not the draft's whole clause:
 * a page number moving with the layout would change it.
 */
import { createHash } from 'node:crypto';
import type { CompareChange, CompareKind } from '../../../shared/compare';
import { tokenize, type Token } from './tokens';

const keys = (tokens: Token[]) => tokens.map((t) => t.key).join(' ');
const spanKeys = (text: string) => keys(tokenize(text).filter((t) => t.cls !== 'punct'));

export function differenceKey(kind: CompareKind, standard: Token[] | null, draft: Token[] | null, changes: CompareChange[]): string {
  const parts = [kind, standard ? keys(standard) : '', kind === 'added' && draft ? keys(draft) : ''];
  for (const c of changes) parts.push(`${c.category}:${spanKeys(c.before)}>${spanKeys(c.after)}`);
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

/** A second item with the same id (a clause written twice) gets "-2", and so on, in the order given. */
export function makeIdsUnique(items: { id: string }[]): void {
  const seen = new Map<string, number>();
  for (const item of items) {
    const n = (seen.get(item.id) ?? 0) + 1;
    seen.set(item.id, n);
    if (n > 1) item.id = `${item.id}-${n}`;
  }
}
