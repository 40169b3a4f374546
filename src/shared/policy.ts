/**
 * Managed policy as the hosts and the renderer see it: the effective values, where each came from,
 * and the entries that were invalid. Pure types and constants (no node:*, no DOM, no electron).
 */

/** The keys an administrator can fix, with the same names in JSON files, the registry and plists. */
export const POLICY_KEYS = ['modelDownloads', 'allowedModelDirs', 'answerServers', 'dataDir', 'maxFileSizeMB', 'ocr', 'serve', 'audit'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

export type AuditQuestions = 'full' | 'hash' | 'none';

export interface AuditPolicy {
  enabled: boolean;
  /** Folder of the log; null: `<data folder>/audit`. */
  dir: string | null;
  /** How questions are written: the text, its SHA-256, or nothing. */
  questions: AuditQuestions;
}

export interface PolicyValues {
  modelDownloads: 'allow' | 'deny';
  /** Folders answer and embedding models may come from; null: anywhere. */
  allowedModelDirs: string[] | null;
  /** URL prefixes an answer server may have; null: any; an empty list: none. */
  answerServers: { allow: string[] } | null;
  /** The data folder (library, settings, models, audit log); null: the user's default. */
  dataDir: string | null;
  /** Largest file indexed, in MB; null: the app's own limit. */
  maxFileSizeMB: number | null;
  ocr: 'auto' | 'off';
  /** Browser mode (`genten serve`). */
  serve: 'allow' | 'deny';
  audit: AuditPolicy;
}

export interface PolicyInvalidEntry {
  /** The file, registry key or plist the entry is in. */
  source: string;
  /** The key ('' when the whole source is unreadable). */
  key: string;
  reason: string;
}

export interface PolicyKeyReport {
  key: PolicyKey;
  value: unknown;
  /** 'default', or the source that set it: 'file /etc/genten/policy.json', 'registry HKLM\…', 'plist …', 'injected'. */
  source: string;
  /** True when a policy source sets the key (the user cannot change it). */
  managed: boolean;
}

export interface PolicyReport {
  /** True when any source sets any key. */
  managed: boolean;
  values: PolicyValues;
  keys: PolicyKeyReport[];
  /** Every place looked at, whether it was found, and why it could not be read. */
  sources: Array<{ source: string; found: boolean; error?: string }>;
  invalid: PolicyInvalidEntry[];
  /** SHA-256 of the effective values (what every audit record carries). */
  hash: string;
  /** Genten sends nothing anywhere: there is no telemetry to turn off. */
  telemetry: 'none';
}
