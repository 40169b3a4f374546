/**
 * Library writes and answers with their audit records, shared by the service (app, browser mode)
 * and the CLI. Without a log they are the plain operations. With one, the opening record is
 * written before the work (a log that cannot be written refuses the action), the outcome after.
 */
import path from 'node:path';
import type { Answer } from '../../../shared/api';
import { toErrorInfo } from '../../../shared/errors';
import type { DocumentInfo, IngestSummary } from '../../../shared/types';
import type { IndexOptions } from '../indexer/indexer';
import type { AuditEvent, AuditLog } from './audit-log';
import { indexSummaryEvent, libraryChangeEvents } from './library-changes';

interface LibraryOps {
  documents(): Promise<DocumentInfo[]>;
  index(options: IndexOptions): Promise<IngestSummary>;
  remove(paths: string[]): Promise<string[]>;
}

export async function auditedIndex(engine: LibraryOps, audit: AuditLog | null | undefined, options: IndexOptions): Promise<IngestSummary> {
  if (!audit) return engine.index(options);
  const paths = options.paths.map((p) => path.resolve(p));
  audit.record({ type: 'index.start', paths, ...(options.collection ? { collection: options.collection } : {}) }, 'indexing was refused');
  const before = await engine.documents();
  let summary: IngestSummary;
  try {
    summary = await engine.index(options);
  } catch (error) {
    audit.tryRecord({ type: 'error', action: 'index', ...toErrorInfo(error) });
    throw error;
  }
  const done = 'the documents were indexed but their record is missing: fix the log before indexing again';
  for (const event of libraryChangeEvents(before, await engine.documents())) audit.record(event, done);
  audit.record(indexSummaryEvent(paths, summary), done);
  return summary;
}

export async function auditedRemove(engine: LibraryOps, audit: AuditLog | null | undefined, paths: string[]): Promise<string[]> {
  if (!audit) return engine.remove(paths);
  audit.record({ type: 'remove.start', paths: paths.map((p) => path.resolve(p)) }, 'removing documents was refused');
  const before = await engine.documents();
  const removed = await engine.remove(paths);
  const gone = new Set(removed);
  for (const event of libraryChangeEvents(
    before,
    before.filter((d) => !gone.has(d.path)),
  )) {
    audit.record(event, 'the documents were removed but their record is missing');
  }
  return removed;
}

/** Which model answered, as the log names it. */
export type AnswerModelRef = { file: string } | { server: string; model: string } | null;

/** The record of a question, written before it is answered. */
export function recordQuestion(audit: AuditLog, askId: string, question: string, collection?: string): void {
  audit.record({ type: 'ask', askId, ...audit.question(question), ...(collection ? { collection } : {}) }, 'this question was not answered');
}

/** The record of an answer: mode, model (file + sha256, server, or "extractive") and citations. */
export async function recordAnswer(audit: AuditLog, askId: string, answer: Answer, ref: AnswerModelRef): Promise<void> {
  let model: AuditEvent['model'] = 'extractive';
  if (answer.mode === 'generative' && ref && 'file' in ref) model = { file: ref.file, sha256: await audit.modelSha256(ref.file).catch(() => null) };
  else if (answer.mode === 'generative' && ref && 'server' in ref) model = { server: ref.server, model: ref.model };
  audit.record(
    {
      type: 'answer',
      askId,
      mode: answer.mode,
      model,
      citations: answer.citations.map((c) => ({ n: c.n, path: c.path, page: c.page, pageEnd: c.pageEnd, chunkId: c.chunkId })),
      unsupported: answer.unsupported.length,
      ...(answer.cancelled ? { cancelled: true } : {}),
      ...(answer.warning ? { warning: answer.warning } : {}),
    },
    'the answer is withheld',
  );
}
