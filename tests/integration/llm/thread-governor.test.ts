/**
 * The thread governor against the real machine: another process keeping a core busy takes that
 * core from the model's budget, and the budget comes back when it stops.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { othersBusyCores, ThreadGovernor, threadsLeft } from '../../../src/main/core/llm/thread-governor';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('threads left to a model', () => {
  it('is what other work leaves, rounded, at least one, at most what the model wants', () => {
    expect(threadsLeft(2, 2, 0)).toBe(2);
    expect(threadsLeft(2, 2, 0.3)).toBe(2);
    expect(threadsLeft(2, 2, 0.8)).toBe(1);
    expect(threadsLeft(2, 2, 2)).toBe(1);
    expect(threadsLeft(4, 8, 1)).toBe(4);
    expect(threadsLeft(8, 8, 3.2)).toBe(5);
  });

  it("counts the machine's busy time minus this process's own", () => {
    const before = { at: 0, busy: 0, total: 0, own: 0 };
    // 1 s on 2 cores = 2,000,000 µs in all; 1.5 cores busy, 1 core of it ours: others 0.5.
    expect(othersBusyCores(before, { at: 1000, busy: 1_500_000, total: 2_000_000, own: 1_000_000 }, 2)).toBeCloseTo(0.5);
    expect(othersBusyCores(before, { at: 1000, busy: 500_000, total: 2_000_000, own: 900_000 }, 2)).toBe(0);
  });
});

describe.runIf(process.platform === 'linux' && os.availableParallelism() >= 2)('the governor on this machine', () => {
  it('gives up a core while another process spins on one', async () => {
    const llama = { maxThreads: os.availableParallelism() };
    const governor = new ThreadGovernor(llama, os.availableParallelism());
    const burner = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
    try {
      await sleep(300);
      const release = governor.hold();
      await sleep(1500);
      expect(governor.threads).toBeLessThanOrEqual(os.availableParallelism() - 1);
      release();
    } finally {
      burner.kill('SIGKILL');
    }
  });
});
