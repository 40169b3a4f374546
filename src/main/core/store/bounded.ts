/**
 * Every call into the store, bounded in time. A LanceDB call that never returns (the full-text
 * index build that deadlocked on 2 cores) would hold the write lock forever and block every later
 * write; bounded, it fails its job with TIMEOUT, the lock is released, and what was committed
 * before stays as it was. A full disk is turned into DISK_FULL with a message a person can act on.
 *
 * The wrapper is a Proxy over the connection, its tables and their builders (query, merge-insert):
 * every method that returns a promise is raced against a timer, every builder it returns is
 * wrapped too, so no call site needs to remember.
 */
import { GentenError } from '../../../shared/errors';

export interface StoreTimeouts {
  /** Reads and writes. Default 300 000 ms (5 min); GENTEN_STORE_TIMEOUT_MS overrides both. */
  callMs: number;
  /** Index builds and compaction (createIndex, optimize), which grow with the library. Default 1 800 000 ms (30 min). */
  indexMs: number;
}

export function storeTimeouts(env: NodeJS.ProcessEnv = process.env): StoreTimeouts {
  const override = Number(env.GENTEN_STORE_TIMEOUT_MS);
  if (Number.isFinite(override) && override > 0) return { callMs: override, indexMs: override };
  return { callMs: 300_000, indexMs: 1_800_000 };
}

const INDEX_METHODS = new Set(['createIndex', 'optimize']);

export interface BoundedOptions {
  /** The library, named in errors. */
  library: string;
  timeouts?: StoreTimeouts;
  /** Which returned objects are store objects to wrap as well (tables, queries, builders). */
  isStoreObject(value: object): boolean;
}

/** True for an error that says the disk (or the quota) is full, from Node or from LanceDB's Rust side. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /no space left on device|os error 28\b|disk quota exceeded|ENOSPC/i.test(message);
}

export function diskFullError(library: string, error: unknown): GentenError {
  const detail = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : String(error);
  return new GentenError(
    'DISK_FULL',
    `The disk holding the library at ${library} is full, so indexing stopped. What was indexed before is kept and the library stays usable; free some space and run the same command again. (${detail})`,
    library,
  );
}

/**
 * Test hook for the fault-injection tests: GENTEN_TEST_STORE_HANG=<method> makes every call of
 * that store method (e.g. createIndex) never return, as the deadlock did.
 */
const HANG = process.env.GENTEN_TEST_STORE_HANG;

export function bounded<T extends object>(target: T, options: BoundedOptions): T {
  const timeouts = options.timeouts ?? storeTimeouts();
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || prop === 'constructor') return (value as (...a: unknown[]) => unknown).bind(obj);
      return (...args: unknown[]) => {
        const result = prop === HANG ? new Promise(() => {}) : (value as (...a: unknown[]) => unknown).apply(obj, args);
        if (result instanceof Promise) {
          const ms = INDEX_METHODS.has(prop) ? timeouts.indexMs : timeouts.callMs;
          return withTimeout(result, ms, prop, options).then((resolved) => wrapIfStore(resolved, options));
        }
        return wrapIfStore(result, options);
      };
    },
  });
}

function wrapIfStore(value: unknown, options: BoundedOptions): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && options.isStoreObject(value) ? bounded(value, options) : value;
}

function withTimeout<T>(promise: Promise<T>, ms: number, method: string, options: BoundedOptions): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new GentenError(
          'TIMEOUT',
          `The library at ${options.library} did not answer within ${Math.round(ms / 1000)} s (${method}), so the job was stopped. What was committed before is kept; run the same command again, and genten check if it happens again.`,
          options.library,
        ),
      );
    }, ms); // not unref'd: a call that never returns must still end the job
  });
  return Promise.race([promise, timeout])
    .catch((error: unknown) => {
      if (isDiskFull(error)) throw diskFullError(options.library, error);
      throw error;
    })
    .finally(() => clearTimeout(timer));
}
