/**
 * Page recognition for real (tesseract.js with the shipped language data): reading order on a
 * tightly set, skewed Japanese page; vertical Japanese (縦書き) read upright with jpn_vert; an
 * English page read with the default jpn+eng.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { imagePage, PdfPages } from '../../../src/main/core/ocr/page-images';
import { PageReader } from '../../../src/main/core/ocr/page-reader';
import { recognisePage } from '../../../src/main/core/ocr/recognise-page';
import { TesseractEngine } from '../../../src/main/core/ocr/tesseract';
import { makePdf } from '../../helpers/fixtures';
import { characterErrorRate, makeScanPdf, renderPage, renderVerticalPage, scanOf } from '../../helpers/scans';
import { makeTempDir } from '../../helpers/temp';

/** Work rules as a word processor sets them: long sentences wrapped at the margin, tight lines. */
const RULES = [
  '就業規則（第6頁）',
  '第21条（適用範囲）',
  '休憩時間は、正午から午後一時までの一時間とし、自由に利用させる。作業者は、保護具を正しく着用し、機械の点検を怠ってはならない。',
  '第22条（採用）',
  '賃金は、毎月末日に締め切り、翌月二十五日に支払う。年次有給休暇は、勤続年数に応じて別表のとおり付与する。',
  '第23条（試用期間）',
  '懲戒は、その情状により、けん責、減給、出勤停止及び懲戒解雇とする。所定労働時間は、休憩時間を除き一日八時間、一週四十時間とする。',
];
const VERTICAL = [
  '第五条（保護具の着用）',
  '作業者は、ヘルメットと安全靴を着用しなければならない。',
  '点検は毎月一回行い、記録を三年間保存する。',
  '異常を見つけた者は、直ちに班長に報告する。',
];
const ENGLISH = ['Section 4. Maintenance', 'Replace the coolant filter every 500 hours.', "Don't run the pump dry; prime it first."];

