/** Writes a report atomically (a reader never opens half a file); a failure names the file. */
import { GentenError } from '../../../shared/errors';
import { writeFileAtomic } from '../files/atomic-write';

export async function writeReportFile(absolute: string, data: Buffer | string): Promise<void> {
  try {
    await writeFileAtomic(absolute, data);
  } catch (error) {
    throw new GentenError('READ_ERROR', `Cannot write the report ${absolute}: ${(error as Error).message}`, absolute);
  }
}
