/**
 * `npm run dist [-- --win|--mac|--linux …]`: builds the app and the installers of
 * electron-builder.yml. Neither Electron's binary nor electron-builder's tools (NSIS, WiX, fpm,
 * AppImage) can be downloaded everywhere, so: a missing binary ends in one sentence before any
 * work; a failing electron-builder ends in one sentence naming its log, never a stack trace.
 * Electron comes from node_modules/electron/dist (electronDist): nothing is downloaded for it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../src/main/cli/start';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(sentence: string): never {
  process.stderr.write(`npm run dist: ${sentence}\n`);
  process.exit(1);
}

function main(args: string[]): void {
  const electron = electronBinary();
  if ('missing' in electron) {
    fail(
      `no installer was built: ${electron.missing}; installers need it, and electron-builder's NSIS/WiX tools, on the build machine (see docs/deploying.md).`,
    );
  }
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) fail('the app did not build (electron-vite build failed; its messages are above).');

  const logFile = path.join(root, 'dist', 'electron-builder.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  const run = spawnSync(process.execPath, [cli, '--config', 'electron-builder.yml', `--config.electronDist=${electron.distDir}`, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  fs.writeFileSync(logFile, `${run.stdout ?? ''}\n${run.stderr ?? ''}`);
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
    const download = /download|ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED/i.test(output);
    fail(
      download
        ? `electron-builder needs tools it downloads (NSIS, WiX, fpm, AppImage kit) and there is no network; no installer was built (details: ${path.relative(root, logFile)}).`
        : `electron-builder could not build the installers (${reason(output)}); no installer was built (details: ${path.relative(root, logFile)}).`,
    );
  }
  process.stdout.write(`Installers are in ${path.join(root, 'dist')}\n`);
}

/** electron-builder's own one-line reason (its "⨯ …" line), without the stack trace that follows. */
function reason(output: string): string {
  const line = /⨯\s+(.+?)(?:\s{2,}failedTask=|\n|$)/.exec(output)?.[1];
  return line ? line.slice(0, 200) : 'see its log';
}

main(process.argv.slice(2));
