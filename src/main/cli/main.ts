/**
 * The `genten` command line (the commands are in USAGE below): human output with a progress bar on
 * a terminal, `--json` for scripts. Each command's code loads only when it runs. Usage errors and
 * an unusable library give one line and the usage, no stack.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GentenError, toErrorInfo } from '../../shared/errors';
import { displayPath, formatBytes } from '../../shared/display';
import type { Hit } from '../../shared/types';
import { openEmbeddingChoice, releaseModels } from '../api/models';
import { openAuditLog, type AuditLog } from '../core/audit/audit-log';
import { auditedIndex, auditedRemove } from '../core/audit/audited';
import type { EmbeddingModel } from '../core/embeddings/model';
import type { Engine } from '../core/engine';
import type { IndexOptions } from '../core/indexer/indexer';
import { parseSizeLimits } from '../core/ingest/limits';
import { Policy } from '../core/policy/policy';
import { parseLocation } from '../core/store/location';
import { locationText, sectionBeside, sourceLocation } from '../../shared/location';
import { defaultDataDir, defaultLibraryDir } from '../core/settings/paths';
import { ProgressLine } from './progress';
import { ocrLabel, ocrSettingsFrom, ocrSummaryLines } from './ocr-options';

export const USAGE = `Usage: genten <command> [options]

Commands:
  index <paths…>       Index files and folders (PDF, DOCX, Markdown, HTML, text, scans and photos) into the library
      --collection NAME  Put new documents in this collection
      --max-size TYPE=SIZE  Largest file of a type (text, markdown, html, docx, xlsx, pptx, pdf, image), e.g. text=500MB
                         (defaults: text, Markdown, HTML 200 MB; DOCX 500 MB; PDF 2 GB); repeatable
      --file-timeout S   Longest one file may take to read (default 600 s)
      --ocr off|auto|force   Read scanned pages and images (PNG, JPEG, TIFF) with OCR (default auto:
                         pages without a usable text layer)
      --ocr-lang LANGS   OCR languages among jpn, eng, jpn_vert, joined with + (default jpn+eng)
  search <query>       Search the library; shows document, page, section and the passage
  search --queries FILE.jsonl   One query per line ({"id", "question"|"query"}); JSON lines out
      -k N               Number of passages (default 5)
      --collection NAME  Search only this collection
  status               Documents, pages, chunks, failed files and the library's location
  remove <paths…>      Remove documents (a folder removes everything under it)
  text FILE            The file's text as Genten indexes it, page by page (--json: {path, pages})
  check [--repair]     Find (and repair) orphan passages, missing search indexes, documents
                       without passages and stale locks left by an interrupted write
  ask <question>       An answer from the documents with checked citations (streams on a terminal)
      --model FILE       A GGUF model for this question (default: the one set with models use;
                         none: an extractive answer from the best passages)
      --style STYLE      auto | model | extractive (default: the settings', else auto: the
                         answer measured better for the model; a base model such as Gemma 3 270M
                         gives the extracted answer)
  review CHECKLIST     Run a checklist (.csv, .xlsx, .txt, .md, .yaml) against documents in the library
      --doc FILE         A document to review (repeat for more)
      --collection NAME  Review every document of this collection
      --model FILE       A GGUF model for the answers (default: the one set; none: extractive)
      --out REPORT       Write a report: .xlsx, .docx, .md or .csv
      --resume ID        Finish a review that was stopped (its id is printed when it stops)
  compare STANDARD DRAFT   A draft against the standard contract, clause by clause (any supported
                       formats): changed, missing and added clauses, amounts, periods and courts first
      --out REPORT       Write a report: .xlsx, .docx or .md
  models [list]        GGUF models found, with what their headers say and whether they fit
  models use FILE|NAME [--embedding]   Set the answer (or embedding) model
  models pull NAME [--unverified]   Download a recommended model (only when asked; needs a network).
                       Only entries pinned to a revision and a SHA-256, unless --unverified
  models server URL --model NAME [--key KEY]   Answer with IT's OpenAI-compatible server ("off" removes it)
  sync s3://BUCKET/PREFIX --db DIR   Copy a shared library to this machine for use offline
                       (only what changed; genten sync --db DIR updates an existing copy)
  start                The desktop app, or browser mode where Electron's binary or a display is missing
  serve                The app in a browser: serves the UI on 127.0.0.1 and prints its URL
      --port N           Port (default 4310, or a free one)
  policy               The managed policy in force: each key, its source, invalid entries
  audit verify         Check the audit log's chain: {ok, records, firstBad}
  audit export --since DATE --out FILE   Copy the records since DATE (ISO 8601) to FILE
      --allow-root DIR   A folder the browser may index and read (repeatable; default: your
                         home folder and the library's uploads folder)

Options for every command:
  --db DIR|s3://BUCKET/PREFIX   Library folder, or a team library on S3-compatible storage
                       (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
                       AWS_PROFILE, AWS_ALLOW_HTTP=true; default: ${defaultLibraryDir()})
  --json               Machine-readable output
  -h, --help           This help`;

class UsageError extends Error {}

function answerStyleOption(value: string | undefined): 'auto' | 'model' | 'extractive' | undefined {
  if (value === undefined || value === 'auto' || value === 'model' || value === 'extractive') return value;
  throw new UsageError(`--style must be auto, model or extractive, not "${value}"`);
}

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  collection: { type: 'string' },
  k: { type: 'string', short: 'k' },
  queries: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  model: { type: 'string' },
  style: { type: 'string' },
  embedding: { type: 'boolean' },
  key: { type: 'string' },
  doc: { type: 'string', multiple: true },
  out: { type: 'string' },
  resume: { type: 'string' },
  since: { type: 'string' },
  repair: { type: 'boolean' },
  'max-size': { type: 'string', multiple: true },
  'file-timeout': { type: 'string' },
  'allow-root': { type: 'string', multiple: true },
  unverified: { type: 'boolean' },
  ocr: { type: 'string' },
  'ocr-lang': { type: 'string' },
} satisfies ParseArgsConfig['options'];

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface CliDeps {
  /** The managed policy. Default: the machine's (Policy.load()); tests inject one here. */
  policy?: Policy;
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }, deps: CliDeps = {}): Promise<number> {
  const print = (text: string) => io.stdout.write(text + '\n');
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(`genten: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(USAGE + '\n');
    return values.help ? 0 : 2;
  }

  // The machine's policy, read at every start: a change applies to the next command.
  const policy = deps.policy ?? (await Policy.load());
  if (command !== 'policy') for (const warning of policy.warnings()) io.stderr.write(`genten: warning: ${warning}\n`);
  const dataDir = policy.dataDir(defaultDataDir());
  let audit: AuditLog | null = null;
  /**
   * The library: --db, else the one chosen in the app's settings (a folder or s3://…), else the
   * data folder's; the policy may keep it in its data folder.
   */
  const libraryDir = async () => {
    const dir = await (await import('../api/settings-store')).chosenLibrary(dataDir, values.db);
    policy.assertLibraryDir(dir);
    return dir;
  };

  let engine: Engine | undefined;
  // The embedding model from settings (genten models use FILE --embedding): index embeds with it,
  // search and ask go hybrid once the library has its vectors. Its weights load only when needed.
  let embedding: EmbeddingModel | undefined;
  try {
    audit = openAuditLog(policy, dataDir);
    const k = values.k === undefined ? undefined : Number(values.k);
    if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 100)) throw new UsageError('-k takes a whole number from 1 to 100');
    /** What the commands that print, read settings and keep the audit log take alike. */
    const common = () => ({ json: Boolean(values.json), stdout: io.stdout, stderr: io.stderr, dataDir, policy, audit });
    /** The library opened for reading, with the embedding model from settings as its vector leg. */
    const openForReading = async (): Promise<Engine> => {
      const opened = await openExisting(await libraryDir(), values.db);
      opened.setEmbedding((embedding = await configuredEmbedding(io, dataDir, policy)));
      return (engine = opened);
    };
    const handlers: Record<string, () => Promise<number>> = {
      index: async () => {
        if (rest.length === 0) throw new UsageError('index needs at least one file or folder');
        embedding = await configuredEmbedding(io, dataDir, policy);
        engine = await openEngine(await libraryDir(), embedding);
        const limits = indexLimits(values['max-size'], values['file-timeout']);
        const ocr = policy.ocrSettings(ocrSettingsFrom(values));
        return runIndex(engine, {
          paths: rest,
          collection: values.collection,
          json: Boolean(values.json),
          io,
          audit,
          ...limits,
          limits: policy.sizeLimits(limits.limits),
          ocr,
        });
      },
      search: async () => {
        if (values.queries) {
          if (rest.length > 0) throw new UsageError('give either a query or --queries FILE, not both');
          return runBatchSearch(await openForReading(), values.queries, { k, collection: values.collection }, io);
        }
        if (rest.length === 0) throw new UsageError('search needs a query');
        const query = rest.join(' ');
        const hits = await (await openForReading()).search(query, { k, collection: values.collection });
        if (values.json) print(JSON.stringify({ query, hits: hits.map(hitJson) }));
        else print(formatHits(hits, Boolean(io.stdout.isTTY)));
        return 0;
      },
      status: async () => {
        const opened = await openForReading();
        const [status, vectors] = await Promise.all([opened.status(), opened.embeddingStatus()]);
        if (values.json) print(JSON.stringify({ ...status, embeddings: vectors }));
        else {
          print(`Library:    ${status.path} (${formatBytes(status.sizeBytes)})`);
          print(`Documents:  ${status.documents} · pages ${status.pages} · chunks ${status.chunks}`);
          if (status.ocrPages) print(`OCR:        ${status.ocrPages} pages read by OCR`);
          if (status.collections.length) print(`Collections: ${status.collections.join(', ')}`);
          if (status.offlineCopy) {
            const minutes = Math.max(0, Math.round((Date.now() - Date.parse(status.offlineCopy.syncedAt)) / 60_000));
            print(
              `Offline copy of ${status.offlineCopy.source}, synced ${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} ago (${status.offlineCopy.syncedAt}); update: genten sync --db ${status.path}`,
            );
          }
          if (vectors.libraryModel || vectors.model) {
            const use = vectors.hybrid
              ? 'used by search'
              : vectors.model
                ? 'not used until the next index run embeds with the set model'
                : 'not used: no embedding model is set';
            print(`Embeddings: ${vectors.vectors}/${vectors.chunks} passages (${vectors.libraryModel ?? 'none yet'}; ${use})`);
          }
          for (const f of status.failed) print(`Failed  ${f.code.padEnd(16)} ${displayPath(f.path)}\n        ${displayPath(f.message)}`);
          for (const f of status.stale) print(`Stale   ${f.code.padEnd(16)} ${displayPath(f.path)}\n        ${displayPath(f.message)}`);
          for (const f of status.unavailable ?? []) print(`Unavailable (kept, searchable) ${displayPath(f.path)}\n        ${displayPath(f.message)}`);
        }
        return 0;
      },
      sync: async () => {
        if (rest.length > 1) throw new UsageError('sync takes one shared library: genten sync s3://BUCKET/PREFIX --db DIR');
        return (await import('./sync')).runSync({ source: rest[0], db: values.db, json: Boolean(values.json), stdout: io.stdout, stderr: io.stderr });
      },
      // Arguments after `start` are serve's, passed through as given.
      start: async () => (await import('./start')).runStart(argv.slice(argv.indexOf('start') + 1)),
      serve: async () =>
        (await import('../server/serve')).runServe({
          db: values.db,
          port: values.port,
          allowRoots: values['allow-root'],
          stdout: io.stdout,
          stderr: io.stderr,
          policy,
        }),
      ask: async () => {
        if (rest.length === 0) throw new UsageError('ask needs a question');
        const { runAsk } = await import('./ask');
        return runAsk(await openForReading(), {
          question: rest.join(' '),
          model: values.model,
          style: answerStyleOption(values.style),
          collection: values.collection,
          ...common(),
        });
      },
      review: async () => {
        if (rest.length > 1) throw new UsageError('review takes one checklist file; name documents with --doc FILE');
        if (rest.length === 0 && !values.resume) throw new UsageError('review needs a checklist file');
        if (!values.resume && !values.doc?.length && values.collection === undefined)
          throw new UsageError('review needs --doc FILE (one or more) or --collection NAME');
        const { runReview } = await import('./review');
        return runReview(await openForReading(), {
          checklist: rest[0],
          docs: values.doc ?? [],
          collection: values.collection,
          model: values.model,
          out: values.out,
          resume: values.resume,
          ...common(),
        });
      },
      compare: async () => {
        if (rest.length !== 2) throw new UsageError('compare needs two files: the standard contract, then the draft');
        return (await import('./compare')).runCompare({
          standard: rest[0]!,
          draft: rest[1]!,
          db: values.db === undefined ? undefined : await libraryDir(),
          out: values.out,
          json: Boolean(values.json),
          stdout: io.stdout,
          stderr: io.stderr,
        });
      },
      models: async () =>
        (await import('./models')).runModels({
          args: rest,
          embedding: Boolean(values.embedding),
          serverModel: values.model,
          serverKey: values.key,
          unverified: Boolean(values.unverified),
          ...common(),
        }),
      policy: async () => (await import('./policy')).runPolicy({ policy, json: Boolean(values.json), dataDir, stdout: io.stdout }),
      audit: async () =>
        (await import('./audit')).runAudit({
          args: rest,
          policy,
          dataDir,
          json: Boolean(values.json),
          since: values.since,
          out: values.out,
          stdout: io.stdout,
        }),
      text: async () => {
        if (rest.length !== 1) throw new UsageError('text needs one file');
        return (await import('./text')).runText({ file: rest[0]!, db: await libraryDir(), json: Boolean(values.json), stdout: io.stdout, stderr: io.stderr });
      },
      check: async () => {
        engine = await openExisting(await libraryDir(), values.db, false);
        return (await import('./check')).runCheck(engine, { repair: Boolean(values.repair), json: Boolean(values.json), stdout: io.stdout });
      },
      remove: async () => {
        if (rest.length === 0) throw new UsageError('remove needs at least one path');
        engine = await openExisting(await libraryDir(), values.db);
        const removed = await auditedRemove(engine, audit, rest);
        if (values.json) print(JSON.stringify({ removed }));
        else print(removed.length ? removed.map((p) => `Removed ${p}`).join('\n') : 'Nothing in the library at those paths.');
        return 0;
      },
    };
    const handler = handlers[command];
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    return await handler();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`genten: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    const info = toErrorInfo(error);
    const action = ['models', 'audit'].includes(command) && positionals[1] ? `genten ${command} ${positionals[1]}` : `genten ${command}`;
    audit?.tryRecord({ type: info.code === 'POLICY' ? 'refusal' : 'error', action, code: info.code, message: info.message });
    io.stderr.write(`genten: ${info.message}${info.code === 'INTERNAL' ? '' : ` (${info.code})`}\n`);
    return 1;
  } finally {
    engine?.dispose();
    if (embedding) await releaseModels([embedding], { local: true });
  }
}

