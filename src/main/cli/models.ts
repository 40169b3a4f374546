/** `genten models list | use | pull`: the GGUF models found, the one to answer with, downloads on request. */
import path from 'node:path';
import { formatBytes } from '../../shared/display';
import { GentenError } from '../../shared/errors';
import { answerServerSchema } from '../../shared/schemas';
import { checkModelFile, formatParameters, listModelsWithFit } from '../api/models';
import { SettingsStore } from '../api/settings-store';
import type { AuditLog } from '../core/audit/audit-log';
import type { Policy } from '../core/policy/policy';
import { isPinned, loadCatalogue } from '../core/models/catalogue';
import { defaultModelFolders, discoverModels } from '../core/models/discover';
import { readGgufHeader } from '../core/llm/llama';
import { pullModel } from '../core/models/pull';
import { formatDuration } from './progress';

export interface ModelsCommandOptions {
  args: string[];
  json: boolean;
  /** `use --embedding`: set the embedding model instead of the answer model. */
  embedding: boolean;
  /** `server URL --model NAME [--key KEY]`. */
  serverModel?: string;
  serverKey?: string;
  /** models pull: allow a catalogue entry without a pinned revision and SHA-256. */
  unverified?: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The data folder (settings, models), as the policy allows. */
  dataDir: string;
  policy: Policy;
  audit: AuditLog | null;
}

