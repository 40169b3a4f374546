import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const GENTEN_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/genten.js');
/** Node arguments before GENTEN_BIN: no test reads the machine's managed policy (no-machine-policy.mjs). */
export const GENTEN_NODE_ARGS = ['--import', pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'no-machine-policy.mjs')).href];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `genten` executable in a child process, as a user would. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options.env, options.cwd);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function spawnCli(args: string[], env?: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
  return spawn(process.execPath, [...GENTEN_NODE_ARGS, GENTEN_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd });
}
