/**
 * `genten review CHECKLIST --doc FILE … [--collection NAME] [--model FILE] [--out REPORT] [--json]`:
 * a checklist asked of documents in the library, item by item, saved in the library as it goes
 * (Ctrl-C stops and keeps what is done; `--resume ID` finishes it), with a report written at the end.
 */
import path from 'node:path';
import { GentenError } from '../../shared/errors';
import type { ReviewItemResult, ReviewRun } from '../../shared/review';
import { languageOfLocale, renderReason } from '../../shared/review-reasons';
import { commandAnswerModel, sourceAskedFor } from '../api/answer-model';
import { releaseModels } from '../api/models';
import { SettingsStore } from '../api/settings-store';
import { recordExport, recordReviewEnd, recordReviewStart } from '../core/audit/review-events';
import type { AnswerStyle } from '../core/answer/types';
import type { Engine } from '../core/engine';
import type { CommandContext } from './command-context';
import type { ChatModel } from '../core/llm/types';
import { loadChecklist } from '../core/review/checklist';
import { describeModel } from '../core/review/provenance';
import { writeReport } from '../core/review/report';
import { STATUS_LABEL, citationPlace } from '../core/review/report-model';
import { ReviewStore } from '../core/review/review-store';
import { checkDocumentsUnchanged, createRun, executeRun, resolveDocuments } from '../core/review/run-review';

export interface ReviewCommandOptions extends CommandContext {
  /** The checklist file (absent with `resume`). */
  checklist?: string;
  docs: string[];
  collection?: string;
  /** A GGUF file for this review; default: the answer model from settings, else extractive. */
  model?: string;
  /** --style: as `genten ask` (default: the settings', else auto). */
  style?: AnswerStyle;
  out?: string;
  /** Id of an interrupted or cancelled run to finish. */
  resume?: string;
}

