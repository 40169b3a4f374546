/** The pure parts of OCR: Japanese spacing, text-layer verdicts, page turning, highlight boxes, layout checks. */
import { describe, expect, it } from 'vitest';
import { estimateSkew, rotateGrey, rotateSmall } from '../../../src/main/core/ocr/grey';
import { removeJapaneseSpaces } from '../../../src/main/core/ocr/japanese-spaces';
import { countCutLines, hasColumns } from '../../../src/main/core/ocr/layout';
import { loadOrder } from '../../../src/main/core/ocr/tesseract';
import { judgeTextLayer } from '../../../src/main/core/ocr/text-layer';
import { ocrMarkBoxes } from '../../../src/renderer/features/sources/ocr-marks';

describe('removeJapaneseSpaces', () => {
  it('joins what tesseract splits between Japanese words, keeps spaces between Latin words', () => {
    expect(removeJapaneseSpaces('労働 者 は 、 就業 規則 を 守る 。')).toBe('労働者は、就業規則を守る。');
    expect(removeJapaneseSpaces('第 3 条 (安全 )')).toBe('第3条 (安全)');
    expect(removeJapaneseSpaces('Replace the filter every 500 hours.')).toBe('Replace the filter every 500 hours.');
    expect(removeJapaneseSpaces('E-203 が 表示 さ れ たら ISO 9001 に 従う')).toBe('E-203が表示されたら ISO 9001に従う');
  });
});

describe('judgeTextLayer', () => {
  it('keeps a real text layer, OCRs an empty or garbage one', () => {
    expect(judgeTextLayer('第12条 乙は、甲の書面による事前の承諾を得なければならない。')).toEqual({ ocr: false });
    expect(judgeTextLayer('The pump must be primed before the first start.')).toEqual({ ocr: false });
    expect(judgeTextLayer('')).toEqual({ ocr: true, reason: 'empty' });
    expect(judgeTextLayer('- 3 -')).toEqual({ ocr: true, reason: 'empty' });
    // Broken ToUnicode maps: private-use characters, or symbols where digits and letters were.
    expect(judgeTextLayer('\uE000\uE001\uE002 \uE003\uE004\uE005\uE006 ab')).toEqual({ ocr: true, reason: 'garbage' });
    expect(judgeTextLayer('™—› ™™—› ›—™ Total ™›')).toEqual({ ocr: true, reason: 'garbage' });
  });
});

describe('rotateGrey', () => {
  const image = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
  it('turns clockwise by quarter turns', () => {
    expect(rotateGrey(image, 90)).toEqual({ width: 2, height: 3, data: Uint8Array.from([4, 1, 5, 2, 6, 3]) });
    expect(rotateGrey(image, 180)).toEqual({ width: 3, height: 2, data: Uint8Array.from([6, 5, 4, 3, 2, 1]) });
    expect(rotateGrey(image, 270)).toEqual({ width: 2, height: 3, data: Uint8Array.from([3, 6, 2, 5, 1, 4]) });
    expect(rotateGrey(rotateGrey(image, 90), 270)).toEqual(image);
  });
});

describe('ocrMarkBoxes', () => {
  const words: Array<[string, number, number, number, number]> = [
    ['作業者は、', 100, 100, 300, 140],
    ['保護具を', 310, 100, 450, 140],
    ['着用する。', 460, 100, 640, 140],
    ['点検は毎月行う。', 100, 200, 400, 240],
  ];
  it('boxes the words of the quote, in fractions of the page, or of the passage when there is no quote', () => {
    const quoted = ocrMarkBoxes(
      { page: 1, confidence: 90, width: 1000, height: 1000, rotation: 0, words },
      '作業者は、保護具を着用する。点検は毎月行う。',
      '保護具を着用する。',
    );
    expect(quoted).toHaveLength(2);
    expect(quoted[0]).toMatchObject({ left: 0.31, top: 0.1, level: 2 });
    const whole = ocrMarkBoxes({ page: 1, confidence: 90, width: 1000, height: 1000, rotation: 0, words }, '作業者は、保護具を着用する。');
    expect(whole).toHaveLength(3);
    expect(whole[0]).toMatchObject({ left: 0.1, top: 0.1, level: 1 });
    expect(ocrMarkBoxes({ page: 1, confidence: 90, width: 1000, height: 1000, rotation: 0, words }, '関係のない文章です。')).toEqual([]);
  });
  it('marks only the cited list item, not the words it shares with the items around it', () => {
    const items = [
      '①通路に物品を放置しないこと。',
      '②許可なく火気を使用しないこと。',
      '③機械の安全装置を外さないこと。',
      '④酒気を帯びて就業しないこと。',
      '⑤業務中に私用の電話をしないこと。',
      '⑥非常口の前に荷物を置かないこと。',
    ];
    // OCR splits Japanese into short words, one item a line, 50 px apart.
    const listWords: Array<[string, number, number, number, number]> = items.flatMap((item, line) =>
      Array.from(
        { length: Math.ceil(item.length / 3) },
        (_, k) => [item.slice(3 * k, 3 * k + 3), 100 + 60 * k, 100 + 50 * line, 150 + 60 * k, 130 + 50 * line] as [string, number, number, number, number],
      ),
    );
    // The stored passage (the whole list) differs from what OCR read here and there, so it is found piece by piece;
    // the cited sentence is item ⑥.
    const passage = items.join('').replace('火気', '火気類').replace('安全装置', '安全装罝').replace('酒気', '洒気');
    const boxes = ocrMarkBoxes(
      { page: 1, confidence: 90, width: 1000, height: 1000, rotation: 0, words: listWords },
      passage,
      '⑥非常口の前に荷物を置かないこと。',
    );
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every((box) => Math.abs(box.top - 0.35) < 0.001 && box.level === 2)).toBe(true);
  });
  it('maps boxes read on a page turned upside down back onto the page as scanned', () => {
    const [box] = ocrMarkBoxes({ page: 1, confidence: 90, width: 1000, height: 2000, rotation: 180, words }, '作業者は、');
    expect(box.left).toBeCloseTo(0.7);
    expect(box.top).toBeCloseTo(0.93);
    expect(box.width).toBeCloseTo(0.2);
  });
});

