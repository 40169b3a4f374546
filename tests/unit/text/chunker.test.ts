import { describe, expect, it } from 'vitest';
import type { MarkupHeading } from '../../../src/main/core/ingest/types';
import { chunkDocument } from '../../../src/main/core/text/chunker';
import { cleanPages } from '../../../src/main/core/text/clean';
import type { ChunkDraft, CleanPage } from '../../../src/main/core/text/types';

const SUBJECTS = ['従業員は', '会社は', '委託先は', '利用者は', '管理者は', '本装置は', '点検担当者は', '甲は'];
const MIDDLES = [
  '業務の遂行にあたり',
  '事前に書面で承諾を得たうえで',
  '所定の手順に従って',
  '法令および社内規程を遵守し',
  '異常を発見した場合には直ちに',
  '契約期間の満了後も',
];
const ENDS = [
  '必要な措置を講じなければならない。',
  '記録を保存するものとする。',
  '責任者に報告すること。',
  '秘密情報を第三者に開示してはならない。',
  '電源を切ってから作業を開始する。',
];

/** Deterministic Japanese sentences of 20–60 characters. */
function* sentences(seed: number): Generator<string> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (;;) yield `${SUBJECTS[next(SUBJECTS.length)]}${MIDDLES[next(MIDDLES.length)]}${ENDS[next(ENDS.length)]}`;
}

function take(source: Generator<string>, count: number): string[] {
  return Array.from({ length: count }, () => source.next().value as string);
}

function pagesOf(...texts: string[]): CleanPage[] {
  return texts.map((text, i) => ({ page: i + 1, text }));
}

/** The text a chunk must have: its page slices joined by '\n'. */
function sourceText(pages: CleanPage[], chunk: ChunkDraft): string {
  const spanned = pages.filter((p) => p.page >= chunk.pageStart && p.page <= chunk.pageEnd);
  if (spanned.length === 1) return spanned[0].text.slice(chunk.charStart, chunk.charEnd);
  return spanned.map((p, i) => (i === 0 ? p.text.slice(chunk.charStart) : i === spanned.length - 1 ? p.text.slice(0, chunk.charEnd) : p.text)).join('\n');
}

function expectOffsetsMatch(pages: CleanPage[], chunks: ChunkDraft[]): void {
  for (const chunk of chunks) expect(chunk.text).toBe(sourceText(pages, chunk));
}

/** Every non-space character of every page is in some chunk. */
function expectFullCoverage(pages: CleanPage[], chunks: ChunkDraft[]): void {
  const covered = pages.map((p) => new Uint8Array(p.text.length));
  const index = new Map(pages.map((p, i) => [p.page, i]));
  for (const chunk of chunks) {
    const first = index.get(chunk.pageStart)!;
    const last = index.get(chunk.pageEnd)!;
    for (let p = first; p <= last; p++) {
      const from = p === first ? chunk.charStart : 0;
      const to = p === last ? chunk.charEnd : pages[p].text.length;
      covered[p].fill(1, from, to);
    }
  }
  pages.forEach((page, p) => {
    for (let i = 0; i < page.text.length; i++) {
      if (!covered[p][i] && !/\s/.test(page.text[i])) throw new Error(`page ${page.page} offset ${i} not in any chunk`);
    }
  });
}

function chunkWith(text: string, options = {}): ChunkDraft[] {
  return chunkDocument(pagesOf(text), [], options);
}

const CONTRACT = [
  '就業規則',
  '第1章 総則',
  '第1条（目的）この規則は、会社の従業員の就業に関し必要な事項を定めるものである。',
  '第2条（定義）',
  'この規則において「従業員」とは、会社と雇用契約を結んだ者をいう。',
  '２　前項の従業員は、次の各号に掲げる区分に従う。',
  '(1) 正社員 期間の定めのない雇用契約を結んだ者',
  '(2) 契約社員 期間の定めのある雇用契約を結んだ者',
  '第2章 服務規律',
  '第3条（遵守事項）従業員は、次の事項を守らなければならない。',
  '① 法令を遵守すること。',
  '② 会社の秘密を漏らさないこと。',
].join('\n');