export async function runModels(options: ModelsCommandOptions): Promise<number> {
  const [action = 'list', target] = options.args;
  const { stdout } = options;
  const { dataDir, policy, audit } = options;
  const settingsStore = SettingsStore.forDataDir(dataDir);

  if (action === 'list') {
    const [{ folders, models: found, unreadable }, catalogue, settings] = await Promise.all([listModelsWithFit(dataDir), loadCatalogue(), settingsStore.get()]);
    if (options.json) {
      stdout.write(
        JSON.stringify({ folders, models: found, unreadable, catalogue, answerModel: settings.answerModel, embeddingModel: settings.embeddingModel }) + '\n',
      );
      return 0;
    }
    stdout.write(`Models folders: ${folders.join(', ')}\n`);
    if (found.length === 0) stdout.write('No GGUF models found. Copy a .gguf file into a models folder, or: genten models pull NAME\n');
    for (const m of found) {
      const mark = m.path === settings.answerModel ? ' (answer model)' : m.path === settings.embeddingModel ? ' (embedding model)' : '';
      stdout.write(
        `• ${m.fileName}${mark}\n  ${[m.kind, m.architecture, m.parameterCount ? `${formatParameters(m.parameterCount)} params` : null, m.quantization, m.contextLength ? `ctx ${m.contextLength}` : null, m.hasChatTemplate ? 'chat template' : 'no chat template', formatBytes(m.sizeBytes)].filter(Boolean).join(' · ')}\n  ${m.fits === false ? '✗ does not fit' : m.fits ? '✓ fits this machine' : '? fit unknown'}${m.fitReason ? `: ${m.fitReason}` : ''}\n`,
      );
    }
    for (const u of unreadable) stdout.write(`✗ ${u.path}: ${u.error.message}\n`);
    stdout.write('\nRecommended (genten models pull NAME, needs a network):\n');
    for (const c of catalogue)
      stdout.write(
        `  ${c.id.padEnd(28)} ${c.kind.padEnd(9)} ${formatBytes(c.sizeBytes).padStart(7)}  ${c.license}${isPinned(c) ? '' : '  (unverified: needs --unverified)'}\n`,
      );
    return 0;
  }

  if (action === 'use') {
    if (!target) throw new GentenError('BAD_REQUEST', 'models use needs a model file or name (see genten models list)');
    const { models } = await discoverModels(defaultModelFolders({ dataDir }));
    const byName = models.find((m) => m.fileName === target || m.fileName === `${target}.gguf` || m.name === target);
    const file = byName?.path ?? path.resolve(target);
    const key = options.embedding ? 'embeddingModel' : 'answerModel';
    checkModelFile(file, policy);
    await readGgufHeader(file); // a truncated or foreign file fails here with its reason, not at the first question
    audit?.record({ type: 'settings', changed: [key], [key]: file }, 'the model was not changed');
    await settingsStore.update({ [key]: file });
    stdout.write(options.json ? JSON.stringify({ [key]: file }) + '\n' : `${options.embedding ? 'Embedding' : 'Answer'} model: ${file}\n`);
    return 0;
  }

  if (action === 'pull') {
    if (!target) throw new GentenError('BAD_REQUEST', 'models pull needs a catalogue name (see genten models list)');
    policy.assertModelDownloads();
    const entry = (await loadCatalogue()).find((c) => c.id === target || c.fileName === target);
    if (!entry) throw new GentenError('NOT_FOUND', `No model named ${target} in the catalogue (see genten models list).`);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.on('SIGINT', onSigint);
    try {
      const unverified = !isPinned(entry);
      if (unverified && options.unverified)
        options.stderr.write(
          `genten: UNVERIFIED download: ${entry.fileName} is not pinned to a revision and a SHA-256; only its GGUF header will be checked.\n`,
        );
      audit?.record({ type: 'model.download', model: entry.id, url: entry.url }, 'the download was refused');
      const result = await pullModel(entry, {
        allowUnverified: options.unverified,
        destDir: path.join(dataDir, 'models'),
        signal: controller.signal,
        onProgress: (p) => {
          if (!options.stderr.isTTY) return;
          const pct = p.totalBytes ? ` ${((100 * p.receivedBytes) / p.totalBytes).toFixed(1)}%` : '';
          const eta = p.totalBytes && p.bytesPerSecond > 0 ? ` ETA ${formatDuration((p.totalBytes - p.receivedBytes) / p.bytesPerSecond)}` : '';
          options.stderr.write(`\r\x1b[2K${entry.fileName}${pct} ${formatBytes(p.receivedBytes)} · ${formatBytes(p.bytesPerSecond)}/s${eta}`);
        },
      });
      if (options.stderr.isTTY) options.stderr.write('\r\x1b[2K');
      audit?.record({ type: 'model.downloaded', file: result.path, sha256: result.sha256, verified: result.verified }, 'the download is not recorded');
      stdout.write(
        options.json
          ? JSON.stringify(result) + '\n'
          : `Saved ${result.path}${result.verified ? ' (checksum verified)' : ' (UNVERIFIED: no checksum to check it against)'}\n`,
      );
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
  if (action === 'server') {
    // IT's on-premises OpenAI-compatible endpoint, used instead of a local model; `off` removes it.
    if (!target) throw new GentenError('BAD_REQUEST', 'models server needs a URL (or "off")');
    if (target === 'off') {
      audit?.record({ type: 'settings', changed: ['answerServer'], answerServer: null }, 'the answer server was not changed');
      await settingsStore.update({ answerServer: null });
      stdout.write(options.json ? JSON.stringify({ answerServer: null }) + '\n' : 'Answer server removed: answers use the local model again.\n');
      return 0;
    }
    if (!options.serverModel) throw new GentenError('BAD_REQUEST', 'models server needs --model NAME (the model id the server expects)');
    // The schema the app's settings use: an http(s) URL and a model id.
    const parsed = answerServerSchema.safeParse({ baseUrl: target, model: options.serverModel, ...(options.serverKey ? { apiKey: options.serverKey } : {}) });
    if (!parsed.success)
      throw new GentenError(
        'BAD_REQUEST',
        parsed.error.issues.some((i) => i.path[0] === 'baseUrl') ? `${target} is not an http(s) URL.` : `models server: ${parsed.error.issues[0]!.message}`,
      );
    const answerServer = parsed.data;
    policy.assertAnswerServer(target);
    audit?.record({ type: 'settings', changed: ['answerServer'], answerServer: target }, 'the answer server was not changed');
    await settingsStore.update({ answerServer });
    stdout.write(
      options.json
        ? JSON.stringify({ answerServer: { ...answerServer, apiKey: answerServer.apiKey ? '***' : undefined } }) + '\n'
        : `Answers will come from ${target} (${options.serverModel}).\n`,
    );
    return 0;
  }
  throw new GentenError('BAD_REQUEST', `unknown models action "${action}" (list, use, pull, server)`);
}
