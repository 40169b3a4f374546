import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../../src/main/core/files/inside';

const root = path.resolve('/srv/library');

describe('isInside (the one inside-a-folder test)', () => {
  it('accepts files below the folder, and the folder itself unless told not to', () => {
    expect(isInside(path.join(root, 'a', 'b.pdf'), root)).toBe(true);
    expect(isInside(root, root)).toBe(true);
    expect(isInside(root, root, { orSame: false })).toBe(false);
    expect(isInside(root + path.sep, root, { orSame: false })).toBe(false);
  });

  it('rejects siblings that share a prefix, parents and escapes through ..', () => {
    expect(isInside(root + '-old/a.pdf', root)).toBe(false);
    expect(isInside(path.dirname(root), root)).toBe(false);
    expect(isInside(path.join(root, '..', 'etc', 'passwd'), root)).toBe(false);
  });

  it('accepts a child whose name starts with two dots', () => {
    expect(isInside(path.join(root, '..notes.txt'), root)).toBe(true);
  });
});
