/**
 * `npm run eval:compare`: pairs of a standard contract and a draft with differences planted at
 * random (fixed seed), compared as a user would (`compareFiles` on the two files), scored by kind.
 * Standards: the CUAD PDFs in ../shared/eval/cuad-22/pdfs (read as they are), the shipped sample
 * 業務委託契約書 and Japanese contracts of ours (written as .docx and PDF). Drafts: PDFs written
 * from the planted clauses (so every draft is also reflowed). A third of the pairs is held out
 * from tuning; both halves are printed. Options: --limit N (pairs), --verbose, --keep (the files), --only TEXT
 * (sources whose name holds it), --tuning (skip the held-out pairs: what to look at while tuning).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { CompareResult } from '../src/shared/compare';
import { compareFiles } from '../src/main/core/compare/compare';
import { contentsEntries } from '../src/main/core/compare/contents';
import { segmentClauses } from '../src/main/core/compare/segment';
import { readDocumentText } from '../src/main/core/indexer/document-text';
import { japaneseFontPath, makeDocx } from '../tests/helpers/fixtures';
import { mulberry32 } from '../tests/helpers/tiny-gguf';
import { JA_CONTRACTS, JA_EXTRA_CLAUSES } from './eval-compare-data/ja-contracts';
import { DIFFERENCE_KINDS, NON_CHANGE_KINDS, partyNames, plantDifferences, type DraftClause, type Plant } from './eval-compare-data/plant';
import { scorePair, type PairScore } from './eval-compare-data/score';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CUAD = path.resolve(ROOT, '../shared/eval/cuad-22/pdfs');
const SEED = 20261205;
const args = process.argv.slice(2);
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;
const verbose = args.includes('--verbose');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const tuningOnly = args.includes('--tuning');

interface Source {
  name: string;
  /** The standard's file, as a user would pick it. */
  file: string;
  clauses: DraftClause[];
  language: 'ja' | 'en';
  variants: number;
  heldOut: (variant: number) => boolean;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-eval-compare-'));

async function clausesOf(file: string): Promise<DraftClause[]> {
  const text = await readDocumentText(file, { ocr: { mode: 'off', langs: 'jpn+eng' } });
  const clauses = segmentClauses(text.pages);
  // A table of contents stays in the draft (laid out again, as every draft is) but gets no plant: it is no clause.
  const contents = contentsEntries(clauses);
  return clauses.map((c, i) => ({ lines: c.text.split('\n'), preamble: (i === 0 && c.section === '') || contents.has(i) }));
}

async function sources(): Promise<Source[]> {
  const out: Source[] = [];
  const cuad = fs.existsSync(CUAD)
    ? fs
        .readdirSync(CUAD)
        .filter((f) => f.endsWith('.pdf'))
        .sort()
    : [];
  if (!cuad.length) console.log(`(no CUAD PDFs at ${CUAD}: Japanese pairs only)`);
  for (const [i, name] of cuad.entries()) {
    const file = path.join(CUAD, name);
    out.push({ name: name.replace(/^cuad_/, '').slice(0, 40), file, clauses: await clausesOf(file), language: 'en', variants: 1, heldOut: () => i % 3 === 2 });
  }
  const sample = path.join(ROOT, 'resources/samples/業務委託契約書.pdf');
  out.push({ name: '業務委託契約書 (sample)', file: sample, clauses: await clausesOf(sample), language: 'ja', variants: 4, heldOut: (v) => v === 3 });
  for (const [i, contract] of JA_CONTRACTS.entries()) {
    const clauses: DraftClause[] = [
      { lines: [contract.title, contract.preamble], preamble: true },
      ...contract.clauses.map((c) => ({ lines: [c.heading, ...c.lines] })),
    ];
    const file = path.join(work, `${contract.name}${i === 0 ? '.docx' : '.pdf'}`);
    if (i === 0)
      await makeDocx(
        file,
        clauses.flatMap((c) => c.lines.map((text) => ({ text }))),
      );
    else await writePdf(file, clauses, { width: 480 });
    out.push({ name: contract.name, file, clauses, language: 'ja', variants: 3, heldOut: () => i === JA_CONTRACTS.length - 1 });
  }
  return out;
}

