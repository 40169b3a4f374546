/**
 * The answer model the settings name, as the service holds it: loaded on first use and kept for the
 * next question, replaced when the settings name another, checked against the policy on every use
 * (POLICY when it forbids the file or the server), and described from its header without loading.
 */
import type { Settings } from '../../shared/api';
import type { AnswerModelRef } from '../core/audit/audited';
import type { ChatModel } from '../core/llm/types';
import type { Policy } from '../core/policy/policy';
import { answerModelSource, sourceAskedFor, type AnswerModelSource, type ModelDescription } from './answer-model';

export class AnswerModelSlot {
  private loaded?: { key: string; model: Promise<ChatModel> };

  constructor(
    private readonly settings: () => Promise<Settings>,
    private readonly policy: Policy,
  ) {}

  /** The model the settings name, for the audit log; throws POLICY when the policy forbids it. */
  async ref(): Promise<AnswerModelRef> {
    const { answerModel, answerServer } = await this.settings();
    if (answerServer) {
      this.policy.assertAnswerServer(answerServer.baseUrl);
      return { server: answerServer.baseUrl, model: answerServer.model };
    }
    if (answerModel) {
      this.policy.assertModelFile(answerModel);
      return { file: answerModel };
    }
    return null;
  }

  /** Its name and prompt style from its header (policy checked first, nothing loaded). */
  async describe(): Promise<ModelDescription | null> {
    await this.ref();
    return (await answerModelSource(await this.settings())?.describe()) ?? null;
  }

  /** What a review asks under the user's answer style: in 'auto' a base model is neither loaded nor recorded as the one that answered. */
  async reviewSource(): Promise<AnswerModelSource | null> {
    const settings = await this.settings();
    return sourceAskedFor(answerModelSource(settings), settings.answerStyle ?? 'auto');
  }

  /** The loaded model (loading it the first time); null when the settings name none. */
  async get(): Promise<ChatModel | null> {
    await this.ref();
    const source = answerModelSource(await this.settings());
    if (!source) return null;
    if (this.loaded?.key !== source.key) {
      await this.unload();
      const entry = { key: source.key, model: source.open() };
      this.loaded = entry;
      // A failed load is not kept: the next question tries again (the file may have been fixed).
      entry.model.catch(() => {
        if (this.loaded === entry) this.loaded = undefined;
      });
    }
    return this.loaded.model;
  }

  /** Frees the loaded model when these settings name another (or none). */
  async settingsChanged(settings: Settings): Promise<void> {
    if (this.loaded && this.loaded.key !== answerModelSource(settings)?.key) await this.unload();
  }

  async unload(): Promise<void> {
    const current = this.loaded;
    this.loaded = undefined;
    if (current) await (await current.model.catch(() => undefined))?.dispose();
  }
}
