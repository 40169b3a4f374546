/** Report files: a name safe on every OS, and an atomic write (a reader never opens half a file) whose failure names the file. */
import { GentenError } from '../../../shared/errors';
import { writeFileAtomic } from '../files/atomic-write';

export async function writeReportFile(absolute: string, data: Buffer | string): Promise<void> {
  try {
    await writeFileAtomic(absolute, data);
  } catch (error) {
    throw new GentenError('READ_ERROR', `Cannot write the report ${absolute}: ${(error as Error).message}`, absolute);
  }
}

/** `text` as part of a file name on any OS: characters Windows or a shell would refuse become `_`, cut at `maxLength`. */
export function fileNameSafe(text: string, maxLength: number): string {
  return text.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, maxLength);
}