/** The embedding model set in settings, described without loading it; a file that is gone is a warning, not an error. */
async function configuredEmbedding(io: Io, dataDir: string, policy: Policy): Promise<EmbeddingModel | undefined> {
  const { model, warning } = await openEmbeddingChoice((await readSettings(dataDir)).embeddingModel, policy);
  if (warning) io.stderr.write(`genten: ${warning}\n`);
  return model;
}

/** Search and status need a library that exists: never create an empty one by mistake. */
async function openExisting(dir: string, db: string | undefined, warn = true): Promise<Engine> {
  const location = parseLocation(dir);
  if (location.kind === 's3') return (await import('../core/engine')).Engine.open({ libraryDir: dir, create: false });
  if (!fs.existsSync(location.dir)) {
    throw new GentenError('LIBRARY_UNUSABLE', `No library at ${dir}. Index some documents first: genten index <folder>${db ? ` --db ${db}` : ''}`, dir);
  }
  const engine = await openEngine(dir);
  if (warn) (await import('./check')).warnIfDamaged(engine, process.stderr);
  return engine;
}

/** The settings file, read through the API's schema: loaded only by commands that need it (zod costs `--help` ~0.1 s). */
async function readSettings(dataDir: string) {
  const { SettingsStore } = await import('../api/settings-store');
  return SettingsStore.forDataDir(dataDir).get();
}

