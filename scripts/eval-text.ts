/**
 * Text fidelity of PDF extraction, beside poppler's pdftotext on the same files:
 * CER of `genten text` against the ground truth (whitespace ignored) where there is one, and
 * stray spaces between two Japanese characters per 1,000 characters.
 *   npm run eval:text -- [--json-only] [files…]
 * Default files: the Office-made fixtures (tests/fixtures/office), the Chromium-printed ones (tests/fixtures/browser), ../shared/eval/pdfs/ja/*.pdf and
 * the IRS three-column PDF; then, for the Office fixtures (.xlsx, .pptx), the share of their cells and slide
 * texts found in the passages indexing writes. pdftotext (poppler-utils) is optional: without it its columns are empty.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDocumentText } from '../src/main/core/indexer/document-text';
import { chunkPages } from '../src/main/core/indexer/chunk-pages';
import { parseFile } from '../src/main/core/ingest/parse-file';
import type { OfficeTruth } from './fixtures/office-files';
import { characterErrorRate, straySpaceRate } from '../src/main/core/text/metrics';

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { 'json-only': { type: 'boolean' } } });
const log = (s: string) => values['json-only'] || console.log(s);
const office = path.resolve('tests/fixtures/office');
const browser = path.resolve('tests/fixtures/browser');
const shared = path.resolve('../shared/eval/pdfs');
const files = positionals.length
  ? positionals.map((f) => path.resolve(f))
  : [
      ...fs
        .readdirSync(office)
        .filter((f) => f.endsWith('.pdf'))
        .sort()
        .map((f) => path.join(office, f)),
      ...fs
        .readdirSync(browser)
        .filter((f) => f.endsWith('.pdf'))
        .sort()
        .map((f) => path.join(browser, f)),
      ...(fs.existsSync(path.join(shared, 'ja'))
        ? fs
            .readdirSync(path.join(shared, 'ja'))
            .filter((f) => f.endsWith('.pdf'))
            .sort()
            .map((f) => path.join(shared, 'ja', f))
        : []),
      ...[path.join(shared, 'en/irs_2007_instructions_1040nr_50p.pdf')].filter((f) => fs.existsSync(f)),
    ];

function pdftotext(file: string): string | null {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

const fmt = (n: number | null, digits = 2) => (n === null ? '–' : n.toFixed(digits));
const rows: Array<Record<string, unknown>> = [];
log('| file | pages | chars | CER genten | CER pdftotext | stray/1000 genten | stray/1000 pdftotext | stray count genten | stray count pdftotext |');
log('|---|---|---|---|---|---|---|---|---|');
for (const file of files) {
  const truthFile = file.replace(/\.pdf$/, '.truth.txt');
  const truth = fs.existsSync(truthFile) ? fs.readFileSync(truthFile, 'utf8') : null;
  const started = performance.now();
  const doc = await readDocumentText(file);
  const seconds = (performance.now() - started) / 1000;
  const genten = doc.pages.map((p) => p.text).join('\n');
  const poppler = pdftotext(file);
  const g = straySpaceRate(genten);
  const p = poppler === null ? null : straySpaceRate(poppler);
  const row = {
    file: path.relative(process.cwd(), file),
    pages: doc.pages.length,
    chars: genten.length,
    cer: truth === null ? null : +characterErrorRate(genten, truth).toFixed(4),
    cerPdftotext: truth === null || poppler === null ? null : +characterErrorRate(poppler, truth).toFixed(4),
    stray: +g.per1000.toFixed(2),
    strayPdftotext: p === null ? null : +p.per1000.toFixed(2),
    strayCount: g.count,
    strayCountPdftotext: p?.count ?? null,
    seconds: +seconds.toFixed(2),
  };
  rows.push(row);
  log(
    `| ${path.basename(file)} | ${row.pages} | ${row.chars} | ${fmt(row.cer, 4)} | ${fmt(row.cerPdftotext, 4)} | ${fmt(row.stray)} | ${fmt(row.strayPdftotext)} | ${row.strayCount} | ${row.strayCountPdftotext ?? '–'} |`,
  );
}
const withTruth = rows.filter((r) => r.cer !== null);

// Office files (.xlsx, .pptx): the share of their cells and slide texts found in the passages indexing writes.
const officeRows: Array<{ file: string; sheetsOrSlides: number; texts: number; found: number; share: number; hiddenLeftOut: boolean }> = [];
if (!positionals.length) {
  log('');
  log('| file | sheets/slides | texts | found | share | hidden kept out |');
  log('|---|---|---|---|---|---|');
  for (const name of fs
    .readdirSync(office)
    .filter((f) => /\.(xlsx|pptx)$/.test(f))
    .sort()) {
    const file = path.join(office, name);
    const truth = JSON.parse(fs.readFileSync(file.replace(/\.(xlsx|pptx)$/, '.truth.json'), 'utf8')) as OfficeTruth;
    const parsed = await parseFile(file);
    const indexed = chunkPages(parsed.type, parsed.pages, parsed.headings)
      .map((c) => c.text)
      .join('\n');
    const texts = truth.parts.flatMap((p) => p.texts);
    const found = texts.filter((t) => indexed.includes(t)).length;
    const row = {
      file: name,
      sheetsOrSlides: parsed.pages.length,
      texts: texts.length,
      found,
      share: +(found / Math.max(1, texts.length)).toFixed(4),
      hiddenLeftOut: truth.absent.every((t) => !indexed.includes(t)),
    };
    officeRows.push(row);
    log(`| ${name} | ${row.sheetsOrSlides} | ${row.texts} | ${row.found} | ${(100 * row.share).toFixed(1)} % | ${row.hiddenLeftOut ? 'yes' : 'NO'} |`);
  }
}

const summary = {
  files: rows.length,
  maxCer: withTruth.length ? Math.max(...withTruth.map((r) => r.cer as number)) : null,
  strayAtOrBelowPdftotext: rows.filter((r) => r.strayPdftotext === null || (r.stray as number) <= (r.strayPdftotext as number)).length,
  ...(officeRows.length ? { officeFound: Math.min(...officeRows.map((r) => r.share)) } : {}),
};
log('');
console.log(JSON.stringify({ text: summary, rows, office: officeRows }));
