/**
 * Example wording per checklist item (the checklist's `example` column) in the status decision:
 * a document read whole (headings, enough text) with no passage near any example is not_found; a
 * clause worded its own way but sharing the example's vocabulary is not. Real PDFs, kuromoji, LanceDB.
 */
import fs from 'node:fs';
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

// 就業規則 of numbered articles with captions, in Markdown: with an article on side jobs or without it.
const ARTICLES: Array<[string, string]> = [
  ['目的', 'この規則は、会社の従業員の労働条件及び服務規律を定める。'],
  ['適用範囲', 'この規則は、会社に雇用される全ての従業員に適用する。'],
  ['採用', '会社は、入社を希望する者の中から選考により従業員を採用する。'],
  ['試用期間', '新たに採用した者は、入社日から三か月を試用期間とする。'],
  ['服務', '従業員は、職務上の責任を自覚し、誠実に職務を遂行しなければならない。'],
  ['労働時間', '所定労働時間は、一日八時間、一週四十時間とする。'],
  ['休憩', '休憩時間は、正午から午後一時までの一時間とする。'],
  ['休日', '休日は、土曜日、日曜日及び国民の祝日とする。'],
  ['時間外労働', '業務の都合により、所定労働時間を超えて労働させることがある。'],
  ['年次有給休暇', '六か月継続勤務し、所定労働日の八割以上出勤した者に十日の年次有給休暇を与える。'],
  ['特別休暇', '従業員が結婚するときは、五日の特別休暇を与える。'],
  ['育児休業', '一歳に満たない子を養育する従業員は、育児休業をすることができる。'],
  ['賃金', '賃金は、基本給及び諸手当とし、毎月末日に支払う。'],
  ['賞与', '賞与は、会社の業績を勘案して支給することがある。'],
  ['安全衛生', '会社は、従業員の安全及び健康の確保に努める。'],
  ['健康診断', '従業員に対し、入社時及び毎年一回、健康診断を行う。'],
  ['表彰', '会社は、業務上顕著な功績のあった従業員を表彰する。'],
  ['懲戒の種類', '懲戒は、けん責、減給、出勤停止及び懲戒解雇とする。'],
  ['退職', '従業員が退職を希望するときは、十四日前までに申し出なければならない。'],
  ['解雇', '従業員が身体の障害により業務に堪えないときは、解雇することがある。'],
  ['定年', '従業員の定年は満六十歳とし、定年に達した日の属する月の末日をもって退職とする。'],
  ['改廃', 'この規則の改廃は、従業員代表の意見を聴いて行う。'],
];
const SIDE_JOB: [string, string] = ['兼業', '従業員は、勤務時間外に他の会社等の業務に従事するときは、事前に会社に届け出るものとする。'];

function rules(withSideJob: boolean): string {
  const articles = withSideJob ? [...ARTICLES.slice(0, 5), SIDE_JOB, ...ARTICLES.slice(5)] : ARTICLES;
  return ['# 就業規則', ...articles.map(([caption, text], i) => `## 第${i + 1}条（${caption}）\n\n${text}`)].join('\n\n') + '\n';
}

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
  const rulesWith = path.join(temp.dir, 'docs', 'rules-a.md');
  const rulesWithout = path.join(temp.dir, 'docs', 'rules-b.md');
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
    fs.mkdirSync(path.dirname(rulesWith), { recursive: true });
    fs.writeFileSync(rulesWith, rules(true));
    fs.writeFileSync(rulesWithout, rules(false));
    await makePdf(letter, [['Dear Ms. Reed,', ...wrap(SECTIONS[4]![1]), ...wrap(SECTIONS[13]![1]), 'Yours sincerely,']]);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
    await engine.index({ paths: [withClause, without, letter, rulesWith, rulesWithout] });
  }, 120_000);
  /** The item alone is called absent; with its example it is left to the reviewer, near the example. */
  async function nearOnlyByExample(item: { question: string; examples: string[] }, file: string) {
    expect((await retrieveForItem(engine, { question: item.question }, { path: file })).status).toBe('not_found');
    const evidence = await retrieveForItem(engine, item, { path: file, k: 3 });
    expect([evidence.status, evidence.why.code]).toEqual(['needs_review', 'example_near']);
    return evidence;
  }

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
    const evidence = await nearOnlyByExample(nonCompete, withClause);
    expect(evidence.hits[0]!.text).toContain('compete with the Products');
    expect(renderReason(evidence.why, 'ja')).toMatch(/例文の語/);
  });

  it('does not take the examples’ absence as evidence in a document not read as a whole contract (no headings, little text)', async () => {
    const evidence = await retrieveForItem(engine, changeOfControl, { path: letter });
    expect(evidence.signals.readWhole).toBe(false);
    expect(evidence.why.code).not.toBe('example_absent');
  });

  it('reads a Japanese example (例文) the same way: an article in other words than the question is not called absent', async () => {
    // The question's words are nowhere in the rules; the article on side jobs shares the example's.
    const item = {
      question: '社外での仕事は許されるか',
      examples: ['従業員は、勤務時間外において、他の会社等の業務に従事することができる。この場合、事前に会社に所定の届出を行うものとする。'],
    };
    const evidence = await nearOnlyByExample(item, rulesWith);
    // The passage near the example is what the reviewer is shown first.
    expect(evidence.hits[0]!.section).toContain('第6条（兼業）');
    expect(renderReason(evidence.why, 'ja')).toContain('第6条（兼業）');
  });
});
