/**
 * The user's settings (answer model, embedding model, UI language, OCR) in one JSON file in the data
 * folder. A missing or unreadable file gives the defaults; writes go through a temp file + rename.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/files/atomic-write';
import type { Settings } from '../../shared/api';
import { requestSchemas } from '../../shared/schemas';

export const DEFAULT_SETTINGS: Settings = { answerModel: null, answerServer: null, embeddingModel: null, language: 'system', library: null };

/** The settings file of a data folder. */
export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'settings.json');
}

/** The library to open: `db` (--db), else the one chosen in settings (a folder or s3://…), else the data folder's. */
export async function chosenLibrary(dataDir: string, db?: string): Promise<string> {
  return db ?? (await SettingsStore.forDataDir(dataDir).get()).library ?? path.join(dataDir, 'library');
}

export class SettingsStore {
  private cache?: Settings;

  constructor(readonly file: string) {}

  /** The store of a data folder's settings file. */
  static forDataDir(dataDir: string): SettingsStore {
    return new SettingsStore(settingsFile(dataDir));
  }

  async get(): Promise<Settings> {
    if (this.cache) return { ...this.cache };
    let stored: unknown;
    try {
      stored = JSON.parse(await fs.readFile(this.file, 'utf8'));
    } catch {
      // No file yet (first run) or a damaged one: defaults.
    }
    this.cache = settingsFrom(stored);
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
    await writeFileAtomic(this.file, JSON.stringify({ ...existing, ...next }, null, 2) + '\n', { mode: 0o600 });
    this.cache = next;
    return { ...next };
  }
}

const FIELDS = requestSchemas.updateSettings.shape;

function valid<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Settings from the file's JSON, each field checked by the schema the API validates updates with:
 * a field that is absent or not well formed (a hand-edited file) falls back to its default.
 */
export function settingsFrom(stored: unknown): Settings {
  const record = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const server = valid(FIELDS.answerServer, record.answerServer);
  const ocr = valid(FIELDS.ocr, record.ocr);
  return {
    answerModel: valid(FIELDS.answerModel, record.answerModel) ?? DEFAULT_SETTINGS.answerModel,
    // An empty key is no key.
    answerServer: server ? { baseUrl: server.baseUrl, model: server.model, ...(server.apiKey ? { apiKey: server.apiKey } : {}) } : null,
    embeddingModel: valid(FIELDS.embeddingModel, record.embeddingModel) ?? DEFAULT_SETTINGS.embeddingModel,
    language: valid(FIELDS.language, record.language) ?? DEFAULT_SETTINGS.language,
    library: valid(FIELDS.library, record.library) ?? DEFAULT_SETTINGS.library,
    ...(ocr ? { ocr } : {}),
    ...(valid(FIELDS.answerStyle, record.answerStyle) ? { answerStyle: valid(FIELDS.answerStyle, record.answerStyle) } : {}),
  };
}
