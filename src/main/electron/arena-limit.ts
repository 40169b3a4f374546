/**
 * The packaged app on Linux starts itself once more with glibc's malloc arenas capped, as the CLI
 * launcher does for indexing (bin/arena-limit.mjs says why): the app indexes in its main process,
 * and glibc reads MALLOC_ARENA_MAX only as a process starts. `genten start` already sets it for the
 * app it launches. Runs before the single-instance lock, so the new instance is the one that holds it.
 */
import { app } from 'electron';
import { ARENAS } from '../../../bin/arena-limit.mjs';

/** True when this instance is exiting for a relaunch with the setting (the caller does nothing more). */
export function relaunchWithArenaLimit(): boolean {
  if (!app.isPackaged || process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined) return false;
  process.env.MALLOC_ARENA_MAX = ARENAS;
  // An AppImage runs from a mount that goes away with this instance: relaunch the image itself.
  app.relaunch(process.env.APPIMAGE ? { execPath: process.env.APPIMAGE, args: process.argv.slice(1) } : undefined);
  app.exit(0);
  return true;
}
