/**
 * The sample library for a first run (resources/samples: a 業務委託契約書, an equipment manual
 * with error codes, 就業規則), copied into the library's `samples/` folder so that it lives and
 * goes with the library, then indexed like any other folder.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../shared/errors';
import { defaultResourcesDir } from '../core/models/catalogue';

export const SAMPLES_FOLDER = 'samples';
export const SAMPLES_COLLECTION = 'samples';

/** Copies the samples (files already there are kept) and returns the folder to index. */
export async function copySamples(libraryDir: string, resourcesDir = defaultResourcesDir()): Promise<string> {
  const from = path.join(resourcesDir, SAMPLES_FOLDER);
  const to = path.join(libraryDir, SAMPLES_FOLDER);
  let names: string[];
  try {
    names = (await fs.readdir(from)).filter((n) => !n.startsWith('.'));
  } catch {
    throw new GentenError('NOT_FOUND', `The sample documents are missing from this installation (${from}).`, from);
  }
  await fs.mkdir(to, { recursive: true });
  for (const name of names) {
    const target = path.join(to, name);
    // COPYFILE_EXCL: a sample the user edited is not overwritten.
    await fs.copyFile(path.join(from, name), target, fs.constants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return to;
}
