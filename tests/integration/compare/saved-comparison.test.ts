/**
 * Comparisons through the service over a real library: the reviewer's marks and notes are saved in
 * the library and come back after a restart (a new service on the same folder); the export is made
 * from the saved comparison with them; a draft indexed again with another change is compared anew
 * and each mark stays on the same difference (the one no longer found is listed as earlier). Then
 * documents kept only in the library: a team library's copy (files/<sha256>) is compared when the
 * original file is gone, and without a copy the error names the file and why.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/shared/errors';
import type { SavedComparison } from '../../../src/shared/compare';
import { libraryFilesDir } from '../../../src/main/core/store/location';
import { GentenService } from '../../../src/main/api/service';
import { SettingsStore } from '../../../src/main/api/settings-store';
import { Engine } from '../../../src/main/core/engine';
import { localTime } from '../../../src/main/core/reports/local-time';
import { makeDocx, makePdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const CLAUSES: [string, string][] = [
  ['第1条（目的）', '甲は、甲の工場設備の保守点検業務を乙に委託し、乙はこれを受託する。'],
  ['第2条（委託料）', '甲は乙に対し、本業務の委託料として月額金50万円（消費税別）を、翌月末日までに支払う。'],
  ['第3条（再委託）', '乙は、甲の書面による事前の承諾を得なければ、本業務の全部又は一部を第三者に再委託してはならない。'],
  ['第4条（秘密保持）', '甲及び乙は、本契約に関して知り得た相手方の秘密情報を第三者に開示してはならない。この義務は本契約終了後も3年間存続する。'],
  ['第5条（準拠法及び管轄）', '本契約は日本法に準拠する。本契約に関する一切の紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とする。'],
];
const lines = (clauses: [string, string][]) => [
  '業務委託契約書',
  '株式会社原典商事（甲）と株式会社サンプル保守（乙）は、次のとおり契約を締結する。',
  ...clauses.flat(),
];
const edit = (from: string, to: string) => CLAUSES.map(([h, b]) => [h, b.replace(from, to)] as [string, string]);

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const temp = makeTempDir('genten-saved-compare-');
const dataDir = path.join(temp.dir, 'data');
const settings = () => new SettingsStore(path.join(dataDir, 'settings.json'));
afterAll(() => temp.cleanup());

describe('saved comparisons: marks survive a restart, the export holds them, a re-run keeps them on the same differences', () => {
  const docs = path.join(temp.dir, 'docs');
  const library = path.join(temp.dir, 'library');
  const standardFile = path.join(docs, 'standard.docx');
  const draftFile = path.join(docs, 'draft.pdf');
  let ids: { standardId: string; draftId: string };

  beforeAll(async () => {
    await makeDocx(
      standardFile,
      lines(CLAUSES).map((text) => ({ text })),
    );
    // The counterparty moved the court and shortened confidentiality to 1 year.
    const draft = lines(edit('東京地方裁判所', '大阪地方裁判所')).map((l) => l.replace('3年間存続', '1年間存続'));
    await makePdf(draftFile, [draft]);
    const engine = await Engine.open({ libraryDir: library });
    await engine.index({ paths: [docs] });
    const all = await engine.documents();
    ids = { standardId: all.find((d) => d.path === standardFile)!.id, draftId: all.find((d) => d.path === draftFile)!.id };
    engine.dispose();
  }, 120_000);

  const withService = async <T>(run: (service: GentenService) => Promise<T>): Promise<T> => {
    const engine = await Engine.open({ libraryDir: library });
    try {
      return await run(new GentenService({ engine, settings: settings(), dataDir }));
    } finally {
      engine.dispose();
    }
  };
  const differenceOf = (saved: SavedComparison, text: string) => saved.result.items.find((i) => i.kind !== 'same' && i.reason.includes(text))!;

  it('saves each mark and note as it is set; after a restart the same comparison comes back with them, and the export holds them', async () => {
    const first = await withService(async (service) => {
      const saved = value(await service.compareDocuments(ids));
      expect(saved.result.summary).toMatchObject({ changed: 2, missing: 0, added: 0 });
      expect(saved.marks).toEqual({});
      const court = differenceOf(saved, '大阪地方裁判所');
      const secrecy = differenceOf(saved, '1年間');
      expect(value(await service.markComparison({ ...ids, itemId: court.id, mark: 'negotiate' }))).toMatchObject({ mark: 'negotiate' });
      expect(value(await service.markComparison({ ...ids, itemId: court.id, note: '管轄は東京を維持する' }))).toMatchObject({
        mark: 'negotiate',
        note: '管轄は東京を維持する',
        kind: 'changed',
      });
      expect(value(await service.markComparison({ ...ids, itemId: secrecy.id, mark: 'accepted' }))).toMatchObject({ mark: 'accepted' });
      // Cleared both ways: the entry goes.
      expect(value(await service.markComparison({ ...ids, itemId: secrecy.id, mark: null }))).toBeNull();
      expect(value(await service.markComparison({ ...ids, itemId: secrecy.id, mark: 'accepted' }))).toMatchObject({ mark: 'accepted' });
      expect(await service.markComparison({ ...ids, itemId: '0123456789abcdef', mark: 'accepted' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      return saved;
    });

    await withService(async (service) => {
      const again = value(await service.compareDocuments(ids));
      // The saved comparison itself (not a new one): same time, same items, the marks on them.
      expect(again.comparedAt).toBe(first.comparedAt);
      expect(again.result.items.map((i) => i.id)).toEqual(first.result.items.map((i) => i.id));
      expect(again.marks[differenceOf(again, '大阪地方裁判所').id]).toMatchObject({ mark: 'negotiate', note: '管轄は東京を維持する' });
      expect(again.marks[differenceOf(again, '1年間').id]).toMatchObject({ mark: 'accepted' });
      expect(value(await service.listComparisons())).toEqual([
        expect.objectContaining({ ...ids, standard: standardFile, draft: draftFile, marked: 2, summary: expect.objectContaining({ changed: 2 }) }),
      ]);

      const exported = value(await service.exportComparison({ ...ids, format: 'xlsx' }));
      expect(exported.path.startsWith(path.join(library, 'reviews', 'reports'))).toBe(true);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(exported.base64, 'base64') as unknown as ArrayBuffer);
      const rows = workbook.getWorksheet('比較')!.getSheetValues().filter(Boolean) as unknown[][];
      const court = rows.find((r) => String(r[4] ?? '').includes('大阪地方裁判所'))!;
      expect([court[7], court[8]]).toEqual(['要交渉', '管轄は東京を維持する']);
      expect(rows.find((r) => String(r[4] ?? '').includes('1年間'))![7]).toBe('受入れ');
      const record = workbook.getWorksheet('記録')!.getSheetValues().filter(Boolean) as unknown[][];
      expect(record.some((r) => r[1] === '比較日時' && r[2] === localTime(first.comparedAt))).toBe(true);
      // The Word memo marks the words that differ in both clauses, as the app does, without the draft's blank lines.
      const memo = value(await service.exportComparison({ ...ids, format: 'docx' }));
      const xml = (await JSZip.loadAsync(Buffer.from(memo.base64, 'base64')).then((zip) => zip.file('word/document.xml')!.async('string'))).replace(
        /\s+/g,
        ' ',
      );
      expect(xml).toMatch(/<w:strike\/>.*?<w:t[^>]*>東京地方裁判所<\/w:t>/);
      expect(xml).toMatch(/<w:u w:val="single"\/>.*?<w:t[^>]*>大阪地方裁判所<\/w:t>/);
    });
  }, 120_000);

  it('a draft indexed again with another change is compared anew: the unchanged difference keeps its mark, the one no longer found is an earlier mark', async () => {
    // The counterparty's next draft: back to 3 years, the court still 大阪, and the fee raised.
    const next = lines(edit('東京地方裁判所', '大阪地方裁判所')).map((l) => l.replace('50万円', '60万円'));
    await makePdf(draftFile, [next], { footer: (p) => `- ${p} -` });
    const engine = await Engine.open({ libraryDir: library });
    await engine.index({ paths: [docs] });
    engine.dispose();
    await withService(async (service) => {
      const before = value(await service.listComparisons())[0]!;
      const saved = value(await service.compareDocuments(ids));
      expect(saved.comparedAt > before.comparedAt).toBe(true);
      expect(saved.result.summary).toMatchObject({ changed: 2 });
      const court = differenceOf(saved, '大阪地方裁判所');
      expect(saved.marks[court.id]).toMatchObject({ mark: 'negotiate', note: '管轄は東京を維持する' });
      expect(saved.marks[differenceOf(saved, '60万円').id]).toBeUndefined();
      const ids_ = new Set(saved.result.items.map((i) => i.id));
      const earlier = Object.entries(saved.marks).filter(([id]) => !ids_.has(id));
      expect(earlier.map(([, m]) => [m.mark, m.reason])).toEqual([['accepted', expect.stringContaining('1年間')]]);
      // Asked to compare again with nothing changed: a new comparison, the same ids, the marks kept.
      const again = value(await service.compareDocuments({ ...ids, again: true }));
      expect(again.comparedAt > saved.comparedAt).toBe(true);
      expect(again.result.items.map((i) => i.id)).toEqual(saved.result.items.map((i) => i.id));
      expect(again.marks).toEqual(saved.marks);
    });
  }, 120_000);

  it('a draft edited on disk but not indexed again is not compared: the error names the file and says what to do', async () => {
    await makePdf(draftFile, [lines(edit('東京地方裁判所', '名古屋地方裁判所'))]);
    await withService(async (service) => {
      const failed = await service.compareDocuments({ ...ids, again: true });
      expect(failed).toMatchObject({ ok: false, error: { code: 'READ_ERROR', path: draftFile } });
      if (!failed.ok)
        expect(failed.error.message).toBe(
          `${draftFile} has changed since it was indexed, and the library keeps no copy of the indexed version: index it again.`,
        );
      // What was saved is still there, marks included, and still exports.
      expect(value(await service.listComparisons())[0]).toMatchObject({ marked: 1 });
      expect(value(await service.exportComparison({ ...ids, format: 'md' })).fileName).toMatch(/\.md$/);
    });
  }, 60_000);
});

describe('documents kept only in the library', () => {
  const shared = path.join(temp.dir, 'fileserver');
  const library = path.join(temp.dir, 'team-library');
  const plain = path.join(temp.dir, 'plain-library');
  const standardFile = path.join(shared, 'ひな形.docx');
  const draftFile = path.join(shared, '先方案.pdf');
  const idsIn = async (engine: Engine) => {
    const all = await engine.documents();
    return { standardId: all.find((d) => d.path === standardFile)!.id, draftId: all.find((d) => d.path === draftFile)!.id };
  };

  beforeAll(async () => {
    await makeDocx(
      standardFile,
      lines(CLAUSES).map((text) => ({ text })),
    );
    await makePdf(draftFile, [lines(edit('50万円', '80万円'))]);
    // As a shared library's indexer does: the documents' bytes kept in files/<sha256>.
    const team = await Engine.open({ libraryDir: library, keepFiles: true });
    await team.index({ paths: [shared] });
    team.dispose();
    const local = await Engine.open({ libraryDir: plain });
    await local.index({ paths: [shared] });
    local.dispose();
    // The reader's machine never had the file server's folder.
    fs.rmSync(shared, { recursive: true });
  }, 120_000);

  it("compares from the library's copy when the original files are gone", async () => {
    const engine = await Engine.open({ libraryDir: library });
    try {
      const service = new GentenService({ engine, settings: settings(), dataDir, allowedRoots: [path.join(temp.dir, 'elsewhere')] });
      const saved = value(await service.compareDocuments(await idsIn(engine)));
      expect(saved.result.standard).toBe(standardFile);
      expect(saved.result.summary).toMatchObject({ changed: 1, missing: 0, added: 0 });
      expect(saved.result.items[0]!.changes[0]).toMatchObject({ before: '50万円', after: '80万円', category: 'amount' });
      // "Open the page" of the Word standard shows its text from the same copy.
      const text = value(await service.getDocumentText({ documentId: saved.standardId }));
      expect(text.pages[0]!.text).toContain('東京地方裁判所');
    } finally {
      engine.dispose();
    }
  }, 60_000);

  it('without a copy, the error names the file and says why', async () => {
    const engine = await Engine.open({ libraryDir: plain });
    try {
      const service = new GentenService({ engine, settings: settings(), dataDir });
      const failed = await service.compareDocuments(await idsIn(engine));
      expect(failed).toMatchObject({ ok: false, error: { code: 'READ_ERROR' } });
      if (failed.ok) return;
      expect(failed.error.message).toBe(`${standardFile} has moved or been deleted since it was indexed, and the library keeps no copy of it.`);
      expect(await service.exportComparison({ ...(await idsIn(engine)), format: 'md' })).toMatchObject({ ok: false, error: { code: 'READ_ERROR' } });
    } finally {
      engine.dispose();
    }
  }, 60_000);
});

describe('where comparisons are kept', () => {
  it("in a local library's folder; for a shared library (s3://), in the data folder under its bucket and prefix (its storage holds no loose files)", () => {
    expect(libraryFilesDir('/srv/library', '/home/u/.genten')).toBe(path.resolve('/srv/library'));
    expect(libraryFilesDir('s3://genten/team/contracts/', '/home/u/.genten')).toBe(path.join('/home/u/.genten', 'libraries', 'genten', 'team', 'contracts'));
  });
});
