/**
 * Validates what one policy source says. A key with an invalid value takes its strictest reading
 * (fail closed) and is reported; an unreadable source gives the strictest reading of every key.
 */
import path from 'node:path';
import { POLICY_KEYS, type AuditPolicy, type PolicyInvalidEntry, type PolicyKey, type PolicyValues } from '../../../shared/policy';

/** The keys one source sets (absent keys are not set). */
export type PolicySettings = { [K in Exclude<keyof PolicyValues, 'audit'>]?: NonNullable<PolicyValues[K]> } & { audit?: Partial<AuditPolicy> };

export interface ParsedSource {
  settings: PolicySettings;
  invalid: PolicyInvalidEntry[];
}

/**
 * The strictest reading of each key, used for a value that cannot be understood: no downloads, no
 * model folders, no answer servers, no files (0 MB), no OCR, no browser mode, the audit log on with
 * question hashes (proof of what was asked without keeping the text). `dataDir` falls back to the
 * platform's default data folder, which the user then cannot move.
 */
export function strictestSettings(defaultDataDir: string): Required<Omit<PolicySettings, 'audit'>> & { audit: AuditPolicy } {
  return {
    modelDownloads: 'deny',
    allowedModelDirs: [],
    answerServers: { allow: [] },
    dataDir: defaultDataDir,
    maxFileSizeMB: 0,
    ocr: 'off',
    serve: 'deny',
    audit: { enabled: true, dir: null, questions: 'hash' },
  };
}

const ENUMS: Partial<Record<PolicyKey, readonly string[]>> = {
  modelDownloads: ['allow', 'deny'],
  ocr: ['auto', 'off'],
  serve: ['allow', 'deny'],
};

/** Parses one source's object. `source` names it in reports; `defaultDataDir` is dataDir's strictest reading. */
export function parsePolicyObject(raw: unknown, source: string, defaultDataDir: string): ParsedSource {
  const strict = strictestSettings(defaultDataDir);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: strict, invalid: [{ source, key: '', reason: 'not a JSON object: every key takes its strictest value' }] };
  }
  const settings: PolicySettings = {};
  const invalid: PolicyInvalidEntry[] = [];
  const bad = (key: string, reason: string) => invalid.push({ source, key, reason });

  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === 'telemetry') {
      bad(key, 'Genten has no telemetry: there is nothing to turn on or off (ignored)');
      continue;
    }
    if (key === '$schema' || key === 'comment') continue;
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      bad(key, `unknown key (ignored); known keys: ${POLICY_KEYS.join(', ')}`);
      continue;
    }
    const k = key as PolicyKey;
    const enumValues = ENUMS[k];
    if (enumValues) {
      if (typeof value === 'string' && enumValues.includes(value)) (settings as Record<string, unknown>)[k] = value;
      else {
        bad(k, `must be ${enumValues.map((v) => `"${v}"`).join(' or ')}, not ${JSON.stringify(value)}: using "${strict[k as 'ocr']}"`);
        (settings as Record<string, unknown>)[k] = strict[k as 'ocr'];
      }
      continue;
    }
    switch (k) {
      case 'allowedModelDirs': {
        const list = typeof value === 'string' ? [value] : value;
        if (!Array.isArray(list)) {
          bad(k, `must be a list of folders, not ${JSON.stringify(value)}: no model folder is allowed`);
          settings.allowedModelDirs = [];
          break;
        }
        settings.allowedModelDirs = [];
        for (const dir of list) {
          if (typeof dir === 'string' && isAbsolutePath(dir)) settings.allowedModelDirs.push(normalisePath(dir));
          else bad(k, `${JSON.stringify(dir)} is not an absolute folder path (left out)`);
        }
        break;
      }
      case 'answerServers': {
        const allow = value && typeof value === 'object' && !Array.isArray(value) ? (value as { allow?: unknown }).allow : undefined;
        const list = typeof allow === 'string' ? [allow] : allow;
        if (!Array.isArray(list)) {
          bad(k, `must be {"allow": [URL prefixes]}, not ${JSON.stringify(value)}: no answer server is allowed`);
          settings.answerServers = { allow: [] };
          break;
        }
        settings.answerServers = { allow: [] };
        for (const prefix of list) {
          const normalised = typeof prefix === 'string' ? normaliseUrlPrefix(prefix) : null;
          if (normalised) settings.answerServers.allow.push(normalised);
          else bad(k, `${JSON.stringify(prefix)} is not an http(s) URL prefix (left out)`);
        }
        break;
      }
      case 'dataDir':
        if (typeof value === 'string' && isAbsolutePath(value)) settings.dataDir = normalisePath(value);
        else {
          bad(k, `must be an absolute folder path, not ${JSON.stringify(value)}: the data folder stays at ${defaultDataDir} and cannot be moved`);
          settings.dataDir = strict.dataDir;
        }
        break;
      case 'maxFileSizeMB':
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0) settings.maxFileSizeMB = value;
        else {
          bad(k, `must be a number of megabytes ≥ 0, not ${JSON.stringify(value)}: no file can be indexed until it is fixed`);
          settings.maxFileSizeMB = 0;
        }
        break;
      case 'audit':
        settings.audit = parseAudit(value, (reason) => bad('audit', reason));
        break;
    }
  }
  return { settings, invalid };
}

