/**
 * Gives a local model only the cores other work leaves free, while it evaluates. llama.cpp's
 * threads spin at each step's barrier: on a 2-core machine Gemma 3 270M made ~35 tokens/s with 2
 * threads and ~25 with 1 when idle, but 1.2 with 2 threads and 9.4 with 1 when other processes
 * (indexing, a build, a second app) kept the cores busy. So, while a model call runs, the share
 * of the CPU used by everything but this process is sampled every 250 ms (Linux: /proc/stat
 * against this process's own CPU time), and the Llama instance's thread budget (maxThreads, read by
 * node-llama-cpp before every batch) follows it. Elsewhere, or when the threads were set by hand
 * (GENTEN_LLAMA_THREADS, an explicit option), nothing changes.
 */
import fs from 'node:fs';
import os from 'node:os';

interface Snapshot {
  at: number;
  /** CPU time of the whole machine, busy and all, in µs. */
  busy: number;
  total: number;
  /** CPU time of this process (every thread), in µs. */
  own: number;
}

const SAMPLE_MS = 250;
/** A snapshot older than this says nothing about now. */
const FRESH_MS = 10_000;
/** A shorter interval is a handful of ticks: noise. */
const MIN_INTERVAL_MS = 100;
/** /proc/stat counts in USER_HZ ticks: 100 a second on every Linux that ships Node. */
const MICROS_PER_TICK = 10_000;

function snapshot(): Snapshot | undefined {
  let line: string;
  try {
    line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return undefined;
  }
  // cpu  user nice system idle iowait irq softirq steal …
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = (user + nice + system + irq + softirq + (steal || 0)) * MICROS_PER_TICK;
  const own = process.cpuUsage();
  return { at: performance.now(), busy, total: busy + (idle + iowait) * MICROS_PER_TICK, own: own.user + own.system };
}

/** Cores kept busy by other processes between two snapshots (0 … cores). */
export function othersBusyCores(before: Snapshot, after: Snapshot, cores: number): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const others = after.busy - before.busy - (after.own - before.own);
  return Math.min(cores, Math.max(0, (others / total) * cores));
}

/** Threads to use when `othersBusy` cores are taken: what is left, rounded, at least 1, at most `wanted`. */
export function threadsLeft(wanted: number, cores: number, othersBusy: number): number {
  return Math.max(1, Math.min(wanted, Math.round(cores - othersBusy)));
}

export class ThreadGovernor {
  private holders = 0;
  private timer: NodeJS.Timeout | undefined;
  private last: Snapshot | undefined;
  /** Smoothed: one busy sample should not halve the threads. */
  private othersBusy = 0;

  constructor(
    /** node-llama-cpp's Llama: its maxThreads is the budget every context's batches draw from. */
    private readonly llama: { maxThreads: number },
    private readonly wanted: number,
    private readonly cores = os.availableParallelism(),
  ) {
    this.last = snapshot();
  }

  /** Follows the machine's load until the returned function is called (one per model call). */
  hold(): () => void {
    if (!this.last && !snapshot()) return () => undefined;
    if (this.holders++ === 0) {
      this.sample(true);
      this.timer = setInterval(() => this.sample(false), SAMPLE_MS);
      this.timer.unref();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holders === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.sample(false);
      }
    };
  }

  /** The threads a call may use now. */
  get threads(): number {
    return this.llama.maxThreads;
  }

  private sample(starting: boolean): void {
    const now = snapshot();
    if (!now) return;
    const before = this.last;
    if (before && now.at - before.at < MIN_INTERVAL_MS) return;
    this.last = now;
    if (!before || now.at - before.at > FRESH_MS) return;
    const busy = othersBusyCores(before, now, this.cores);
    // At the start of a call the interval is the pause since the last one: take it as it is.
    this.othersBusy = starting ? busy : 0.5 * this.othersBusy + 0.5 * busy;
    this.llama.maxThreads = threadsLeft(this.wanted, this.cores, this.othersBusy);
  }
}
