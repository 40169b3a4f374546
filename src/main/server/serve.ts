/**
 * `genten serve [--db DIR] [--port N]`: opens the library, makes sure the renderer is built,
 * serves both on 127.0.0.1 and prints the URL (with its token) to open. Stops on Ctrl+C.
 */
import { GentenError } from '../../shared/errors';
import { GentenService } from '../api/service';
import path from 'node:path';
import { SettingsStore } from '../api/settings-store';
import { defaultDataDir, defaultLibraryDir } from '../core/settings/paths';
import { ensureRendererBuilt } from './renderer-build';
import { startServer, type RunningServer } from './server';

export interface ServeOptions {
  db?: string;
  /** Port as typed by the user. Default: 4310, or a free port when 4310 is taken. */
  port?: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves the returned promise when aborted (tests); Ctrl+C and SIGTERM do the same. */
  signal?: AbortSignal;
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
  // --db, else the library chosen in the app's settings (a folder or s3://…), else the default.
  const libraryDir = options.db ?? (await new SettingsStore(path.join(defaultDataDir(), 'settings.json')).get()).library ?? defaultLibraryDir();
  const service = await GentenService.open({ libraryDir });
  let server: RunningServer | undefined;
  try {
    const rendererDir = await ensureRendererBuilt({ onBuild: (reason) => options.stderr.write(`Building the user interface (${reason})…\n`) });
    try {
      server = await startServer({ backend: service, port: port ?? DEFAULT_PORT, rendererDir });
    } catch (error) {
      if (port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      server = await startServer({ backend: service, port: 0, rendererDir });
    }
    options.stdout.write(`Genten is running at ${server.url}\n`);
    options.stdout.write(`Open that address in a browser (it holds this session's access key). Library: ${libraryDir}. Press Ctrl+C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      options.signal?.addEventListener('abort', stop, { once: true });
    });
    return 0;
  } finally {
    await server?.close();
    await service.dispose();
  }
}