/** The engine loads LanceDB's native module: only commands that use the library pay for it (`--help` does not). */
async function openEngine(libraryDir: string, embedding?: EmbeddingModel): Promise<Engine> {
  const { Engine } = await import('../core/engine');
  return Engine.open({ libraryDir, embedding });
}

/** --max-size and --file-timeout as index options; a malformed value is a usage error. */
function indexLimits(maxSize: string[] | undefined, fileTimeout: string | undefined): Pick<IndexOptions, 'limits' | 'fileTimeoutMs'> {
  const seconds = fileTimeout === undefined ? undefined : Number(fileTimeout);
  if (seconds !== undefined && !(seconds > 0)) throw new UsageError('--file-timeout takes a number of seconds');
  try {
    return { limits: parseSizeLimits(maxSize ?? []), ...(seconds ? { fileTimeoutMs: seconds * 1000 } : {}) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

interface RunIndexOptions extends Pick<IndexOptions, 'paths' | 'collection' | 'limits' | 'fileTimeoutMs' | 'ocr'> {
  /** Print the summary as JSON instead of lines. */
  json: boolean;
  io: Io;
  audit: AuditLog | null;
}

async function runIndex(engine: Engine, options: RunIndexOptions): Promise<number> {
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

async function runBatchSearch(engine: Engine, file: string, options: { k?: number; collection?: string }, io: Io): Promise<number> {
  if (!fs.existsSync(file)) throw new UsageError(`no such queries file: ${file}`);
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const ids: unknown[] = [];
  // Parses lines as they come and hands the queries to searchBatch, which answers them in order.
  async function* queries(): AsyncGenerator<string> {
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (!line.trim()) continue;
      let entry: { id?: unknown; question?: unknown; query?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        throw new UsageError(`${file}:${lineNumber}: not a JSON object`);
      }
      const query = typeof entry.question === 'string' ? entry.question : typeof entry.query === 'string' ? entry.query : undefined;
      if (query === undefined) throw new UsageError(`${file}:${lineNumber}: needs "question" or "query"`);
      ids.push(entry.id ?? lineNumber);
      yield query;
    }
  }
  for await (const hits of engine.searchBatch(queries(), options)) {
    io.stdout.write(JSON.stringify({ id: ids.shift(), hits: hits.map(hitJson) }) + '\n');
  }
  return 0;
}

export function hitJson(hit: Hit) {
  return {
    rank: hit.rank,
    score: hit.score,
    path: hit.path,
    title: hit.title,
    page: hit.page,
    pageEnd: hit.pageEnd,
    section: hit.section,
    text: hit.text,
    chunkId: hit.chunkId,
    ...(hit.ocrConfidence !== undefined ? { ocrConfidence: hit.ocrConfidence } : {}),
  };
}

/** A passage shortened around its first highlight, with highlights marked. */
export function snippet(hit: Hit, options: { color: boolean; width?: number }): string {
  const { color, width = 160 } = options;
  const first = hit.highlights[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - Math.floor(width / 4), hit.text.length - width));
  const end = Math.min(hit.text.length, start + width);
  let out = '';
  let at = start;
  for (const [s, e] of hit.highlights) {
    if (e <= start || s >= end) continue;
    out += hit.text.slice(at, Math.max(at, s));
    const mark = hit.text.slice(Math.max(s, start), Math.min(e, end));
    out += color ? `\x1b[1;33m${mark}\x1b[0m` : `【${mark}】`;
    at = Math.min(e, end);
  }
  out += hit.text.slice(at, end);
  return `${start > 0 ? '…' : ''}${out.replace(/\s*\n\s*/g, ' ')}${end < hit.text.length ? '…' : ''}`;
}

function formatHits(hits: Hit[], color: boolean): string {
  if (hits.length === 0) return 'No passages found.';
  return hits
    .map((hit) => {
      const location = sourceLocation(hit);
      const pages = location ? locationText(location, 'en') : hit.pageEnd > hit.page ? `pp.${hit.page}-${hit.pageEnd}` : `p.${hit.page}`;
      const shown = sectionBeside(hit, location);
      const section = shown ? `  ${shown}` : '';
      const ocr = hit.ocrConfidence !== undefined ? `  (${ocrLabel(hit.ocrConfidence)})` : '';
      return `${hit.rank}. ${displayPath(hit.title)}  ${pages}${section}${ocr}\n   ${displayPath(hit.path)}\n   ${snippet(hit, { color })}`;
    })
    .join('\n\n');
}
