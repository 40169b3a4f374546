import { describe, expect, it } from 'vitest';
import { displayPath } from '../../../src/shared/display';

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
