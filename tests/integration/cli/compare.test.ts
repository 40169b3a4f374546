import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { readDocumentText } from '../../../src/main/core/indexer/document-text';
import { makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const SAMPLE = path.resolve('resources/samples/業務委託契約書.pdf');

describe('genten compare STANDARD DRAFT: the shipped sample against an edited copy, as a new user would', () => {
  const temp = makeTempDir('genten-cli-compare-');
  const draft = path.join(temp.dir, '業務委託契約書-先方案.pdf');
  beforeAll(async () => {
    // The counterparty's draft, from the sample's own text: the cap cut from 6 to 3 months, the court moved to 大阪,
    // 第6条 (再委託) dropped and the rest renumbered, the dates in full-width digits, laid out on other pages.
    const text = (await readDocumentText(SAMPLE)).pages.map((p) => p.text).join('\n');
    let n = 0;
    const edited = text
      .replace(/第6条（再委託）\n(?:(?!第\d+条（)[^\n]*\n)+/, '') // up to the next article, however its lines wrap
      .replace(/第\d+条（/g, () => `第${++n}条（`)
      .replace('6か月間', '3か月間')
      .replace('東京地方裁判所', '大阪地方裁判所')
      .replace('2026年4月1日から2027年3月31日', '２０２６年４月１日から２０２７年３月３１日')
      .split('\n');
    await makePdf(draft, [edited.slice(0, 16), edited.slice(16)], { footer: (p) => `- ${p} -` });
  });
  afterAll(() => temp.cleanup());

  it('--json prints {standard, draft, items: [{kind, standard, draft, changes, reason}], summary, seconds}, and --out writes the report', async () => {
    const out = path.join(temp.dir, 'report.md');
    const result = await runCli(['compare', SAMPLE, draft, '--json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json).sort()).toEqual(['draft', 'items', 'seconds', 'standard', 'summary']);
    expect(json.standard).toBe(SAMPLE);
    expect(json.draft).toBe(draft);
    expect(json.summary).toEqual({ same: 13, changed: 2, missing: 1, added: 0 });
    for (const item of json.items) {
      expect(Object.keys(item).sort()).toEqual(['changes', 'draft', 'kind', 'reason', 'standard']);
      for (const side of [item.standard, item.draft]) if (side) expect(Object.keys(side).sort()).toEqual(['page', 'pageEnd', 'section', 'text']);
    }
    // What matters first: the cap, the court, then the missing clause; the same last.
    expect(json.items[0]).toMatchObject({ kind: 'changed', standard: { section: '第10条（損害賠償）' }, changes: [{ before: '6か月間', after: '3か月間' }] });
    expect(json.items[1]).toMatchObject({
      kind: 'changed',
      standard: { section: '第14条（準拠法及び管轄）', page: 3, pageEnd: 3 },
      draft: { section: '第13条（準拠法及び管轄）', page: 2, pageEnd: 2 },
      changes: [{ before: '東京地方裁判所', after: '大阪地方裁判所' }],
    });
    expect(json.items[2]).toMatchObject({ kind: 'missing', standard: { section: '第6条（再委託）', page: 2 }, draft: null });
    expect(json.items.at(-1).kind).toBe('same');
    expect(fs.readFileSync(out, 'utf8')).toContain('管轄: 東京地方裁判所 → 大阪地方裁判所');
  });

  it('prints the differences for people, in Japanese for a Japanese standard', async () => {
    const result = await runCli(['compare', SAMPLE, draft]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('≠ 変更   第14条（準拠法及び管轄） p.3  →  第13条（準拠法及び管轄） p.2\n    管轄: 東京地方裁判所 → 大阪地方裁判所');
    expect(result.stdout).toContain('− 欠落   第6条（再委託） p.2');
    expect(result.stdout).toMatch(/変更 2 · 欠落 1 · 追加 0 · 同じ 13/);
  });

  it('a missing file or a wrong report type fails with one line naming it', async () => {
    const missing = await runCli(['compare', SAMPLE, path.join(temp.dir, 'nope.pdf')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.pdf/);
    const wrong = await runCli(['compare', SAMPLE, draft, '--out', path.join(temp.dir, 'r.csv')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('r.csv: a comparison report is .xlsx, .docx or .md.');
    const usage = await runCli(['compare', SAMPLE]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('compare needs two files');
  });
});
