/**
 * A read that fails mid-file (a share that drops, a bad sector: EIO after the first megabytes) is
 * a READ_ERROR naming the file and how far it got; the parse stage is real, the error is injected
 * into node:fs's read stream after its first chunk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseDocument } from '../../../src/main/core/indexer/parse-document';
import { readFileLimited } from '../../../src/main/core/ingest/limits';
import { makeTempDir } from '../../helpers/temp';

const failAfterFirstChunk = new Set<string>();
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const createReadStream = ((file: fs.PathLike, options?: Parameters<typeof real.createReadStream>[1]) => {
    const stream = real.createReadStream(file, options);
    if (!failAfterFirstChunk.has(String(file))) return stream;
    let chunks = 0;
    return Readable.from(
      (async function* () {
        for await (const chunk of stream) {
          if (chunks++ >= 1) throw Object.assign(new Error(`EIO: i/o error, read`), { code: 'EIO' });
          yield chunk;
        }
      })(),
    );
  }) as typeof real.createReadStream;
  return { ...real, default: { ...real, createReadStream }, createReadStream };
});

describe('a read error mid-file', () => {
  const temp = makeTempDir('genten-read-error-');
  afterAll(() => temp.cleanup());

  it('fails the file with READ_ERROR, naming it and how much was read', async () => {
    const file = path.join(temp.dir, 'long-log.txt');
    fs.writeFileSync(file, '点検記録 E-203 異常なし。\n'.repeat(600_000)); // ~17 MB: several 4 MB chunks
    expect((await readFileLimited(file, 1024 ** 3)).byteLength).toBe(fs.statSync(file).size);
    failAfterFirstChunk.add(file);
    await expect(parseDocument({ path: file }, () => {})).rejects.toMatchObject({
      code: 'READ_ERROR',
      path: file,
      message: expect.stringMatching(/^long-log\.txt could not be read \(EIO: i\/o error, read\) after 4 MB\.$/),
    });
  });

  it('stops reading at the limit: a file larger than its type allows is TOO_LARGE without being read whole', async () => {
    const file = path.join(temp.dir, 'grown.log');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, 3 * 1024 ** 3); // sparse: 3 GB on paper
    const before = process.memoryUsage().rss;
    await expect(readFileLimited(file, 8 * 1024 ** 2)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('grown.log is over the 8 MB limit'),
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 ** 2);
    await expect(parseDocument({ path: file, limits: { text: 1024 ** 2 } }, () => {})).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});
