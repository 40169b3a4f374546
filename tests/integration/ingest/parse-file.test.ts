import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GentenError } from '../../../src/shared/errors';
import { docTypeFromPath } from '../../../src/main/core/ingest/file-types';
import { parseFile } from '../../../src/main/core/ingest/parse-file';
import { makeTempDir } from '../../helpers/temp';

describe('parseFile: reading, type checks and errors that name the file', () => {
  const temp = makeTempDir('genten-ingest-parse-');
  const file = (name: string) => path.join(temp.dir, name);
  afterAll(() => temp.cleanup());

  it('picks the type from the extension, case-insensitively', () => {
    expect(['a.PDF', 'b.docx', 'c.md', 'd.markdown', 'e.htm', 'f.html', 'g.txt', 'h.text', 'i.csv'].map(docTypeFromPath)).toEqual([
      'pdf',
      'docx',
      'markdown',
      'markdown',
      'html',
      'html',
      'text',
      'text',
      'text',
    ]);
    expect(docTypeFromPath('x.doc')).toBeUndefined();
  });

  it('READ_ERROR for a missing file, saying so', async () => {
    const error = await parseFile(file('gone.txt')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GentenError);
    expect(error).toMatchObject({ code: 'READ_ERROR', path: file('gone.txt'), message: 'gone.txt was not found (it may have been moved or deleted).' });
  });

  it('READ_ERROR for a folder with a document extension', async () => {
    fs.mkdirSync(file('folder.pdf'));
    await expect(parseFile(file('folder.pdf'))).rejects.toMatchObject({ code: 'READ_ERROR', message: 'folder.pdf is a folder, not a file.' });
  });

  it.skipIf(process.getuid?.() === 0)('READ_ERROR for a file without read permission', async () => {
    fs.writeFileSync(file('secret.txt'), 'secret');
    fs.chmodSync(file('secret.txt'), 0o000);
    await expect(parseFile(file('secret.txt'))).rejects.toMatchObject({ code: 'READ_ERROR', message: 'secret.txt cannot be opened: permission denied.' });
  });

  it('UNSUPPORTED_TYPE, with advice for formats people often have', async () => {
    await expect(parseFile(file('old.doc'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      path: file('old.doc'),
      message: expect.stringContaining('save it as .docx or PDF'),
    });
    await expect(parseFile(file('photo.gif'))).rejects.toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      message: 'photo.gif cannot be read: Genten does not read .gif files.',
    });
  });

  it('INVALID_FILE for an empty file and for an old .doc renamed to .docx', async () => {
    fs.writeFileSync(file('empty.md'), '');
    await expect(parseFile(file('empty.md'))).rejects.toMatchObject({ code: 'INVALID_FILE', message: 'empty.md is empty (0 bytes).' });
    fs.writeFileSync(file('renamed.docx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    await expect(parseFile(file('renamed.docx'))).rejects.toMatchObject({ code: 'INVALID_FILE', message: expect.stringContaining('old-style Word (.doc)') });
  });

  it('parses bytes the caller already read, without touching the disk', async () => {
    const doc = await parseFile(file('never-written.md'), { data: Buffer.from('# 見出し\n本文\n') });
    expect(doc.headings).toEqual([{ page: 1, offset: 2, level: 1, text: '見出し' }]);
  });
});
