/** `genten index <paths…>`: the run with its progress line, Ctrl-C (once: stop and keep what is done; twice: exit), and the summary. */
import { displayPath } from '../../shared/display';
import type { AuditLog } from '../core/audit/audit-log';
import { auditedIndex } from '../core/audit/audited';
import type { Engine } from '../core/engine';
import type { IndexOptions } from '../core/indexer/indexer';
import { parseSizeLimits } from '../core/ingest/limits';
import { ocrSummaryLines } from './ocr-options';
import { ProgressLine } from './progress';
import { UsageError, type Io } from './usage';

export /** --max-size and --file-timeout as index options; a malformed value is a usage error. */
function indexLimits(maxSize: string[] | undefined, fileTimeout: string | undefined): Pick<IndexOptions, 'limits' | 'fileTimeoutMs'> {
  const seconds = fileTimeout === undefined ? undefined : Number(fileTimeout);
  if (seconds !== undefined && !(seconds > 0)) throw new UsageError('--file-timeout takes a number of seconds');
  try {
    return { limits: parseSizeLimits(maxSize ?? []), ...(seconds ? { fileTimeoutMs: seconds * 1000 } : {}) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export interface RunIndexOptions extends Pick<IndexOptions, 'paths' | 'collection' | 'limits' | 'fileTimeoutMs' | 'ocr'> {
  /** Print the summary as JSON instead of lines. */
  json: boolean;
  io: Io;
  audit: AuditLog | null;
}

export async function runIndex(engine: Engine, options: RunIndexOptions): Promise<number> {
  const { paths, collection, json, io, audit, ...limits } = options;
  const progress = new ProgressLine(io.stderr);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const summary = await auditedIndex(engine, audit, { paths, collection, ...limits, signal: controller.signal, onProgress: (p) => progress.update(p) });
    progress.clear();
    if (json) {
      const { indexed, unchanged, removed, unavailable, failed, documents, pages, chunks, seconds, skipped, cancelled, embedded, ocrPages, warnings } = summary;
      io.stdout.write(
        JSON.stringify({
          indexed,
          unchanged,
          removed,
          unavailable,
          skipped,
          failed,
          documents,
          pages,
          chunks,
          seconds: Number(seconds.toFixed(2)),
          cancelled,
          ...(embedded !== undefined ? { embedded } : {}),
          ocrPages: ocrPages ?? 0,
          warnings: warnings ?? [],
        }) + '\n',
      );
    } else {
      const lines = [
        summary.cancelled ? 'Cancelled: what was finished is kept; run the same command again to complete.' : 'Done.',
        `Indexed ${summary.indexed}, unchanged ${summary.unchanged}, removed ${summary.removed}, unavailable ${summary.unavailable} (kept), skipped ${summary.skipped}, failed ${summary.failed.length} in ${summary.seconds.toFixed(1)} s.`,
        `Library: ${summary.documents} documents, ${summary.pages} pages, ${summary.chunks} passages.`,
        ...(summary.embedded !== undefined ? [`Embedded ${summary.embedded} passages with ${engine.embedding?.name ?? 'the embedding model'}.`] : []),
        ...summary.failed.map((f) => `  ✗ ${f.code.padEnd(16)} ${displayPath(f.path)}\n    ${displayPath(f.message)}`),
        ...ocrSummaryLines(summary),
      ];
      io.stdout.write(lines.join('\n') + '\n');
    }
    return summary.cancelled ? 130 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    progress.clear();
  }
}
