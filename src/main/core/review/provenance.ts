/**
 * What a review report must let a reviewer show later: Genten's version, and the hash of each
 * file involved (checklist, model). Hashes of large model files are cached by size and mtime.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { ReviewModel } from '../../../shared/review';
import { appVersionWithCommit } from '../audit/app-version';

/** Genten's version, with the commit when it runs from a checkout. */
export const gentenVersion = appVersionWithCommit;

const hashes = new Map<string, string>();

/** SHA-256 (hex) of a file, streamed (a GGUF model can be gigabytes). */
export async function fileSha256(file: string): Promise<string> {
  const stat = statSync(file);
  const key = `${path.resolve(file)}:${stat.size}:${stat.mtimeMs}`;
  const known = hashes.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  hashes.set(key, digest);
  return digest;
}

export const EXTRACTIVE_MODEL: ReviewModel = { kind: 'extractive', name: 'extractive' };

/** Describes the answer model of a run: a GGUF file with its hash, IT's server, or extractive. */
export async function describeModel(source: { key: string; file?: string } | null): Promise<ReviewModel> {
  if (!source) return EXTRACTIVE_MODEL;
  if (source.file) return { kind: 'file', name: path.basename(source.file), file: source.file, sha256: await fileSha256(source.file) };
  return { kind: 'server', name: source.key.replace(/^server /, '') };
}
