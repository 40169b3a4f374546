/**
 * Example wording per checklist item (the checklist's `example` column) in the status decision:
 * a document read whole (headings, enough text) with no passage near any example is not_found; a
 * clause worded its own way but sharing the example's vocabulary is not. Real PDFs, kuromoji, LanceDB.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { retrieveForItem } from '../../../src/main/core/review/retrieve-item';
import { renderReason } from '../../../src/shared/review-reasons';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const SECTIONS: Array<[string, string]> = [
  ['Definitions', '"Products" means the goods listed in Schedule A. "Territory" means the states of Oregon and Washington.'],
  ['Appointment', 'The Supplier appoints the Distributor as its distributor of the Products in the Territory.'],
  ['Orders', 'The Distributor shall place orders in writing; each order is accepted when the Supplier confirms it.'],
  ['Prices', 'Prices are those of the price list in force on the date of the order. Competitive pricing is reviewed each year.'],
  ['Payment', 'The Distributor shall pay each invoice within thirty days of its date by bank transfer.'],
  ['Delivery', 'The Supplier shall deliver the Products to the Distributor’s warehouse at its own cost.'],
  ['Inspection', 'The Distributor shall inspect each delivery within five business days and report any defect.'],
  ['Warranty', 'The Supplier warrants that the Products conform to their specifications for twelve months.'],
  ['Marketing', 'The Distributor shall promote the Products and keep a trained sales staff in the Territory.'],
  ['Trademarks', 'The Distributor may use the Supplier’s trademarks only to market the Products.'],
  ['Records', 'The Distributor shall keep complete records of its sales of the Products for three years.'],
  ['Confidentiality', 'Each party shall keep the other’s confidential information secret and use it only for this Agreement.'],
  ['Insurance', 'The Distributor shall maintain product liability insurance of at least USD 2,000,000.'],
  ['Term', 'This Agreement starts on the date of signature and continues for three years.'],
  ['Termination', 'Either party may terminate this Agreement on sixty days’ written notice if the other is in material breach.'],
  ['Notices', 'Notices shall be given in writing to the addresses above and are effective on receipt.'],
  ['Force Majeure', 'Neither party is liable for a delay caused by events beyond its reasonable control.'],
  ['Governing Law', 'This Agreement is governed by the laws of the State of Oregon.'],
  ['Entire Agreement', 'This Agreement is the whole agreement of the parties on its subject and replaces earlier ones.'],
  ['Counterparts', 'This Agreement may be signed in counterparts, each an original.'],
];
const OTHER_BUSINESS: [string, string] = [
  'Other Business Activities',
  'While this Agreement is in force and for two years after it ends, the Distributor will not sell or distribute goods that compete with the Products within the Territory.',
];

/** A text as lines of the page's width (the PDF helper does not wrap). */
const wrap = (text: string) => text.match(/.{1,70}(\s|$)/g)!.map((line) => line.trim());

/** A contract of numbered sections, a few to a page: with the clause on other business or without it. */
function contract(withClause: boolean): string[][] {
  const sections = withClause ? [...SECTIONS.slice(0, 10), OTHER_BUSINESS, ...SECTIONS.slice(10)] : SECTIONS;
  const lines = sections.flatMap(([heading, text], i) => [`${i + 1}. ${heading}`, ...wrap(text)]);
  const pages: string[][] = [['DISTRIBUTION AGREEMENT']];
  for (let i = 0; i < lines.length; i += 10) pages.push(lines.slice(i, i + 10));
  return pages;
}

describe('example wording per checklist item in the status (real PDFs, kuromoji, LanceDB)', () => {
  const temp = makeTempDir();
  const withClause = path.join(temp.dir, 'docs', 'distribution-a.pdf');
  const without = path.join(temp.dir, 'docs', 'distribution-b.pdf');
  const letter = path.join(temp.dir, 'docs', 'letter.pdf');
  let engine: Engine;
  const nonCompete = {
    question: 'Non-Compete: Is a party restricted from competing with the counterparty?',
    examples: [
      'During the term and for two years thereafter, the Distributor shall not manufacture, sell or distribute any products that compete with the Products in the Territory.',
    ],
  };
  const changeOfControl = {
    question: 'Change of Control: Can a party terminate the agreement if the other is acquired?',
    examples: [
      'If a third party acquires more than fifty percent of the voting shares of the Licensee, or the Licensee merges into another company, the Licensor may end this Agreement at once.',
    ],
  };

  beforeAll(async () => {
    await makePdf(withClause, contract(true));
    await makePdf(without, contract(false));
    await makePdf(letter, [['Dear Ms. Reed,', ...wrap(SECTIONS[4]![1]), ...wrap(SECTIONS[13]![1]), 'Yours sincerely,']]);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
    await engine.index({ paths: [withClause, without, letter] });
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('reports not_found when no passage of a document read whole is near the example, where the question words alone leave it to the reviewer', async () => {
    const alone = await retrieveForItem(engine, { question: changeOfControl.question }, { path: without });
    const evidence = await retrieveForItem(engine, changeOfControl, { path: without });
    expect(alone.status).toBe('needs_review');
    expect(evidence.signals.readWhole).toBe(true);
    expect(evidence.status).toBe('not_found');
    expect(evidence.why.code).toBe('example_absent');
    expect(evidence.reason).toMatch(/example wording/);
    expect(renderReason(evidence.why, 'ja')).toMatch(/例文に近くありません/);
  });

  it('keeps a clause worded otherwise at needs_review when a passage holds the example’s words, where the question words alone call it absent', async () => {
    const alone = await retrieveForItem(engine, { question: nonCompete.question }, { path: withClause });
    const evidence = await retrieveForItem(engine, nonCompete, { path: withClause, k: 3 });
    expect(alone.status).toBe('not_found');
    expect(evidence.status).toBe('needs_review');
    expect(evidence.why.code).toBe('example_near');
    expect(evidence.hits[0]!.text).toContain('compete with the Products');
    expect(renderReason(evidence.why, 'ja')).toMatch(/例文の語/);
  });

  it('does not take the examples’ absence as evidence in a document not read as a whole contract (no headings, little text)', async () => {
    const evidence = await retrieveForItem(engine, changeOfControl, { path: letter });
    expect(evidence.signals.readWhole).toBe(false);
    expect(evidence.why.code).not.toBe('example_absent');
  });
});