describe('sections', () => {
  it('gives each article of a contract its own chunk with its heading path', () => {
    const chunks = chunkWith(CONTRACT);
    expect(chunks.map((c) => [c.section, c.text.split('\n')[0]])).toEqual([
      [[], '就業規則'],
      [['第1章 総則', '第1条（目的）'], '第1章 総則'],
      [['第1章 総則', '第2条（定義）'], '第2条（定義）'],
      [['第2章 服務規律', '第3条（遵守事項）'], '第2章 服務規律'],
    ]);
    expect(chunks[2].text).toContain('(2) 契約社員');
    expect(chunks[2].text).not.toContain('第2章');
  });

  it('paths reach down to 項 and items when chunks start inside them', () => {
    const chunks = chunkWith(CONTRACT, { targetChars: 60, overlapChars: 0 });
    const sectionOf = (text: string) => chunks.find((c) => c.text.startsWith(text))?.section;
    expect(sectionOf('２　前項')).toEqual(['第1章 総則', '第2条（定義）', '第2項']);
    expect(sectionOf('(2) 契約社員')).toEqual(['第1章 総則', '第2条（定義）', '第2項', '(2)']);
    expect(sectionOf('① 法令')).toEqual(['第2章 服務規律', '第3条（遵守事項）', '①']);
  });

  it('builds paths for numbered manual sections', () => {
    const body = take(sentences(7), 3).join('');
    const text = ['1 Introduction', body, '1.1 Scope', body, '1.2 Terms', body, '2 Installation', '2.1 Requirements', body].join('\n');
    const chunks = chunkWith(text);
    expect(chunks.map((c) => c.section)).toEqual([
      ['1 Introduction'],
      ['1 Introduction', '1.1 Scope'],
      ['1 Introduction', '1.2 Terms'],
      ['2 Installation', '2.1 Requirements'],
    ]);
  });

  it('reads "1. Title" lines as sections, unless they are consecutive steps of a list', () => {
    const body = take(sentences(9), 2).join('');
    const sections = chunkWith(['1. Introduction', body, '2. Installation', body].join('\n'));
    expect(sections.map((c) => c.section)).toEqual([['1. Introduction'], ['2. Installation']]);

    const steps = ['4 Maintenance', '4.2 Replacing the filter', '1. Remove the cover', '2. Take out the old filter', '3. Fit the new filter', body];
    const chunks = chunkWith(steps.join('\n'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0].section.slice(0, 2)).toEqual(['4 Maintenance', '4.2 Replacing the filter']);
  });

  it('labels a contract clause by the caption that runs into its first line, and keeps the line whole', () => {
    // Clauses of a real reseller agreement (CUAD v1, CC BY 4.0), shortened.
    const text = [
      '5. TERM AND TERMINATION',
      '5.1 TERM OF AGREEMENT. The term of this Agreement shall commence on the Effective Date and continue for six (6) months.',
      '5.2 TERMINATION OF AGREEMENT. PivX may terminate this Agreement for convenience by giving at least thirty (30) days notice.',
      '5.3 EFFECT OF TERMINATION. Upon the expiration or termination of this Agreement:',
      '(a) Detto shall, within thirty (30) days, pay to PivX all amounts due hereunder.',
      '5.4 Each party represents and warrants that it has the power to enter into this Agreement.',
      '6. GOVERNING LAW. This Agreement shall be governed by and construed under the laws of the State of California.',
    ].join('\n');
    const pages = pagesOf(text);
    const chunks = chunkDocument(pages, [], { targetChars: 80, overlapChars: 0 });
    const at = (snippet: string) => chunks.find((c) => c.text.includes(snippet))!;
    expect(at('six (6) months').section).toEqual(['5. TERM AND TERMINATION', '5.1 TERM OF AGREEMENT']);
    expect(at('for convenience').section).toEqual(['5. TERM AND TERMINATION', '5.2 TERMINATION OF AGREEMENT']);
    expect(at('all amounts due').section).toEqual(['5. TERM AND TERMINATION', '5.3 EFFECT OF TERMINATION', '(a)']);
    // A clause that starts with a sentence keeps its number alone.
    expect(at('the power to enter').section).toEqual(['5. TERM AND TERMINATION', '5.4']);
    expect(at('State of California').section).toEqual(['6. GOVERNING LAW']);
    // Nothing is cut: the caption stays in the passage users read and search indexes.
    expect(at('for convenience').text.startsWith('5.2 TERMINATION OF AGREEMENT. PivX may terminate')).toBe(true);
    expect(at('State of California').text.startsWith('6. GOVERNING LAW. This Agreement')).toBe(true);
    expect(at('for convenience').addresses).toEqual(expect.arrayContaining(['§n5', '§n5.2']));
    expectOffsetsMatch(pages, chunks);
    expectFullCoverage(pages, chunks);
    // A short titled clause opens its own passage even at the default size: packed after the one
    // before, it would show that one's caption.
    const short = [
      '3. GENERAL PROVISIONS',
      '3.1 NOTICES. All notices shall be given in writing.',
      '3.2 GOVERNING LAW. This Agreement is governed by the laws of California.',
    ];
    expect(chunkWith(short.join('\n')).map((c) => [c.section, c.text])).toEqual([
      [['3. GENERAL PROVISIONS', '3.1 NOTICES'], '3. GENERAL PROVISIONS\n3.1 NOTICES. All notices shall be given in writing.'],
      [['3. GENERAL PROVISIONS', '3.2 GOVERNING LAW'], '3.2 GOVERNING LAW. This Agreement is governed by the laws of California.'],
    ]);
  });

  it('reads "N. Title" lines inside a 第N条 as items of the article, not sections around it', () => {
    // 第62条 of a real 就業規則 (株式会社ツクロア, CC0): its kinds of discipline are numbered like sections.
    const text = [
      '第62条　懲戒の種類',
      '1. 会社は、社員が次のいずれかに該当する場合は、その情状に応じ、次の区分により懲戒を行う。',
      '1. けん責',
      '・始末書を提出させて将来を戒める。',
      '2. 減給',
      '・始末書を提出させて減給する。',
      '第63条　懲戒の事由',
      '1. 社員が次のいずれかに該当するときは、情状に応じ、けん責、減給又は出勤停止とする。',
    ].join('\n');
    expect(chunkWith(text).map((c) => c.section)).toEqual([['第62条 懲戒の種類'], ['第63条 懲戒の事由']]);
    const small = chunkWith(text, { targetChars: 20, overlapChars: 0 });
    expect(small.find((c) => c.text.startsWith('2. 減給'))?.section).toEqual(['第62条 懲戒の種類', '2.']);
  });

  it('uses markup headings by level, with numbered clauses nested inside them', () => {
    const text = '# 就業規則\n前文です。\n## 附則\n第1条（施行）この規則は令和6年4月1日から施行する。\n# 別表\n表の説明です。';
    const headings: MarkupHeading[] = ['# 就業規則', '## 附則', '# 別表'].map((line, i) => ({
      page: 1,
      offset: text.indexOf(line),
      level: [1, 2, 1][i],
      text: line.replace(/^#+ /, ''),
    }));
    const chunks = chunkDocument(pagesOf(text), headings);
    expect(chunks.map((c) => c.section)).toEqual([['就業規則'], ['就業規則', '附則', '第1条（施行）'], ['別表']]);
  });

  it('finds markup headings whose offsets were shifted by clean-up', () => {
    const raw = '# Guide\r\nIntro text.\r\n## Setup\r\nInstall it.';
    const headings: MarkupHeading[] = [
      { page: 1, offset: raw.indexOf('Guide'), level: 1, text: 'Guide' },
      { page: 1, offset: raw.indexOf('Setup'), level: 2, text: 'Setup' },
    ];
    const pages = cleanPages([{ page: 1, text: raw }], { paged: false });
    const chunks = chunkDocument(pages, headings);
    expect(chunks.map((c) => [c.section, c.text])).toEqual([
      [['Guide'], '# Guide\nIntro text.'],
      [['Guide', 'Setup'], '## Setup\nInstall it.'],
    ]);
  });
});

describe('provision addresses', () => {
  it('indexes each chunk with the address of every provision it holds, however the numbers are written', () => {
    const text = [
      '第1章　総則',
      '（目的）',
      '第１条　この規則は、従業員の労働条件を定める。',
      '（定義）第２条　この規則において「従業員」とは、会社に雇用される者をいう。',
      '２　パートタイマーには別に定める規程を適用する。',
      '第十五条（秘密保持）',
      '従業員は、業務上知り得た秘密を漏らしてはならない。',
      '② 退職後も同様とする。',
      '別表第一（付与日数）',
      '勤続６か月　10日',
    ].join('\n');
    const chunks = chunkDocument([{ page: 1, text }], [], { targetChars: 40 });
    const at = (snippet: string) => chunks.find((c) => c.text.includes(snippet))!;
    // A caption above the article opens its chunk and names it.
    expect(at('労働条件').text).toContain('（目的）\n第１条');
    expect(at('労働条件').section).toEqual(['第1章 総則', '第１条（目的）']);
    expect(at('労働条件').addresses).toEqual(expect.arrayContaining(['§ch1', '§a1']));
    expect(at('会社に雇用される者').addresses).toContain('§a2');
    expect(at('パートタイマー').addresses).toContain('§a2.p2');
    expect(at('漏らして').addresses).toContain('§a15');
    expect(at('退職後も').addresses).toContain('§a15.p2');
    expect(at('10日').addresses).toContain('§x1');
  });

  it('reads numbered contract clauses as sub-sections of their heading', () => {
    const text = [
      '12.0 General Provisions',
      '12.1 Neither party may assign this Agreement without the prior written consent of the other party.',
      '12.3 If any part of this Agreement is held invalid, the rest of it remains in full force and effect.',
    ].join('\n');
    const chunks = chunkDocument([{ page: 1, text }], [], { targetChars: 80 });
    const severability = chunks.find((c) => c.text.includes('held invalid'))!;
    expect(severability.section).toEqual(['12.0 General Provisions', '12.3']);
    expect(severability.addresses).toEqual(expect.arrayContaining(['§n12', '§n12.3']));
  });
});

describe('boundaries and sizes', () => {
  const text = take(sentences(1), 120).join('');
  const chunks = chunkWith(text);

  it('breaks only at sentence ends', () => {
    for (const chunk of chunks) {
      expect(chunk.text.endsWith('。')).toBe(true);
      expect(chunk.charStart === 0 || text[chunk.charStart - 1] === '。').toBe(true);
    }
  });

  it('keeps chunks near the target and never over the maximum', () => {
    const longest = Math.max(...text.split(/(?<=。)/).map((s) => s.length));
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text.length).toBeGreaterThanOrEqual(400 - longest);
      expect(chunk.text.length).toBeLessThanOrEqual(400 + longest);
    }
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(800);
  });

  it('carries whole trailing sentences of at most overlapChars into the next chunk', () => {
    for (let i = 1; i < chunks.length; i++) {
      const overlap = chunks[i - 1].charEnd - chunks[i].charStart;
      expect(overlap).toBeGreaterThan(0);
      expect(overlap).toBeLessThanOrEqual(60);
      expect(chunks[i - 1].text.endsWith(text.slice(chunks[i].charStart, chunks[i - 1].charEnd))).toBe(true);
    }
  });

  it('does not overlap across a section boundary', () => {
    const body = take(sentences(3), 20).join('');
    const sectioned = chunkWith(`第1条（目的）\n${body}\n第2条（定義）\n${body}`);
    const second = sectioned.findIndex((c) => c.text.startsWith('第2条'));
    expect(second).toBeGreaterThan(0);
    expect(sectioned[second - 1].charEnd).toBeLessThanOrEqual(sectioned[second].charStart);
  });

  it('respects other sizes and no overlap when asked', () => {
    const small = chunkWith(text, { targetChars: 150, maxChars: 200, overlapChars: 0 });
    for (let i = 1; i < small.length; i++) expect(small[i].charStart).toBeGreaterThanOrEqual(small[i - 1].charEnd);
    expect(Math.max(...small.map((c) => c.text.length))).toBeLessThanOrEqual(200);
    expect(small.length).toBeGreaterThan(chunks.length * 2);
  });

  it('splits a sentence longer than the maximum at a comma', () => {
    const long = `${'長い条件を満たす場合、'.repeat(60)}適用する。`;
    const split = chunkWith(long, { targetChars: 100, overlapChars: 0 });
    expect(split.length).toBeGreaterThan(3);
    for (const chunk of split) expect(chunk.text.length).toBeLessThanOrEqual(200);
    for (const chunk of split.slice(0, -1)) expect(chunk.text.endsWith('、')).toBe(true);
    expect(split.map((c) => c.text).join('')).toBe(long);
  });

  it('merges a very small last piece of a section into the chunk before it', () => {
    const s45 = 'あ'.repeat(44) + '。';
    // 90 + 22 overshoots the target by more than 90 undershoots it, so the size rule alone would
    // leave the 22 characters as a chunk of their own.
    const tail = 'い'.repeat(21) + '。';
    const merged = chunkWith(`${s45.repeat(4)}${tail}`, { targetChars: 100, overlapChars: 0 });
    expect(merged.map((c) => c.text)).toEqual([s45.repeat(2), s45.repeat(2) + tail]);
  });
});

