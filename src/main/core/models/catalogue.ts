/**
 * The catalogue of recommended models (resources/models-catalogue.json): what `genten models`
 * lists and what pullModel() can download when the user asks for it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';
import { packagedResourcesDir, packageRoot } from '../settings/paths';

export interface CatalogueEntry {
  id: string;
  name: string;
  kind: 'chat' | 'embedding';
  fileName: string;
  url: string;
  /** Published file size in bytes (rounded). */
  sizeBytes: number;
  quantization: string;
  parameters: string;
  contextLength: number;
  /** Rough RAM need at a 4,096-token context on the CPU. */
  approxRamBytes: number;
  license: string;
  languages: string[];
  /** The repository commit the URL is pinned to (the URL holds it), or null when it follows a branch. */
  revision?: string | null;
  /** Hex SHA-256 of the file, or null when not known (then only the GGUF header is checked). */
  sha256: string | null;
  recommendedFor: string;
}

/** The app's bundled resources folder (the repository's `resources/` when run from source). */
export function defaultResourcesDir(): string {
  return packagedResourcesDir() ?? path.join(packageRoot(), 'resources');
}

/** Reads the catalogue. `file` defaults to models-catalogue.json in the resources folder. */
export async function loadCatalogue(file = path.join(defaultResourcesDir(), 'models-catalogue.json')): Promise<CatalogueEntry[]> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as { models?: CatalogueEntry[] };
    return data.models ?? [];
  } catch (error) {
    throw new GentenError('INTERNAL', `Cannot read the model catalogue ${file}: ${(error as Error).message}`, file);
  }
}

/**
 * Whether a download can be verified: a SHA-256 to check the bytes against, and a URL pinned to a
 * commit (a branch such as main can change under the same name). Anything else is downloaded
 * only with an explicit --unverified.
 */
export function isPinned(entry: Pick<CatalogueEntry, 'url' | 'sha256' | 'revision'>): boolean {
  return (
    /^[0-9a-f]{64}$/i.test(entry.sha256 ?? '') && !!entry.revision && /^[0-9a-f]{7,64}$/i.test(entry.revision) && entry.url.includes(`/${entry.revision}/`)
  );
}
