/**
 * `genten index | search | status | remove`: human output with a progress bar on a terminal,
 * `--json` for scripts. Usage errors and an unusable library give one line and the usage, no stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GentenError, toErrorInfo } from '../../shared/errors';
import type { Hit } from '../../shared/types';
import { SettingsStore } from '../api/settings-store';
import type { EmbeddingModel } from '../core/embeddings/model';
import { Engine } from '../core/engine';
import { parseLocation } from '../core/store/location';
import { defaultDataDir, defaultLibraryDir } from '../core/settings/paths';
import { ProgressLine } from './progress';

export const USAGE = `Usage: genten <command> [options]

Commands:
  index <paths…>       Index files and folders (PDF, DOCX, Markdown, HTML, text) into the library
      --collection NAME  Put new documents in this collection
  search <query>       Search the library; shows document, page, section and the passage
  search --queries FILE.jsonl   One query per line ({"id", "question"|"query"}); JSON lines out
      -k N               Number of passages (default 5)
      --collection NAME  Search only this collection
  status               Documents, pages, chunks, failed files and the library's location
  remove <paths…>      Remove documents (a folder removes everything under it)
  ask <question>       An answer from the documents with checked citations (streams on a terminal)
      --model FILE       A GGUF model for this question (default: the one set with models use;
                         none: an extractive answer from the best passages)
  models [list]        GGUF models found, with what their headers say and whether they fit
  models use FILE|NAME [--embedding]   Set the answer (or embedding) model
  models pull NAME     Download a recommended model (only when asked; needs a network)
  models server URL --model NAME [--key KEY]   Answer with IT's OpenAI-compatible server ("off" removes it)
  sync s3://BUCKET/PREFIX --db DIR   Copy a shared library to this machine for use offline
                       (only what changed; genten sync --db DIR updates an existing copy)
  serve                The app in a browser: serves the UI on 127.0.0.1 and prints its URL
      --port N           Port (default 4310, or a free one)

Options for every command:
  --db DIR|s3://BUCKET/PREFIX   Library folder, or a team library on S3-compatible storage
                       (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
                       AWS_PROFILE, AWS_ALLOW_HTTP=true; default: ${defaultLibraryDir()})
  --json               Machine-readable output
  -h, --help           This help`;

class UsageError extends Error {}

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  collection: { type: 'string' },
  k: { type: 'string', short: 'k' },
  queries: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  model: { type: 'string' },
  embedding: { type: 'boolean' },
  key: { type: 'string' },
} satisfies ParseArgsConfig['options'];

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
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

  let engine: Engine | undefined;
  // The embedding model from settings (genten models use FILE --embedding): index embeds with it,
  // search and ask go hybrid once the library has its vectors. Its weights load only when needed.
  let embedding: EmbeddingModel | undefined;
  try {
    const k = values.k === undefined ? undefined : Number(values.k);
    if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 100)) throw new UsageError('-k takes a whole number from 1 to 100');
    const handlers: Record<string, () => Promise<number>> = {
      index: async () => {
        if (rest.length === 0) throw new UsageError('index needs at least one file or folder');
        embedding = await configuredEmbedding(io);
        engine = await Engine.open({ libraryDir: await libraryOf(values.db), embedding });
        return runIndex(engine, rest, values.collection, Boolean(values.json), io);
      },
      search: async () => {
        if (values.queries) {
          if (rest.length > 0) throw new UsageError('give either a query or --queries FILE, not both');
          engine = await openExisting(values.db);
          engine.setEmbedding((embedding = await configuredEmbedding(io)));
          return runBatchSearch(engine, values.queries, { k, collection: values.collection }, io);
        }
        if (rest.length === 0) throw new UsageError('search needs a query');
        engine = await openExisting(values.db);
        engine.setEmbedding((embedding = await configuredEmbedding(io)));
        const query = rest.join(' ');
        const hits = await engine.search(query, { k, collection: values.collection });
        if (values.json) print(JSON.stringify({ query, hits: hits.map(hitJson) }));
        else print(formatHits(hits, Boolean(io.stdout.isTTY)));
        return 0;
      },
      status: async () => {
        engine = await openExisting(values.db);
        engine.setEmbedding((embedding = await configuredEmbedding(io)));
        const [status, vectors] = await Promise.all([engine.status(), engine.embeddingStatus()]);
        if (values.json) print(JSON.stringify({ ...status, embeddings: vectors }));
        else {
          print(`Library:    ${status.path} (${(status.sizeBytes / 1e6).toFixed(1)} MB)`);
          print(`Documents:  ${status.documents} · pages ${status.pages} · chunks ${status.chunks}`);
          if (status.collections.length) print(`Collections: ${status.collections.join(', ')}`);
          if (status.offlineCopy) {
            const minutes = Math.max(0, Math.round((Date.now() - Date.parse(status.offlineCopy.syncedAt)) / 60_000));
            print(`Offline copy of ${status.offlineCopy.source}, synced ${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} ago (${status.offlineCopy.syncedAt}); update: genten sync --db ${status.path}`);
          }
          if (vectors.libraryModel || vectors.model) {
            const use = vectors.hybrid ? 'used by search' : vectors.model ? 'not used until the next index run embeds with the set model' : 'not used: no embedding model is set';
            print(`Embeddings: ${vectors.vectors}/${vectors.chunks} passages (${vectors.libraryModel ?? 'none yet'}; ${use})`);
          }
          for (const f of status.failed) print(`Failed  ${f.code.padEnd(16)} ${f.path}\n        ${f.message}`);
          for (const f of status.stale) print(`Stale   ${f.code.padEnd(16)} ${f.path}\n        ${f.message}`);
        }
        return 0;
      },
      sync: async () => {
        if (rest.length > 1) throw new UsageError('sync takes one shared library: genten sync s3://BUCKET/PREFIX --db DIR');
        return (await import('./sync')).runSync({ source: rest[0], db: values.db, json: Boolean(values.json), stdout: io.stdout, stderr: io.stderr });
      },
      serve: async () => (await import('../server/serve')).runServe({ db: values.db, port: values.port, stdout: io.stdout, stderr: io.stderr }),
      ask: async () => {
        if (rest.length === 0) throw new UsageError('ask needs a question');
        engine = await openExisting(values.db);
        engine.setEmbedding((embedding = await configuredEmbedding(io)));
        const { runAsk } = await import('./ask');
        return runAsk(engine, { question: rest.join(' '), model: values.model, collection: values.collection, json: Boolean(values.json), stdout: io.stdout, stderr: io.stderr });
      },
      models: async () => (await import('./models')).runModels({ args: rest, json: Boolean(values.json), embedding: Boolean(values.embedding), serverModel: values.model, serverKey: values.key, stdout: io.stdout, stderr: io.stderr }),
      remove: async () => {
        if (rest.length === 0) throw new UsageError('remove needs at least one path');
        engine = await openExisting(values.db);
        const removed = await engine.remove(rest);
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
    io.stderr.write(`genten: ${info.message}${info.code === 'INTERNAL' ? '' : ` (${info.code})`}\n`);
    return 1;
  } finally {
    engine?.dispose();
    if (embedding) {
      await embedding.dispose().catch(() => undefined);
      await (await import('../core/llm/llama')).disposeLlama();
    }
  }
}

/** The embedding model set in settings, described without loading it; a file that is gone is a warning, not an error. */
async function configuredEmbedding(io: Io): Promise<EmbeddingModel | undefined> {
  const { embeddingModel } = await new SettingsStore(path.join(defaultDataDir(), 'settings.json')).get();
  if (!embeddingModel) return undefined;
  try {
    return await (await import('../core/embeddings/model-file')).openEmbeddingModel(embeddingModel);
  } catch (error) {
    io.stderr.write(`genten: the embedding model cannot be used, searching by keywords only: ${toErrorInfo(error).message}\n`);
    return undefined;
  }
}

