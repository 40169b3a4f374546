/**
 * Which model answers, from the settings: IT's on-premises server when one is set, else the local
 * GGUF file, else none (extractive answers). One place, so the CLI and the app agree.
 */
import type { Settings } from '../../shared/api';
import type { ChatModel } from '../core/llm/types';

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
