/**
 * Writes a file whole or not at all: a temp file beside it (unique per write), flushed to disk,
 * then renamed over the old one. A full disk, a crash or a kill mid-write leaves the old file as
 * it was and no temp file behind; ENOSPC becomes DISK_FULL with a message a person can act on.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GentenError } from '../../../shared/errors';

export interface AtomicWriteOptions {
  /** File mode of a new file. Default 0o666 (less the umask); settings pass 0o600. */
  mode?: number;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(temp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new GentenError('DISK_FULL', `${file} could not be saved: the disk is full. The previous version is kept; free some space and try again.`, file);
    }
    throw error;
  }
}
