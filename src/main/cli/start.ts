/**
 * `genten start` (`npm start`): the desktop app when Electron's binary is installed (electron-vite
 * builds main, preload and renderer, then starts it); otherwise one line saying why, and browser
 * mode (`genten serve`) with the URL to open. Its arguments go to `genten serve` (--db, --port).
 * A launcher in plain Node: it never runs inside Electron, so it lives with the CLI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../core/settings/paths';

/**
 * Path of the Electron executable, or why there is none. Reads what electron's installer wrote
 * (path.txt, dist/) instead of require('electron'), which would try to download the binary.
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env): { binary: string } | { missing: string } {
  const found = electronBinary(env);
  if ('missing' in found) return found;
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { missing: 'there is no display to open a window on' };
  return found;
}

/** The Electron executable that the electron package installed (no display needed: building installers uses it too). */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): { binary: string; distDir: string } | { missing: string } {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    : executable
      ? path.join(packageDir, 'dist', executable)
      : '';
  if (!binary || !fs.existsSync(binary)) return { missing: "Electron's binary is not installed (`npx install-electron` fetches it where there is a network)" };
  return { binary, distDir: env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist') };
}

/** Starts the desktop app or browser mode; `args` are `genten serve`'s options. */
export async function runStart(args: string[]): Promise<number> {
  const root = packageRoot();
  const electron = findElectron();
  if ('binary' in electron) {
    const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const child = spawn(process.execPath, [cli, 'preview', '--', ...args], { cwd: root, stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  }
  process.stderr.write(`Genten desktop: ${electron.missing}; starting browser mode instead.\n`);
  const { main: cli } = await import('./main');
  return cli(['serve', ...args]);
}
