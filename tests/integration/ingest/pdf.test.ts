import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GentenError } from '../../../src/shared/errors';
import { parseFile } from '../../../src/main/core/ingest/parse-file';
import { parsePdf } from '../../../src/main/core/ingest/pdf';
import { makeCorruptPdf, makePdf, makeScannedPdf } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const CONTRACT = [
  ['業務委託契約書', '第1条（目的）', '本契約は、甲が乙に委託する保守業務の条件を定めることを目的とする。'],
  ['第12条（再委託）', '乙は、甲の書面による事前の承諾を得なければ、本業務を第三者に再委託してはならない。'],
  ['第20条（協議）', '本契約に定めのない事項は、甲乙誠実に協議して定める。'],
];

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<GentenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').toBeInstanceOf(Error);
  return error as GentenError;
}

describe('PDF ingest (pdfkit + IPA Gothic fixtures, real pdf-parse)', () => {
  const temp = makeTempDir('genten-ingest-pdf-');
  const file = (name: string) => path.join(temp.dir, name);
  const manyPages = Array.from({ length: 60 }, (_, i) => [`第${i + 1}ページ`, `これは${i + 1}ページ目の本文です。点検手順を記載する。`]);

  beforeAll(async () => {
    await Promise.all([
      makePdf(file('contract.pdf'), CONTRACT, { header: '社内資料', footer: (page) => `- ${page} -`, title: '業務委託契約書' }),
      makePdf(file('locked.pdf'), [['閲覧にはパスワードが必要です。']], { userPassword: 'baz' }),
      makePdf(file('owner-only.pdf'), [['印刷だけが制限された文書です。']], { ownerPassword: 'owner-secret' }),
      makePdf(file('long.pdf'), manyPages),
      makeCorruptPdf(file('corrupt.pdf')),
      makeScannedPdf(file('scan.pdf'), { pages: 3 }),
    ]);
  });
  afterAll(() => temp.cleanup());

  it('gives Japanese text page by page, 1-based, as the parser gives it (header and footer kept)', async () => {
    const seen: Array<[number, number]> = [];
    const doc = await parseFile(file('contract.pdf'), { onPage: (page, pages) => seen.push([page, pages]) });
    expect(doc.type).toBe('pdf');
    expect(doc.title).toBe('業務委託契約書');
    expect(doc.headings).toEqual([]);
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(doc.pages[0]!.text).toContain('本契約は、甲が乙に委託する保守業務の条件を定めることを目的とする。');
    expect(doc.pages[1]!.text).toContain('第12条（再委託）');
    expect(doc.pages[1]!.text).not.toContain('第1条');
    expect(doc.pages[2]!.text).toContain('甲乙誠実に協議して定める。');
    // Clean-up (header/footer removal) belongs to text/, not here.
    expect(doc.pages[2]!.text).toContain('社内資料');
    expect(doc.pages[2]!.text).toContain('- 3 -');
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('reads a 60-page file in batches, reporting every page, and leaves the caller’s bytes intact', async () => {
    const data = fs.readFileSync(file('long.pdf'));
    const copy = Buffer.from(data);
    const seen: number[] = [];
    const doc = await parsePdf(data, file('long.pdf'), { batchSize: 16, onPage: (page) => seen.push(page) });
    expect(doc.pages).toHaveLength(60);
    expect(doc.pages[59]).toMatchObject({ page: 60, text: expect.stringContaining('これは60ページ目の本文です。') });
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(data.equals(copy)).toBe(true);
  });

  it('survives a progress callback that throws', async () => {
    const doc = await parseFile(file('contract.pdf'), {
      onPage: () => {
        throw new Error('broken progress bar');
      },
    });
    expect(doc.pages).toHaveLength(3);
  });

  it('stops with an AbortError between batches when the signal fires', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await rejection(
      parsePdf(fs.readFileSync(file('long.pdf')), file('long.pdf'), {
        batchSize: 8,
        signal: controller.signal,
        onPage: (page) => {
          seen.push(page);
          if (page === 4) controller.abort();
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // the batch in flight finishes, the next never starts
  });

  it('stops at once, without reading, when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(parseFile(file('long.pdf'), { signal: controller.signal }));
    expect(error.name).toBe('AbortError');
  });

  it('fails ENCRYPTED, naming the file, when a user password is needed', async () => {
    const error = await rejection(parseFile(file('locked.pdf')));
    expect(error).toBeInstanceOf(GentenError);
    expect(error.code).toBe('ENCRYPTED');
    expect(error.path).toBe(file('locked.pdf'));
    expect(error.message).toBe('locked.pdf is password-protected; open it and save a copy without a password.');
  });

  it('opens a file that has only an owner password (permissions) like any other', async () => {
    const doc = await parseFile(file('owner-only.pdf'));
    expect(doc.pages[0]!.text).toContain('印刷だけが制限された文書です。');
  });

  it('fails INVALID_FILE on a corrupt file and on a file that is not a PDF at all', async () => {
    const corrupt = await rejection(parseFile(file('corrupt.pdf')));
    expect(corrupt.code).toBe('INVALID_FILE');
    expect(corrupt.message).toMatch(/^corrupt\.pdf /);

    fs.writeFileSync(file('notes.pdf'), 'just some notes, saved with the wrong extension');
    const misnamed = await rejection(parseFile(file('notes.pdf')));
    expect(misnamed.code).toBe('INVALID_FILE');
    expect(misnamed.message).toContain('notes.pdf is not a PDF file');
  });

  it('fails NO_TEXT on image-only pages (a scan that needs OCR)', async () => {
    const error = await rejection(parseFile(file('scan.pdf')));
    expect(error.code).toBe('NO_TEXT');
    expect(error.message).toContain('scan.pdf has no text layer and looks scanned');
    expect(error.message).toContain('OCR');
  });
});
