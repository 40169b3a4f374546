/**
 * Which model answers, from the settings: IT's on-premises server when one is set, else the local
 * GGUF file, else none (extractive answers). One place, so the CLI and the app agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import type { AnswerModelRef } from '../core/audit/audited';
import { skipsModel } from '../core/answer/answer-question';
import type { AnswerStyle } from '../core/answer/types';
import type { ChatModel, PromptStyle } from '../core/llm/types';
import type { Policy } from '../core/policy/policy';

export interface AnswerModelSource {
  /** Identifies the choice: a change of key means the loaded model must be replaced. */
  key: string;
  /** The local GGUF file, when the model is one (not a server). */
  file?: string;
  open(options?: { signal?: AbortSignal }): Promise<ChatModel>;
  /** Its name and prompt style, without loading it (a GGUF file's header says whether it has a chat template). */
  describe(): Promise<ModelDescription>;
}

export interface ModelDescription {
  name: string;
  promptStyle: PromptStyle;
}

/** Header reads by file, size and time: reading Gemma's 262k-token vocabulary past takes most of a second. */
const descriptions = new Map<string, Promise<ModelDescription>>();

function describeFile(file: string): Promise<ModelDescription> {
  let stamp = '';
  try {
    const stat = fs.statSync(file);
    stamp = `${stat.size} ${stat.mtimeMs}`;
  } catch {
    // A missing file: the header read below fails with the reason, and open() would too.
  }
  const key = `${file} ${stamp}`;
  let described = descriptions.get(key);
  if (!described) {
    described = import('../core/llm/llama')
      .then(({ readGgufHeader }) => readGgufHeader(file))
      .then((header): ModelDescription => ({ name: path.basename(file), promptStyle: header.hasChatTemplate ? 'chat' : 'completion' }));
    described.catch(() => descriptions.delete(key));
    descriptions.set(key, described);
  }
  return described;
}

export function answerModelSource(settings: Pick<Settings, 'answerModel' | 'answerServer'>): AnswerModelSource | null {
  const server = settings.answerServer;
  if (server) {
    return {
      key: `server ${server.baseUrl} ${server.model}`,
      open: async () => new (await import('../core/llm/openai-compatible')).OpenAiCompatibleChatModel(server),
      // A server's models are chat models (its API is chat completions).
      describe: async () => ({ name: server.model, promptStyle: 'chat' }),
    };
  }
  const file = settings.answerModel;
  if (!file) return null;
  return {
    key: `file ${file}`,
    file,
    open: async ({ signal } = {}) => (await import('../core/llm/llama')).loadModel(file, { signal }),
    describe: () => describeFile(file),
  };
}

/**
 * The source a run will ask under `style`, or null: 'extractive' asks none, and 'auto' skips a base
 * model (its header says so, nothing loaded). Reviews use it with 'auto', so a skipped model is
 * neither loaded nor named as the one that answered.
 */
export async function sourceAskedFor(source: AnswerModelSource | null, style: AnswerStyle | undefined): Promise<AnswerModelSource | null> {
  if (!source || style === 'extractive') return null;
  const described = await source.describe().catch(() => null);
  return skipsModel(style, described?.promptStyle) ? null : source;
}

/**
 * The model a CLI command answers with: `--model FILE` for this command, else the settings' choice,
 * checked against the policy (POLICY when it forbids the file or the server), with the reference
 * the audit log records. `genten ask` and `genten review` share it.
 */
export function commandAnswerModel(options: { model?: string; settings: Pick<Settings, 'answerModel' | 'answerServer'>; policy: Policy }): {
  source: AnswerModelSource | null;
  ref: AnswerModelRef;
} {
  const { model, settings, policy } = options;
  if (model && !/\.gguf$/i.test(model)) throw new GentenError('BAD_REQUEST', `${model} is not a GGUF model file.`, model);
  const source = answerModelSource(model ? { answerModel: path.resolve(model), answerServer: null } : settings);
  if (source?.file) {
    policy.assertModelFile(source.file);
    return { source, ref: { file: source.file } };
  }
  if (source && settings.answerServer) {
    policy.assertAnswerServer(settings.answerServer.baseUrl);
    return { source, ref: { server: settings.answerServer.baseUrl, model: settings.answerServer.model } };
  }
  return { source, ref: null };
}
