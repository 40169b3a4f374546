import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPaths } from '../../../src/main/core/ingest/scan';
import { makeTempDir } from '../../helpers/temp';

describe('scanPaths', () => {
  const temp = makeTempDir('genten-ingest-scan-');
  const root = path.join(temp.dir, 'docs');
  const at = (...parts: string[]) => path.join(root, ...parts);
  const touch = (...parts: string[]) => {
    fs.mkdirSync(path.dirname(at(...parts)), { recursive: true });
    fs.writeFileSync(at(...parts), 'x');
  };

  beforeAll(() => {
    for (const name of ['b.pdf', 'a.md', 'Z.txt', 'manual.docx', 'page.HTML', 'sub/deep/c.markdown', 'sub/notes.text']) touch(name);
    for (const name of ['.hidden.pdf', '.git/config.txt', '.cache/deep/x.pdf']) touch(name); // hidden: 1 file + 2 folders
    for (const name of ['~$draft.docx', 'sub/.~lock.manual.docx#', 'save.tmp', 'report.pdf~']) touch(name); // temporary: 4
    for (const name of ['image.gif', 'sheet.xls', 'sub/Makefile']) touch(name); // unsupported: 3
    fs.symlinkSync(root, at('sub', 'loop')); // a symlink back to the root must not loop
    fs.symlinkSync(at('b.pdf'), at('sub', 'b-link.pdf')); // the same file twice is listed once
    fs.symlinkSync(at('nowhere.pdf'), at('dangling.pdf'));
  });
  afterAll(() => temp.cleanup());

  it('walks folders recursively, skipping and counting hidden, temporary and unsupported files', async () => {
    const result = await scanPaths([root]);
    expect(result.files.map((f) => path.relative(root, f.path))).toEqual([
      'Z.txt',
      'a.md',
      'b.pdf',
      'manual.docx',
      'page.HTML',
      path.join('sub', 'deep', 'c.markdown'),
      path.join('sub', 'notes.text'),
    ]);
    expect(result.skipped).toEqual({ hidden: 3, temporary: 4, unsupported: 3 });
    expect(result.missing).toEqual([]);
    for (const file of result.files) {
      expect(path.isAbsolute(file.path)).toBe(true);
      expect(file.size).toBe(1);
      expect(file.mtimeMs).toBeGreaterThan(0);
    }
  });

  it('takes relative paths and files given directly; an unsupported file given directly is skipped; missing paths are reported', async () => {
    const relative = path.relative(process.cwd(), at('a.md'));
    const result = await scanPaths([relative, at('image.gif'), at('sub', 'deep'), at('gone.pdf'), at('a.md')]);
    expect(result.files.map((f) => f.path)).toEqual([at('a.md'), at('sub', 'deep', 'c.markdown')]);
    expect(result.skipped.unsupported).toBe(1);
    expect(result.missing).toEqual([at('gone.pdf')]);
  });

  it('follows a symlinked folder that leads outside the chosen one, but never into a folder twice', async () => {
    const result = await scanPaths([at('sub')]);
    // sub/loop → the root: its files are new here; the root's own sub/ is not walked again.
    expect(result.files.map((f) => path.relative(at('sub'), f.path))).toEqual([
      'b-link.pdf',
      path.join('deep', 'c.markdown'),
      path.join('loop', 'Z.txt'),
      path.join('loop', 'a.md'),
      path.join('loop', 'manual.docx'),
      path.join('loop', 'page.HTML'),
      'notes.text',
    ]);
  });

  it('with confineTo, does not follow a symlink that leads out of the granted folders', async () => {
    const outside = path.join(temp.dir, 'outside');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'x');
    const granted = at('granted');
    fs.mkdirSync(granted, { recursive: true });
    fs.writeFileSync(path.join(granted, 'ok.txt'), 'x');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(granted, 'secret-link.txt'));
    fs.symlinkSync(outside, path.join(granted, 'outside-dir'));
    fs.symlinkSync(path.join(granted, 'ok.txt'), path.join(granted, 'inside-link.txt'));
    const confined = await scanPaths([granted], { confineTo: [fs.realpathSync(granted)] });
    expect(confined.files.map((f) => path.basename(f.path))).toEqual(['inside-link.txt']); // ok.txt through the link inside: listed once
    expect(confined.outside).toBe(2);
    const open = await scanPaths([granted]);
    expect(open.files.map((f) => path.relative(granted, f.path))).toEqual(['inside-link.txt', path.join('outside-dir', 'secret.txt')]);
    fs.rmSync(granted, { recursive: true });
  });

  it('stops with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(scanPaths([root], { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