/** A text PDF in IPA Gothic, every line a paragraph, pages as they fill, page numbers at the foot. */
function writePdf(file: string, clauses: DraftClause[], options: { width: number }): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true });
  const done = new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file);
    out.on('finish', () => resolve());
    out.on('error', reject);
    doc.pipe(out);
  });
  doc.registerFont('ja', japaneseFontPath());
  doc.font('ja').fontSize(10.5);
  for (const clause of clauses) for (const line of clause.lines) doc.text(line.replace(/\t/g, ' '), { width: options.width, paragraphGap: 4 });
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(i);
    doc.text(`- ${i + 1} -`, 56, doc.page.height - 40, { width: doc.page.width - 112, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

function extrasFor(source: Source, all: Source[]): DraftClause[] {
  if (source.language === 'ja') return JA_EXTRA_CLAUSES.map((c) => ({ lines: [c.heading, ...c.lines] }));
  return all
    .filter((s) => s.language === 'en' && s !== source)
    .flatMap((s) => s.clauses.filter((c) => !c.preamble && c.lines.join('\n').length > 150 && c.lines.join('\n').length < 900));
}

interface Row {
  source: string;
  heldOut: boolean;
  score: PairScore;
  seconds: number;
}

function printTable(title: string, rows: Row[]): void {
  const found: Record<string, [number, number]> = {};
  for (const kind of [...DIFFERENCE_KINDS, ...NON_CHANGE_KINDS]) found[kind] = [0, 0];
  let reported = 0;
  let right = 0;
  let nonChangeReported = 0;
  const category: [number, number] = [0, 0];
  for (const r of rows) {
    for (const p of r.score.plants) {
      found[p.kind][1]++;
      if (p.ok) found[p.kind][0]++;
      if (p.category !== undefined) {
        category[1]++;
        if (p.category) category[0]++;
      }
    }
    reported += r.score.reported;
    right += r.score.reportedRight;
    nonChangeReported += r.score.nonChangesReported;
  }
  const diffs = DIFFERENCE_KINDS.reduce((a, k) => [a[0] + found[k][0], a[1] + found[k][1]], [0, 0]);
  const seconds = rows.map((r) => r.seconds).sort((a, b) => a - b);
  console.log(`\n${title}: ${rows.length} pairs (${rows.filter((r) => r.source.match(/[ぁ-んァ-ン一-龥]/)).length} Japanese)`);
  for (const kind of DIFFERENCE_KINDS) console.log(`  ${kind.padEnd(8)} recall ${ratio(found[kind])}`);
  console.log(`  all      recall ${ratio(diffs)}   precision ${ratio([right, reported])}`);
  console.log(`  changes found with the right category (amount, period, court, party, obligation): ${ratio(category)}`);
  for (const kind of NON_CHANGE_KINDS) console.log(`  ${kind.padEnd(8)} kept as no change ${ratio(found[kind])}`);
  console.log(`  non-changes reported as a difference: ${nonChangeReported}`);
  console.log(`  seconds per pair: median ${seconds[Math.floor(seconds.length / 2)]?.toFixed(2)}, max ${seconds[seconds.length - 1]?.toFixed(2)}`);
}

function ratio([a, b]: [number, number] | number[]): string {
  return b ? `${(a / b).toFixed(3)} (${a}/${b})` : '— (0/0)';
}

const all = await sources();
const rows: Row[] = [];
let pairIndex = 0;
for (const [si, source] of all.entries()) {
  for (let v = 0; v < source.variants && rows.length < limit; v++) {
    if ((only && !source.name.includes(only)) || (tuningOnly && source.heldOut(v))) {
      pairIndex++;
      continue;
    }
    const rng = mulberry32(SEED + si * 100 + v);
    const parties = source.language === 'en' ? partyNames(source.clauses.map((c) => c.lines.join('\n')).join('\n')) : [];
    const { draft, plants } = plantDifferences(source.clauses, { rng, differences: 4, extras: extrasFor(source, all), parties });
    const draftFile = path.join(work, `draft-${pairIndex++}.pdf`);
    await writePdf(draftFile, draft, { width: 400 + Math.floor(rng() * 80) });
    let result: CompareResult;
    try {
      result = await compareFiles(source.file, draftFile, { ocr: { mode: 'off', langs: 'jpn+eng' } });
    } catch (error) {
      console.log(`✗ ${source.name} #${v}: ${(error as Error).message}`);
      continue;
    }
    const score = scorePair(result, plants as Plant[]);
    rows.push({ source: source.name, heldOut: source.heldOut(v), score, seconds: result.seconds });
    if (verbose || score.plants.some((p) => !p.ok || p.category === false) || score.reported > score.reportedRight) {
      console.log(`${source.heldOut(v) ? 'H' : 'T'} ${source.name} #${v}: ${JSON.stringify(result.summary)}`);
      for (const p of score.plants)
        if (!p.ok || p.category === false || verbose) console.log(`    ${p.ok ? (p.category === false ? '~' : '✓') : '✗'} ${p.kind} ${p.note}`);
      for (const n of score.unexplained) console.log(`    ? reported ${n}`);
    }
  }
}
printTable(
  'Tuning',
  rows.filter((r) => !r.heldOut),
);
printTable(
  'Held out',
  rows.filter((r) => r.heldOut),
);
if (!args.includes('--keep')) fs.rmSync(work, { recursive: true, force: true });
else console.log(`Files kept in ${work}`);
