import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/local-s3.mjs');

export interface LocalS3 {
  endpoint: string;
  port: number;
  bucket: string;
  /** The variables a Genten process needs to reach it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts s3rver on 127.0.0.1 (a free port) in its own Node process, with one bucket. */
export async function startLocalS3(options: { dir: string; bucket?: string; port?: number }): Promise<LocalS3> {
  const child: ChildProcess = spawn(
    process.execPath,
    [SCRIPT, '--dir', options.dir, '--bucket', options.bucket ?? 'genten', '--port', String(options.port ?? 0)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`local S3 server exited with ${code}`)));
  });
  const info = JSON.parse(first) as { endpoint: string; port: number; bucket: string };
  return {
    ...info,
    env: { AWS_ENDPOINT_URL: info.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_ALLOW_HTTP: 'true', AWS_REGION: 'us-east-1' },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
