/** The features file read where asked gives what kuromoji's ByteBuffer.getString gives from the whole file. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PosFile } from '../../../src/main/core/analysis/kuromoji-pos-file';
import { makeTempDir } from '../../helpers/temp';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe('PosFile', () => {
  it('reads each 0-ended string from its offset, across read windows and up to an unended last one', () => {
    const entries = [
      '就業,名詞,一般,*,*,*,*,就業,シュウギョウ,シューギョー',
      'E,名詞,固有名詞,組織,*,*,*,*',
      `長い,${'名詞,'.repeat(120)}終`,
      '規則,名詞,一般',
    ];
    const file = path.join(temp.dir, 'tid_pos.dat');
    // The cache keeps no trailing zeros: the last entry ends with the file.
    fs.writeFileSync(file, Buffer.from(entries.join('\0'), 'utf8'));
    const features = PosFile.open(file)!;
    let offset = 0;
    for (const entry of entries) {
      expect(features.getString(offset)).toBe(entry);
      offset += Buffer.byteLength(entry, 'utf8') + 1;
    }
    expect(features.getString(offset + 10)).toBe('');
    expect(PosFile.open(path.join(temp.dir, 'missing.dat'))).toBeUndefined();
  });
});
