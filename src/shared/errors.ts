/** Error codes that travel across every host boundary (IPC, HTTP, CLI --json). */
export const ERROR_CODES = [
  // Per-file ingest failures
  'ENCRYPTED', // password needed to open the file
  'INVALID_FILE', // corrupt, truncated or not what its extension says
  'NO_TEXT', // no text layer (a scan): needs OCR
  'UNSUPPORTED_TYPE', // a file type Genten does not read
  'READ_ERROR', // the file could not be read (permissions, vanished, I/O)
  'TOO_LARGE', // beyond the size limit for one file
  // Library and request failures
  'LIBRARY_LOCKED', // another Genten process is writing to this library
  'LIBRARY_UNUSABLE', // the library folder cannot be opened or created
  'DISK_FULL', // no space left on the disk that holds the library (or a settings file)
  'TIMEOUT', // a file took longer than its time cap, or the store did not answer in time
  'NOT_FOUND',
  'BAD_REQUEST',
  'CANCELLED',
  'MODEL_ERROR',
  'INTERNAL',
  'POLICY', // forbidden by the organisation's managed policy (or its audit log cannot be written)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error with a stable code and a message a person understands (names the file where there is one). */
export class GentenError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'GentenError';
  }
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  path?: string;
}

/** A cancellation: an error named AbortError, which `toErrorInfo` maps to CANCELLED. */
export function abortError(message = 'Cancelled', cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { name: 'AbortError' });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof GentenError) return { code: error.code, message: error.message, ...(error.path ? { path: error.path } : {}) };
  if (isAbortError(error)) return { code: 'CANCELLED', message: 'Cancelled' };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Results cross IPC as values: Electron's invoke drops custom error fields. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
