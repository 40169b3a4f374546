import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Analyzer } from '../../../src/main/core/analysis/analyzer';
import { cachedTerms } from '../../../src/main/core/analysis/term-cache';
import { makeTempDir } from '../../helpers/temp';

/** An analyser that counts its calls: the cache is what saves them. */
function countingAnalyzer(version: string) {
  const calls: string[] = [];
  const analyzer: Analyzer = {
    version,
    terms: (text) => (calls.push(text), text.toLowerCase().split(/\s+/).filter(Boolean)),
    highlightTerms: () => [],
  };
  return { analyzer, calls };
}

describe('cachedTerms', () => {
  it('analyses a phrase list once, then a later process reads the terms back without analysing', () => {
    const temp = makeTempDir('genten-term-cache-');
    try {
      const phrases = ['Governing Law', 'change of control', '準拠法'];
      const first = countingAnalyzer('v1');
      const terms = cachedTerms(first.analyzer, phrases, { name: 'test', dir: temp.dir });
      expect(first.calls).toHaveLength(3);
      expect(terms.get('Governing Law')).toEqual(['governing', 'law']);

      const second = countingAnalyzer('v1');
      expect(cachedTerms(second.analyzer, phrases, { name: 'test', dir: temp.dir })).toEqual(terms);
      expect(second.calls).toEqual([]);

      // Another analyser version, or other phrases: analysed again, never answered from the old file.
      const newer = countingAnalyzer('v2');
      cachedTerms(newer.analyzer, phrases, { name: 'test', dir: temp.dir });
      expect(newer.calls).toHaveLength(3);
      const more = countingAnalyzer('v1');
      cachedTerms(more.analyzer, [...phrases, 'subcontract'], { name: 'test', dir: temp.dir });
      expect(more.calls).toHaveLength(4);
    } finally {
      temp.cleanup();
    }
  });

  it('a damaged cache file is analysed again and rewritten', () => {
    const temp = makeTempDir('genten-term-cache-');
    try {
      const { analyzer } = countingAnalyzer('v1');
      cachedTerms(analyzer, ['a b'], { name: 'test', dir: temp.dir });
      const [file] = fs.readdirSync(temp.dir);
      fs.writeFileSync(`${temp.dir}/${file}`, '{"a b": [1, 2');
      const again = countingAnalyzer('v1');
      expect(cachedTerms(again.analyzer, ['a b'], { name: 'test', dir: temp.dir }).get('a b')).toEqual(['a', 'b']);
      expect(again.calls).toEqual(['a b']);
      expect(JSON.parse(fs.readFileSync(`${temp.dir}/${file}`, 'utf8'))).toEqual({ 'a b': ['a', 'b'] });
    } finally {
      temp.cleanup();
    }
  });
});
