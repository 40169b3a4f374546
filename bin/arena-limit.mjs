/**
 * glibc gives each thread that allocates a malloc arena of its own and keeps what those threads
 * free: LanceDB's and the workers' threads took `genten index` to 1.5 GB at 100,000 pages, 1.1 GB
 * with two arenas (docs/team-library.md). glibc reads MALLOC_ARENA_MAX only as a process starts,
 * and V8's threads have made their arenas before any JavaScript runs (mallopt from inside changed
 * nothing, measured). So the long-running commands execute themselves again in place, with the
 * setting: execve keeps the process id, stdio and what Ctrl-C or a kill does. One more Node
 * start-up (~70 ms), paid only by commands that index or serve; a one-shot search pays nothing.
 */
import { createRequire } from 'node:module';

/** Commands that index or stay up (indexing, serving, syncing a shared library, reviewing documents). */
const LONG_RUNNING = new Set(['index', 'serve', 'start', 'sync', 'review']);
export const ARENAS = '2';

/** Whether these arguments (after `genten`) should run with the arena limit: Linux (glibc), not already set, not opted out. */
export function wantsArenaLimit(args, env = process.env, platform = process.platform) {
  if (platform !== 'linux' || env.MALLOC_ARENA_MAX !== undefined) return false;
  // A child with an IPC channel (fork) would lose it: its descriptor is closed on exec.
  if (env.NODE_CHANNEL_FD !== undefined) return false;
  return args.some((arg) => LONG_RUNNING.has(arg));
}

/**
 * Replaces this process with the same command and MALLOC_ARENA_MAX set. Returns only when that
 * is not possible (no FFI for this platform, execve refused): the command then runs as it is.
 */
export function execWithArenaLimit(env = process.env) {
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const nextEnv = { ...env, MALLOC_ARENA_MAX: ARENAS };
  if (typeof process.execve === 'function') {
    // Node ≥ 22.15 does it natively, stdio included.
    try {
      process.execve(process.execPath, argv.slice(1), nextEnv);
    } catch {
      return;
    }
  }
  let libc;
  try {
    const koffi = createRequire(import.meta.url)('koffi');
    libc = koffi.load('libc.so.6');
  } catch {
    return;
  }
  const fcntl = libc.func('int fcntl(int fd, int cmd, int arg)');
  const execve = libc.func('int execve(const char *path, const char **argv, const char **envp)');
  // Node marks stdio close-on-exec; the next Node would find them closed and print nowhere.
  const F_SETFD = 2;
  for (const fd of [0, 1, 2]) fcntl(fd, F_SETFD, 0);
  const envp = Object.entries(nextEnv).map(([key, value]) => `${key}=${value}`);
  execve(process.execPath, [...argv, null], [...envp, null]);
}
