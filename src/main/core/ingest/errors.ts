/** Small helpers shared by the parsers: errors that name the file, and cancellation. */
import { basename } from 'node:path';
import { abortError, GentenError, isAbortError, type ErrorCode } from '../../../shared/errors';

/** The file name as a person knows it (the full path travels in `GentenError.path`). */
export function fileLabel(path: string): string {
  return basename(path) || path;
}

/** A per-file error whose message starts with the file name, e.g. "a.pdf is password-protected…". */
export function fileError(code: ErrorCode, path: string, detail: string): GentenError {
  return new GentenError(code, `${fileLabel(path)} ${detail}`, path);
}

/** Throws an error named AbortError (what `toErrorInfo` maps to CANCELLED) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (isAbortError(reason)) throw reason;
  // A custom reason (a string, a TimeoutError…) still has to look like a cancellation to callers.
  throw abortError('Cancelled', reason);
}

/** Letters in any script: digits, punctuation and page-number furniture do not count as text. */
export function countLetters(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(/\p{L}/gu)) count++;
  return count;
}

/** Why a read (or stat, or folder listing) failed, in words: the fs error code is not for people. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'was not found (it may have been moved or deleted)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be opened: permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EBUSY':
      return 'is locked by another program';
    default:
      return `could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
}
