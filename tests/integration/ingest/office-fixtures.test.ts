/**
 * PDFs made the way offices make them (Word-style .docx written with the docx package, exported by
 * LibreOffice: scripts/make-office-fixtures.ts), read through the same parse and clean-up as
 * indexing, against the text each was written with.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocumentText } from '../../../src/main/core/indexer/document-text';
import { characterErrorRate, straySpaceRate } from '../../../src/main/core/text/metrics';

const DIR = path.resolve('tests/fixtures/office');
const FIXTURES = ['justified', 'distributed', 'letter-spaced', 'two-column', 'table', 'text-box', 'ruby', 'vertical', 'company-rules'];

async function read(name: string): Promise<{ text: string; pages: string[]; truth: string }> {
  const doc = await readDocumentText(path.join(DIR, `${name}.pdf`));
  const pages = doc.pages.map((p) => p.text);
  return { text: pages.join('\n'), pages, truth: fs.readFileSync(path.join(DIR, `${name}.truth.txt`), 'utf8') };
}

describe('Office-made Japanese PDFs against their ground truth', () => {
  it.each(FIXTURES)('%s: CER ≤ 0.01 and no space between two Japanese characters', async (name) => {
    const { text, truth } = await read(name);
    expect(characterErrorRate(text, truth)).toBeLessThanOrEqual(0.01);
    expect(straySpaceRate(text).count).toBe(0);
  });

  it('keeps Latin words and their spaces, and identifiers whole', async () => {
    const { text } = await read('justified');
    expect(text).toContain('ISO 9001');
    expect(text).toContain('異常コード E-203 が');
    expect(text).toContain('Safety valves must be inspected every six months');
    expect(text).toContain('第1条（目的）');
  });

  it('joins lines wrapped in the middle of a word, and keeps paragraphs apart', async () => {
    const { text } = await read('justified');
    expect(text).toContain('互いに協力して職務に精励しなければならない。');
    expect(text).toContain('前条の年次有給休暇の日数のうち五日を超える部分');
    expect(text).toMatch(/^第2条（適用範囲）$/m);
  });

  it('removes the running header and the page numbers', async () => {
    const { pages } = await read('company-rules');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page).not.toContain('株式会社原典工業　就業規則');
      expect(page).not.toMatch(/^- \d+ -$/m);
    }
  });

  it('reads distributed chapter headings with their ideographic space, as written', async () => {
    const { text } = await read('company-rules');
    for (const heading of ['第1章　総則', '第2章　服務規律', '第3章　休暇', '第4章　安全衛生及び懲戒']) expect(text).toMatch(new RegExp(`^${heading}$`, 'm'));
    expect(text).toContain('附則　この規則は');
  });

  it('reads distributed and letter-spaced headings as words', async () => {
    const { text } = await read('letter-spaced');
    expect(text).toMatch(/^就業規則の届け出$/m);
    expect(text).toMatch(/^安全衛生管理規程$/m);
    expect(text).toContain('氏名：山田太郎');
  });

  it('reads a table row by row, its cells separated by a tab', async () => {
    const { text } = await read('table');
    expect(text).toContain('区分\t休暇の日数\t備考');
    expect(text).toContain('慶弔休暇\t本人の結婚のとき五日\t申請書に証明書類を添付して所属長に提出する');
  });

  it('reads two columns one after the other, between the full-width text above and below', async () => {
    const { text } = await read('two-column');
    const order = ['本書は、設備保全', '第3条', '第4条', '第5条', '第6条', '第7条', '第8条', '附則'].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps ruby readings out of the base text', async () => {
    const { text } = await read('ruby');
    expect(text).toContain('「走れメロス」');
    expect(text).toContain('稟議書により決裁を受けた後に、捺印した契約書');
    expect(text).not.toMatch(/りんぎ|なついん|ちょぞう/);
  });

  it('reads vertical writing top to bottom, right to left', async () => {
    const { text } = await read('vertical');
    expect(text).toContain('第1条（目的）');
    expect(text).toContain('この規則は、株式会社原典工業（以下「会社」という。）の従業員の就業に関する事項を定める');
  });
});
