/**
 * Which model answers, from the settings: IT's on-premises server when one is set, else the local
 * GGUF file, else none (extractive answers). One place, so the CLI and the app agree.
 */
import path from 'node:path';
import type { Settings } from '../../shared/api';
import { GentenError } from '../../shared/errors';
import type { AnswerModelRef } from '../core/audit/audited';
import type { ChatModel } from '../core/llm/types';
import type { Policy } from '../core/policy/policy';

export interface AnswerModelSource {
  /** Identifies the choice: a change of key means the loaded model must be replaced. */
  key: string;
  /** The local GGUF file, when the model is one (not a server). */
  file?: string;
  open(options?: { signal?: AbortSignal }): Promise<ChatModel>;
}

export function answerModelSource(settings: Pick<Settings, 'answerModel' | 'answerServer'>): AnswerModelSource | null {
  const server = settings.answerServer;
  if (server) {
    return {
      key: `server ${server.baseUrl} ${server.model}`,
      open: async () => new (await import('../core/llm/openai-compatible')).OpenAiCompatibleChatModel(server),
    };
  }
  const file = settings.answerModel;
  if (!file) return null;
  return { key: `file ${file}`, file, open: async ({ signal } = {}) => (await import('../core/llm/llama')).loadModel(file, { signal }) };
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
