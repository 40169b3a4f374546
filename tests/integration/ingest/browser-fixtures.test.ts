/**
 * Japanese web pages printed to PDF by Chromium (scripts/fixtures/browser-pages.ts, committed under
 * tests/fixtures/browser): bold and large headings set glyph by glyph, a table, ruby, two columns and
 * a writing-mode: vertical-rl page, read as indexing reads them, against the text each was written with.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocumentText } from '../../../src/main/core/indexer/document-text';
import { characterErrorRate, straySpaceRate } from '../../../src/main/core/text/metrics';

const DIR = path.resolve('tests/fixtures/browser');
const FIXTURES = ['browser-regulation', 'browser-story', 'browser-two-column', 'browser-vertical'];

async function read(name: string): Promise<{ text: string; truth: string }> {
  const doc = await readDocumentText(path.join(DIR, `${name}.pdf`), { ocr: { mode: 'off', langs: 'jpn+eng' } });
  return { text: doc.pages.map((p) => p.text).join('\n'), truth: fs.readFileSync(path.join(DIR, `${name}.truth.txt`), 'utf8') };
}

describe('Chromium-printed Japanese PDFs against their ground truth', () => {
  it.each(FIXTURES)('%s: CER ≤ 0.01 and no space between two Japanese characters', async (name) => {
    const { text, truth } = await read(name);
    expect(characterErrorRate(text, truth)).toBeLessThanOrEqual(0.01);
    expect(straySpaceRate(text).count).toBe(0);
  });

  it('reads headings set glyph by glyph left to right, in order with the text under them', async () => {
    const { text } = await read('browser-regulation');
    expect(text).toMatch(/^テレワーク勤務規程$/m);
    expect(text).toMatch(/^第1条（目的）$/m);
    const order = [
      'テレワーク勤務規程',
      '第1条（目的）',
      'この規程は、株式会社原典工業',
      '第2条（定義）',
      '第4条（勤務時間）',
      '区分\t始業\t終業\t休憩',
      '標準勤務\t9:00\t17:45\t60分',
      '附則',
    ];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("finds the story's first sentence whole, its ruby left out", async () => {
    const { text } = await read('browser-story');
    expect(text).toContain('岬の先に小さな灯台が立っていた。');
    expect(text).toContain('長い螺旋階段を一段ずつ数えながら上り');
    expect(text).not.toContain('とうだい');
  });

  it('reads a vertical-rl page column by column, right to left', async () => {
    const { text } = await read('browser-vertical');
    expect(text.indexOf('年頭のごあいさつ')).toBeLessThan(text.indexOf('新年あけましておめでとうございます。'));
    expect(text).toContain('新年あけましておめでとうございます。旧年中は格別のご高配を賜り、厚く御礼申し上げます。');
  });

  it('reads two CSS columns column by column', async () => {
    const { text } = await read('browser-two-column');
    expect(text.indexOf('稼働前に対策を終えています。')).toBeLessThan(text.indexOf('安全衛生委員会から'));
    expect(text.indexOf('掲示板で確認できます。')).toBeLessThan(text.indexOf('編集後記'));
  });
});
