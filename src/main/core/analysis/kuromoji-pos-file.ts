/**
 * kuromoji's entry features (tid_pos.dat: "surface,pos,pos1,…" strings, each ended by a 0 byte),
 * read from the dictionary cache file where an entry is asked for instead of loaded whole: the
 * file is 36 MB, and a short query needs a few dozen entries (each decoded once, see
 * kuromoji-lattice.ts). Stands in for kuromoji's ByteBuffer, of which only getString is used.
 */
import fs from 'node:fs';

const WINDOW = 256;
const decoder = new TextDecoder('utf-8');

export class PosFile {
  private readonly window = Buffer.alloc(WINDOW);

  private constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  /** The file opened for the life of the process (the tokenizer is a per-thread singleton), or undefined when it cannot be. */
  static open(file: string): PosFile | undefined {
    try {
      const fd = fs.openSync(file, 'r');
      return new PosFile(fd, fs.fstatSync(fd).size);
    } catch {
      return undefined;
    }
  }

  /** The bytes from `index` to the next 0 byte (or the end of the file) as UTF-8, as ByteBuffer.getString reads them. */
  getString(index: number): string {
    const parts: Buffer[] = [];
    for (let at = index; at < this.size;) {
      const read = fs.readSync(this.fd, this.window, 0, Math.min(WINDOW, this.size - at), at);
      if (read === 0) break;
      const end = this.window.subarray(0, read).indexOf(0);
      parts.push(Buffer.from(this.window.subarray(0, end < 0 ? read : end)));
      if (end >= 0) break;
      at += read;
    }
    return decoder.decode(Buffer.concat(parts));
  }
}
