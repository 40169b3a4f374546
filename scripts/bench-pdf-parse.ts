/**
 * The yardstick of the indexing benchmarks (bench.ts, bench-index.ts): the corpus of PDFs, bare
 * pdf-parse extraction of them in a plain Node process, and a child process's peak memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The 411-page corpus: jsquad-dev's 59 PDFs, pdfs/ja and pdfs/en of the eval folder. */
export function benchCorpus(evalDir: string): string[] {
  const pdfsIn = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => path.join(dir, f));
  return [...pdfsIn(path.join(evalDir, 'jsquad-dev/docs')), ...pdfsIn(path.join(evalDir, 'pdfs/ja')), ...pdfsIn(path.join(evalDir, 'pdfs/en'))];
}

/**
 * Bare pdf-parse text extraction in a fresh plain Node process: each group of files in sequence,
 * one getText() per file, timed from pdf-parse's import (its start-up counts, as it does for a
 * user). Under tsx (as the benches run) pdf.js would pay seconds of source-map and loader
 * overhead, which would flatter the ratio.
 *
 * `cMaps`: with the Adobe CMaps and standard fonts pdf.js needs to read Japanese text set in
 * non-embedded CID fonts, as Genten gives them. Without them (pdf-parse's default) a Japanese
 * manual like texlive-ja.pdf comes out with its Japanese missing (51,559 characters instead of
 * 116,183), which is less work than reading it.
 */
export async function bareExtraction(groups: string[][], options: { cMaps?: boolean } = {}): Promise<{ pages: Array<[string, number]>; seconds: number[] }> {
  const pdfjs = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const assets = options.cMaps ? { cMapUrl: path.join(pdfjs, 'cmaps') + '/', standardFontDataUrl: path.join(pdfjs, 'standard_fonts') + '/' } : {};
  const script = `
    import fs from 'node:fs';
    const groups = JSON.parse(process.argv[1]);
    const assets = JSON.parse(process.argv[2]);
    const pages = [], seconds = [];
    let t = performance.now();
    const { PDFParse } = await import('pdf-parse');
    for (const files of groups) {
      for (const file of files) {
        const parser = new PDFParse({ data: fs.readFileSync(file), ...assets });
        pages.push([file, (await parser.getText()).pages.length]);
        await parser.destroy();
      }
      seconds.push((performance.now() - t) / 1000);
      t = performance.now();
    }
    console.log(JSON.stringify({ pages, seconds }));`;
  const { stdout } = await measureProcess(['--input-type=module', '-e', script, JSON.stringify(groups), JSON.stringify(assets)]);
  return JSON.parse(stdout);
}

/** Runs node with args, sampling the child's resident memory (all threads) every 100 ms. */
export function measureProcess(args: string[]): Promise<{ stdout: string; peakRss: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakRss = 0;
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) * 1024;
        peakRss = Math.max(peakRss, hwm);
      } catch {
        // exited between samples
      }
    }, 100);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      resolve({ stdout, peakRss });
    });
  });
}
