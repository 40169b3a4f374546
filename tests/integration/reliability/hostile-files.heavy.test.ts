/**
 * Oversized and hostile files, generated here, through the real CLI: a sparse 3 GB log (fails at
 * once with TOO_LARGE, the process stays small), a DOCX zip bomb (TOO_LARGE before inflating), a
 * PDF with a million tiny objects and a 50,000-page text file (each ends indexed or failed with a
 * code, within the time cap). Heavy: a tier of its own (`*.heavy.test.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/shared/errors';
import { spawnCli } from '../../helpers/cli';
import { watchPeakRss } from '../../helpers/peak-rss';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir('genten-hostile-');
afterAll(() => temp.cleanup());

/** Runs genten with its peak memory watched. */
async function runWatched(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; peakRss: number; seconds: number }> {
  const started = performance.now();
  const child = spawnCli(args);
  const stop = watchPeakRss(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 560_000); // a hang, not slowness: the per-file cap ends a slow file sooner
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, peakRss: stop(), seconds: (performance.now() - started) / 1000 };
}

/** A PDF with one page of text and `count` tiny objects beside it, with a complete xref table. */
function manyObjectsPdf(file: string, count: number): void {
  const parts: string[] = ['%PDF-1.4\n'];
  const offsets: number[] = [];
  let at = parts[0].length;
  const add = (body: string) => {
    offsets.push(at);
    const text = `${offsets.length} 0 obj\n${body}\nendobj\n`;
    parts.push(text);
    at += text.length;
  };
  const content = 'BT /F1 12 Tf 72 720 Td (Pump P-101 inspection: check the bearing temperature daily.) Tj ET';
  add('<</Type/Catalog/Pages 2 0 R>>');
  add('<</Type/Pages/Kids[3 0 R]/Count 1>>');
  add('<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>');
  add(`<</Length ${content.length}>>\nstream\n${content}\nendstream`);
  add('<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>');
  for (let i = 0; i < count; i++) add(String(i));
  const xref = at;
  parts.push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) parts.push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  parts.push(`trailer\n<</Size ${offsets.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`);
  fs.writeFileSync(file, parts.join(''));
}

describe('oversized and hostile files', () => {
  it('a sparse 3 GB text file fails at once with TOO_LARGE, the process under 500 MB', async () => {
    const docs = path.join(temp.dir, 'sparse');
    fs.mkdirSync(docs);
    const log = path.join(docs, 'plant.log');
    fs.closeSync(fs.openSync(log, 'w'));
    fs.truncateSync(log, 3 * 1024 ** 3);
    fs.writeFileSync(path.join(docs, 'manual.txt'), 'ポンプP-101は毎日点検する。');
    const run = await runWatched(['index', docs, '--db', path.join(temp.dir, 'lib-sparse'), '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    console.log(`sparse 3 GB log: ${run.seconds.toFixed(1)} s, peak RSS ${(run.peakRss / 1024 ** 2).toFixed(0)} MB, ${JSON.stringify(summary.failed)}`);
    expect(summary.indexed).toBe(1);
    expect(summary.failed).toEqual([
      { path: log, code: 'TOO_LARGE', message: 'plant.log is 3.0 GB, over the 200 MB limit for text files (genten index --max-size text=SIZE raises it).' },
    ]);
    expect(run.peakRss).toBeGreaterThan(0);
    expect(run.peakRss).toBeLessThan(500 * 1024 ** 2);
  }, 300_000);

  it('a zip bomb, a PDF of a million objects and a 50,000-page text file end indexed or failed with a code, in bounded time', async () => {
    const docs = path.join(temp.dir, 'hostile');
    fs.mkdirSync(docs);
    const bomb = new JSZip();
    bomb.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    bomb.file('word/document.xml', Buffer.alloc(512 * 1024 ** 2, 0x20)); // 512 MB of spaces
    fs.writeFileSync(path.join(docs, 'bomb.docx'), await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
    manyObjectsPdf(path.join(docs, 'million.pdf'), 1_000_000);
    const pages: string[] = [];
    for (let p = 1; p <= 50_000; p++) pages.push(`p.${p} 点検記録 装置${p % 97}号機 異常なし 記録番号R-${p}`);
    fs.writeFileSync(path.join(docs, 'fifty-thousand-pages.txt'), pages.join('\n\f'));
    const sizes = Object.fromEntries(fs.readdirSync(docs).map((name) => [name, fs.statSync(path.join(docs, name)).size]));
    console.log(`hostile files (bytes): ${JSON.stringify(sizes)}`);

    const run = await runWatched(['index', docs, '--db', path.join(temp.dir, 'lib-hostile'), '--json', '--file-timeout', '150']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    const outcome = (name: string) => summary.failed.find((f: { path: string }) => f.path.endsWith(name))?.code ?? 'indexed';
    console.log(
      `hostile files: ${run.seconds.toFixed(1)} s, peak RSS ${(run.peakRss / 1024 ** 2).toFixed(0)} MB; bomb.docx ${outcome('bomb.docx')}, million.pdf ${outcome('million.pdf')}, fifty-thousand-pages.txt ${outcome('fifty-thousand-pages.txt')}`,
    );
    expect(outcome('bomb.docx')).toBe('TOO_LARGE');
    expect(summary.failed.find((f: { path: string }) => f.path.endsWith('bomb.docx')).message).toContain('zip bomb');
    expect(summary.indexed + summary.failed.length).toBe(3);
    for (const f of summary.failed) expect(ERROR_CODES).toContain(f.code);
    expect(run.peakRss).toBeLessThan(1.5 * 1024 ** 3);
  }, 600_000);
});
