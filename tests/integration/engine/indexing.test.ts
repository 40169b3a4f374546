import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { makeCorruptPdf, makePdf, writeShiftJis } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const CONTRACT_PAGES = [
  ['業務委託契約書', '第1章 総則', '第1条（目的）', '本契約は、甲が乙に委託する保守業務の条件を定めることを目的とする。'],
  [
    '第2章 再委託',
    '第12条（再委託）',
    '乙は、甲の書面による事前の承諾を得なければ、本業務の全部又は一部を第三者に再委託してはならない。',
    '2 乙は、再委託先の行為について甲に対し責任を負う。',
  ],
  ['第3章 雑則', '第20条（協議）', '本契約に定めのない事項は、甲乙誠実に協議して定める。'],
];

describe('indexing a folder into a library (real PDFs, kuromoji, LanceDB, worker threads)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const db = path.join(temp.dir, 'library');
  let engine: Engine;

  beforeAll(async () => {
    fs.mkdirSync(path.join(docs, 'sub'), { recursive: true });
    await makePdf(path.join(docs, 'contract.pdf'), CONTRACT_PAGES, { header: '社内資料 業務委託契約書', footer: (page) => `- ${page} -` });
    await makePdf(path.join(docs, 'sub', 'manual.pdf'), [
      ['E-203 エラーの対処', 'E-203 が表示されたら、冷却ファンの回転を確認し、フィルターを清掃してから再起動する。'],
      ['M6×20 のボルトは締付トルク 9 N·m で締める。'],
    ]);
    writeShiftJis(path.join(docs, 'notes-sjis.txt'), '就業規則の改定は2024年4月1日から施行する。');
    fs.writeFileSync(path.join(docs, 'guide.md'), '# Safety guide\n\n## Lockout\n\nAlways lock out the main breaker before opening the panel.\n');
    await makeCorruptPdf(path.join(docs, 'broken.pdf'));
    fs.writeFileSync(path.join(docs, '.hidden.txt'), 'secret');
    fs.writeFileSync(path.join(docs, '~$draft.docx'), 'lock');
    fs.writeFileSync(path.join(docs, 'image.gif'), 'gif');
    engine = await Engine.open({ libraryDir: db });
  });
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('indexes every readable file, reports the broken one with a code, skips the rest', async () => {
    const progress: number[] = [];
    const summary = await engine.index({ paths: [docs], onProgress: (p) => progress.push(p.filesDone) });
    expect(summary.indexed).toBe(4);
    expect(summary.failed).toEqual([expect.objectContaining({ path: path.join(docs, 'broken.pdf'), code: 'INVALID_FILE' })]);
    expect(summary.failed[0].message).toContain('broken.pdf');
    expect(summary.skipped).toBe(3);
    expect(summary.pages).toBe(3 + 2 + 1 + 1);
    expect(progress.at(-1)).toBe(5);
  });

  it('finds the clause with its page and section path, without the running header', async () => {
    const [hit] = await engine.search('再委託の事前承諾');
    expect(hit.path).toBe(path.join(docs, 'contract.pdf'));
    expect(hit.page).toBe(2);
    expect(hit.section).toContain('第12条');
    expect(hit.text).toContain('事前の承諾');
    expect(hit.text).not.toContain('社内資料');
    expect(hit.text).not.toMatch(/- 2 -/);
    expect(hit.highlights.length).toBeGreaterThan(0);
  });

  it('finds identifiers and Shift_JIS text', async () => {
    expect((await engine.search('E-203'))[0].path).toBe(path.join(docs, 'sub', 'manual.pdf'));
    const bolt = (await engine.search('M6×20 締付トルク'))[0];
    expect(bolt.text).toContain('M6×20');
    expect(bolt.page <= 2 && bolt.pageEnd === 2).toBe(true);
    expect((await engine.search('就業規則 2024年4月1日'))[0].path).toBe(path.join(docs, 'notes-sjis.txt'));
    expect((await engine.search('lockout breaker'))[0].section).toContain('Lockout');
  });

  it('touches only what changed on the next run, and removes files gone from the folder', async () => {
    const again = await engine.index({ paths: [docs] });
    expect(again.indexed).toBe(0);
    expect(again.unchanged).toBe(4);

    fs.writeFileSync(path.join(docs, 'guide.md'), '# Safety guide\n\n## Lockout\n\nAlways lock out and tag the main breaker.\n');
    fs.rmSync(path.join(docs, 'notes-sjis.txt'));
    const changed = await engine.index({ paths: [docs] });
    expect(changed.indexed).toBe(1);
    expect(changed.removed).toBe(1);
    expect(changed.unchanged).toBe(2);
    expect((await engine.search('就業規則')).length).toBe(0);
    const tag = await engine.search('tag breaker');
    expect(tag[0].text).toContain('tag the main breaker');
    // The old version's chunks are gone, not duplicated.
    expect((await engine.search('lock out breaker', { k: 10 })).filter((h) => h.path.endsWith('guide.md'))).toHaveLength(1);
  });

  it('keeps the old chunks of a file that now fails and marks it stale', async () => {
    const manual = path.join(docs, 'sub', 'manual.pdf');
    await makeCorruptPdf(manual);
    const summary = await engine.index({ paths: [docs] });
    expect(summary.failed.map((f) => f.path)).toContain(manual);
    const status = await engine.status();
    expect(status.stale).toEqual([expect.objectContaining({ path: manual, code: 'INVALID_FILE' })]);
    expect((await engine.search('E-203'))[0].path).toBe(manual);
  });

  it('groups documents into collections and searches one collection', async () => {
    const other = path.join(temp.dir, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'hr.txt'), '再委託に関する社内規程。再委託は部長の承認を要する。');
    await engine.index({ paths: [other], collection: 'hr' });
    const hr = await engine.search('再委託', { collection: 'hr' });
    expect(hr.map((h) => h.path)).toEqual([path.join(other, 'hr.txt')]);
    expect((await engine.search('再委託', { k: 10 })).length).toBeGreaterThan(1);
    expect((await engine.status()).collections).toEqual(['default', 'hr']);
  });

  it('removes documents by folder', async () => {
    const removed = await engine.remove([path.join(docs, 'sub')]);
    expect(removed).toEqual([path.join(docs, 'sub', 'manual.pdf')]);
    expect((await engine.search('E-203')).length).toBe(0);
  });
});
