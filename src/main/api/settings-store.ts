/**
 * The user's settings (answer model, embedding model, UI language, OCR) in one JSON file in the data
 * folder. A missing or unreadable file gives the defaults; writes go through a temp file + rename.
 */
import fs from 'node:fs/promises';
import { writeFileAtomic } from '../core/settings/atomic-write';
import type { AnswerServer, OcrChoice, Settings } from '../../shared/api';

export const DEFAULT_SETTINGS: Settings = { answerModel: null, answerServer: null, embeddingModel: null, language: 'system' };

export class SettingsStore {
  private cache?: Settings;

  constructor(readonly file: string) {}

  async get(): Promise<Settings> {
    if (this.cache) return { ...this.cache };
    let stored: Partial<Settings> = {};
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object') stored = parsed as Partial<Settings>;
    } catch {
      // No file yet (first run) or a damaged one: defaults.
    }
    const language = stored.language === 'ja' || stored.language === 'en' ? stored.language : 'system';
    this.cache = {
      answerModel: typeof stored.answerModel === 'string' ? stored.answerModel : null,
      answerServer: answerServerOf(stored.answerServer),
      embeddingModel: typeof stored.embeddingModel === 'string' ? stored.embeddingModel : null,
      language,
      ...(ocrOf(stored.ocr) ? { ocr: ocrOf(stored.ocr) } : {}),
    };
    return { ...this.cache };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const current = await this.get();
    const next: Settings = { ...current };
    for (const key of Object.keys(patch) as Array<keyof Settings>) {
      if (patch[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = patch[key];
    }
    // Keep keys other tools may have written (e.g. the CLI's model choices).
    let existing: Record<string, unknown>;
    try {
      existing = JSON.parse(await fs.readFile(this.file, 'utf8')) as Record<string, unknown>;
    } catch {
      existing = {};
    }
    await writeFileAtomic(this.file, JSON.stringify({ ...existing, ...next }, null, 2) + '\n');
    this.cache = next;
    return { ...next };
  }
}

/** The OCR choice from the file, or undefined when absent or not well formed. */
function ocrOf(value: unknown): OcrChoice | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { mode, langs } = value as Record<string, unknown>;
  if ((mode !== 'off' && mode !== 'auto' && mode !== 'force') || typeof langs !== 'string' || !/^(jpn|eng|jpn_vert)(\+(jpn|eng|jpn_vert))*$/.test(langs)) return undefined;
  return { mode, langs };
}

/** An answer server from the file, or null when absent or not well formed (hand-edited files). */
function answerServerOf(value: unknown): AnswerServer | null {
  if (!value || typeof value !== 'object') return null;
  const { baseUrl, model, apiKey } = value as Record<string, unknown>;
  if (typeof baseUrl !== 'string' || !/^https?:\/\//i.test(baseUrl) || typeof model !== 'string' || !model) return null;
  return { baseUrl, model, ...(typeof apiKey === 'string' && apiKey ? { apiKey } : {}) };
}
