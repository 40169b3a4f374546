import { describe, expect, it } from 'vitest';
import { layoutPage, linesToText, type TextRun } from '../../../src/main/core/text/layout';

const H = 842;
/** A run at (x, y from the top) in a font of `size`, `width` wide (default: a full em per character). */
function run(str: string, x: number, top: number, size = 10.5, width = Array.from(str).length * size): TextRun {
  return { str, transform: [size, 0, 0, size, x, H - top], width, height: size };
}
const text = (runs: TextRun[]) => linesToText(layoutPage({ runs, pageHeight: H }));

describe('layoutPage: glyphs and words', () => {
  it('joins a distributed heading (one run per character, wide even gaps) without spaces', () => {
    const runs = Array.from('安全衛生管理規程', (c, i) => run(c, 191 + i * 28.5, 100, 14, 14));
    expect(text(runs)).toBe('安全衛生管理規程');
  });

  it('keeps the space after a heading number (「第3章 雑則」), which tells a heading from running text', () => {
    expect(text([run('第3章 雑則', 71, 100, 10.5, 60)])).toBe('第3章 雑則');
    expect(text([run('第12条', 71, 100, 10.5, 42), run('（再委託）', 116.2, 100)])).toBe('第12条 （再委託）');
    expect(text([run('前条の規定 による', 71, 100, 10.5, 100)])).toBe('前条の規定による');
  });

  it('drops the spaces pdf.js put inside a letter-spaced run, and keeps Latin word spaces', () => {
    expect(text([run('就 業 規 則 の 届 け 出', 71, 100, 14)])).toBe('就業規則の届け出');
    expect(text([run('Safety valves must be inspected', 71, 100, 10.5, 160)])).toBe('Safety valves must be inspected');
  });

  it('keeps two full-width numbers apart (「２０００ ２００１」), in one run or two, and joins a number to its word and the digits of one number', () => {
    expect(text([run('２０００ ２００１ ２００２ 年度', 71, 100, 10.5, 150)])).toBe('２０００ ２００１ ２００２年度');
    expect(text([run('２０００', 71, 100), run('２００１', 118, 100)])).toBe('２０００ ２００１');
    expect(text([run('２０', 71, 100), run('２４年', 92, 100)])).toBe('２０２４年');
  });

  it('puts a space between Japanese and a Latin word only where there was one, not for autospace', () => {
    // 「第 1 条」: LibreOffice's 0.2 em autospace around the digit is no space.
    expect(text([run('第', 71, 100), run('1', 83.6, 100, 10.5, 5.25), run('条（目的）', 91, 100)])).toBe('第1条（目的）');
    // 「コード E-203 が」: a real space and the autospace, 0.6 em.
    expect(text([run('異常コード', 71, 100), run('E-203', 130.4, 100, 10.5, 26.2), run('が表示された', 162.2, 100)])).toBe('異常コード E-203 が表示された');
  });

  it('reads a distributed chapter heading whole, its typed ideographic space kept, and a lone full-em gap as one', () => {
    // 「第4章　安全衛生及び懲戒」 distributed: 第 4 章 at even gaps, the rest one run with pdf.js's spaces.
    expect(text([run('第', 191, 100, 14), run('4', 212.1, 100, 14, 7), run('章', 226.1, 100, 14), run('安 全 衛 生 及 び 懲 戒', 262.6, 100, 14, 141.6)])).toBe(
      '第4章　安全衛生及び懲戒',
    );
    // 「附則　この規則は…」 with pdf.js giving the first two letters one by one.
    expect(text([run('附', 71, 100), run('則', 81.5, 100), run('この規則は、二〇二五年四月一日から施行する。', 102.5, 100)])).toBe(
      '附則　この規則は、二〇二五年四月一日から施行する。',
    );
  });

  it('spreads a form label (氏　名 set with letter spacing) back together', () => {
    expect(text([run('氏', 71, 100), run('名', 102.5, 100), run('：山田太郎', 134, 100)])).toBe('氏名：山田太郎');
  });

  it('keeps ruby (furigana) out of the base text', () => {
    const runs = [run('太宰治の小説「', 71, 100), run('はし', 144.7, 90.2, 5, 10.2), run('走', 144.5, 100), run('れメロス」は短編である。', 155, 100)];
    expect(text(runs)).toBe('太宰治の小説「走れメロス」は短編である。');
  });
});

describe('layoutPage: reading order', () => {
  const body = '会社は、従業員の就業に関する事項を定めるものであり、従業員はこれを守る'; // 36 characters
  it('reads two columns column by column, after the full-width title above them', () => {
    const runs = [run('設備保全の手引き', 71, 60, 14)];
    for (let i = 0; i < 6; i++) {
      runs.push(run(`左${i}${body.slice(0, 18)}`, 71, 100 + i * 10.5));
      runs.push(run(`右${i}${body.slice(0, 18)}`, 300, 100 + i * 10.5));
    }
    const lines = layoutPage({ runs, pageHeight: H }).map((l) => l.text);
    expect(lines[0]).toBe('設備保全の手引き');
    expect(lines.slice(1).map((l) => l.slice(0, 2))).toEqual(['左0', '左1', '左2', '左3', '左4', '左5', '右0', '右1', '右2', '右3', '右4', '右5']);
  });

  it('reads a table row by row, cells separated by a tab, a wrapped cell whole', () => {
    const runs = [
      run('区分', 76.7, 100),
      run('休暇の日数', 186.6, 100),
      run('備考', 336.7, 100),
      run('年次有給休暇', 76.7, 114),
      run('勤続六か月で十日', 186.6, 114),
      run('一時間単位の取得は年五日まで', 336.7, 114),
      run('慶弔休暇', 76.7, 128),
      run('本人の結婚のとき五日', 186.6, 128),
      run('申請書に証明書類を添付して所属長に', 336.7, 128),
      run('提出する', 336.7, 138.5),
    ];
    expect(text(runs).split('\n').filter(Boolean)).toEqual([
      '区分\t休暇の日数\t備考',
      '年次有給休暇\t勤続六か月で十日\t一時間単位の取得は年五日まで',
      '慶弔休暇\t本人の結婚のとき五日\t申請書に証明書類を添付して所属長に提出する',
    ]);
  });

  it('reads vertical writing (glyph by glyph) column by column, right to left', () => {
    const runs: TextRun[] = [];
    const columns = ['就業規則の', '届け出につ', 'いて定める'];
    columns.forEach((column, c) => Array.from(column).forEach((ch, i) => runs.push(run(ch, 500 - c * 14, 100 + i * 10.5))));
    expect(text(runs).replace(/\n/g, '')).toBe('就業規則の届け出について定める');
  });

  it('reads a heading a browser set glyph by glyph (one run per glyph, advancing right) left to right, not as vertical text', () => {
    const runs: TextRun[] = [run('テレワ', 216, 100, 20, 60)];
    Array.from('ークス勤務規程').forEach((ch, i) => runs.push(run(ch, 276 + 20 * i, 100, 20)));
    Array.from('第1条（目的）').forEach((ch, i) => runs.push(run(ch, 34 + 13 * i, 140, 13)));
    runs.push(run('この規程は、テレワーク勤務の条件を定める。', 34, 170, 11));
    expect(text(runs).split('\n').filter(Boolean)).toEqual(['テレワークス勤務規程', '第1条（目的）', 'この規程は、テレワーク勤務の条件を定める。']);
  });
});