export async function runReview(engine: Engine, options: ReviewCommandOptions): Promise<number> {
  const { stdout, stderr } = options;
  const store = ReviewStore.forLibrary(engine.libraryDir, options.dataDir);
  const settings = await SettingsStore.forDataDir(options.dataDir).get();
  // Reviews answer in the user's style, as `genten ask` does: in 'auto' a base model is not asked, so it is not loaded either.
  const style = options.style ?? settings.answerStyle ?? 'auto';
  const source = await sourceAskedFor(commandAnswerModel({ model: options.model, settings, policy: options.policy }).source, style);
  if (options.out) (await import('../core/review/report')).reportFormatOf(options.out); // a wrong extension fails before the work

  let run: ReviewRun;
  if (options.resume) {
    run = await store.load(options.resume);
    if (run.state === 'done') throw new GentenError('BAD_REQUEST', `Review ${run.id} is already complete.`);
    if (store.isLive(run.id)) throw new GentenError('BAD_REQUEST', `Review ${run.id} is running.`);
    await checkDocumentsUnchanged(engine, run);
  } else {
    if (!options.checklist) throw new GentenError('BAD_REQUEST', 'review needs a checklist file (.csv, .xlsx, .txt, .md or .yaml).');
    const checklist = await loadChecklist(options.checklist);
    const documents = await resolveDocuments(engine, { paths: options.docs, collection: options.collection });
    run = createRun({ checklist, documents, model: await describeModel(source), collection: options.collection });
  }

  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', onSigint);
  let model: ChatModel | undefined;
  const tty = Boolean(stderr.isTTY) && !options.json;
  try {
    if (source) {
      if (!options.json) stderr.write(`Using ${source.key.replace(/^\w+ /, '')}…\n`);
      model = await source.open({ signal: controller.signal });
    }
    recordReviewStart(options.audit, run, options.resume ? 'resume' : 'start');
    if (!options.json) stderr.write(`Review ${run.id}: ${run.checklist.items.length} items × ${run.documents.length} document(s)\n`);
    const total = run.checklist.items.length * run.documents.length;
    const finished = await executeRun(run, {
      engine,
      store,
      model,
      style,
      signal: controller.signal,
      onProgress: (p) => {
        if (tty) stderr.write(`\r\x1b[2K${p.done}/${total} items · ${p.rate.toFixed(1)}/s${p.itemId ? ` · ${p.itemId}` : ''}`);
      },
    });
    if (tty) stderr.write('\r\x1b[2K');
    recordReviewEnd(options.audit, finished);
    if (finished.state === 'failed')
      throw new GentenError(
        (finished.error?.code as never) ?? 'INTERNAL',
        `${finished.error?.message ?? 'The review failed.'} (what was answered is saved: genten review --resume ${run.id})`,
      );
    let report: string | undefined;
    if (options.out) {
      report = await writeReport(finished, options.out);
      await recordExport(options.audit, finished, report);
    }
    if (options.json) stdout.write(JSON.stringify(reviewJson(finished)) + '\n');
    else stdout.write(formatReview(finished, report));
    if (finished.state === 'cancelled') {
      stderr.write(`Stopped: ${finished.results.length}/${total} items are saved. Finish with: genten review --resume ${finished.id}\n`);
      return 130;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await releaseModels([model], { local: Boolean(source?.file) });
  }
}

/** The `--json` shape: {checklist, documents, items, model, startedAt, seconds}. */
export function reviewJson(run: ReviewRun) {
  const items = run.checklist.items;
  const order = new Map(items.map((item, i) => [item.id, i]));
  const docOrder = new Map(run.documents.map((d, i) => [d.id, i]));
  const pathOf = new Map(run.documents.map((d) => [d.id, d.path]));
  const sorted = [...run.results].sort((a, b) => order.get(a.itemId)! - order.get(b.itemId)! || docOrder.get(a.documentId)! - docOrder.get(b.documentId)!);
  return {
    checklist: run.checklist.path ?? run.checklist.name,
    documents: run.documents.map((d) => d.path),
    items: sorted.map((r: ReviewItemResult) => ({
      id: r.itemId,
      question: items[order.get(r.itemId)!]!.question,
      document: pathOf.get(r.documentId)!,
      status: r.status,
      answer: r.answer,
      citations: r.citations.map(({ n, path: file, title, page, pageEnd, section, quote, chunkId }) => ({
        n,
        path: file,
        title,
        page,
        pageEnd,
        section,
        quote,
        chunkId,
      })),
      unsupported: r.unsupported,
      timings: r.timings,
    })),
    model: run.model.kind === 'extractive' ? null : (run.model.file ?? run.model.name),
    startedAt: run.createdAt,
    seconds: Number(run.seconds.toFixed(2)),
  };
}

function formatReview(run: ReviewRun, report: string | undefined): string {
  const language = run.checklist.language;
  // Reasons in the reader's language: LANG (ja_JP.UTF-8 → Japanese), else the checklist's.
  const readerLanguage = languageOfLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG) ?? language;
  const lines: string[] = [];
  const byItem = new Map(run.checklist.items.map((item) => [item.id, item]));
  const multi = run.documents.length > 1;
  const titleOf = new Map(run.documents.map((d) => [d.id, d.title || path.basename(d.path)]));
  const counts = { found: 0, not_found: 0, needs_review: 0 };
  for (const r of run.results) {
    counts[r.status]++;
    const item = byItem.get(r.itemId)!;
    const mark = r.status === 'found' ? '✓' : r.status === 'not_found' ? '✗' : '?';
    const where = r.citations[0] ? `  ${citationPlace(r.citations[0], language)}${r.citations[0].section ? ` ${r.citations[0].section}` : ''}` : '';
    lines.push(
      `${mark} ${r.itemId.padEnd(6)} ${STATUS_LABEL[language][r.status].padEnd(8)} ${item.question}${multi ? `  [${titleOf.get(r.documentId)}]` : ''}${where}`,
    );
    if (r.status !== 'found') lines.push(`         ${r.reasonCode ? renderReason(r.reasonCode, readerLanguage) : r.reason}`);
  }
  lines.push(
    '',
    `${counts.found} found · ${counts.needs_review} need review · ${counts.not_found} not found · ${run.seconds.toFixed(1)} s · model: ${run.model.kind === 'extractive' ? 'none (extractive)' : run.model.name}`,
  );
  lines.push(`Saved in the library as review ${run.id}.`);
  if (report) lines.push(`Report: ${report}`);
  return lines.join('\n') + '\n';
}
