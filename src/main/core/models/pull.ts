/**
 * Downloads a catalogue model, only when the user asks for it (the app is offline by default).
 * Resumable: bytes land in `<file>.part`, a later call continues with an HTTP Range request.
 * Verified: SHA-256 when the catalogue knows it, else at least the GGUF magic number.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { callSafely } from '../llm/types';
import { isPinned, type CatalogueEntry } from './catalogue';

export interface PullProgress {
  /** Bytes of the file on disk so far (including a resumed part). */
  receivedBytes: number;
  /** Full file size, when the server says. */
  totalBytes: number | null;
  /** Download speed of this session. */
  bytesPerSecond: number;
  /** Bytes that were already on disk when this call began. */
  resumedFrom: number;
}

export interface PullOptions {
  /** Folder the model goes into (created if missing), usually `<dataDir>/models`. */
  destDir: string;
  /** Aborting keeps the `.part` file so that the next call resumes. */
  signal?: AbortSignal;
  /** At most every 100 ms, and once at the end. A throwing callback is ignored. */
  onProgress?: (progress: PullProgress) => void;
  /** Most milliseconds to wait for the server to answer. Default 5000 (no network fails fast). */
  connectTimeoutMs?: number;
  /** Most milliseconds without a byte before giving up (the part is kept). Default 30 000. */
  idleTimeoutMs?: number;
  /**
   * Download an entry that is not pinned to a revision and a SHA-256 (its bytes cannot be
   * checked, only its GGUF header). Default false: such entries are refused.
   */
  allowUnverified?: boolean;
}

export interface PullResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** True when the SHA-256 matched the catalogue; false when the catalogue has none. */
  verified: boolean;
  /** Bytes reused from an earlier, interrupted download. */
  resumedFrom: number;
  /** The file was already there (nothing downloaded). */
  alreadyPresent: boolean;
}

type PullEntry = Pick<CatalogueEntry, 'url' | 'fileName' | 'sha256' | 'revision'>;

const NETWORK_CODES: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'no DNS (no network?)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  ETIMEDOUT: 'the connection timed out',
};

async function fileSize(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => -1,
  );
}

async function hashFile(file: string, hash: Hash = createHash('sha256'), signal?: AbortSignal): Promise<Hash> {
  for await (const chunk of createReadStream(file)) {
    signal?.throwIfAborted();
    hash.update(chunk as Buffer);
  }
  return hash;
}

async function hasGgufMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.toString('latin1') === 'GGUF';
  } finally {
    await handle.close();
  }
}

/** Checks a complete file against the catalogue; throws (and deletes it when `deleteOnMismatch`) if wrong. */
async function verify(entry: PullEntry, file: string, digest: string, deleteOnMismatch: boolean): Promise<boolean> {
  const expected = entry.sha256?.toLowerCase() ?? null;
  if (expected ? digest === expected : await hasGgufMagic(file)) return expected !== null;
  if (deleteOnMismatch) await unlink(file).catch(() => undefined);
  throw new GentenError(
    'MODEL_ERROR',
    expected
      ? `Checksum mismatch for ${entry.fileName}: expected ${expected}, got ${digest}.${deleteOnMismatch ? ' The download was deleted; try again.' : ' Remove the file to download it again.'}`
      : `${entry.fileName} is not a GGUF file (the server sent something else).${deleteOnMismatch ? ' The download was deleted.' : ''}`,
    file,
  );
}

function networkError(entry: PullEntry, destDir: string, error: unknown, timedOut: number | null): GentenError {
  const host = (() => {
    try {
      return new URL(entry.url).host;
    } catch {
      return entry.url;
    }
  })();
  const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  const why = timedOut !== null ? `no answer within ${timedOut} ms` : ((code && NETWORK_CODES[code]) ?? code ?? (error as Error).message);
  return new GentenError(
    'MODEL_ERROR',
    `Cannot download ${entry.fileName} from ${host}: ${why}. Genten works without a download: copy a .gguf file into ${destDir} instead.`,
  );
}

