/**
 * Bad scans: a TIFF page too large to decode, a truncated TIFF page, a blank page, a wholly
 * corrupt TIFF. Each unreadable page is a per-page warning and the rest of the document is
 * indexed; a file with nothing readable fails with its reason, and the version indexed before
 * stays searchable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/main/core/engine';
import { makeScanPdf, makeTiff, renderPage } from '../../helpers/scans';
import { makeTempDir } from '../../helpers/temp';

/** Rewrites the size of the TIFF's `index`-th image (0-based) in its IFD to width × height. */
function claimSize(file: string, index: number, width: number, height: number): void {
  const data = fs.readFileSync(file);
  // makeTiff writes big-endian IFDs: walk them to the index-th, then patch tags 256 and 257.
  let ifd = data.readUInt32BE(4);
  for (let i = 0; i < index; i++) ifd = data.readUInt32BE(ifd + 2 + data.readUInt16BE(ifd) * 12);
  for (let e = 0; e < data.readUInt16BE(ifd); e++) {
    const at = ifd + 2 + e * 12;
    const tag = data.readUInt16BE(at);
    const short = data.readUInt16BE(at + 2) === 3;
    const write = (v: number) => (short ? data.writeUInt16BE(v, at + 8) : data.writeUInt32BE(v, at + 8));
    if (tag === 256) write(width);
    if (tag === 257) write(height);
  }
  fs.writeFileSync(file, data);
}

describe('bad scans: per-page warnings, the rest indexed, nothing lost', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  let engine: Engine;

  beforeAll(async () => {
    // Page 2 claims 60,000 × 60,000 pixels; page 3 is cut off (its pixels are past the end of the file).
    const fax = path.join(docs, 'fax.tif');
    await makeTiff(fax, [renderPage(['Delivery note 4711: twelve pallets of cement.']), renderPage(['Second page']), renderPage(['Third page'])]);
    claimSize(fax, 1, 60_000, 60_000);
    const bytes = fs.readFileSync(fax);
    fs.writeFileSync(fax, bytes.subarray(0, bytes.length - 100_000));
    await makeScanPdf(path.join(docs, 'with-blank.pdf'), [{ image: renderPage(['The boiler room stays locked at night.']) }, { image: renderPage([]) }]);
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('indexes the readable pages and warns about each page it could not read', async () => {
    const summary = await engine.index({ paths: [docs] });
    expect(summary.failed).toEqual([]);
    expect(summary.indexed).toBe(2);
    const warnings = (summary.warnings ?? []).map((w) => ({ file: path.basename(w.path), page: w.page, code: w.code }));
    expect(warnings).toEqual(
      expect.arrayContaining([
        { file: 'fax.tif', page: 2, code: 'TOO_LARGE' },
        { file: 'fax.tif', page: 3, code: 'INVALID_FILE' },
        { file: 'with-blank.pdf', page: 2, code: 'NO_TEXT' },
      ]),
    );
    const tooLarge = summary.warnings!.find((w) => w.code === 'TOO_LARGE')!;
    expect(tooLarge.message).toMatch(/fax\.tif page 2 is too large to read \(60000 × 60000 pixels/);
    expect((await engine.search('pallets of cement'))[0]).toMatchObject({ path: path.join(docs, 'fax.tif'), page: 1 });
    expect((await engine.search('boiler room locked'))[0]).toMatchObject({ path: path.join(docs, 'with-blank.pdf'), page: 1 });
  }, 300_000);

  it('a TIFF that cannot be read at all fails with its reason, and its earlier version stays searchable', async () => {
    fs.writeFileSync(path.join(docs, 'fax.tif'), Buffer.concat([Buffer.from([0x4d, 0x4d, 0x00, 0x2a]), Buffer.alloc(64, 0xff)]));
    const summary = await engine.index({ paths: [docs] });
    expect(summary.failed).toEqual([expect.objectContaining({ path: path.join(docs, 'fax.tif'), code: 'INVALID_FILE' })]);
    expect(summary.failed[0].message).toContain('fax.tif');
    const fax = (await engine.documents()).find((d) => d.path.endsWith('fax.tif'))!;
    expect(fax.status).toBe('stale');
    expect((await engine.search('pallets of cement'))[0]?.path).toBe(path.join(docs, 'fax.tif'));
  }, 120_000);
});
