/**
 * Excel and PowerPoint files saved by LibreOffice (scripts/fixtures/office-files.ts, committed under
 * tests/fixtures/office): every cell and slide text is indexed, passages cite sheet and cell range
 * or slide, hidden sheets are left out with a warning, and the old binary formats keep their
 * "save it as …" message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { chunkPages } from '../../../src/main/core/indexer/chunk-pages';
import { parseFile } from '../../../src/main/core/ingest/parse-file';
import { cleanPages } from '../../../src/main/core/text/clean';
import { locationText, sourceLocation } from '../../../src/shared/location';
import type { OfficeTruth } from '../../../scripts/fixtures/office-files';
import { makeTempDir } from '../../helpers/temp';

const DIR = path.resolve('tests/fixtures/office');
const truthOf = (name: string): OfficeTruth => JSON.parse(fs.readFileSync(path.join(DIR, `${name}.truth.json`), 'utf8')) as OfficeTruth;

describe('Excel workbooks (.xlsx) as tables', () => {
  it('reads each visible sheet as a page: its name, the merged title, header rows carried, formulas by value, dates as dates', async () => {
    const doc = await parseFile(path.join(DIR, 'inspection.xlsx'));
    expect(doc.type).toBe('xlsx');
    expect(doc.pages.map((p) => p.text.split('\n')[0])).toEqual(['月次点検表', 'Costs']);
    const sheet = doc.pages[0]!.text;
    expect(sheet).toContain('第2工場 設備月次点検表（2025年4月）');
    expect(sheet).toContain('点検日\t2025/04/15');
    expect(sheet).toMatch(/^点検項目：非常停止ボタン\t担当：佐藤\t結果：要修理\t備考：E-203 表示、部品手配中\t点検回数：3$/m);
    expect(sheet).toMatch(/^点検項目：合計\t点検回数：10$/m); // SUM(F4:F7), as LibreOffice cached it
    expect(doc.pages[1]!.text).toContain('Item: Safety valve\tQty: 2\tUnit price: 18000\tAmount: 36000');
    expect(doc.headings.map((h) => h.text)).toEqual(['月次点検表', 'Costs']);
  });

  it('skips hidden sheets and says so', async () => {
    const doc = await parseFile(path.join(DIR, 'inspection.xlsx'));
    expect(doc.pages.map((p) => p.text).join('\n')).not.toContain('非公開の作業メモ');
    expect(doc.warnings).toEqual([expect.objectContaining({ hiddenSheets: ['作業用'], message: expect.stringContaining('作業用') })]);
  });

  it('cites a passage by sheet and cell range, its quote the page text at its offsets', async () => {
    const doc = await parseFile(path.join(DIR, 'inspection.xlsx'));
    const chunks = chunkPages(doc.type, doc.pages, doc.headings, { targetChars: 60, overlapChars: 0 });
    const clean = cleanPages(doc.pages, { paged: false });
    for (const chunk of chunks) {
      expect(clean[chunk.pageStart - 1]!.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
      expect(chunk.section[0]).toMatch(/^(月次点検表|Costs)(!([A-Z]+\d+)(:[A-Z]+\d+)?)?$/);
    }
    const stop = chunks.find((c) => c.text.includes('非常停止ボタン'))!;
    expect(stop.section[0]).toMatch(/^月次点検表!B\d+:F\d+$/);
    const [, from, to] = /!B(\d+):F(\d+)$/.exec(stop.section[0]!)!.map(Number);
    expect(from).toBeLessThanOrEqual(6);
    expect(to).toBeGreaterThanOrEqual(6);
  });

  it('reads an .xlsm as data (its macros are never run)', async () => {
    const temp = makeTempDir('genten-xlsm-');
    try {
      const file = path.join(temp.dir, 'with-macros.xlsm');
      fs.copyFileSync(path.join(DIR, 'inspection.xlsx'), file);
      const doc = await parseFile(file);
      expect(doc.type).toBe('xlsx');
      expect(doc.pages[0]!.text).toContain('点検項目：給油状態');
    } finally {
      temp.cleanup();
    }
  });

  it('keeps the old binary formats out with a clear message', async () => {
    const temp = makeTempDir('genten-oldoffice-');
    try {
      for (const [name, hint] of [
        ['old.xls', 'save it as .xlsx'],
        ['old.ppt', 'save it as .pptx'],
        ['old.doc', 'save it as .docx'],
        ['sheet.ods', 'save it as .xlsx'],
        ['deck.odp', 'save it as .pptx'],
        ['text.odt', 'save it as .docx'],
      ]) {
        const file = path.join(temp.dir, name!);
        fs.writeFileSync(file, 'x');
        await expect(parseFile(file)).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE', message: expect.stringContaining(hint!) });
      }
      const renamed = path.join(temp.dir, 'renamed.xlsx');
      fs.writeFileSync(renamed, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
      await expect(parseFile(renamed)).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('old-style Excel (.xls)') });
    } finally {
      temp.cleanup();
    }
  });
});

describe('PowerPoint presentations (.pptx) slide by slide', () => {
  it('reads title first, then text boxes, tables and notes marked as notes', async () => {
    const doc = await parseFile(path.join(DIR, 'plan.pptx'));
    expect(doc.type).toBe('pptx');
    expect(doc.pages).toHaveLength(4);
    expect(doc.title).toBe('設備保全計画 2025');
    expect(doc.pages[1]!.text.split('\n')).toEqual([
      '今年度の重点目標',
      '計画保全の比率を 80% に引き上げる',
      '突発停止を前年比 30% 削減する',
      '点検記録を電子化する',
      'ノート：前年度の突発停止は 42 件。うち 18 件が非常停止回路の不具合だった。',
    ]);
    expect(doc.pages[2]!.text).toContain('設備\t周期\t担当\nボイラー\t毎月\t保全課\n安全弁\t6か月\t外部業者');
    expect(doc.headings.map((h) => [h.page, h.text])).toEqual([
      [1, '設備保全計画 2025'],
      [2, '今年度の重点目標'],
      [3, '点検周期'],
      [4, 'スケジュール'],
    ]);
  });
});

describe('indexed Office files: every cell and slide text found, cited by sheet and cells or slide', () => {
  const temp = makeTempDir('genten-office-index-');
  const docs = path.join(temp.dir, 'docs');
  let engine: Engine;

  beforeAll(async () => {
    fs.mkdirSync(docs, { recursive: true });
    for (const name of ['inspection.xlsx', 'plan.pptx']) fs.copyFileSync(path.join(DIR, name), path.join(docs, name));
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
  }, 60_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('indexes both, warns about the hidden sheet, and finds every cell and slide text', async () => {
    const summary = await engine.index({ paths: [docs] });
    expect(summary.failed).toEqual([]);
    expect(summary.indexed).toBe(2);
    expect(summary.warnings).toEqual([expect.objectContaining({ path: path.join(docs, 'inspection.xlsx'), hiddenSheets: ['作業用'] })]);
    for (const name of ['inspection', 'plan']) {
      const truth = truthOf(name);
      const hits = await engine.search(truth.parts[0]!.texts[0]!, { k: 50 });
      const indexed = hits.filter((h) => h.path.endsWith(name === 'inspection' ? '.xlsx' : '.pptx')).map((h) => h.text);
      const all = indexed.join('\n');
      const missing = truth.parts.flatMap((p) => p.texts).filter((text) => !all.includes(text));
      expect(missing).toEqual([]);
      for (const text of truth.absent) expect(all).not.toContain(text);
    }
  });

  it('cites a cell range for a workbook hit and a slide for a presentation hit', async () => {
    const [cell] = await engine.search('非常停止ボタン 要修理');
    expect(cell!.path).toMatch(/inspection\.xlsx$/);
    expect(locationText(sourceLocation(cell!)!, 'ja')).toMatch(/^月次点検表!B\d+:F\d+$/);
    const [slide] = (await engine.search('法定点検')).filter((h) => h.path.endsWith('.pptx'));
    expect(slide!.page).toBe(3);
    expect(locationText(sourceLocation(slide!)!, 'ja')).toBe('スライド 3');
    expect(locationText(sourceLocation(slide!)!, 'en')).toBe('Slide 3');
  });
});
