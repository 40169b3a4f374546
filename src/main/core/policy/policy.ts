/**
 * The effective managed policy: read once from the machine's sources (registry, managed
 * preferences, machine-wide policy.json), merged strictest-wins, and the checks every host calls
 * before doing what it governs. What the policy forbids throws a GentenError with code POLICY and
 * a sentence the user understands. Tests build one with `Policy.fromObject` / `Policy.load({ sources })`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isObjectStorage } from '../store/location';
import { GentenError } from '../../../shared/errors';
import { POLICY_KEYS, type PolicyInvalidEntry, type PolicyKey, type PolicyReport, type PolicyValues } from '../../../shared/policy';
import { sizeLimits, type SizeLimits } from '../ingest/limits';
import { DEFAULT_OCR, type OcrSettings } from '../ocr/types';
import { isInside } from '../files/inside';
import { platformDataDir } from '../settings/paths';
import { parsePolicyObject, strictestSettings, urlMatchesPrefix, type PolicySettings } from './parse';
import { readPlistFile } from './plist';
import { readPolicyRegistry, runRegExe, type RunReg } from './registry';
import { describeSource, machinePolicySources, type PolicySourceSpec } from './sources';

export const DEFAULT_POLICY: PolicyValues = {
  modelDownloads: 'allow',
  allowedModelDirs: null,
  answerServers: null,
  dataDir: null,
  maxFileSizeMB: null,
  ocr: 'auto',
  serve: 'allow',
  audit: { enabled: false, dir: null, questions: 'hash' },
};

export interface LoadPolicyOptions {
  /** Where to look, in precedence order. Default: machinePolicySources() (this platform's). */
  sources?: PolicySourceSpec[];
  /** Runs reg.exe (Windows). Default: System32\reg.exe. */
  runReg?: RunReg;
  /** The platform (plist conversion). Default: process.platform. */
  platform?: NodeJS.Platform;
}

interface SourceReading {
  label: string;
  found: boolean;
  error?: string;
  settings: PolicySettings;
  invalid: PolicyInvalidEntry[];
}

/** Why each key can be locked, said to the user (the UI has its own ja/en words for these). */
const REFUSALS = {
  modelDownloads: 'Model downloads are turned off by your organisation.',
  serve: 'Browser mode (genten serve) is turned off by your organisation.',
} as const;

export class Policy {
  private readonly values: PolicyValues;
  private readonly winners = new Map<PolicyKey, string>();
  readonly invalid: PolicyInvalidEntry[];
  readonly hash: string;

  private constructor(private readonly readings: SourceReading[]) {
    this.values = structuredClone(DEFAULT_POLICY);
    this.invalid = readings.flatMap((r) => r.invalid);
    for (const reading of readings) this.merge(reading);
    this.hash = createHash('sha256').update(canonicalJson(this.values)).digest('hex');
  }

  /** No policy: everything allowed, the audit log off (a personal install). */
  static none(): Policy {
    return new Policy([]);
  }

  /** A policy given by code (tests, or a host that read it itself). */
  static fromObject(raw: unknown, label = 'injected'): Policy {
    const parsed = parsePolicyObject(raw, label, platformDataDir());
    return new Policy([{ label, found: true, ...parsed }]);
  }

  /** Reads every source; a missing one is skipped, an unreadable one fails closed. Never throws. */
  static async load(options: LoadPolicyOptions = {}): Promise<Policy> {
    const sources = options.sources ?? machinePolicySources();
    const readings: SourceReading[] = [];
    for (const spec of sources) readings.push(await readSource(spec, options));
    return new Policy(readings);
  }

  /** The effective value of every key. */
  effective(): PolicyValues {
    return structuredClone(this.values);
  }

  /**
   * Per-type file size limits under the policy's `maxFileSizeMB`: the smaller of each type's limit
   * (the defaults, or what `--max-size` asked for) and the policy's, so a user can lower a limit but
   * never raise one past it.
   */
  sizeLimits(requested: Partial<SizeLimits> = {}): Partial<SizeLimits> {
    const cap = this.values.maxFileSizeMB;
    if (cap === null) return requested;
    const limits = sizeLimits(requested);
    for (const type of Object.keys(limits) as Array<keyof SizeLimits>) limits[type] = Math.min(limits[type], cap * 1024 * 1024);
    return limits;
  }

