/**
 * The `genten` command line (the commands are in USAGE, usage.ts): human output with a progress bar on
 * a terminal, `--json` for scripts. Each command's code loads only when it runs. Usage errors and
 * an unusable library give one line and the usage, no stack.
 */
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GentenError, toErrorInfo } from '../../shared/errors';
import { displayPath, formatBytes } from '../../shared/display';
import { openEmbeddingChoice, releaseModels } from '../api/models';
import { openAuditLog, type AuditLog } from '../core/audit/audit-log';
import { auditedRemove } from '../core/audit/audited';
import type { EmbeddingModel } from '../core/embeddings/model';
import type { Engine } from '../core/engine';
import { Policy } from '../core/policy/policy';
import { parseLocation } from '../core/store/location';
import { defaultDataDir } from '../core/settings/paths';
import { ocrSettingsFrom } from './ocr-options';
import { indexLimits, runIndex } from './index-command';
import { formatHits, hitJson, runBatchSearch } from './search-output';
import { USAGE, UsageError, type Io } from './usage';

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
          if (status.writer) {
            print(`Writing now: pid ${status.writer.pid} on ${status.writer.host} since ${status.writer.since}; what it adds appears when it finishes`);
          }
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
          style: answerStyleOption(values.style),
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
