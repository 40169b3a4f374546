/** `genten serve` for end-to-end tests: a real server on a free port, with its own data folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { GENTEN_BIN, GENTEN_NODE_ARGS } from './cli';

export interface Serve {
  child: ChildProcess;
  url: string;
}

/**
 * Starts `genten serve --db DB` (plus `args`, e.g. --allow-root; `env`, e.g. a local S3 server's
 * AWS_* variables) and resolves with its URL once it prints it.
 */
export function startServe(db: string, dataDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...GENTEN_NODE_ARGS, GENTEN_BIN, 'serve', '--db', db, '--port', '0', ...args], {
      env: { ...process.env, ...env, GENTEN_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`genten serve did not start:\n${out}\n${err}`)), 110_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /(http:\/\/127\.0\.0\.1:\d+\/t\/[^\s/]+\/)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`genten serve exited (${code}):\n${out}\n${err}`)));
  });
}

/** Stops the server as Ctrl+C would (SIGTERM), and kills it if it has not exited within 5 s. */
export async function stopServe(serve: Serve | undefined): Promise<void> {
  if (!serve || serve.child.exitCode !== null) return;
  const exited = new Promise((resolve) => serve.child.once('exit', resolve));
  serve.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
}