async function write(out: WriteStream, chunk: Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Downloads `entry` into `options.destDir`, resuming an earlier `.part`, and verifies it. */
export async function pullModel(entry: PullEntry, options: PullOptions): Promise<PullResult> {
  const { destDir, signal, onProgress, connectTimeoutMs = 5000, idleTimeoutMs = 30_000 } = options;
  if (path.basename(entry.fileName) !== entry.fileName || !entry.fileName.toLowerCase().endsWith('.gguf'))
    throw new GentenError('BAD_REQUEST', `Not a plain .gguf file name: ${entry.fileName}`);
  if (!options.allowUnverified && !isPinned(entry)) {
    throw new GentenError(
      'BAD_REQUEST',
      `${entry.fileName} is not pinned to a revision and a SHA-256 in the catalogue, so its download cannot be verified. Add --unverified to download it anyway (only its GGUF header will be checked).`,
    );
  }
  await mkdir(destDir, { recursive: true });
  const finalPath = path.join(destDir, entry.fileName);
  const partPath = `${finalPath}.part`;

  if ((await fileSize(finalPath)) >= 0) {
    const digest = (await hashFile(finalPath, undefined, signal)).digest('hex');
    const verified = await verify(entry, finalPath, digest, false);
    const sizeBytes = await fileSize(finalPath);
    return { path: finalPath, sizeBytes, sha256: digest, verified, resumedFrom: 0, alreadyPresent: true };
  }

  signal?.throwIfAborted();
  let offset = Math.max(0, await fileSize(partPath));
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut: number | null = null;
  let timer = setTimeout(() => {
    timedOut = connectTimeoutMs;
    controller.abort(new Error('timeout'));
  }, connectTimeoutMs);
  let out: WriteStream | undefined;
  try {
    let response: Response;
    try {
      response = await fetch(entry.url, { headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw networkError(entry, destDir, error, timedOut);
    }
    clearTimeout(timer);

    let total: number | null = null;
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (response.status === 416 && offset > 0) {
      // The part is already complete: nothing left to fetch.
      await response.body?.cancel();
      total = offset;
    } else if (response.status === 206 && offset > 0) {
      const start = Number(/bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1] ?? NaN);
      if (start !== offset) throw new GentenError('MODEL_ERROR', `The server resumed ${entry.fileName} at the wrong place; delete ${partPath} and try again.`);
      total = Number.isFinite(length) ? offset + length : null;
    } else if (response.status === 200) {
      offset = 0; // the server ignored the Range header: start over
      total = Number.isFinite(length) ? length : null;
    } else {
      await response.body?.cancel();
      throw new GentenError('MODEL_ERROR', `Cannot download ${entry.fileName}: the server answered ${response.status} ${response.statusText}`);
    }

    // Resumed bytes must be part of the checksum too.
    const hash = offset > 0 ? await hashFile(partPath, undefined, signal) : createHash('sha256');
    let received = offset;
    if (response.status !== 416 && response.body) {
      out = createWriteStream(partPath, { flags: offset > 0 ? 'a' : 'w' });
      const started = performance.now();
      let lastReport = 0;
      const report = (force: boolean) => {
        const now = performance.now();
        if (!force && now - lastReport < 100) return;
        lastReport = now;
        const seconds = Math.max((now - started) / 1000, 1e-3);
        callSafely(onProgress, { receivedBytes: received, totalBytes: total, bytesPerSecond: (received - offset) / seconds, resumedFrom: offset });
      };
      const armIdle = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = idleTimeoutMs;
          controller.abort(new Error('stalled'));
        }, idleTimeoutMs);
      };
      armIdle();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          armIdle();
          hash.update(chunk);
          await write(out, chunk);
          received += chunk.length;
          report(false);
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw networkError(entry, destDir, error, timedOut);
      } finally {
        clearTimeout(timer);
        out.end();
        await once(out, 'close');
        out = undefined;
      }
      report(true);
    }
    if (total !== null && received !== total)
      throw new GentenError('MODEL_ERROR', `The download of ${entry.fileName} stopped at ${received} of ${total} bytes; run it again to resume.`);

    const digest = hash.digest('hex');
    const verified = await verify(entry, partPath, digest, true);
    await rename(partPath, finalPath);
    return { path: finalPath, sizeBytes: received, sha256: digest, verified, resumedFrom: offset, alreadyPresent: false };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (out) {
      out.end();
      await once(out, 'close').catch(() => undefined);
    }
  }
}