describe('countCutLines', () => {
  const line = (block: number, x0: number, x1: number, y0: number) => ({ block, x0, x1, y0, y1: y0 + 33 });
  it('counts a printed line cut into pieces of different blocks, not real columns with a gutter', () => {
    // One line cut in three (pieces nearly touch), then a heading alone on its row.
    expect(countCutLines([line(2, 939, 1497, 260), line(1, 170, 396, 258), line(3, 401, 932, 262), line(1, 170, 379, 332)])).toBe(2);
    // Two columns with a 50 px gutter, lines 35 px high: not cut.
    expect(countCutLines([line(0, 346, 1245, 1288), line(1, 1295, 2165, 1289), line(0, 346, 1205, 1330), line(1, 1296, 2033, 1328)])).toBe(0);
    // Pieces in one block are tesseract's own word groups, not cuts.
    expect(countCutLines([line(0, 100, 400, 100), line(0, 405, 900, 100)])).toBe(0);
  });
});

describe('loadOrder', () => {
  it("lists jpn_vert right after jpn for a reading that may be vertical (jpn's data loads it as a sub-language)", () => {
    expect(loadOrder(['jpn', 'eng'], true)).toEqual({ langs: ['jpn', 'jpn_vert', 'eng'] });
    expect(loadOrder(['eng', 'jpn'], true)).toEqual({ langs: ['eng', 'jpn', 'jpn_vert'] });
    expect(loadOrder(['jpn_vert', 'jpn'], true)).toEqual({ langs: ['jpn_vert', 'jpn'] });
  });

  it('loads no sub-language for any other reading of Japanese (each unsure word would be read again in jpn_vert)', () => {
    expect(loadOrder(['jpn'])).toEqual({ langs: ['jpn'], subLanguages: 'jpn' });
    expect(loadOrder(['eng', 'jpn'])).toEqual({ langs: ['eng', 'jpn'], subLanguages: 'eng' });
    expect(loadOrder(['jpn_vert', 'jpn'])).toEqual({ langs: ['jpn_vert', 'jpn'] });
    expect(loadOrder(['eng'])).toEqual({ langs: ['eng'] });
  });
});

describe('hasColumns and estimateSkew', () => {
  /** A white page with black bars for lines of text: [x0, x1, y] per line, 12 px high. */
  const page = (lines: Array<[number, number, number]>, skew = 0) => {
    const width = 1000;
    const height = 1400;
    const data = new Uint8Array(width * height).fill(255);
    for (const [x0, x1, y] of lines) {
      for (let x = x0; x < x1; x++) {
        const dy = Math.round(x * Math.tan((skew * Math.PI) / 180));
        for (let k = 0; k < 12; k++) data[(y + dy + k) * width + x] = 0;
      }
    }
    return { width, height, data };
  };
  const rows = (n: number, x0: number, x1: number) => Array.from({ length: n }, (_, i): [number, number, number] => [x0, x1, 100 + i * 20]);

  it('tells two columns with a gutter from one column of wrapped lines and short headings', () => {
    expect(hasColumns(page([...rows(40, 100, 460), ...rows(40, 540, 900)]))).toBe(true);
    const single = rows(40, 100, 900).map(([x0, x1, y], i): [number, number, number] => [x0, i % 3 === 2 ? 400 : x1, y]);
    expect(hasColumns(page(single))).toBe(false);
  });

  it('finds the skew of the lines, and levelling removes it', () => {
    const skewed = page(rows(30, 100, 900), 0.8);
    expect(estimateSkew(skewed)).toBeCloseTo(0.8, 5);
    expect(estimateSkew(rotateSmall(skewed, -0.8))).toBeCloseTo(0, 5);
    expect(estimateSkew(page(rows(30, 100, 900)))).toBe(0);
  });
});
