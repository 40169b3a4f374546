/**
 * Review speed (a benchmark, not a test): a 41-item checklist (CUAD's categories, from
 * ../shared/eval/contract-review/checklist.csv) over a 150-page English contract made here, without
 * a model, run twice (cold: the first run loads the analyser; warm), and the same checklist
 * written as .xlsx and .docx reports. Target: ≤ 20 s on 2 cores. Prints a table and JSON.
 *   npm run bench:review -- [--pages N] [--eval DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../src/main/core/engine';
import { loadChecklist } from '../src/main/core/review/checklist';
import { EXTRACTIVE_MODEL } from '../src/main/core/review/provenance';
import { writeReport } from '../src/main/core/review/report';
import { ReviewStore } from '../src/main/core/review/review-store';
import { createRun, executeRun, resolveDocuments } from '../src/main/core/review/run-review';
import { makePdf } from '../tests/helpers/fixtures';

const { values } = parseArgs({ args: process.argv.slice(2), options: { pages: { type: 'string' }, eval: { type: 'string' } } });
const pages = Number(values.pages ?? 150);
const evalDir = path.resolve(values.eval ?? '../shared/eval');
const checklistFile = path.join(evalDir, 'contract-review/checklist.csv');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'genten-bench-review-'));

// Clauses of a commercial agreement; the contract repeats them with numbered variations.
const CLAUSES: Array<[string, string]> = [
  [
    'Governing Law',
    'This Agreement shall be governed by and construed in accordance with the laws of the State of New York, without regard to its conflict of laws principles.',
  ],
  [
    'Term',
    'This Agreement commences on the Effective Date and continues for three (3) years, and renews automatically for successive one-year terms unless either party gives ninety (90) days written notice.',
  ],
  ['Termination for Convenience', 'Either party may terminate this Agreement for convenience upon sixty (60) days prior written notice to the other party.'],
  [
    'Limitation of Liability',
    'In no event shall either party’s aggregate liability arising out of this Agreement exceed the fees paid by Customer in the twelve (12) months preceding the claim.',
  ],
  ['Consequential Damages', 'Neither party shall be liable for any indirect, incidental, special or consequential damages, including lost profits.'],
  [
    'Assignment',
    'Neither party may assign this Agreement without the prior written consent of the other party, except to a successor in a merger or sale of substantially all assets.',
  ],
  ['Change of Control', 'A change of control of Supplier shall be deemed an assignment requiring Customer’s consent.'],
  ['Confidentiality', 'Each party shall keep the Confidential Information of the other party in confidence for five (5) years after termination.'],
  ['Indemnification', 'Supplier shall indemnify and hold harmless Customer from third-party claims arising from Supplier’s negligence or breach.'],
  ['Insurance', 'Supplier shall maintain commercial general liability insurance of not less than USD 2,000,000 per occurrence.'],
  ['Audit Rights', 'Customer may audit Supplier’s records relating to the Services once per calendar year upon thirty (30) days notice.'],
  ['Non-Compete', 'During the term Supplier shall not provide similar services to any competitor of Customer in the Territory.'],
  ['Intellectual Property', 'All deliverables and intellectual property created under this Agreement shall be owned by Customer upon payment.'],
  ['Warranty', 'Supplier warrants that the Services will be performed in a professional manner for a period of ninety (90) days.'],
  ['Payment', 'Customer shall pay each undisputed invoice within thirty (30) days; late amounts bear interest at one percent per month.'],
  ['Force Majeure', 'Neither party is liable for delay caused by events beyond its reasonable control, including fire, flood and war.'],
];

function contractPages(): string[][] {
  const out: string[][] = [];
  let section = 1;
  for (let p = 0; p < pages; p++) {
    const lines: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [title, text] = CLAUSES[(p * 5 + i) % CLAUSES.length]!;
      lines.push(`${section}. ${title}`, `${section}.1 ${text} This provision applies to Schedule ${p + 1}-${i + 1} of the Statement of Work.`);
      section++;
    }
    out.push(lines);
  }
  return out;
}

const log = (s: string) => console.log(s);
const contract = path.join(work, 'long-contract.pdf');
await makePdf(contract, contractPages(), { title: 'Master Services Agreement (benchmark)' });
const engine = await Engine.open({ libraryDir: path.join(work, 'library') });
try {
  const indexStarted = performance.now();
  const summary = await engine.index({ paths: [contract] });
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const checklist = await loadChecklist(checklistFile);
  const documents = await resolveDocuments(engine, { paths: [contract] });
  const store = ReviewStore.forLibrary(engine.libraryDir);
  const timeRun = async () => {
    const run = createRun({ checklist, documents, model: EXTRACTIVE_MODEL });
    const started = performance.now();
    const done = await executeRun(run, { engine, store });
    return { run: done, seconds: (performance.now() - started) / 1000 };
  };
  const cold = await timeRun();
  const warm = await timeRun();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const retrieve = median(warm.run.results.map((r) => r.timings.retrieveMs));
  const answer = median(warm.run.results.map((r) => r.timings.answerMs));
  const reportStarted = performance.now();
  await writeReport(warm.run, path.join(work, 'report.xlsx'));
  await writeReport(warm.run, path.join(work, 'report.docx'));
  const reportSeconds = (performance.now() - reportStarted) / 1000;
  const saved = fs.statSync(store.fileOf(warm.run.id)).size;
  const results = {
    pages: summary.pages,
    items: checklist.items.length,
    indexSeconds: Number(indexSeconds.toFixed(1)),
    coldSeconds: Number(cold.seconds.toFixed(2)),
    warmSeconds: Number(warm.seconds.toFixed(2)),
    itemsPerSecond: Number((checklist.items.length / warm.seconds).toFixed(1)),
    medianRetrieveMs: Number(retrieve.toFixed(0)),
    medianAnswerMs: Number(answer.toFixed(0)),
    reportsSeconds: Number(reportSeconds.toFixed(2)),
    savedRunKB: Math.round(saved / 1024),
    targetSeconds: 20,
    ratioToTarget: Number((cold.seconds / 20).toFixed(2)),
    cores: os.availableParallelism(),
  };
  log(`Review of a ${results.pages}-page contract, ${results.items} items, no model (${results.cores} cores):`);
  log(`  index (setup)          ${results.indexSeconds} s`);
  log(`  review, cold           ${results.coldSeconds} s   (target ≤ 20 s: ${results.ratioToTarget} of it)`);
  log(`  review, warm           ${results.warmSeconds} s   ${results.itemsPerSecond} items/s`);
  log(`  per item (median)      retrieve ${results.medianRetrieveMs} ms · answer ${results.medianAnswerMs} ms`);
  log(`  .xlsx + .docx reports  ${results.reportsSeconds} s   saved run ${results.savedRunKB} KB`);
  log(JSON.stringify(results));
} finally {
  engine.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}
