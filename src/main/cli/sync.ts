/**
 * `genten sync s3://BUCKET/PREFIX [--db DIR]`: copies a shared library to this machine for use
 * with no network (only what changed since the last sync); `genten sync --db DIR` updates an
 * existing copy from the library it was made from. Then `genten ask … --db DIR` works offline.
 */
import { GentenError } from '../../shared/errors';
import { parseLocation } from '../core/store/location';
import { offlineCopyAt, syncLibrary } from '../core/store/sync';
import { defaultOfflineDir } from '../core/settings/paths';
import { ProgressLine, formatDuration } from './progress';

export interface SyncCommandOptions {
  source?: string;
  db?: string;
  json: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runSync(options: SyncCommandOptions): Promise<number> {
  let source = options.source;
  let target = options.db;
  if (!source) {
    const local = target ? parseLocation(target) : undefined;
    const copy = local?.kind === 'local' ? offlineCopyAt(local.dir) : undefined;
    if (!copy) throw new GentenError('BAD_REQUEST', 'sync needs the shared library to copy: genten sync s3://BUCKET/PREFIX --db FOLDER');
    source = copy.source;
  }
  const location = parseLocation(source);
  if (location.kind !== 's3') throw new GentenError('BAD_REQUEST', `genten sync copies a shared library (s3://BUCKET/PREFIX), not ${source}.`);
  target ??= defaultOfflineDir(location);
  const progress = new ProgressLine(options.stderr);
  const controller = new AbortController();
  const onSigint = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', onSigint);
  try {
    const summary = await syncLibrary({
      source,
      target,
      signal: controller.signal,
      onProgress: ({ done, total, bytes }) => progress.text(`Copying ${done}/${total} files, ${(bytes / 1e6).toFixed(1)} MB`),
    });
    progress.clear();
    if (options.json) options.stdout.write(JSON.stringify(summary) + '\n');
    else {
      options.stdout.write(
        `Offline copy of ${summary.source} in ${summary.target}\n` +
          `Copied ${summary.copied} files (${(summary.bytes / 1e6).toFixed(1)} MB), unchanged ${summary.unchanged}, deleted ${summary.deleted} in ${formatDuration(summary.seconds)}.\n` +
          `Use it with --db ${summary.target}\n`,
      );
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    progress.clear();
  }
}
