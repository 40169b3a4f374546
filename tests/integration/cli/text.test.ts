import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GentenService } from '../../../src/main/api/service';
import { readDocumentText } from '../../../src/main/core/indexer/document-text';
import { runCli } from '../../helpers/cli';
import { makeScanPdf, renderPage } from '../../helpers/scans';
import { makeTempDir } from '../../helpers/temp';

const TABLE = path.resolve('tests/fixtures/office/table.pdf');
const RULES = path.resolve('tests/fixtures/office/company-rules.pdf');

describe('genten text FILE and the Text tab: the text as Genten indexed it', () => {
  const temp = makeTempDir('genten-text-');
  afterAll(() => temp.cleanup());

  it('prints {path, pages: [{page, text, source}]} in JSON for a file that is not in any library', async () => {
    const result = await runCli(['text', TABLE, '--json', '--db', path.join(temp.dir, 'none')]);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(Object.keys(out).sort()).toEqual(['pages', 'path']);
    expect(out.path).toBe(TABLE);
    expect(out.pages).toHaveLength(1);
    expect(Object.keys(out.pages[0]).sort()).toEqual(['page', 'source', 'text']);
    expect(out.pages[0]).toMatchObject({ page: 1, source: 'text' });
    expect(out.pages[0].text).toContain('年次有給休暇\t勤続六か月で十日\t一時間単位の取得は年五日まで');
  });

  it('reads a Chromium-printed Japanese regulation in order, its headings left to right', async () => {
    const result = await runCli(['text', path.resolve('tests/fixtures/browser/browser-regulation.pdf'), '--db', path.join(temp.dir, 'none')]);
    expect(result.code, result.stderr).toBe(0);
    const title = result.stdout.indexOf('\nテレワーク勤務規程\n');
    const article = result.stdout.indexOf('\n第1条（目的）\n');
    expect(title).toBeGreaterThan(0);
    expect(article).toBeGreaterThan(title);
    expect(result.stdout).not.toContain('程規務勤');
  });

  it("labels a presentation's pages as slides and a workbook's as sheets", async () => {
    const deck = await runCli(['text', path.resolve('tests/fixtures/office/plan.pptx'), '--db', path.join(temp.dir, 'none')]);
    expect(deck.stdout).toContain('── Slide 3 / 4 ──\n点検周期\n');
    const book = await runCli(['text', path.resolve('tests/fixtures/office/inspection.xlsx'), '--db', path.join(temp.dir, 'none')]);
    expect(book.stdout).toContain('── Sheet 1 / 2 ──\n月次点検表\n');
  });

  describe('a document in the library', () => {
    const lib = path.join(temp.dir, 'lib');
    const file = path.join(temp.dir, 'rules.pdf');
    let service: GentenService;
    let id: string;
    beforeAll(async () => {
      fs.copyFileSync(RULES, file);
      service = await GentenService.open({ libraryDir: lib, dataDir: path.join(temp.dir, 'data') });
      await service.engine.index({ paths: [file] });
      const docs = await service.listDocuments();
      id = docs.ok ? docs.value[0]!.id : '';
    });
    afterAll(() => service?.dispose());

    it('the Text tab (getDocumentText) gives the same pages as genten text, and every quote sits at its offsets', async () => {
      const json = await readDocumentText(file);
      expect(json.pages).toHaveLength(2);
      expect(await service.getDocumentText({ documentId: id })).toEqual({ ok: true, value: json });
      const chunks = await service.engine.store.chunksOf(id);
      expect(chunks.length).toBeGreaterThan(3);
      for (const chunk of chunks.filter((c) => c.pageStart === c.pageEnd)) {
        expect(json.pages[chunk.pageStart - 1]!.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.text);
      }
      expect(await service.getDocumentText({ documentId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('genten text prints the pages for people, and says nothing more while the file is as indexed', async () => {
      const human = await runCli(['text', file, '--db', lib]);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toContain('── 1 / 2 ──');
      expect(human.stdout).toContain('前条の年次有給休暇の日数のうち五日を超える部分');
      expect(human.stderr).toBe('');
    });

    it('genten text says when the file has changed since it was indexed', async () => {
      fs.appendFileSync(file, '\n% changed\n');
      const changed = await runCli(['text', file, '--db', lib, '--json']);
      expect(changed.code).toBe(0);
      expect(changed.stderr).toMatch(/has changed since it was indexed/);
    });
  });

  describe('a scan', () => {
    const lib = path.join(temp.dir, 'scan-lib');
    const file = path.join(temp.dir, 'scan.pdf');
    let service: GentenService;
    let id: string;
    beforeAll(async () => {
      await makeScanPdf(file, [{ image: renderPage(['Section 4. Maintenance', 'Replace the coolant filter every 500 hours.']) }]);
      service = await GentenService.open({ libraryDir: lib, dataDir: path.join(temp.dir, 'scan-data') });
      await service.engine.index({ paths: [file] });
      const docs = await service.listDocuments();
      id = docs.ok ? docs.value[0]!.id : '';
    }, 120_000);
    afterAll(() => service?.dispose());

    it('genten text and the Text tab say a page came from OCR, with its confidence', async () => {
      const json = await runCli(['text', file, '--db', lib, '--json'], { timeoutMs: 120_000 });
      expect(json.code, json.stderr).toBe(0);
      const out = JSON.parse(json.stdout);
      expect(out.pages[0]).toMatchObject({ page: 1, source: 'ocr' });
      expect(out.pages[0].confidence).toBeGreaterThan(70);
      expect(out.pages[0].text).toMatch(/Replace the coolant filter every 500 hours/);
      expect(await service.getDocumentText({ documentId: id })).toEqual({ ok: true, value: out });
      const human = await runCli(['text', file, '--db', lib], { timeoutMs: 120_000 });
      expect(human.stdout).toMatch(/── 1 \/ 1 \(OCR · \d+ %\) ──/);
      // Not in any library: read by OCR now, the same way.
      const fresh = await runCli(['text', file, '--json', '--db', path.join(temp.dir, 'none')], { timeoutMs: 120_000 });
      expect(JSON.parse(fresh.stdout).pages[0]).toMatchObject({ source: 'ocr', text: out.pages[0].text });
    }, 300_000);
  });

  it('fails with a clear error naming the file when it cannot be read', async () => {
    const missing = path.join(temp.dir, 'gone.pdf');
    const result = await runCli(['text', missing, '--db', path.join(temp.dir, 'none')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gone.pdf');
    expect(result.stderr).toContain('READ_ERROR');
  });
});
