/**
 * The library's copy of each indexed document, under `files/<sha256>` in the library's own
 * storage: a reader opens page 37 of a manual that only the indexer's machine had on disk, and
 * an offline copy (genten sync) carries the documents with it. Content-addressed, so a file
 * indexed twice or under two paths is stored once, and a put never overwrites different bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from './s3-client';

export const FILES_PREFIX = 'files';

export interface FileStore {
  has(sha256: string): Promise<boolean>;
  /** Stores the file's bytes under their sha256; false when the file no longer has that hash (changed since it was read). */
  put(sha256: string, file: string): Promise<boolean>;
  /** The bytes, or undefined when the library has no copy. */
  get(sha256: string): Promise<Buffer | undefined>;
}

const HASH = /^[0-9a-f]{64}$/;

function checked(sha256: string): string {
  if (!HASH.test(sha256)) throw new Error(`not a sha256: ${sha256.slice(0, 80)}`);
  return sha256;
}

async function readMatching(sha256: string, file: string): Promise<Buffer | undefined> {
  const data = await fs.readFile(file);
  return createHash('sha256').update(data).digest('hex') === sha256 ? data : undefined;
}

/** `<libraryDir>/files/<sha256>`: the local layout, the same as an offline copy of a shared library. */
export class LocalFileStore implements FileStore {
  constructor(readonly libraryDir: string) {}

  private fileOf(sha256: string): string {
    return path.join(this.libraryDir, FILES_PREFIX, checked(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return fs.stat(this.fileOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async put(sha256: string, file: string): Promise<boolean> {
    if (await this.has(sha256)) return true;
    const data = await readMatching(sha256, file);
    if (!data) return false;
    const target = this.fileOf(sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
    return true;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    return fs.readFile(this.fileOf(sha256)).catch(() => undefined);
  }
}

/** `s3://bucket/prefix/files/<sha256>`. */
export class S3FileStore implements FileStore {
  constructor(
    private readonly client: S3Client,
    private readonly prefix: string,
  ) {}

  private keyOf(sha256: string): string {
    return `${this.prefix ? `${this.prefix}/` : ''}${FILES_PREFIX}/${checked(sha256)}`;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.client.head(this.keyOf(sha256))) !== undefined;
  }

  async put(sha256: string, file: string): Promise<boolean> {
    if (await this.has(sha256)) return true;
    const data = await readMatching(sha256, file);
    if (!data) return false;
    // Same key, same bytes: two indexers racing on one file write the same object.
    await this.client.put(this.keyOf(sha256), data, { ifNoneMatch: true });
    return true;
  }

  get(sha256: string): Promise<Buffer | undefined> {
    return this.client.get(this.keyOf(sha256));
  }
}
