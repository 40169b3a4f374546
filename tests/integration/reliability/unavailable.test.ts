/**
 * A folder that cannot be reached is not a folder whose files were deleted: the USB-stick case
 * through the real CLI, a dangling symlink, a file whose stat fails, and an empty mount point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-unavailable-');
afterAll(() => temp.cleanup());

async function json(args: string[]) {
  const result = await runCli(args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('an indexed folder that vanishes (a USB stick unplugged)', () => {
  const usb = path.join(temp.dir, 'usb');
  const unplugged = path.join(temp.dir, 'usb-unplugged');
  const db = path.join(temp.dir, 'lib');
  beforeAll(() => {
    fs.mkdirSync(path.join(usb, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(usb, 'pump.txt'), 'ポンプP-101の点検手順。軸受の温度を毎日確認する。');
    fs.writeFileSync(path.join(usb, 'sub', 'valve.md'), '# バルブ\n\nバルブV-7は月に一度分解清掃する。');
  });

  it('keeps the documents, marked unavailable and searchable, and makes them available again when it is back', async () => {
    const first = await json(['index', usb, '--db', db, '--json']);
    expect(first).toMatchObject({ indexed: 2, removed: 0, unavailable: 0, documents: 2 });

    fs.renameSync(usb, unplugged); // unplug
    const second = await json(['index', usb, '--db', db, '--json']);
    expect(second).toMatchObject({ indexed: 0, removed: 0, unavailable: 2, documents: 2 });
    expect(second.failed).toEqual([expect.objectContaining({ path: usb, code: 'READ_ERROR', message: expect.stringContaining('was not found') })]);
    const status = await json(['status', '--db', db, '--json']);
    expect(status.documents).toBe(2);
    expect(status.unavailable.map((d: { path: string }) => d.path).sort()).toEqual([path.join(usb, 'pump.txt'), path.join(usb, 'sub', 'valve.md')]);
    expect(status.unavailable[0].message).toContain('stays searchable');
    const hits = await json(['search', 'バルブ 分解', '--db', db, '--json']);
    expect(hits.hits[0].path).toBe(path.join(usb, 'sub', 'valve.md'));
    const humanIndex = await runCli(['index', usb, '--db', db]);
    expect(humanIndex.stdout).toMatch(/removed 0, unavailable 2 \(kept\)/);

    fs.renameSync(unplugged, usb); // plug it back in
    const third = await json(['index', usb, '--db', db, '--json']);
    expect(third).toMatchObject({ indexed: 0, unchanged: 2, removed: 0, unavailable: 0, failed: [], documents: 2 });
    const back = await json(['status', '--db', db, '--json']);
    expect(back.unavailable).toEqual([]);
    expect(back.stale).toEqual([]);

    // A file really deleted from a folder that is there is removed, and only that one.
    fs.rmSync(path.join(usb, 'pump.txt'));
    const fourth = await json(['index', usb, '--db', db, '--json']);
    expect(fourth).toMatchObject({ removed: 1, unavailable: 0, documents: 1 });
  }, 240_000); // eight CLI runs, each starting Node and tsx on a shared two-core machine

  it('an emptied mount point and a dangling symlink keep their documents; a changed file on the way back is re-indexed', async () => {
    const share = path.join(temp.dir, 'share');
    const target = path.join(temp.dir, 'elsewhere');
    fs.mkdirSync(share);
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(share, 'rules.txt'), '就業規則 第12条 再委託には事前承諾が必要である。');
    fs.writeFileSync(path.join(target, 'linked.txt'), '外部リンク先の文書 E-203 エラー対処。');
    fs.symlinkSync(path.join(target, 'linked.txt'), path.join(share, 'linked.txt'));
    const engine = await Engine.open({ libraryDir: path.join(temp.dir, 'lib2') });
    try {
      expect(await engine.index({ paths: [share] })).toMatchObject({ indexed: 2 });

      fs.renameSync(target, target + '-gone'); // the link's target is on a drive that is gone
      expect(await engine.index({ paths: [share] })).toMatchObject({ removed: 0, unavailable: 1, documents: 2 });

      const saved = path.join(temp.dir, 'saved');
      fs.renameSync(share, saved);
      fs.mkdirSync(share); // the mount point is there, the share is not mounted
      const empty = await engine.index({ paths: [share] });
      expect(empty).toMatchObject({ removed: 0, unavailable: 2, documents: 2 });
      expect(empty.failed[0].message).toContain('is empty');

      fs.rmdirSync(share);
      fs.renameSync(saved, share);
      fs.renameSync(target + '-gone', target);
      fs.appendFileSync(path.join(share, 'rules.txt'), '\n第13条 秘密保持。');
      expect(await engine.index({ paths: [share] })).toMatchObject({ indexed: 1, unchanged: 1, removed: 0, unavailable: 0, documents: 2 });
      expect((await engine.status()).unavailable).toEqual([]);
    } finally {
      engine.dispose();
    }
  }, 120_000);
});