describe('pages and offsets', () => {
  it('spans pages, with text equal to the page slices joined by newlines', () => {
    const source = sentences(11);
    const pages = pagesOf(...Array.from({ length: 6 }, () => take(source, 7).join('')));
    const chunks = chunkDocument(pages, []);
    expect(chunks.some((c) => c.pageEnd > c.pageStart)).toBe(true);
    expectOffsetsMatch(pages, chunks);
    expectFullCoverage(pages, chunks);
  });

  it('skips empty pages without breaking page numbers', () => {
    const source = sentences(5);
    const pages = pagesOf(take(source, 3).join(''), '', ' \n ', take(source, 3).join(''), '');
    const chunks = chunkDocument(pages, [], { targetChars: 100 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect([1, 4]).toContain(chunk.pageStart);
      expect([1, 4]).toContain(chunk.pageEnd);
    }
    expectOffsetsMatch(pages, chunks);
    expectFullCoverage(pages, chunks);
    expect(chunkDocument(pagesOf('', '  '), [])).toEqual([]);
  });

  it('chunks a 1,000-page document correctly, within the test time limit', () => {
    const source = sentences(42);
    const pages = pagesOf(
      ...Array.from({ length: 1000 }, (_, i) => {
        const lines: string[] = [];
        if (i % 50 === 0) lines.push(`第${i / 50 + 1}章 第${i / 50 + 1}部の規定`);
        lines.push(`第${i + 1}条（第${i + 1}条の定め）${take(source, 25).join('')}`);
        lines.push(take(source, 45).join(''));
        return lines.join('\n');
      }),
    );
    const chars = pages.reduce((n, p) => n + p.text.length, 0);
    expect(chars).toBeGreaterThan(2_000_000);

    // No stopwatch (it failed under load, not on a slow step): a quadratic step would take minutes
    // here and fail on the test's own time limit; the speed itself is npm run bench's.
    const chunks = chunkDocument(pages, []);

    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    expectOffsetsMatch(pages, chunks);
    expectFullCoverage(pages, chunks);
    let previous = { page: 0, char: -1 };
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(800);
      // In document order, and each chunk lies in the article of its path.
      expect(chunk.pageStart > previous.page || chunk.charStart > previous.char).toBe(true);
      previous = { page: chunk.pageStart, char: chunk.charStart };
      expect(chunk.pageEnd).toBe(chunk.pageStart);
      expect(chunk.section).toEqual([
        `第${Math.floor((chunk.pageStart - 1) / 50) + 1}章 第${Math.floor((chunk.pageStart - 1) / 50) + 1}部の規定`,
        `第${chunk.pageStart}条（第${chunk.pageStart}条の定め）`,
      ]);
    }
  });
});
