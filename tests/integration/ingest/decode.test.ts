import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/main/core/ingest/decode';
import { parseFile } from '../../../src/main/core/ingest/parse-file';
import { makeHtml, writeEucJp, writeShiftJis, writeUtf16 } from '../../helpers/fixtures';
import { makeTempDir } from '../../helpers/temp';

const TEXT = '就業規則の改定は2024年4月1日から施行する。ｶﾅ①髙﨑～';
/**
 * What EUC-JP can hold (no CP932 extensions such as ① or 髙). No wave dash either: the WHATWG
 * decoder reads EUC-JP A1C1 as U+FF5E, encoders write it from U+301C (the old "wave dash problem").
 */
const EUC_TEXT = '就業規則の改定は2024年4月1日から施行する。ソ表能（ｶﾅ）';

describe('text decoding (BOMs, UTF-8, Shift_JIS, EUC-JP, HTML meta charset)', () => {
  const temp = makeTempDir('genten-ingest-decode-');
  const file = (name: string) => path.join(temp.dir, name);
  afterAll(() => temp.cleanup());

  it('reads Shift_JIS (CP932, with its extensions) from a .txt', async () => {
    writeShiftJis(file('sjis.txt'), TEXT);
    expect(decodeText(fs.readFileSync(file('sjis.txt')))).toMatchObject({ encoding: 'shift_jis', source: 'detected' });
    expect((await parseFile(file('sjis.txt'))).pages[0]!.text).toBe(TEXT);
  });

  it('reads EUC-JP from a .md', async () => {
    writeEucJp(file('euc.md'), `# 規則\n\n${EUC_TEXT}`);
    expect(decodeText(fs.readFileSync(file('euc.md')))).toMatchObject({ encoding: 'euc-jp' });
    const doc = await parseFile(file('euc.md'));
    expect(doc.pages[0]!.text).toBe(`# 規則\n\n${EUC_TEXT}`);
    expect(doc.headings[0]!.text).toBe('規則');
  });

  it('reads UTF-16 LE and BE with a BOM, and UTF-8 with or without one', async () => {
    writeUtf16(file('le.txt'), TEXT);
    writeUtf16(file('be.txt'), TEXT, { bigEndian: true });
    fs.writeFileSync(file('bom8.txt'), `\ufeff${TEXT}`);
    fs.writeFileSync(file('plain8.txt'), TEXT);
    for (const name of ['le.txt', 'be.txt', 'bom8.txt', 'plain8.txt']) {
      expect((await parseFile(file(name))).pages[0]!.text, name).toBe(TEXT);
    }
    expect(decodeText(fs.readFileSync(file('be.txt'))).encoding).toBe('utf-16be');
  });

  it('recognises UTF-16 without a BOM and ISO-2022-JP', () => {
    expect(decodeText(Buffer.from('Manual: 第1条 目的\n', 'utf16le')).text).toBe('Manual: 第1条 目的\n');
    const jis = Buffer.from('\x1b$B3+;O\x1b(B 2024', 'latin1'); // 「開始」 in ISO-2022-JP
    expect(decodeText(jis)).toEqual({ text: '開始 2024', encoding: 'iso-2022-jp', source: 'detected', replaced: 0 });
  });

  it('honours <meta charset> in HTML, but not a stale one the bytes contradict', async () => {
    makeHtml(file('sjis.html'), `<h1>保守</h1><p>${TEXT}</p>`, { charset: 'shift_jis', title: '手引き' });
    const doc = await parseFile(file('sjis.html'));
    expect(doc.title).toBe('手引き');
    expect(doc.pages[0]!.text).toBe(`保守\n\n${TEXT}`);
    expect(decodeText(fs.readFileSync(file('sjis.html')), { html: true }).source).toBe('meta');

    // Re-saved as UTF-8 with the old declaration left in: the declared charset would garble it.
    fs.writeFileSync(file('stale.html'), `<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>${TEXT}</p>`);
    expect((await parseFile(file('stale.html'))).pages[0]!.text).toBe(TEXT);

    // Any charset the platform decoder knows, e.g. an old English page in Latin-1.
    fs.writeFileSync(file('latin1.html'), Buffer.from('<meta charset="ISO-8859-1"><p>Café, déjà vu</p>', 'latin1'));
    expect((await parseFile(file('latin1.html'))).pages[0]!.text).toBe('Café, déjà vu');
  });
});