function parseAudit(value: unknown, bad: (reason: string) => void): Partial<AuditPolicy> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    bad(`must be {"enabled", "dir", "questions"}, not ${JSON.stringify(value)}: the log is on, with question hashes`);
    return { enabled: true, questions: 'hash' };
  }
  const audit: Partial<AuditPolicy> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'enabled') {
      // The registry has no booleans: a DWORD 0/1 reads as false/true.
      if (typeof v === 'boolean' || v === 0 || v === 1) audit.enabled = Boolean(v);
      else {
        bad(`audit.enabled must be true or false, not ${JSON.stringify(v)}: the log is on`);
        audit.enabled = true;
      }
    } else if (key === 'dir') {
      if (typeof v === 'string' && isAbsolutePath(v)) audit.dir = normalisePath(v);
      else bad(`audit.dir must be an absolute folder path, not ${JSON.stringify(v)}: the log stays in the data folder`);
    } else if (key === 'questions') {
      if (v === 'full' || v === 'hash' || v === 'none') audit.questions = v;
      else {
        bad(`audit.questions must be "full", "hash" or "none", not ${JSON.stringify(v)}: questions are logged as hashes`);
        audit.questions = 'hash';
      }
    } else bad(`unknown key audit.${key} (ignored)`);
  }
  return audit;
}

/** Absolute on this platform, or a Windows drive/UNC path (policies are written for their platform). */
function isAbsolutePath(p: string): boolean {
  return p.length > 0 && !p.includes('\u0000') && (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'));
}

/** Resolves `..` in a path of this platform; a path written for another (C:\ on Linux) stays as written. */
function normalisePath(p: string): string {
  return path.isAbsolute(p) ? path.resolve(p) : p;
}

/** `http(s)://host[:port][/path]`, lower-cased scheme and host; null when not a URL prefix. */
export function normaliseUrlPrefix(prefix: string): string | null {
  let url: URL;
  try {
    url = new URL(prefix.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  const pathPart = prefix.trim().replace(/^https?:\/\/[^/]+/i, '');
  return `${url.protocol}//${url.host}${pathPart}`;
}

/**
 * True when `url` is under `prefix`: the same scheme, host and port, and a path that starts with
 * the prefix's path at a segment boundary (`http://llm.intra` does not allow `http://llm.intra.evil`).
 * A prefix with no port and no path allows any port of that host.
 */
export function urlMatchesPrefix(url: string, prefix: string): boolean {
  const candidate = normaliseUrlPrefix(url);
  if (!candidate) return false;
  if (candidate === prefix) return true;
  if (!candidate.startsWith(prefix)) return false;
  if (prefix.endsWith('/')) return true;
  const next = candidate[prefix.length];
  if (next === '/' || next === '?' || next === '#') return true;
  const hostOnly = /^https?:\/\/[^/:]+$/.test(prefix);
  return next === ':' && hostOnly;
}
