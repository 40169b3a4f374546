import fs from 'node:fs';

/**
 * Watches a child process's peak resident memory (VmHWM in /proc, Linux) until stopped; returns
 * the largest value seen, in bytes (0 where /proc is not available).
 */
export function watchPeakRss(pid: number, everyMs = 50): () => number {
  let peak = 0;
  const read = () => {
    try {
      const kb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // The process has exited.
    }
  };
  const timer = setInterval(read, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}
