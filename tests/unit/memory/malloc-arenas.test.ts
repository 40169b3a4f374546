import { describe, expect, it } from 'vitest';
import { limitMallocArenas } from '../../../src/main/core/memory/malloc-arenas';

describe('limitMallocArenas', () => {
  it.runIf(process.platform === 'linux')('caps glibc arenas through mallopt on Linux (koffi from npm, nothing compiled)', () => {
    expect(limitMallocArenas({})).toBe('set');
  });

  it("leaves the administrator's MALLOC_ARENA_MAX alone", () => {
    expect(limitMallocArenas({ MALLOC_ARENA_MAX: '4' })).toBe('environment');
  });
});