describe('recognisePage (real tesseract.js, jpn+eng)', () => {
  const temp = makeTempDir();
  let engine: TesseractEngine;

  beforeAll(async () => {
    engine = await TesseractEngine.create({ langs: 'jpn+eng' });
  }, 120_000);
  afterAll(async () => {
    await engine?.dispose();
    temp.cleanup();
  });

  it('reads a tightly set Japanese page scanned 0.6° askew in order, each wrapped line whole', async () => {
    const pdf = path.join(temp.dir, 'rules.pdf');
    await makePdf(pdf, [RULES]);
    const doc = await PdfPages.open(new Uint8Array(fs.readFileSync(pdf)), pdf);
    const png = scanOf(await doc.render(1, 200), { noise: 0.002, skew: -0.6, seed: 6 });
    await doc.close();
    const page = await recognisePage(engine, await imagePage(new Uint8Array(png), 'rules.png', 1));
    expect(characterErrorRate(RULES.join('\n'), page.text, true)).toBeLessThanOrEqual(0.02);
    const flat = page.text.replace(/\s/g, '');
    // The start of each wrapped sentence comes before its end.
    expect(flat.indexOf('休憩時間は、正午から')).toBeLessThan(flat.indexOf('機械の点検を怠ってはならない'));
    expect(flat.indexOf('第22条')).toBeLessThan(flat.indexOf('賃金は、毎月末日'));
    expect(page.rotation).toBe(0);
  }, 120_000);

  it('reads vertical Japanese upright, column by column from the right', async () => {
    const png = renderVerticalPage(VERTICAL, { noise: 0.002 });
    const page = await recognisePage(engine, await imagePage(new Uint8Array(png), 'tategaki.png', 1));
    expect(page.rotation).toBe(0);
    expect(characterErrorRate(VERTICAL.join('\n'), page.text, true)).toBeLessThanOrEqual(0.03);
    const flat = page.text.replace(/\s/g, '');
    expect(flat.indexOf('ヘルメットと安全靴')).toBeGreaterThan(flat.indexOf('第五条'));
    expect(flat.indexOf('直ちに')).toBeGreaterThan(flat.indexOf('毎月一回'));
    // Boxes of the upright page: the first column is the rightmost.
    const first = page.words.find(([w]) => w.startsWith('第'))!;
    expect(first[1]).toBeGreaterThan(page.width * 0.7);
  }, 120_000);

  it('gives the boxes of a levelled page on the pixels of the page as it was scanned, not as levelled', async () => {
    // renderPage: lines from (8 %, 8 %) of a 1240 × 1754 page, baselines fontSize × 1.8 apart, the whole page turned `skew`° about its centre.
    const lines = ['お知らせ', '非常口の前に荷物を置かないでください。', '総務部'];
    const fontSize = 40;
    const skew = 1.6;
    const page = await recognisePage(engine, await imagePage(new Uint8Array(renderPage(lines, { fontSize, skew })), 'notice.png', 1));
    expect(page.rotation).toBe(0);
    expect([page.width, page.height]).toEqual([1240, 1754]);
    // Where character k of line i is drawn (its centre), in the image's pixels.
    const at = (i: number, k: number): [number, number] => {
      const x = Math.round(1240 * 0.08) + (k + 0.5) * fontSize - 620;
      const y = Math.round(1754 * 0.08) + i * fontSize * 1.8 - 0.4 * fontSize - 877;
      const a = (skew * Math.PI) / 180;
      return [620 + x * Math.cos(a) - y * Math.sin(a), 877 + x * Math.sin(a) + y * Math.cos(a)];
    };
    const text = lines[1];
    for (const ch of ['非', '荷', 'さ']) {
      const [x, y] = at(1, text.indexOf(ch));
      const box = page.words.find(([w, x0, y0, x1, y1]) => w.includes(ch) && x0 <= x && x <= x1 && y0 - fontSize < y && y < y1 + fontSize);
      expect(box, `${ch} at ${Math.round(x)}, ${Math.round(y)} in ${JSON.stringify(page.words.filter(([w]) => w.includes(ch)))}`).toBeDefined();
      const [, , y0, , y1] = box!;
      // The box holds the character's centre, to a quarter of its size (a box left in the levelled frame is off by up to 20 px here).
      expect(Math.abs((y0 + y1) / 2 - y)).toBeLessThan(fontSize / 4);
    }
  }, 120_000);

  it('reads an English page with the default jpn+eng as English, no kana for punctuation', async () => {
    const png = renderPage(ENGLISH, { noise: 0.002, skew: 0.5 });
    const page = await recognisePage(engine, await imagePage(new Uint8Array(png), 'filter.png', 1));
    expect(page.text).toMatch(/Replace the coolant filter every 500 hours\./);
    expect(page.text).not.toMatch(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u);
    expect(characterErrorRate(ENGLISH.join('\n'), page.text, false)).toBeLessThanOrEqual(0.02);
  }, 120_000);

  it('reads the pages of an English scan after the first once each, in every language; a Japanese page after them in Japanese', async () => {
    const pdf = path.join(temp.dir, 'mixed-scan.pdf');
    const japanese = ['安全衛生規程', '第1条（目的）', 'この規程は、工場における労働災害を防止することを目的とする。'];
    await makeScanPdf(pdf, [
      { image: renderPage(ENGLISH, { noise: 0.002 }) },
      { image: renderPage(ENGLISH, { noise: 0.002, seed: 7 }) },
      { image: renderPage(japanese) },
    ]);
    const reader = new PageReader();
    const calls: string[][] = [];
    const original = TesseractEngine.prototype.recognize;
    const spy = vi.spyOn(TesseractEngine.prototype, 'recognize').mockImplementation(function (this: TesseractEngine, image, options) {
      calls.at(-1)!.push(options?.langs ?? this.langs);
      return original.call(this, image, options);
    });
    try {
      const texts: string[] = [];
      for (const page of [1, 2, 3]) {
        calls.push([]);
        texts.push((await reader.read({ path: pdf, hash: 'h', page, langs: 'jpn+eng' })).text);
      }
      // Page 1 is read in Japanese first (the default guess), then again with every language.
      expect(calls[0]!.slice(0, 2)).toEqual(['jpn', 'jpn+eng']);
      // Page 2 is known to be Latin from page 1: one reading, with every language.
      expect(calls[1]).toEqual(['jpn+eng']);
      expect(texts[1]).toMatch(/Replace the coolant filter every 500 hours\./);
      // Page 3 contradicts the guess: it is read again in Japanese alone, and that reading is kept.
      expect(calls[2]).toContain('jpn');
      expect(characterErrorRate(japanese.join('\n'), texts[2]!, true)).toBeLessThanOrEqual(0.03);
    } finally {
      spy.mockRestore();
      await reader.dispose();
    }
  }, 240_000);
});
