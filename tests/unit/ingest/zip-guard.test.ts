import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseSizeLimits } from '../../../src/main/core/ingest/limits';
import { checkZipBomb } from '../../../src/main/core/ingest/zip-guard';

async function zip(parts: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const archive = new JSZip();
  for (const [name, data] of Object.entries(parts)) archive.file(name, data);
  return archive.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

describe('checkZipBomb', () => {
  it('passes an ordinary document', async () => {
    const data = await zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document>' + '<w:p>点検</w:p>'.repeat(2000) + '</w:document>' });
    expect(() => checkZipBomb(data, '/d/ok.docx')).not.toThrow();
  });

  it('refuses a big part that inflates more than 100×, from the declared sizes (the heavy test bombs with the default 32 MB floor)', async () => {
    const data = await zip({ 'word/document.xml': 'a'.repeat(4 * 1024 ** 2) });
    expect(data.byteLength).toBeLessThan(64 * 1024);
    expect(() => checkZipBomb(data, '/d/bomb.docx', { ratioFloorBytes: 1024 ** 2 })).toThrow(
      expect.objectContaining({
        code: 'TOO_LARGE',
        message: expect.stringMatching(/^bomb\.docx is a zip bomb: its part word\/document\.xml inflates from \d+ KB to 4 MB/),
      }),
    );
    expect(() => checkZipBomb(data, '/d/bomb.docx')).not.toThrow(); // under the default floor: small XML may compress well
  });

  it('refuses parts that together declare more than the limit', async () => {
    const part = new Uint8Array(3 * 1024 ** 2).map((_, i) => (i * 2654435761) >>> 24); // does not compress
    const data = await zip({ a: part, b: part, c: part });
    expect(() => checkZipBomb(data, '/d/big.docx', { maxExpandedBytes: 8 * 1024 ** 2 })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE', message: expect.stringContaining('inflates to more than 8 MB') }),
    );
    expect(() => checkZipBomb(data, '/d/big.docx')).not.toThrow();
  });

  it('a truncated archive (no directory) is INVALID_FILE', async () => {
    const data = await zip({ 'word/document.xml': '<w:document/>' });
    expect(() => checkZipBomb(data.subarray(0, data.byteLength - 30), '/d/cut.docx')).toThrow(expect.objectContaining({ code: 'INVALID_FILE' }));
  });
});

describe('parseSizeLimits', () => {
  it('reads TYPE=SIZE with units and refuses anything else', () => {
    expect(parseSizeLimits(['text=500MB', 'pdf=4GB', 'html=1024'])).toEqual({ text: 500 * 1024 ** 2, pdf: 4 * 1024 ** 3, html: 1024 ** 3 });
    expect(parseSizeLimits(['xlsx=1MB', 'pptx=2MB'])).toEqual({ xlsx: 1024 ** 2, pptx: 2 * 1024 ** 2 });
    expect(() => parseSizeLimits(['xls=1MB'])).toThrow(/TYPE=SIZE/);
    expect(() => parseSizeLimits(['text=big'])).toThrow(/TYPE=SIZE/);
  });
});
