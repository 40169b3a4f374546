import { describe, expect, it } from 'vitest';
import { selectPassages } from '../../../src/main/core/answer/budget';
import { hit } from './fixtures';

/** One token per character: easy to reason about. */
const chars = (text: string) => text.length;

describe('selectPassages', () => {
  it('keeps rank order and drops a passage that does not fit, while a later shorter one still fits', () => {
    const hits = [hit('a'.repeat(40), { rank: 1 }), hit('b'.repeat(80), { rank: 2 }), hit('c'.repeat(30), { rank: 3 })];
    const { selected, dropped, usedTokens } = selectPassages(hits, { maxTokens: 100, countTokens: chars });
    expect(selected.map((h) => h.rank)).toEqual([1, 3]);
    expect(dropped.map((h) => h.rank)).toEqual([2]);
    expect(usedTokens).toBe(70);
  });

  it('sorts by rank whatever the input order', () => {
    const hits = [hit('x', { rank: 3 }), hit('y', { rank: 1 }), hit('z', { rank: 2 })];
    expect(selectPassages(hits, { maxTokens: 100, countTokens: chars }).selected.map((h) => h.text)).toEqual(['y', 'z', 'x']);
  });

  it('counts the passage as rendered, with its number, using the given tokenizer', () => {
    const hits = [hit('aaaa', { rank: 1 }), hit('bbbb', { rank: 2 })];
    const rendered: string[] = [];
    const render = (h: { text: string }, n: number) => {
      const text = `[${n}] ${h.text}\n`;
      rendered.push(text);
      return text;
    };
    // "[1] aaaa\n" is 9 tokens: only the first fits in 12.
    const { selected } = selectPassages(hits, { maxTokens: 12, countTokens: chars, render, truncateFirst: false });
    expect(selected).toHaveLength(1);
    expect(rendered[0]).toBe('[1] aaaa\n');
    expect(rendered[1]).toBe('[2] bbbb\n');
  });

  it('stops at maxPassages', () => {
    const hits = [1, 2, 3, 4].map((rank) => hit('p', { rank }));
    const { selected, dropped } = selectPassages(hits, { maxTokens: 1000, countTokens: chars, maxPassages: 2 });
    expect(selected).toHaveLength(2);
    expect(dropped).toHaveLength(2);
  });

  it('cuts the top passage to fit when even it alone is too long, unless told not to', () => {
    const hits = [hit('x'.repeat(500), { rank: 1 }), hit('y'.repeat(500), { rank: 2 })];
    const cut = selectPassages(hits, { maxTokens: 100, countTokens: chars });
    expect(cut.selected).toHaveLength(1);
    expect(cut.selected[0]!.text.length).toBeLessThanOrEqual(100);
    expect(cut.selected[0]!.text.endsWith('…')).toBe(true);
    expect(cut.usedTokens).toBeLessThanOrEqual(100);
    expect(hits[0]!.text).toHaveLength(500); // the input is not modified

    expect(selectPassages(hits, { maxTokens: 100, countTokens: chars, truncateFirst: false }).selected).toHaveLength(0);
  });

  it('selects nothing from nothing or with no budget', () => {
    expect(selectPassages([], { maxTokens: 100, countTokens: chars }).selected).toEqual([]);
    expect(selectPassages([hit('abc')], { maxTokens: 0, countTokens: chars }).selected).toEqual([]);
  });
});
