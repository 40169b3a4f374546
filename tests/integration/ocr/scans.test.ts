/**
 * Scanned documents indexed for real: generated page images read by tesseract.js with the
 * shipped language data inside the indexing worker pool, then searched in LanceDB. Kept small:
 * OCR is CPU-heavy (a page takes seconds) and the machine is shared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestProgress } from '../../../src/shared/types';
import { ANALYZER_VERSION } from '../../../src/main/core/analysis/analyzer';
import { Engine } from '../../../src/main/core/engine';
import { makePdf } from '../../helpers/fixtures';
import { makeScanPdf, makeTiff, renderPage } from '../../helpers/scans';
import { markIndexedBy } from '../../helpers/store-rows';
import { makeTempDir } from '../../helpers/temp';

const RULES = ['第3条（保護具）', '作業者は、ヘルメットと安全靴を着用しなければならない。', '点検は毎月1回行う。'];
const FILTER = ['Section 4. Maintenance', 'Replace the coolant filter every 500 hours.'];
const NOTICE = ['お知らせ', '非常口の前に荷物を置かないでください。'];
const VALVE = ['Valve V-12 must stay closed during cleaning.'];
/** What a broken ToUnicode map gives: private-use characters where the text should be. */
const GARBAGE = '\uE000\uE001\uE002\uE003 \uE004\uE005\uE006 \uE007\uE008\uE009\uE00A\uE00B';

