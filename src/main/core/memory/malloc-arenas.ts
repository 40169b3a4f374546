/**
 * glibc gives each thread that contends for the allocator its own arena (up to 8 per core) and
 * keeps what LanceDB's threads freed in them: most of the indexer's peak at 100,000 pages
 * (docs/team-library.md: 1,517 MB by default, 1,110 MB with two arenas). MALLOC_ARENA_MAX is read
 * only when a process starts, and Node 20 cannot re-exec itself; mallopt(M_ARENA_MAX) has the same
 * effect on arenas created after it, so the long-running commands and the app call it first thing,
 * before any native thread starts. Through koffi (prebuilt FFI from npm; nothing is compiled).
 */
import { createRequire } from 'node:module';

/** mallopt's parameter number for the arena cap (glibc malloc.h). */
const M_ARENA_MAX = -8;
/** Two arenas: measured above; one would serialise LanceDB's threads on one lock. */
export const ARENAS = 2;

/** 'unsupported': not Linux, or no glibc (musl has no libc.so.6 and other arenas). */
export type ArenaLimit = 'set' | 'environment' | 'unsupported';

/**
 * Caps glibc's malloc arenas at ARENAS for the rest of the process, unless MALLOC_ARENA_MAX is set
 * (the administrator's choice wins). Never throws: without it Genten only uses more memory.
 */
export function limitMallocArenas(env: NodeJS.ProcessEnv = process.env): ArenaLimit {
  if (env.MALLOC_ARENA_MAX) return 'environment';
  if (process.platform !== 'linux') return 'unsupported';
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const mallopt = koffi.load('libc.so.6').func('int mallopt(int param, int value)') as (param: number, value: number) => number;
    return mallopt(M_ARENA_MAX, ARENAS) === 1 ? 'set' : 'unsupported';
  } catch {
    return 'unsupported';
  }
}
