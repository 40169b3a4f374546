import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExpected } from '../../../src/main/core/compare/expected';
import { renderReason } from '../../../src/shared/review-reasons';
import { loadChecklist } from '../../../src/main/core/review/checklist';
import { makeTempDir } from '../../helpers/temp';

describe("a checklist item's expected answer (the company's standard)", () => {
  const temp = makeTempDir('genten-expected-');
  afterAll(() => temp.cleanup());

  it('holds when a found clause says it, however it is typed; not when the clause says something else', () => {
    const clause = '本契約に関する一切の紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とする。';
    expect(checkExpected('東京地方裁判所', [clause]).holds).toBe(true);
    expect(checkExpected('東京', [clause]).holds).toBe(true);
    expect(checkExpected('大阪地方裁判所', [clause]).holds).toBe(false);
    expect(checkExpected('日本法', ['本契約は日本法に準拠する。']).holds).toBe(true);
    expect(checkExpected('日本法', ['本契約はニューヨーク州法に準拠する。']).holds).toBe(false);
    expect(checkExpected('３年間', ['本契約終了後も3年間存続する。']).holds).toBe(true);
    expect(checkExpected('3年間', ['本契約終了後も1年間存続する。']).holds).toBe(false);
    expect(checkExpected('3 years', ['for thirty (30) years after']).holds).toBe(false);
    expect(checkExpected('New York; Delaware', ['governed by the laws of the State of Delaware']).holds).toBe(true);
    expect(renderReason({ code: 'differs_from_standard', params: { expected: '東京地方裁判所' } }, 'ja')).toBe(
      '自社基準（東京地方裁判所）と異なります: 該当条項にその記載がありません。',
    );
  });

  it('is read from a checklist column (期待値 / expected), and is optional', async () => {
    const file = path.join(temp.dir, 'contract.csv');
    fs.writeFileSync(file, '番号,確認事項,期待値\nQ1,準拠法はどこか,日本法\nQ2,管轄裁判所はどこか,東京地方裁判所\nQ3,再委託に事前承諾は必要か,\n');
    const checklist = await loadChecklist(file);
    expect(checklist.items.map((i) => [i.id, i.expected])).toEqual([
      ['Q1', '日本法'],
      ['Q2', '東京地方裁判所'],
      ['Q3', undefined],
    ]);
  });
});
