import { describe, expect, it } from 'vitest';
import type { RawPage } from '../../../src/main/core/ingest/types';
import { cleanPages } from '../../../src/main/core/text/clean';
import { isPageNumberLine } from '../../../src/main/core/text/running-lines';

const JA_SENTENCES = [
  '従業員は、会社の指示に従い誠実に職務を遂行しなければならない。',
  '再委託を行う場合は、事前に書面による承諾を得るものとする。',
  '本装置の電源を切る前に、必ず作業内容を保存してください。',
  'エラーコードE-203が表示された場合は、フィルターの目詰まりを確認する。',
  '点検の結果は所定の様式に記録し、責任者の確認を受けること。',
  '秘密情報とは、開示の際に秘密である旨を明示された一切の情報をいう。',
];
const EN_SENTENCES = [
  'The operator shall inspect the pump housing before every start-up of the system.',
  'If the warning lamp flashes, stop the motor and consult the maintenance manual.',
  'Neither party shall assign this Agreement without the prior written consent of the other party.',
  'All notices under this Agreement must be in writing and delivered by hand or by registered mail.',
];

/** Display width as a PDF lays it out: CJK two units, everything else one. */
function width(text: string): number {
  return [...text].reduce((w, c) => w + (/[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
}

/** Breaks Japanese text anywhere at `columns` display units, as a PDF does at the right margin. */
function wrapAnywhere(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const c of text) {
    if (width(line + c) > columns) {
      lines.push(line);
      line = '';
    }
    line += c;
  }
  if (line) lines.push(line);
  return lines;
}

/** Breaks English text between words at `columns` characters. */
function wrapWords(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > columns) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function paged(...texts: string[]): RawPage[] {
  return texts.map((text, i) => ({ page: i + 1, text }));
}

function cleanOne(text: string): string {
  return cleanPages(paged(text), { paged: true })[0].text;
}

/** A Japanese paragraph of the given sentences, wrapped at 90 columns, its last line short. */
function jaParagraph(...indices: number[]): { text: string; lines: string[] } {
  const text = indices.map((i) => JA_SENTENCES[i % JA_SENTENCES.length]).join('');
  return { text, lines: wrapAnywhere(text, 90) };
}

describe('running headers, footers and page numbers', () => {
  const bodies = [0, 1, 2, 3, 4].map((p) => jaParagraph(p, p + 1, p + 2, p + 3));
  const pages = paged(
    ...bodies.map((body, i) =>
      ['社内資料 就業規則', `- ${i + 1} -`, ...(i === 0 ? ['第1章 総則'] : []), ...body.lines, `Confidential Page ${i + 1} of 5`].join('\n'),
    ),
  );
  const cleaned = cleanPages(pages, { paged: true });

  it('drops lines that recur at the page edges, numbers masked', () => {
    for (const page of cleaned) {
      expect(page.text).not.toContain('社内資料');
      expect(page.text).not.toContain('Confidential');
      expect(page.text).not.toMatch(/- \d -/);
    }
  });

  it('keeps the body, and a heading that opens one page only', () => {
    expect(cleaned[0].text).toBe(`第1章 総則\n${bodies[0].text}`);
    cleaned.slice(1).forEach((page, i) => expect(page.text).toBe(bodies[i + 1].text));
  });

  it('keeps page numbers and count', () => {
    expect(cleaned.map((p) => p.page)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops a header of a two-page document only when both pages have it', () => {
    const [one, two] = cleanPages(paged('Acme Pump Manual\nSafety\nRead this first.', 'Acme Pump Manual\nMaintenance\nClean the filter.'), { paged: true });
    expect(one.text).toBe('Safety\nRead this first.');
    expect(two.text).toBe('Maintenance\nClean the filter.');
  });

  it('drops running chapter titles that recur on the pages of their chapter only', () => {
    const chapters = ['Introduction', 'Installation', 'Operation', 'Maintenance'];
    const bodies = Array.from({ length: 12 }, (_, i) => jaParagraph(i, i + 2, i + 4, i + 5).text);
    const pages12 = paged(
      ...bodies.map((body, i) => {
        const chapter = Math.floor(i / 3);
        return `${chapter + 1} ${chapters[chapter]} ${i + 1}\n${wrapAnywhere(body, 90).join('\n')}`;
      }),
    );
    expect(cleanPages(pages12, { paged: true }).map((p) => p.text)).toEqual(bodies);
  });

  it('keeps figures in table rows even when every page ends with one', () => {
    const pages3 = paged(...[1, 2, 3].map((i) => `Results\nMeasured flow per hour.\n${i}0 ${i}5 ${i}9`));
    cleanPages(pages3, { paged: true }).forEach((page, i) => expect(page.text).toContain(`${i + 1}0 ${i + 1}5 ${i + 1}9`));
  });

  it.each(['- 12 -', '12', '12 / 40', 'Page 12', '— 12 —', 'p. 12', 'xii', '12 ページ', 'Page 3 of 7'])(
    'drops the bare page number "%s" at either edge of a one-page document',
    (number) => {
      expect(cleanOne(`${number}\nSafety\nRead this first.`)).toBe('Safety\nRead this first.');
      expect(cleanOne(`Safety\nRead this first.\n${number}`)).toBe('Safety\nRead this first.');
    },
  );

  it('keeps a bare number inside the edge lines unless other pages number the same way', () => {
    // The end of a number wrapped onto a line of its own, the third line of page 2.
    const wrapped = paged('Fees\nThe annual fee is paid each year.', 'The fee applies in 2000-2\n002\nand in each later year.\nEnd.');
    expect(cleanPages(wrapped, { paged: true })[1].text).toContain('002');
    // A running header above the page number: the number is the second line, on every page.
    const bodies = ['Filters\nClean them weekly.', 'Seals\nReplace them yearly.', 'Valves\nTest them monthly.'];
    const numbered = paged(...bodies.map((body, i) => `Acme Pump Manual\n${i + 5}\n${body}`));
    expect(cleanPages(numbered, { paged: true }).map((page) => page.text)).toEqual(bodies);
  });

  it('keeps a number in the middle of a page', () => {
    const text = ['Flow table', 'Inlet pressure in bar.', 'Outlet', 'pressure', '12', 'Outlet is measured.', 'Note', 'End.'].join('\n');
    expect(cleanOne(text).split('\n')).toContain('12');
  });

  it('recognises page-number lines and rejects words made of Roman-numeral letters', () => {
    expect(isPageNumberLine('— iv —')).toBe(true);
    expect(isPageNumberLine('XIV')).toBe(true);
    expect(isPageNumberLine('mix')).toBe(false);
    expect(isPageNumberLine('Vi')).toBe(false);
    expect(isPageNumberLine('ill')).toBe(false);
    expect(isPageNumberLine('12 items')).toBe(false);
  });
});

describe('joining lines broken at the right margin', () => {
  it('rejoins the CODEN page of the evaluation corpus', () => {
    const raw =
      '社内資料 CODEN\n- 1 -\nCODEN\nCODEN（コーデン、Code Designated）は，米国材料試験協会（American Society for Testing Mater\n' +
      'ials、ASTM）が、主に自然科学分野の定期刊行物を識別するために付与したコードである。1975年以\n' +
      '降はCASによって登録・管理されている。文献の機械検索に用いられる。\n' +
      'CODENは、アルファベット5-6文字からなる。定期刊行物の場合、はじめの4文字は誌名の頭文字を、5\n' +
      '文字目は識別文字をあらわす。6文字目はチェック用であるが、無いこともある。';
    expect(cleanOne(raw)).toBe(
      '社内資料 CODEN\nCODEN\n' +
        'CODEN（コーデン、Code Designated）は，米国材料試験協会（American Society for Testing Materials、ASTM）が、' +
        '主に自然科学分野の定期刊行物を識別するために付与したコードである。1975年以降はCASによって登録・管理されている。' +
        '文献の機械検索に用いられる。\n' +
        'CODENは、アルファベット5-6文字からなる。定期刊行物の場合、はじめの4文字は誌名の頭文字を、5文字目は識別文字をあらわす。' +
        '6文字目はチェック用であるが、無いこともある。',
    );
  });

  it('joins Japanese lines without a space and keeps paragraph breaks', () => {
    const first = jaParagraph(1, 2, 3);
    const second = jaParagraph(3, 4, 5, 0);
    // The fixture: a paragraph ends on a short line, as most do.
    expect(first.lines.length).toBeGreaterThan(1);
    expect(width(first.lines[first.lines.length - 1])).toBeLessThan(80);
    expect(cleanOne([...first.lines, ...second.lines].join('\n'))).toBe(`${first.text}\n${second.text}`);
  });

  it('joins English lines with one space, and a blank line ends a paragraph', () => {
    const first = EN_SENTENCES.slice(0, 3).join(' ');
    const second = EN_SENTENCES.slice(1).join(' ');
    const text = [...wrapWords(first, 70), '', ...wrapWords(second, 70)].join('\n');
    expect(cleanOne(text)).toBe(`${first}\n${second}`);
  });

  it('undoes end-of-line hyphenation, but keeps real hyphens and identifiers', () => {
    const text = [
      'Before servicing the unit, read the operating manu-',
      'al and check that the context-aware safety interlock is on. The',
      'interlock is context-',
      'aware and reports error E-',
      '203 when the cover is open during operation of the pump.',
    ].join('\n');
    expect(cleanOne(text)).toBe(
      'Before servicing the unit, read the operating manual and check that the context-aware safety interlock is on. ' +
        'The interlock is context-aware and reports error E-203 when the cover is open during operation of the pump.',
    );
  });

  it('keeps headings, list items and short label lines on their own lines', () => {
    const body = wrapWords(EN_SENTENCES.slice(0, 2).join(' '), 70);
    const text = ['1.2 Scope', ...body, 'Technical Amendments', 'National Eligibility', ...body, '• First item of the list', '• Second item of the list'].join(
      '\n',
    );
    const joined = body.join(' ');
    expect(cleanOne(text).split('\n')).toEqual([
      '1.2 Scope',
      joined,
      'Technical Amendments',
      'National Eligibility',
      joined,
      '• First item of the list',
      '• Second item of the list',
    ]);
  });

  it('keeps a contract clause heading apart from the clause before it', () => {
    const clause = jaParagraph(1, 5);
    const text = ['第1条（目的）', ...clause.lines, '第2条（定義）', ...jaParagraph(0).lines].join('\n');
    expect(cleanOne(text).split('\n')).toEqual(['第1条（目的）', clause.text, '第2条（定義）', JA_SENTENCES[0]]);
  });

  it('tidies tabs and runs of spaces that pdf-parse puts between text runs', () => {
    expect(cleanOne('1.0 \tServices\nClient  requires\tthe services.')).toBe('1.0 Services\nClient requires the services.');
  });
});

/** A laid-out page: each line with its fill of the column, as the PDF layout gives it. */
function laidOut(lines: [text: string, fill: number][]): string {
  const raw = lines.map(([text, fill]) => ({ text, fill, indent: false, gapBefore: false }));
  return cleanPages([{ page: 1, text: lines.map(([text]) => text).join('\n'), lines: raw }], { paged: true })[0].text;
}

describe('numbered paragraphs wrapped at the margin', () => {
  // Lines and fills as a real 就業規則 (株式会社ツクロア, CC0) and the IRS 1040-NR instructions lay out.
  it('joins a numbered first line that runs to the margin into its paragraph, with or without a 、', () => {
    const text = laidOut([
      ['第17条　妊娠・出産・育児休業・介護休業等に関するハラスメントの禁止', 0.825],
      ['1. 妊娠・出産等に関する言動及び妊娠・出産・育児・介護等に関する制度又は措置の利', 0.988],
      ['用に関する言動により、他の社員の就業環境を害するようなことをしてはならない。', 0.95],
      ['2. この規則に定めた事項のほか、就業に関する事項については、労基法その他の法令の', 0.988],
      ['定めによる。', 0.15],
    ]);
    expect(text.split('\n')).toEqual([
      '第17条　妊娠・出産・育児休業・介護休業等に関するハラスメントの禁止',
      '1. 妊娠・出産等に関する言動及び妊娠・出産・育児・介護等に関する制度又は措置の利用に関する言動により、他の社員の就業環境を害するようなことをしてはならない。',
      '2. この規則に定めた事項のほか、就業に関する事項については、労基法その他の法令の定めによる。',
    ]);
  });

  it('joins an English numbered line that runs on in lower case, and keeps short or capitalised-on headings apart', () => {
    const text = laidOut([
      ['1. Children under age 18 at the end', 0.981],
      ['of 2008.', 0.205],
      ['12. Governing Law', 0.3],
      ['This Agreement is governed by the laws of the State of New York, without regard', 1],
      ['to its conflict of laws rules.', 0.4],
      ['3. Limitation of Liability and Indemnification', 0.97],
      ['Neither party shall be liable for indirect or consequential damages of any kind.', 1],
    ]);
    expect(text.split('\n')).toEqual([
      '1. Children under age 18 at the end of 2008.',
      '12. Governing Law',
      'This Agreement is governed by the laws of the State of New York, without regard to its conflict of laws rules.',
      '3. Limitation of Liability and Indemnification',
      'Neither party shall be liable for indirect or consequential damages of any kind.',
    ]);
  });

  it('keeps a short Japanese numbered heading apart from the paragraph under it', () => {
    const text = laidOut([
      ['1. 目的', 0.1],
      ['この規程は、社員の出張に関する事項を定めるものであり、出張の申請、旅費の計算及', 1],
      ['び清算の手続を定める。', 0.3],
    ]);
    expect(text.split('\n')).toEqual(['1. 目的', 'この規程は、社員の出張に関する事項を定めるものであり、出張の申請、旅費の計算及び清算の手続を定める。']);
  });
});

describe('characters', () => {
  it('removes control characters and maps vertical forms in paged text', () => {
    expect(cleanOne('﹁春と修羅﹂\u0000︵序︶︒')).toBe('「春と修羅」（序）。');
  });

  it('keeps non-paged text as written apart from controls, vertical forms and line endings', () => {
    const text = '# Title\r\n\r\n  indented line\r\nshort\nline with\u0000 nul\r- 1 -\n︵注︶\n';
    expect(cleanPages([{ page: 1, text }], { paged: false })[0].text).toBe('# Title\n\n  indented line\nshort\nline with nul\n- 1 -\n（注）\n');
  });

  it('keeps empty pages as empty pages', () => {
    const cleaned = cleanPages(paged('本文です。', '', ' \n ', '次の本文です。'), { paged: true });
    expect(cleaned.map((p) => [p.page, p.text])).toEqual([
      [1, '本文です。'],
      [2, ''],
      [3, ''],
      [4, '次の本文です。'],
    ]);
  });
});

describe('speed', () => {
  it('cleans 1,221 pages (~3 M characters) in linear time', () => {
    const page = (n: number) =>
      ['社内資料 大規模文書', `- ${n} -`, ...jaParagraph(n, n + 1, n + 2, n + 3, n + 4).lines, ...wrapWords(EN_SENTENCES.join(' '), 80)].join('\n').repeat(4);
    const pagesOf = (count: number) => Array.from({ length: count }, (_, i) => ({ page: i + 1, text: page(i + 1) }));
    const pages = pagesOf(1221);
    const chars = pages.reduce((n, p) => n + p.text.length, 0);
    expect(chars).toBeGreaterThan(2_000_000);
    // Linear means 4× the pages take about 4× the time; a quadratic step would take 16×. A ratio,
    // not a budget in ms, so a slow or shared machine does not fail it (best of two runs each).
    const timed = (input: ReturnType<typeof pagesOf>) =>
      Math.min(
        ...[0, 1].map(() => {
          const started = performance.now();
          cleanPages(input, { paged: true });
          return performance.now() - started;
        }),
      );
    const quarter = timed(pagesOf(305));
    const whole = timed(pages);
    expect(whole / quarter).toBeLessThan(9);
    const cleaned = cleanPages(pages, { paged: true });
    expect(cleaned).toHaveLength(1221);
  });
});
