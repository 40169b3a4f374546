/**
 * A file whose stat fails for a moment (a flaky share: EIO, ETIMEDOUT) is kept, not removed. The
 * failure is injected into node:fs/promises' stat for one path; everything else is real (scan,
 * worker threads, LanceDB).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { makeTempDir } from '../../helpers/temp';

const failing = new Set<string>();
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const stat = (async (file: fs.PathLike, ...rest: unknown[]) => {
    if (failing.has(String(file))) throw Object.assign(new Error(`EIO: i/o error, stat '${String(file)}'`), { code: 'EIO' });
    return (real.stat as (...args: unknown[]) => Promise<fs.Stats>)(file, ...rest);
  }) as typeof real.stat;
  return { ...real, default: { ...real, stat }, stat };
});

describe('a file that fails to stat', () => {
  const temp = makeTempDir('genten-stat-');
  afterAll(() => temp.cleanup());

  it('is kept, marked unavailable with the reason, and still searchable; it comes back when stat works again', async () => {
    const docs = path.join(temp.dir, 'docs');
    fs.mkdirSync(docs);
    const flaky = path.join(docs, 'flaky.txt');
    fs.writeFileSync(flaky, 'フィルターF-12の交換周期は三か月である。');
    fs.writeFileSync(path.join(docs, 'steady.txt'), '冷却水の補充は週に一度行う。');
    const engine = await Engine.open({ libraryDir: path.join(temp.dir, 'lib') });
    try {
      expect(await engine.index({ paths: [docs] })).toMatchObject({ indexed: 2 });
      failing.add(flaky);
      const summary = await engine.index({ paths: [docs] });
      expect(summary).toMatchObject({ removed: 0, unavailable: 1, unchanged: 1, documents: 2 });
      expect(summary.failed).toEqual([expect.objectContaining({ path: flaky, code: 'READ_ERROR', message: expect.stringContaining('i/o error') })]);
      const doc = (await engine.documents()).find((d) => d.path === flaky)!;
      expect(doc.status).toBe('unavailable');
      expect(doc.error?.message).toContain('i/o error');
      expect((await engine.search('フィルター 交換'))[0]?.path).toBe(flaky);

      failing.clear();
      expect(await engine.index({ paths: [docs] })).toMatchObject({ unchanged: 2, unavailable: 0, removed: 0 });
      expect((await engine.documents()).every((d) => d.status === 'indexed')).toBe(true);
    } finally {
      engine.dispose();
    }
  }, 60_000);
});
