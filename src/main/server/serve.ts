/**
 * `genten serve [--db DIR] [--port N]`: opens the library, makes sure the renderer is built,
 * serves both on 127.0.0.1 and prints the URL (with its token) to open. Stops on Ctrl+C.
 */
import { GentenError } from '../../shared/errors';
import os from 'node:os';
import path from 'node:path';
import { GentenService, uploadsDirFor } from '../api/service';
import { Policy } from '../core/policy/policy';
import { defaultDataDir } from '../core/settings/paths';
import { chosenLibrary } from '../api/settings-store';
import { ensureRendererBuilt } from './renderer-build';
import { startServer, type RunningServer } from './server';

export interface ServeOptions {
  db?: string;
  /** Port as typed by the user. Default: 4310, or a free port when 4310 is taken. */
  port?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /**
   * Folders the browser may index and read (--allow-root, absolute). Default: the user's home
   * folder and the library's uploads folder.
   */
  allowRoots?: string[];
  /** Resolves the returned promise when aborted (tests); Ctrl+C and SIGTERM do the same. */
  signal?: AbortSignal;
  /** The managed policy. Default: the machine's. */
  policy?: Policy;
}

export const DEFAULT_PORT = 4310;

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GentenError('BAD_REQUEST', `--port takes a whole number from 0 to 65535, not "${text}"`);
  return port;
}

export async function runServe(options: ServeOptions): Promise<number> {
  const port = parsePort(options.port);
  const policy = options.policy ?? (await Policy.load());
  // Browser mode is one of the things a policy can turn off: refused before anything opens.
  policy.assertServe();
  const dataDir = policy.dataDir(defaultDataDir());
  // --db, else the library chosen in the app's settings (a folder or s3://…), else the data folder's.
  const libraryDir = await chosenLibrary(dataDir, options.db);
  const relative = options.allowRoots?.find((dir) => !path.isAbsolute(dir));
  if (relative !== undefined) throw new GentenError('BAD_REQUEST', `--allow-root needs an absolute folder, not "${relative}"`);
  const allowedRoots = options.allowRoots?.length ? options.allowRoots : [os.homedir(), path.resolve(uploadsDirFor(libraryDir, dataDir))];
  const service = await GentenService.open({ libraryDir, dataDir, policy, allowedRoots });
  let server: RunningServer | undefined;
  try {
    const rendererDir = await ensureRendererBuilt({ onBuild: (reason) => options.stderr.write(`Building the user interface (${reason})…\n`) });
    try {
      server = await startServer({ backend: service, port: port ?? DEFAULT_PORT, rendererDir });
    } catch (error) {
      if (port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      server = await startServer({ backend: service, port: 0, rendererDir });
    }
    // Listening for Ctrl+C and SIGTERM before the address is printed: a script that stops the
    // server as soon as it reads the address must find the handlers there.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      options.signal?.addEventListener('abort', stop, { once: true });
    });
    options.stdout.write(`Genten is running at ${server.url}\n`);
    options.stdout.write(`Open that address in a browser (it holds this session's access key). Library: ${libraryDir}. Press Ctrl+C to stop.\n`);
    options.stdout.write(`The browser may read only inside: ${allowedRoots.join(', ')} (--allow-root DIR to change).\n`);
    await stopped;
    return 0;
  } finally {
    await server?.close();
    await service.dispose();
  }
}