  /** OCR for an index run: what was asked for (default auto), or off when the policy's `ocr` is "off". */
  ocrSettings(requested: OcrSettings | undefined): OcrSettings | undefined {
    return this.values.ocr === 'off' ? { langs: requested?.langs ?? DEFAULT_OCR.langs, mode: 'off' } : requested;
  }

  /** True when some source sets the key. */
  isManaged(key: PolicyKey): boolean {
    return this.winners.has(key);
  }

  /** 'default', or the source whose value won. */
  sourceOf(key: PolicyKey): string {
    return this.winners.get(key) ?? 'default';
  }

  /** Human-readable warnings: invalid entries and unreadable sources. */
  warnings(): string[] {
    return this.invalid.map((i) => `policy ${i.source}${i.key ? ` (${i.key})` : ''}: ${i.reason}`);
  }

  report(): PolicyReport {
    return {
      managed: this.winners.size > 0,
      values: this.effective(),
      keys: POLICY_KEYS.map((key) => ({ key, value: this.values[key], source: this.sourceOf(key), managed: this.isManaged(key) })),
      sources: this.readings.map((r) => ({ source: r.label, found: r.found, ...(r.error ? { error: r.error } : {}) })),
      invalid: this.invalid,
      hash: this.hash,
      telemetry: 'none',
    };
  }

  // ---------------------------------------------------------------------------------------
  // Checks: each throws GentenError('POLICY') when the policy forbids the action.

  /** Model downloads (`genten models pull`). */
  assertModelDownloads(): void {
    if (this.values.modelDownloads === 'deny') throw policyError(REFUSALS.modelDownloads, this.sourceOf('modelDownloads'));
  }

  /** Browser mode. */
  assertServe(): void {
    if (this.values.serve === 'deny') throw policyError(REFUSALS.serve, this.sourceOf('serve'));
  }

  /** True when an answer or embedding model may be loaded from `file`. */
  allowsModelFile(file: string): boolean {
    const dirs = this.values.allowedModelDirs;
    if (dirs === null) return true;
    const resolved = path.resolve(file);
    return dirs.some((dir) => isInside(resolved, dir, { orSame: false }));
  }

  assertModelFile(file: string): void {
    if (this.allowsModelFile(file)) return;
    const dirs = this.values.allowedModelDirs ?? [];
    throw policyError(
      dirs.length
        ? `${path.basename(file)} is not in a model folder your organisation allows (${dirs.join(', ')}).`
        : 'Local models are turned off by your organisation (no model folder is allowed).',
      this.sourceOf('allowedModelDirs'),
      file,
    );
  }

  /** True when answers may come from a server at `baseUrl`. */
  allowsAnswerServer(baseUrl: string): boolean {
    const servers = this.values.answerServers;
    if (servers === null) return true;
    return servers.allow.some((prefix) => urlMatchesPrefix(baseUrl, prefix));
  }

  assertAnswerServer(baseUrl: string): void {
    if (this.allowsAnswerServer(baseUrl)) return;
    const allow = this.values.answerServers?.allow ?? [];
    throw policyError(
      allow.length
        ? `Answer servers are limited by your organisation to ${allow.join(', ')}; ${baseUrl} is not one of them.`
        : 'Answer servers are turned off by your organisation.',
      this.sourceOf('answerServers'),
    );
  }

  /**
   * The data folder: the policy's when it sets one (then `requested`, e.g. GENTEN_DATA_DIR, is
   * ignored), else `requested`, else the platform default.
   */
  dataDir(requested?: string): string {
    return this.values.dataDir ?? requested ?? platformDataDir();
  }

  /** A library folder (`--db`) must be inside the policy's data folder when it sets one. */
  assertLibraryDir(dir: string): void {
    const root = this.values.dataDir;
    if (root === null) return;
    // A shared library (s3://…) is outside any folder: not allowed where the data must stay in one.
    const where = isObjectStorage(dir) ? dir.trim() : path.resolve(dir);
    if (!isObjectStorage(dir) && isInside(where, root)) return;
    throw policyError(`Your organisation keeps Genten's data in ${root}; a library at ${where} is not allowed.`, this.sourceOf('dataDir'), dir);
  }

  // ---------------------------------------------------------------------------------------

