/**
 * Reads the Windows policy key (HKLM\SOFTWARE\Policies\Genten) with `reg query … /s`, so no native
 * module is needed. Values keep the JSON names: REG_SZ is a string (or JSON when it starts with
 * `{` or `[`), REG_DWORD/REG_QWORD a number, REG_MULTI_SZ a list; a subkey (`audit`,
 * `answerServers`) is an object.
 */
import { execFile } from 'node:child_process';

export const POLICY_REGISTRY_KEY = 'HKLM\\SOFTWARE\\Policies\\Genten';

export interface RegQueryResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunReg = (args: string[]) => Promise<RegQueryResult>;

/** Runs reg.exe from System32 (never a `reg` found on PATH), in the 64-bit view. */
export const runRegExe: RunReg = (args) =>
  new Promise((resolve) => {
    const systemRoot = process.env.SystemRoot && /^[A-Za-z]:\\/.test(process.env.SystemRoot) ? process.env.SystemRoot : 'C:\\Windows';
    execFile(`${systemRoot}\\System32\\reg.exe`, args, { windowsHide: true, timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && !stdout ? error.message : '') });
    });
  });

/** The key as an object, or null when it does not exist. Throws when reg.exe fails otherwise. */
export async function readPolicyRegistry(key = POLICY_REGISTRY_KEY, run: RunReg = runRegExe): Promise<Record<string, unknown> | null> {
  const result = await run(['query', key, '/s', '/reg:64']);
  if (result.code !== 0) {
    // reg.exe exits 1 with "unable to find the specified registry key" when there is no policy.
    if (/unable to find|見つかりません|not find/i.test(result.stderr + result.stdout) || (!result.stdout.trim() && result.code === 1)) return null;
    throw new Error(`reg query ${key} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
  return parseRegQuery(result.stdout, key);
}

const VALUE_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/** Parses the output of `reg query KEY /s` into nested objects, rooted at KEY. */
export function parseRegQuery(output: string, rootKey = POLICY_REGISTRY_KEY): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const rootLong = longForm(rootKey).toLowerCase();
  let current: Record<string, unknown> | null = null;
  for (const rawLine of output.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+$/, '');
    if (!line.trim()) continue;
    if (!line.startsWith(' ')) {
      const keyPath = longForm(line.trim());
      if (!keyPath.toLowerCase().startsWith(rootLong)) {
        current = null;
        continue;
      }
      current = root;
      for (const part of keyPath.slice(rootLong.length).split('\\').filter(Boolean)) {
        const next = current[part];
        current = (current[part] = next && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
      }
      continue;
    }
    const match = VALUE_LINE.exec(line);
    if (!match || !current) continue;
    const [, name, type, data = ''] = match;
    if (name === '(Default)' || name === '(既定)') continue;
    current[name] = regValue(type, data);
  }
  return root;
}

function regValue(type: string, data: string): unknown {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return Number(data);
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0').filter((s) => s !== '');
    case 'REG_SZ':
    case 'REG_EXPAND_SZ': {
      const text = data.trim();
      if (text.startsWith('{') || text.startsWith('[')) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text; // reported as an invalid value by the parser
        }
      }
      return data;
    }
    default:
      return data;
  }
}

function longForm(key: string): string {
  return key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/i, 'HKEY_CURRENT_USER\\');
}
