/** Citations of text files give the lines they come from (Markdown with front matter, plain text, HTML), checked against the files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../../src/main/api/answer';
import { GentenService } from '../../../src/main/api/service';
import { SettingsStore } from '../../../src/main/api/settings-store';
import { Engine } from '../../../src/main/core/engine';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-lines-');
const docs = path.join(temp.dir, 'docs');
let engine: Engine;

const MD = [
  '---',
  'title: 保守規程',
  'owner: 設備課',
  '---',
  '',
  '# 保守規程',
  '',
  '## 第1条（目的）',
  '',
  'この規程は設備の保守を定める。',
  '',
  '## 第2条（点検）',
  '',
  '月に一度、冷却ファンのフィルターを清掃する。',
  'E-203 が出たらファンを交換する。',
  '',
].join('\n');
const TXT = ['社内連絡', '', '会議室の予約は前日までに総務へ申し込む。', '', '駐車場の利用は許可制とする。', ''].join('\n');
const HTML =
  '<html><head><title>規定</title></head><body><h1>出張規定</h1><p>出張旅費は実費を精算する。</p><p>宿泊費の上限は一泊一万二千円とする。</p></body></html>';

beforeAll(async () => {
  fs.mkdirSync(docs, { recursive: true });
  fs.writeFileSync(path.join(docs, 'rules.md'), MD);
  fs.writeFileSync(path.join(docs, 'notice.txt'), TXT);
  fs.writeFileSync(path.join(docs, 'travel.html'), HTML);
  engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
  expect((await engine.index({ paths: [docs] })).failed).toEqual([]);
}, 120_000);

afterAll(() => {
  engine?.dispose();
  temp.cleanup();
});

describe('line ranges for text files', () => {
  it('an answer citing Markdown gives the file lines of the quote (front matter counted), and plain text likewise', async () => {
    const answer = createAnswerer({ engine, getModel: async () => null });
    const signal = new AbortController().signal;
    const md = await answer({ question: 'E-203 が出たらどうする？', history: [], signal, onDelta: () => {} });
    const cite = md.citations.find((c) => c.path.endsWith('rules.md'))!;
    expect(cite).toBeDefined();
    const fileLines = MD.split('\n');
    const quoted = fileLines.slice(cite.lineStart! - 1, cite.lineEnd!).join('\n');
    expect(quoted).toContain(cite.quote);
    expect(cite.lineStart).toBeGreaterThanOrEqual(14); // after the 4 lines of front matter and the headings

    const txt = await answer({ question: '会議室の予約はいつまでに？', history: [], signal, onDelta: () => {} });
    const t = txt.citations.find((c) => c.path.endsWith('notice.txt'))!;
    expect(
      TXT.split('\n')
        .slice(t.lineStart! - 1, t.lineEnd!)
        .join('\n'),
    ).toContain(t.quote);
  });

  it('getPassage gives lines and the whole text for the viewer; a PDF or a changed file gets none', async () => {
    const service = new GentenService({ engine, settings: new SettingsStore(path.join(temp.dir, 'settings.json')), dataDir: temp.dir });
    const [hit] = (await engine.search('宿泊費の上限')).filter((h) => h.path.endsWith('travel.html'));
    const passage = await service.getPassage({ chunkId: hit!.chunkId });
    if (!passage.ok) throw new Error(passage.error.message);
    expect(passage.value.source?.text).toContain('宿泊費の上限は一泊一万二千円とする。');
    const shown = passage.value.source!.text.split('\n');
    expect(shown.slice(passage.value.lineStart! - 1, passage.value.lineEnd!).join('\n')).toContain('宿泊費');

    // The file changed since it was indexed: no lines rather than wrong ones.
    fs.writeFileSync(path.join(docs, 'notice.txt'), `追記\n\n${TXT}`);
    const [old] = (await engine.search('駐車場の利用')).filter((h) => h.path.endsWith('notice.txt'));
    const stale = await service.getPassage({ chunkId: old!.chunkId });
    expect(stale.ok && stale.value.lineStart).toBeUndefined();
  });
});
