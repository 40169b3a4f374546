/**
 * Where a library lives: a local folder, or a prefix in an S3-compatible bucket (`s3://BUCKET/PREFIX`).
 * A URI is never taken for a path: `s3://genten/lib` must not become a folder named `s3:`, and a
 * scheme Genten does not support is an error rather than a folder either.
 */
import path from 'node:path';
import { GentenError } from '../../../shared/errors';

export type LibraryLocation =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** Key prefix without leading or trailing slash ('' for the bucket's root). */
      prefix: string;
      /** `s3://bucket/prefix`, normalised: what LanceDB connects to and what users see. */
      uri: string;
    };

/** `scheme:` followed by `//`: what a URI looks like, as opposed to `C:\…` or a relative path. */
const URI = /^([a-z][a-z0-9+.-]*):\/\//i;
// Bucket names as S3 allows them (3-63 characters, lower case, digits, dots, hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isObjectStorage(text: string): boolean {
  return URI.test(text.trim());
}

/** Parses a `--db` value or a library setting. Throws BAD_REQUEST for an unsupported scheme or a bad bucket. */
export function parseLocation(text: string): LibraryLocation {
  const value = text.trim();
  if (!value) throw new GentenError('BAD_REQUEST', 'The library location is empty.');
  const scheme = URI.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // file:/… without // and the like are not URIs we know either: keep them from becoming folders.
    if (/^[a-z][a-z0-9+.-]+:(?![\\/])/i.test(value) && !/^[a-z]:/i.test(value)) {
      throw new GentenError('BAD_REQUEST', `"${value}" is not a folder or an s3:// address.`);
    }
    return { kind: 'local', dir: path.resolve(value) };
  }
  if (scheme === 'file') return { kind: 'local', dir: path.resolve(decodeURIComponent(value.slice('file://'.length))) };
  if (scheme !== 's3') {
    throw new GentenError('BAD_REQUEST', `Libraries can be a folder or s3://BUCKET/PREFIX on S3-compatible storage; ${scheme}:// is not supported.`);
  }
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = (slash < 0 ? '' : rest.slice(slash + 1)).replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
  if (!BUCKET.test(bucket)) throw new GentenError('BAD_REQUEST', `"${bucket}" is not a valid bucket name in ${value}.`);
  if (prefix.split('/').some((part) => part === '.' || part === '..'))
    throw new GentenError('BAD_REQUEST', `The prefix of ${value} may not contain "." or ".." parts.`);
  return { kind: 's3', bucket, prefix, uri: `s3://${bucket}${prefix ? `/${prefix}` : ''}` };
}

/** What users see: the folder, or the s3:// URI (which never carries credentials). */
export function describeLocation(location: LibraryLocation): string {
  return location.kind === 'local' ? location.dir : location.uri;
}

/** A library's own files (reviews, comparisons, reports): in its folder, or for a shared library, in the data folder under its bucket and prefix. */
export function libraryFilesDir(libraryDir: string, dataDir: string): string {
  const location = parseLocation(libraryDir);
  return location.kind === 'local' ? location.dir : path.join(dataDir, 'libraries', location.bucket, ...location.prefix.split('/').filter(Boolean));
}