/** --db, else the library set in the app's settings, else the default folder. */
async function libraryOf(db: string | undefined): Promise<string> {
  return db ?? (await new SettingsStore(path.join(defaultDataDir(), 'settings.json')).get()).library ?? defaultLibraryDir();
}

/** Search and status need a library that exists: never create an empty one by mistake. */
async function openExisting(db: string | undefined): Promise<Engine> {
  const dir = await libraryOf(db);
  const location = parseLocation(dir);
  if (location.kind === 's3') return Engine.open({ libraryDir: dir, create: false });
  if (!fs.existsSync(location.dir)) {
    throw new GentenError('LIBRARY_UNUSABLE', `No library at ${dir}. Index some documents first: genten index <folder>${db ? ` --db ${db}` : ''}`, dir);
  }
  return Engine.open({ libraryDir: dir });
}

async function runIndex(engine: Engine, paths: string[], collection: string | undefined, json: boolean, io: Io): Promise<number> {
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
    const summary = await engine.index({ paths, collection, signal: controller.signal, onProgress: (p) => progress.update(p) });
    progress.clear();
    if (json) {
      const { indexed, unchanged, removed, failed, documents, pages, chunks, seconds, skipped, cancelled, embedded } = summary;
      io.stdout.write(JSON.stringify({ indexed, unchanged, removed, skipped, failed, documents, pages, chunks, seconds: Number(seconds.toFixed(2)), cancelled, ...(embedded !== undefined ? { embedded } : {}) }) + '\n');
    } else {
      const lines = [
        summary.cancelled ? 'Cancelled: what was finished is kept; run the same command again to complete.' : 'Done.',
        `Indexed ${summary.indexed}, unchanged ${summary.unchanged}, removed ${summary.removed}, skipped ${summary.skipped}, failed ${summary.failed.length} in ${summary.seconds.toFixed(1)} s.`,
        `Library: ${summary.documents} documents, ${summary.pages} pages, ${summary.chunks} passages.`,
        ...(summary.embedded !== undefined ? [`Embedded ${summary.embedded} passages with ${engine.embedding?.name ?? 'the embedding model'}.`] : []),
        ...summary.failed.map((f) => `  ✗ ${f.code.padEnd(16)} ${f.path}\n    ${f.message}`),
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
  return { rank: hit.rank, score: hit.score, path: hit.path, title: hit.title, page: hit.page, pageEnd: hit.pageEnd, section: hit.section, text: hit.text, chunkId: hit.chunkId };
}

/** A passage shortened around its first highlight, with highlights marked. */
export function snippet(hit: Hit, color: boolean, width = 160): string {
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
      const pages = hit.pageEnd > hit.page ? `pp.${hit.page}-${hit.pageEnd}` : `p.${hit.page}`;
      const section = hit.section ? `  ${hit.section}` : '';
      return `${hit.rank}. ${hit.title}  ${pages}${section}\n   ${hit.path}\n   ${snippet(hit, color)}`;
    })
    .join('\n\n');
}
