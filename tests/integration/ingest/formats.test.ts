import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../src/main/core/ingest/types';
import { htmlToText } from '../../../src/main/core/ingest/html';
import { markdownToText } from '../../../src/main/core/ingest/markdown';
import { parseFile } from '../../../src/main/core/ingest/parse-file';
import { makeDocx, makeHtml, makeMarkdown } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

/** Every heading's text is found at its offset in its page (the contract the chunker relies on). */
function expectHeadingsAtOffsets(doc: Pick<ParsedDocument, 'pages' | 'headings'>): void {
  for (const heading of doc.headings) {
    const page = doc.pages.find((p) => p.page === heading.page)!;
    expect(page.text.slice(heading.offset, heading.offset + heading.text.length)).toBe(heading.text);
  }
}

describe('DOCX, HTML and Markdown ingest', () => {
  const temp = makeTempDir('genten-ingest-formats-');
  const file = (name: string) => path.join(temp.dir, name);

  beforeAll(async () => {
    await makeDocx(file('rules.docx'), [
      { style: 'Heading1', text: '就業規則' },
      { text: 'この規則は、従業員の労働条件を定める。' },
      { style: 'Heading2', text: '第1条（目的）' },
      { text: '会社と従業員は、この規則を守らなければならない。 A & B < C' },
      { style: 'Heading2', text: '第2条（適用範囲）' },
      { text: 'この規則は、全従業員に適用する。' },
    ]);
  });
  afterAll(() => temp.cleanup());

  it('DOCX: Word heading styles become headings, paragraphs become lines', async () => {
    const doc = await parseFile(file('rules.docx'));
    expect(doc.type).toBe('docx');
    expect(doc.title).toBe('就業規則');
    expect(doc.pages).toHaveLength(1);
    expect(doc.pages[0]!.text).toBe(
      '就業規則\n\nこの規則は、従業員の労働条件を定める。\n\n第1条（目的）\n\n会社と従業員は、この規則を守らなければならない。 A & B < C\n\n第2条（適用範囲）\n\nこの規則は、全従業員に適用する。',
    );
    expect(doc.headings.map(({ level, text }) => [level, text])).toEqual([
      [1, '就業規則'],
      [2, '第1条（目的）'],
      [2, '第2条（適用範囲）'],
    ]);
    expectHeadingsAtOffsets(doc);
  });

  it('DOCX: a damaged zip or a zip that is not a Word document is INVALID_FILE', async () => {
    const good = fs.readFileSync(file('rules.docx'));
    fs.writeFileSync(file('truncated.docx'), good.subarray(0, Math.floor(good.length / 2)));
    fs.writeFileSync(file('not-word.docx'), Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1')); // an empty zip
    fs.writeFileSync(file('text.docx'), 'plain text with a .docx name');
    for (const name of ['truncated.docx', 'not-word.docx', 'text.docx']) {
      await expect(parseFile(file(name))).rejects.toMatchObject({
        code: 'INVALID_FILE',
        path: file(name),
        message: expect.stringMatching(new RegExp(`^${name.replace('.', '\\.')} `)),
      });
    }
  });

  it('HTML: blocks break lines, script/style vanish, entities decode, h1–h6 are headings at their offsets', async () => {
    makeHtml(
      file('manual.html'),
      `<header><nav>ホーム &gt; マニュアル</nav></header>
       <h1>保守マニュアル</h1>
       <p>E-203 が表示されたら、
          フィルターを<b>清掃</b>してください。</p>
       <script>alert("x")</script><style>p { color: red }</style>
       <h2 id="torque">締付&nbsp;トルク &amp; 手順</h2>
       <ul><li>M6: 9 N&middot;m</li><li>M8: 22 N&#183;m</li></ul>
       <table><tr><th>型番</th><th>値</th></tr><tr><td>A-1</td><td>10</td></tr></table>
       <pre>
設定  = 1
  次行</pre>`,
      { title: 'マニュアル <第2版>' },
    );
    const doc = await parseFile(file('manual.html'));
    expect(doc.type).toBe('html');
    expect(doc.title).toBe('マニュアル <第2版>');
    expect(doc.pages[0]!.text).toBe(
      'ホーム > マニュアル\n\n保守マニュアル\n\nE-203 が表示されたら、 フィルターを清掃してください。\n\n締付\u00a0トルク & 手順\n\nM6: 9 N·m\nM8: 22 N·m\n\n型番\t値\nA-1\t10\n\n設定  = 1\n  次行',
    );
    expect(doc.headings).toEqual([
      { page: 1, offset: 13, level: 1, text: '保守マニュアル' },
      { page: 1, offset: expect.any(Number), level: 2, text: '締付\u00a0トルク & 手順' },
    ]);
    expectHeadingsAtOffsets(doc);
  });

  it('HTML: without <title> the first h1 is the title; nested markup in headings is flattened', () => {
    const converted = htmlToText('<div><h1>第<em>3</em>章 服務規律</h1><p>本文</p><h3>  第11条\n 遵守事項 </h3></div>');
    expect(converted.title).toBe('第3章 服務規律');
    expect(converted.text).toBe('第3章 服務規律\n\n本文\n\n第11条 遵守事項');
    expect(converted.headings.map((h) => [h.level, h.text])).toEqual([
      [1, '第3章 服務規律'],
      [3, '第11条 遵守事項'],
    ]);
    expectHeadingsAtOffsets({ pages: [{ page: 1, text: converted.text }], headings: converted.headings });
  });

  it('Markdown: text kept as written; ATX and setext headings outside code fences; front matter title', async () => {
    const body = [
      '# 安全ガイド',
      '',
      'ブレーカーを切ってから**パネル**を開けること。',
      '',
      '```sh',
      '# not a heading',
      '```',
      '',
      '点検手順',
      '========',
      '',
      '## ロックアウト ##',
      '',
      'Lockout',
      '-------',
      '',
      '- a list item',
      '---',
      '#hashtag is not a heading',
    ].join('\n');
    makeMarkdown(file('guide.md'), body, { frontMatter: { title: 'Safety guide', tags: 'safety' } });
    const doc = await parseFile(file('guide.md'));
    expect(doc.type).toBe('markdown');
    expect(doc.title).toBe('Safety guide');
    expect(doc.pages).toEqual([{ page: 1, text: body }]);
    expect(doc.headings.map(({ level, text }) => [level, text])).toEqual([
      [1, '安全ガイド'],
      [1, '点検手順'],
      [2, 'ロックアウト'],
      [2, 'Lockout'],
    ]);
    expectHeadingsAtOffsets(doc);
  });

  it('Markdown: without front matter the first level-1 heading is the title', () => {
    expect(markdownToText('Intro\n\n## Minor\n\n# Major\n').title).toBe('Major');
    expect(markdownToText('no headings at all\n').title).toBeUndefined();
  });

  it('plain text: one page as written; whitespace-only is NO_TEXT, binary is INVALID_FILE', async () => {
    fs.writeFileSync(file('notes.txt'), '一行目\r\n二行目\r\n');
    expect(await parseFile(file('notes.txt'))).toEqual({ type: 'text', pages: [{ page: 1, text: '一行目\n二行目\n' }], headings: [] });

    fs.writeFileSync(file('blank.txt'), ' \n\n\t\n');
    await expect(parseFile(file('blank.txt'))).rejects.toMatchObject({ code: 'NO_TEXT', path: file('blank.txt') });

    fs.writeFileSync(file('image.txt'), Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37) % 256)));
    await expect(parseFile(file('image.txt'))).rejects.toMatchObject({ code: 'INVALID_FILE', path: file('image.txt') });
  });
});
