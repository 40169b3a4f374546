/** The quick text-layer look before the OCR judgement: it may only ever spare the judgement a page the judgement keeps. */
import { describe, expect, it } from 'vitest';
import { isPlainTextLayer } from '../../../src/main/core/indexer/plain-text-layer';
import { judgeTextLayer } from '../../../src/main/core/ocr/text-layer';
import { mulberry32 } from '../../helpers/tiny-gguf';

/** Characters from every class the two tell apart: letters, marks, symbols the judgement suspects, private use, controls, unassigned, astral. */
const POOLS = [
  'abcXYZéß',
  '就業規則第条甲乙ひらがなカタカナー',
  '0123456789.,;:()[]-/%',
  '、。「」・（）【】０９Ａｚ',
  '™—›…※→■①℃',
  '\uE000\uF8FF\uFFFD\u0001\u007F\u0378\u3040',
  '𠮷😀',
  '  \n\t',
];

function randomText(random: () => number): string {
  // Most texts are mostly letters with a sprinkle of the rest (near the quick look's bar), others anything.
  const lettered = random() < 0.7;
  const weights = POOLS.map((_, i) => (lettered ? (i < 2 ? 1 : 0.1 * random() * random()) : random()));
  const total = weights.reduce((a, b) => a + b, 0);
  let text = '';
  for (let n = Math.floor(random() * 200); n > 0; n--) {
    let pick = random() * total;
    let pool = 0;
    while (pool < POOLS.length - 1 && pick > weights[pool]) pick -= weights[pool++];
    const chars = Array.from(POOLS[pool]);
    text += chars[Math.floor(random() * chars.length)];
  }
  return text;
}

describe('isPlainTextLayer', () => {
  it('passes ordinary Japanese and English pages', () => {
    expect(isPlainTextLayer('第12条 乙は、甲の書面による事前の承諾を得なければならない。（再委託）')).toBe(true);
    expect(isPlainTextLayer('The pump must be primed before the first start (see 4.2).')).toBe(true);
  });

  it('leaves short, empty and garbage layers to the judgement', () => {
    for (const text of ['', '- 3 -', 'Total 12', '\uE000\uE001\uE002 \uE003\uE004\uE005\uE006 ab', '™—› ™™—› ›—™ Total ™›']) {
      expect(isPlainTextLayer(text)).toBe(false);
    }
  });

  it('never passes a page the judgement would send to OCR (10,000 random pages)', () => {
    const random = mulberry32(22);
    let passed = 0;
    for (let i = 0; i < 10_000; i++) {
      const text = randomText(random);
      if (!isPlainTextLayer(text)) continue;
      passed++;
      expect(judgeTextLayer(text), JSON.stringify(text)).toEqual({ ocr: false });
    }
    expect(passed).toBeGreaterThan(2000);
  });
});
