import { describe, expect, it } from 'vitest';
import { displayPath, formatBytes } from '../../../src/shared/display';

describe('displayPath', () => {
  it('leaves ordinary paths alone, backslashes included', () => {
    expect(displayPath('/home/山田/手順書 v2.pdf')).toBe('/home/山田/手順書 v2.pdf');
    expect(displayPath('C:\\Users\\a.pdf')).toBe('C:\\Users\\a.pdf');
  });

  it('writes newlines, tabs, terminal escapes and line separators as escapes', () => {
    expect(displayPath('/d/a\nDone. Indexed 999.pdf')).toBe('/d/a\\nDone. Indexed 999.pdf');
    expect(displayPath('x\r\t\u001b[2Jy\u2028z\\w')).toBe('x\\r\\t\\u001b[2Jy\\u2028z\\\\w');
  });
});

describe('formatBytes (one unit everywhere: 1 GB = 1024³ bytes)', () => {
  it('writes sizes in binary units, as fit estimates, limits and the app show them', () => {
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(formatBytes(4.5e9)).toBe('4.2 GB'); // a "4.5 GB" download by decimal count
    expect(formatBytes(200 * 1024 ** 2)).toBe('200 MB');
    expect(formatBytes(12 * 1024)).toBe('12 KB');
    expect(formatBytes(512)).toBe('512 B');
  });
});