describe('OCR of scanned PDFs and images inside indexing (real tesseract.js)', () => {
  const temp = makeTempDir();
  const docs = path.join(temp.dir, 'docs');
  const library = path.join(temp.dir, 'library');
  let engine: Engine;

  beforeAll(async () => {
    await makeScanPdf(path.join(docs, 'rules-scan.pdf'), [
      { image: renderPage(RULES, { noise: 0.003, skew: 0.8 }) },
      // Upside down, with a garbage invisible text layer: must be OCR'd and turned.
      { image: renderPage(FILTER, { turn: 180 }), textLayer: GARBAGE },
    ]);
    await makePdf(path.join(docs, 'text.pdf'), [['この文書には文字情報があり、OCR は不要である。冷却水の交換手順を示す。']]);
    fs.writeFileSync(path.join(docs, 'notice.png'), renderPage(NOTICE, { turn: 90 }));
    await makeTiff(path.join(docs, 'fax.tif'), [renderPage(['FAX cover page']), renderPage(VALVE)]);
    engine = await Engine.open({ libraryDir: library });
  }, 120_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('reads scanned pages, garbage text layers, a sideways PNG and a two-page TIFF; never a good text page', async () => {
    const progress: IngestProgress[] = [];
    const summary = await engine.index({ paths: [docs], onProgress: (p) => progress.push(p) });
    expect(summary.failed).toEqual([]);
    expect(summary.indexed).toBe(4);
    // 2 (scan) + 1 (PNG) + 2 (TIFF); the text PDF's page is not OCR'd.
    expect(summary.ocrPages).toBe(5);
    const last = progress.filter((p) => p.ocrPagesTotal !== undefined).at(-1)!;
    expect(last).toMatchObject({ ocrPagesDone: 5, ocrPagesTotal: 5 });

    const [rules] = await engine.search('ヘルメットと安全靴');
    expect(rules).toMatchObject({ path: path.join(docs, 'rules-scan.pdf'), page: 1 });
    // Japanese comes back without the spaces tesseract puts between words.
    expect(rules.text).toContain('作業者は、ヘルメットと安全靴を着用しなければならない');
    expect(rules.ocrConfidence).toBeGreaterThan(70);

    const [filter] = await engine.search('coolant filter 500 hours');
    expect(filter).toMatchObject({ path: path.join(docs, 'rules-scan.pdf'), page: 2 });
    expect(filter.text).toMatch(/Replace the coolant filter every 500 hours/i);
    expect(filter.text).not.toMatch(/[\uE000-\uF8FF]/);

    const [notice] = await engine.search('非常口 荷物');
    expect(notice).toMatchObject({ path: path.join(docs, 'notice.png'), page: 1 });
    expect(notice.text).toContain('非常口の前に荷物を置かないでください');

    const [valve] = await engine.search('valve closed cleaning');
    expect(valve).toMatchObject({ path: path.join(docs, 'fax.tif'), page: 2 });

    const [text] = await engine.search('冷却水の交換手順');
    expect(text.path).toBe(path.join(docs, 'text.pdf'));
    expect(text.ocrConfidence).toBeUndefined();

    const byName = new Map((await engine.documents()).map((d) => [path.basename(d.path), d]));
    expect(byName.get('rules-scan.pdf')).toMatchObject({ type: 'pdf', pages: 2, ocrPages: 2 });
    expect(byName.get('fax.tif')).toMatchObject({ type: 'image', pages: 2, ocrPages: 2 });
    expect(byName.get('text.pdf')?.ocrPages).toBeUndefined();
    expect((await engine.status()).ocrPages).toBe(5);

    // Word boxes for the viewer: the page turned upright, boxes inside the image.
    const page = await engine.ocrPage(rules.documentId, 2);
    expect(page?.rotation).toBe(180);
    const words = JSON.parse(page!.words) as Array<[string, number, number, number, number]>;
    const coolant = words.find(([w]) => /coolant/i.test(w))!;
    expect(coolant[1]).toBeGreaterThanOrEqual(0);
    expect(coolant[3]).toBeLessThanOrEqual(page!.width);
    expect(coolant[2]).toBeLessThan(page!.height / 3); // near the top once turned upright
  }, 600_000);

  it('a re-run of unchanged scans reads nothing again, even when the files were touched', async () => {
    const now = new Date();
    for (const name of ['rules-scan.pdf', 'notice.png', 'fax.tif']) fs.utimesSync(path.join(docs, name), now, now);
    const summary = await engine.index({ paths: [docs] });
    expect(summary.unchanged).toBe(4);
    expect(summary.ocrPages ?? 0).toBe(0);
  }, 120_000);

  it('a library from an older text pipeline re-reads its scans from the pages OCR already read', async () => {
    engine.dispose();
    await markIndexedBy(library, ANALYZER_VERSION); // what rows held before the text version was stored
    engine = await Engine.open({ libraryDir: library });
    const summary = await engine.index({ paths: [docs] });
    expect(summary).toMatchObject({ indexed: 4, unchanged: 0, failed: [] });
    expect(summary.ocrPages ?? 0).toBe(0);
    expect((await engine.status()).ocrPages).toBe(5);
    expect((await engine.search('ヘルメットと安全靴'))[0]).toMatchObject({ path: path.join(docs, 'rules-scan.pdf'), page: 1 });
    expect((await engine.search('valve closed cleaning'))[0]).toMatchObject({ path: path.join(docs, 'fax.tif'), page: 2 });
  }, 120_000);
});

const PUMP = [
  'The pump must be primed before the first start.',
  'Check the suction line for air leaks every week.',
  'Never run the pump against a closed discharge valve.',
  'Replace the bearing grease yearly with a lithium type.',
  'Drain the casing before a frost is forecast.',
  'Log the discharge pressure at every shift change.',
  'Tighten the coupling bolts to the torque in table 3.',
  'Report any vibration above the alarm level at once.',
];

describe('cancelling OCR, and the run after it', () => {
  const temp = makeTempDir();
  const scan = path.join(temp.dir, 'docs', 'long-scan.pdf');
  let engine: Engine;

  beforeAll(async () => {
    await makeScanPdf(
      scan,
      PUMP.map((line) => ({ image: renderPage([line]) })),
    );
    engine = await Engine.open({ libraryDir: path.join(temp.dir, 'library') });
  }, 60_000);
  afterAll(() => {
    engine?.dispose();
    temp.cleanup();
  });

  it('makes a long scan searchable page by page; a cancel keeps those pages, and the next run reads only the rest', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    let running = true;
    let foundWhileRunning = false;
    // Search while indexing runs: the first page must be found before the document is finished.
    const poll = (async () => {
      while (!controller.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const [hit] = await engine.search('pump primed before the first start').catch(() => []);
        if (hit && !controller.signal.aborted) {
          foundWhileRunning = running;
          abortedAt = performance.now();
          controller.abort();
        }
      }
    })();
    const first = await engine.index({
      paths: [scan],
      ocrWorkers: 1,
      ocrPartialMs: 0,
      signal: controller.signal,
    });
    running = false;
    controller.abort();
    await poll;
    // Found while the document was still being read: the cancel then left pages unread.
    expect(foundWhileRunning).toBe(true);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(first.cancelled).toBe(true);
    expect(first.ocrPages).toBeGreaterThanOrEqual(1);
    expect(first.ocrPages).toBeLessThan(PUMP.length);

    // What was written stays searchable, marked as not finished.
    const [kept] = await engine.search('pump primed before the first start');
    expect(kept.page).toBe(1);
    const [partial] = await engine.documents();
    expect(partial).toMatchObject({ status: 'stale', error: { code: 'NO_TEXT' } });
    expect(partial.error?.message).toMatch(new RegExp(`OCR has read \\d of ${PUMP.length} pages`));

    const second = await engine.index({ paths: [scan] });
    expect(second.indexed).toBe(1);
    // Pages read before the cancel are never read again.
    expect((first.ocrPages ?? 0) + (second.ocrPages ?? 0)).toBe(PUMP.length);
    const [hit] = await engine.search('bearing grease yearly');
    expect(hit.text).toMatch(/bearing grease yearly/i);
    expect(hit.page).toBeLessThanOrEqual(4);
    expect(hit.pageEnd).toBeGreaterThanOrEqual(4);
    const [last] = await engine.search('vibration above the alarm level');
    expect(last.pageEnd).toBe(PUMP.length);
    const [doc] = await engine.documents();
    expect(doc.status).toBe('indexed');
    // Nothing written twice: each line is in exactly one passage.
    const status = await engine.status();
    expect(status.chunks).toBe(doc.chunks);
    for (const line of PUMP) {
      const hits = (await engine.search(line)).filter((h) => h.text.includes(line.slice(0, 20)));
      expect(hits).toHaveLength(1);
    }
  }, 600_000);
});