  private merge(reading: SourceReading): void {
    const s = reading.settings;
    const v = this.values;
    const win = (key: PolicyKey, takes: boolean) => {
      // The first source keeps the credit unless a later one is stricter.
      if (!this.winners.has(key) || takes) this.winners.set(key, reading.label);
    };
    if (s.modelDownloads !== undefined) {
      const takes = s.modelDownloads === 'deny' && v.modelDownloads !== 'deny';
      if (!this.winners.has('modelDownloads') || takes) v.modelDownloads = s.modelDownloads;
      win('modelDownloads', takes);
    }
    if (s.serve !== undefined) {
      const takes = s.serve === 'deny' && v.serve !== 'deny';
      if (!this.winners.has('serve') || takes) v.serve = s.serve;
      win('serve', takes);
    }
    if (s.ocr !== undefined) {
      const takes = s.ocr === 'off' && v.ocr !== 'off';
      if (!this.winners.has('ocr') || takes) v.ocr = s.ocr;
      win('ocr', takes);
    }
    if (s.maxFileSizeMB !== undefined) {
      const takes = v.maxFileSizeMB !== null && s.maxFileSizeMB < v.maxFileSizeMB;
      if (!this.winners.has('maxFileSizeMB') || takes) v.maxFileSizeMB = s.maxFileSizeMB;
      win('maxFileSizeMB', takes);
    }
    if (s.allowedModelDirs !== undefined) {
      // Both sources must allow a folder: keep what lies inside a folder of the other list.
      const mine = s.allowedModelDirs;
      const theirs = v.allowedModelDirs;
      v.allowedModelDirs =
        theirs === null
          ? mine
          : [...new Set([...theirs.filter((d) => mine.some((m) => isInside(d, m))), ...mine.filter((d) => theirs.some((t) => isInside(d, t)))])];
      win('allowedModelDirs', theirs !== null && (v.allowedModelDirs?.length ?? 0) < theirs.length);
    }
    if (s.answerServers !== undefined) {
      const mine = s.answerServers.allow;
      const theirs = v.answerServers?.allow ?? null;
      const narrower = (a: string, list: string[]) => list.some((b) => urlMatchesPrefix(a, b) || a === b);
      v.answerServers = {
        allow: theirs === null ? mine : [...new Set([...theirs.filter((t) => narrower(t, mine)), ...mine.filter((m) => narrower(m, theirs))])],
      };
      win('answerServers', theirs !== null && v.answerServers.allow.length < theirs.length);
    }
    if (s.dataDir !== undefined && !this.winners.has('dataDir')) {
      v.dataDir = s.dataDir;
      win('dataDir', false);
    }
    if (s.audit !== undefined) {
      const had = this.winners.has('audit');
      if (s.audit.enabled === true) v.audit.enabled = true;
      else if (s.audit.enabled === false && !had) v.audit.enabled = false;
      if (s.audit.dir !== undefined && (!had || v.audit.dir === null)) v.audit.dir = s.audit.dir;
      if (s.audit.questions !== undefined && !had) v.audit.questions = s.audit.questions;
      win('audit', had && s.audit.enabled === true);
    }
  }
}

export function policyError(message: string, source: string, file?: string): GentenError {
  return new GentenError('POLICY', `${message} (policy: ${source})`, file);
}

async function readSource(spec: PolicySourceSpec, options: LoadPolicyOptions): Promise<SourceReading> {
  const label = describeSource(spec);
  const fallback = platformDataDir();
  let raw: unknown;
  try {
    if (spec.kind === 'registry') raw = await readPolicyRegistry(spec.key, options.runReg ?? runRegExe);
    else if (spec.kind === 'plist') raw = await readPlistFile(spec.path, options.platform);
    else {
      let text: string;
      try {
        text = await fs.readFile(spec.path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') raw = null;
        else throw error;
        text = '';
      }
      if (raw !== null) raw = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    }
  } catch (error) {
    // Fail closed: a source that exists but cannot be read or parsed gives every key its strictest value.
    const reason = `cannot be read (${(error as Error).message}): every key takes its strictest value until it is fixed`;
    return { label, found: true, error: (error as Error).message, settings: strictestSettings(fallback), invalid: [{ source: label, key: '', reason }] };
  }
  if (raw === null || raw === undefined) return { label, found: false, settings: {}, invalid: [] };
  return { label, found: true, ...parsePolicyObject(raw, label, fallback) };
}

/** JSON with object keys sorted, so the same policy always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
