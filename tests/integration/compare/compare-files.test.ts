import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareResult } from '../../../src/shared/compare';
import { compareFiles } from '../../../src/main/core/compare/compare';
import { makeDocx, makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

/** A standard contract (自社ひな形) as clause lines: heading, body. */
const CLAUSES: [string, string][] = [
  ['第1条（目的）', '甲は、甲の工場設備の保守点検業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。'],
  ['第2条（委託料）', '甲は乙に対し、本業務の委託料として月額金50万円（消費税別）を、翌月末日までに支払う。'],
  ['第3条（再委託）', '乙は、甲の書面による事前の承諾を得なければ、本業務の全部又は一部を第三者に再委託してはならない。'],
  ['第4条（秘密保持）', '甲及び乙は、本契約に関して知り得た相手方の秘密情報を第三者に開示してはならない。この義務は本契約終了後も3年間存続する。'],
  ['第5条（損害賠償）', '乙の賠償額は、損害発生の直前6か月間に甲が乙に支払った委託料の総額を上限とする。'],
  ['第6条（契約期間）', '本契約の有効期間は、2026年4月1日から2027年3月31日までとする。'],
  ['第7条（準拠法及び管轄）', '本契約は日本法に準拠する。本契約に関する一切の紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とする。'],
];
const PREAMBLE = ['業務委託契約書', '株式会社原典商事（以下「甲」という。）と株式会社サンプル保守（以下「乙」という。）は、次のとおり契約を締結する。'];

const lines = (clauses: [string, string][]) => [...PREAMBLE, ...clauses.flat()];
/** Renumbers 第N条 in the given order, as a counterparty's Word would. */
const renumbered = (clauses: [string, string][]): [string, string][] => clauses.map(([h, b], i) => [h.replace(/第[\dX]+条/, `第${i + 1}条`), b]);
const differences = (r: CompareResult) => r.items.filter((i) => i.kind !== 'same');

describe('compareFiles: a draft against the standard, clause by clause (real PDFs and DOCX)', () => {
  const temp = makeTempDir('genten-compare-');
  const file = (name: string) => path.join(temp.dir, name);
  beforeAll(async () => {
    await makeDocx(
      file('standard.docx'),
      lines(CLAUSES).map((text) => ({ text })),
    );
    await makePdf(file('standard.pdf'), [lines(CLAUSES)]);
  });
  afterAll(() => (process.env.KEEP ? undefined : temp.cleanup()));

  it('renumbered and reordered clauses, reflowed onto two pages, are all the same (DOCX standard, PDF draft)', async () => {
    const order = [0, 1, 3, 2, 6, 4, 5].map((i) => CLAUSES[i]!);
    const draft = lines(renumbered(order));
    await makePdf(file('reordered.pdf'), [draft.slice(0, 7), draft.slice(7)], { footer: (p) => `- ${p} -` });
    const result = await compareFiles(file('standard.docx'), file('reordered.pdf'));
    expect(differences(result)).toEqual([]);
    expect(result.summary).toEqual({ same: 8, changed: 0, missing: 0, added: 0 });
    const moved = result.items.find((i) => i.standard?.section === '第3条（再委託）')!;
    expect(moved.draft).toMatchObject({ section: '第4条（再委託）', page: 2 });
  });

  it('the court moved from 東京 to 大阪 is a change with its span, categorised as the court', async () => {
    const edited = CLAUSES.map(([h, b]) => [h, b.replace('東京地方裁判所', '大阪地方裁判所')] as [string, string]);
    await makePdf(file('osaka.pdf'), [lines(edited)]);
    const result = await compareFiles(file('standard.pdf'), file('osaka.pdf'));
    expect(result.summary).toMatchObject({ changed: 1, missing: 0, added: 0 });
    const [item] = differences(result);
    expect(item).toMatchObject({ kind: 'changed', standard: { section: '第7条（準拠法及び管轄）', page: 1 }, draft: { section: '第7条（準拠法及び管轄）' } });
    expect(item!.changes).toHaveLength(1);
    expect(item!.changes[0]).toMatchObject({ before: '東京地方裁判所', after: '大阪地方裁判所', category: 'court' });
    expect(item!.reason).toBe('管轄: 東京地方裁判所 → 大阪地方裁判所');
    const { beforeRange, afterRange } = item!.changes[0]!;
    expect(item!.standard!.text.slice(...beforeRange)).toBe('東京地方裁判所');
    expect(item!.draft!.text.slice(...afterRange)).toBe('大阪地方裁判所');
  });

  it('a deleted clause is missing, an added one added, and the cap cut from 6 to 3 months comes first', async () => {
    const edited: [string, string][] = CLAUSES.filter(([h]) => !h.includes('再委託')).map(([h, b]) => [h, b.replace('6か月間', '3か月間')]);
    edited.splice(2, 0, ['第X条（競業避止）', '乙は、本契約の有効期間中及び終了後2年間、甲と競合する事業を行ってはならない。']);
    await makePdf(file('edited.pdf'), [lines(renumbered(edited))]);
    const result = await compareFiles(file('standard.pdf'), file('edited.pdf'));
    expect(result.summary).toEqual({ same: 6, changed: 1, missing: 1, added: 1 });
    const [first, second, third] = differences(result);
    expect(first).toMatchObject({ kind: 'changed', changes: [{ before: '6か月間', after: '3か月間', category: 'cap' }] });
    expect(second).toMatchObject({ kind: 'missing', standard: { section: '第3条（再委託）' }, draft: null });
    expect(third).toMatchObject({ kind: 'added', standard: null, draft: { section: '第3条（競業避止）' } });
  });

  it('full-width digits, kanji numerals and line breaks are no change', async () => {
    const edited = CLAUSES.map(([h, b]) => [h.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)), b] as [string, string]);
    edited[1] = [edited[1]![0], edited[1]![1].replace('50万円', '五十万円')];
    edited[5] = [edited[5]![0], '本契約の有効期間は、２０２６年４月１日から２０２７年３月３１日までとする。'];
    const draft = lines(edited);
    // The confidentiality clause broken in the middle of a word, as a narrow column would.
    draft.splice(draft.indexOf(CLAUSES[3]![1]), 1, '甲及び乙は、本契約に関して知り得た相手方の秘', '密情報を第三者に開示してはならない。この義務は本契約終了後も3年間存続する。');
    await makePdf(file('widths.pdf'), [draft]);
    const result = await compareFiles(file('standard.pdf'), file('widths.pdf'));
    expect(differences(result)).toEqual([]);
  });

  it('an unreadable file fails with an error naming it', async () => {
    await expect(compareFiles(file('standard.pdf'), file('nope.pdf'))).rejects.toThrow(/nope\.pdf/);
  });
});
