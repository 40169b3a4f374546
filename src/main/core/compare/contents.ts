/**
 * A table of contents is no clause: its entries ("6.1 Signing Payment 21") repeat the headings with
 * page numbers that move whenever the text is laid out again, and a PDF's text layer may join several
 * on one line ("…Fee 21 6.1.1Signing Payment 21"). Compared, they would report a reflow as changes and
 * every retitled clause twice. An entry: a short clause ending in a page number, with no sentence in
 * it; a table: three or more entries in a row whose page numbers do not go down (a price list of short
 * numbered lines does not keep its numbers in order).
 */
import type { Clause } from './segment';

const PAGE_NUMBER = /(?:^|[\s.…‥・])([0-9]{1,3})$/u;
/** A full stop between two sentences: body text, not a heading. */
const SENTENCE = /[a-z]{2}\.\s+[A-Z]|。\s*\S/u;
const MAX_ENTRY = 240;
const MIN_ENTRIES = 3;

function pageOf(clause: Clause): number | null {
  const text = clause.text.trim();
  if (text.length > MAX_ENTRY || SENTENCE.test(text)) return null;
  const match = PAGE_NUMBER.exec(text);
  return match ? Number(match[1]) : null;
}

/** The indexes of the clauses that are entries of a table of contents. */
export function contentsEntries(clauses: Clause[]): Set<number> {
  const entries = new Set<number>();
  let run: number[] = [];
  let last = -1;
  const close = () => {
    if (run.length >= MIN_ENTRIES) run.forEach((i) => entries.add(i));
    run = [];
    last = -1;
  };
  clauses.forEach((clause, i) => {
    const page = pageOf(clause);
    if (page === null || page < last) close();
    if (page === null) return;
    run.push(i);
    last = page;
  });
  close();
  return entries;
}

/** The clauses without the table of contents. */
export function withoutContents(clauses: Clause[]): Clause[] {
  const entries = contentsEntries(clauses);
  return entries.size ? clauses.filter((_, i) => !entries.has(i)) : clauses;
}
