/**
 * What went wrong in English PDFs' clause splitting (the eval's tuning pairs), as small texts: a table
 * of contents laid out again (entries joined, page numbers moved) is no difference; a clause after a
 * run of headings in capitals is still a clause; "(as applicable)" carried over a page break stays in
 * its clause. And the id of a difference stays when the draft is renumbered and laid out again.
 */
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../../src/main/core/compare/compare';
import { contentsEntries } from '../../../src/main/core/compare/contents';
import { segmentClauses } from '../../../src/main/core/compare/segment';

const doc = (path: string, pages: string[]) => ({ path, pages: pages.map((text, i) => ({ page: i + 1, text })) });
const differences = (r: ReturnType<typeof compareTexts>) => r.items.filter((i) => i.kind !== 'same');

const BODY = [
  'ARTICLE 1 DEFINITIONS',
  '1.1 “Product” means the compound described in Schedule 1.1.',
  '1.2 “Territory” means the United States and Canada.',
  'ARTICLE 2 PAYMENTS',
  '2.1 Signing Payment. Licensee shall pay Licensor five million dollars ($5,000,000) within thirty (30) days of the Effective Date.',
  '2.2 Milestones. Licensee shall pay the milestone payments set out in Schedule 2.2 within sixty (60) days of each milestone.',
  '2.3 Audits. Each party may audit the other party’s records once a year on thirty (30) days’ notice.',
];

describe('English PDFs: clause splitting', () => {
  it('a table of contents laid out again (entries joined on a line, page numbers moved) is no difference', () => {
    const toc = [
      'TABLE OF CONTENTS',
      'ARTICLE 1 DEFINITIONS\t1',
      '1.1Product\t1',
      '1.2Territory\t1',
      'ARTICLE 2 PAYMENTS\t2',
      '2.1Signing Payment\t2',
      '2.2Milestones\t2',
      '2.3Audits\t3',
    ];
    const joined = [
      'TABLE OF CONTENTS',
      'ARTICLE 1 DEFINITIONS 1 1.1Product 1',
      '1.2Territory 2',
      'ARTICLE 2 PAYMENTS 2',
      '2.1Signing Payment 2 2.2Milestones 3',
      '2.3Audits 3',
    ];
    const standard = doc('standard.pdf', [toc.join('\n'), BODY.join('\n')]);
    const draft = doc('draft.pdf', [joined.join('\n'), BODY.join('\n')]);
    expect(contentsEntries(segmentClauses(standard.pages)).size).toBeGreaterThanOrEqual(6);
    expect(differences(compareTexts(standard, draft))).toEqual([]);
    // A real change in the body is still found, once.
    const changed = doc('draft.pdf', [joined.join('\n'), BODY.join('\n').replace('($5,000,000)', '($4,000,000)')]);
    expect(differences(compareTexts(standard, changed)).map((i) => i.changes.map((c) => c.after))).toEqual([['4,000,000']]);
  });

  it('a price list of short numbered lines is no table of contents (its numbers do not keep in order)', () => {
    const prices = ['FEES', '1. Setup fee 900', '2. Monthly fee 250', '3. Support per hour 120', '4. Training day 800'];
    expect(contentsEntries(segmentClauses(doc('fees.pdf', [prices.join('\n')]).pages)).size).toBe(0);
    const raised = prices.map((l) => l.replace('250', '300'));
    expect(differences(compareTexts(doc('a.pdf', [prices.join('\n')]), doc('b.pdf', [raised.join('\n')]))).length).toBe(1);
  });

  it('after headings in capitals, a numbered clause that starts with a sentence is a clause of its own', () => {
    const lines = [
      '13. INSURANCE. Company shall maintain product liability insurance of at least $1,000,000.',
      '14. SPECIAL RIGHT OF TERMINATION. Company may terminate this Agreement upon written notice.',
      '15. This document constitutes the entire agreement between the parties with',
      'respect to the subject matter hereof.',
    ];
    const clauses = segmentClauses(doc('a.pdf', [lines.join('\n')]).pages);
    expect(clauses.map((c) => c.section)).toEqual(['13. INSURANCE.', '14. SPECIAL RIGHT OF TERMINATION.', '15.']);
  });

  it('"(as applicable)" carried over a page break ends its clause; it is no caption of the next one', () => {
    const pages = [
      '1.5 The appointment shall be subject always to:\n(a) the terms of the Fund Agreements; and\n(b) Oaktree’s power to act as general partner',
      '(as applicable)\n1.6 Oaktree may limit the scope of the appointment.',
    ];
    const clauses = segmentClauses(doc('a.pdf', pages).pages);
    expect(clauses.map((c) => c.section)).toEqual(['1.5 The appointment shall be subject always to:', '1.6 Oaktree may limit the scope of the appointment.']);
    expect(clauses[0]!.text.endsWith('(as applicable)')).toBe(true);
  });

  it("a difference's id stays when the draft is renumbered and laid out again", () => {
    const standard = doc('s.pdf', [BODY.join('\n')]);
    const draftA = BODY.join('\n').replace('sixty (60)', 'ninety (90)');
    const draftB = draftA.replace('2.1 Signing', '2.1 Signing\n').replace(/^2\.(\d)/gm, (_, n) => `3.${n}`);
    const [a] = differences(compareTexts(standard, doc('a.pdf', [draftA])));
    const [b] = differences(compareTexts(standard, doc('b.pdf', [draftB.slice(0, 200), draftB.slice(200)])));
    expect(a!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(b!.id).toBe(a!.id);
  });
});
