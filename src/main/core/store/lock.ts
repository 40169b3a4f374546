/**
 * One writer per library: a lock file holding the writer's pid. A lock left by a killed process
 * (its pid no longer runs) is taken over, so a SIGKILL never leaves the library unusable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';

const LOCK_FILE = 'genten.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface WriteLock {
  release(): void;
}

export function acquireWriteLock(libraryDir: string): WriteLock {
  fs.mkdirSync(libraryDir, { recursive: true });
  const file = path.join(libraryDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new GentenError('LIBRARY_UNUSABLE', `Cannot write to the library at ${libraryDir}: ${(error as Error).message}`, libraryDir);
      }
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && isRunning(pid)) {
        throw new GentenError('LIBRARY_LOCKED', `The library at ${libraryDir} is being updated by another Genten process (pid ${pid}); try again when it has finished.`, libraryDir);
      }
      fs.rmSync(file, { force: true }); // stale: its writer is gone
    }
  }
  throw new GentenError('LIBRARY_LOCKED', `Could not lock the library at ${libraryDir}.`, libraryDir);
}
