import { describe, expect, it } from 'vitest';
import { cellText, columnLetters, quoteSheetName, rangeOf } from '../../../src/main/core/ingest/xlsx';

describe('workbook cells as people read them', () => {
  it('names columns and quotes sheet names as formulas do', () => {
    expect([1, 2, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'AAA']);
    expect(quoteSheetName('月次点検表')).toBe('月次点検表');
    expect(quoteSheetName("Q1 '25")).toBe("'Q1 ''25'");
  });

  it('reads rich text, formulas by their cached result, dates, percentages, errors and links', () => {
    expect(cellText({ richText: [{ text: '注意：' }, { text: '報告すること' }] })).toBe('注意：報告すること');
    expect(cellText({ formula: 'SUM(A1:A3)', result: 10 } as never)).toBe('10');
    expect(cellText({ formula: 'A1', result: undefined } as never)).toBe('');
    expect(cellText(new Date(Date.UTC(2025, 3, 15)), 'yyyy/mm/dd')).toBe('2025/04/15');
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 9, 30)), 'h:mm')).toBe('09:30');
    expect(cellText(0.125, '0.0%')).toBe('12.5%');
    expect(cellText(1234567, '#,##0')).toBe('1,234,567');
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText({ error: '#N/A' } as never)).toBe('#N/A');
    expect(cellText({ text: '社内規程', hyperlink: 'https://intra/x' } as never)).toBe('社内規程');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(null)).toBe('');
  });

  it('gives the cell range of the rows between two offsets', () => {
    const rows = [
      { start: 6, end: 20, row: 3, first: 2, last: 6 },
      { start: 21, end: 40, row: 4, first: 2, last: 6 },
      { start: 41, end: 50, row: 5, first: 3, last: 3 },
    ];
    expect(rangeOf(rows, 21, 30)).toBe('B4:F4');
    expect(rangeOf(rows, 10, 45)).toBe('B3:F5');
    expect(rangeOf(rows, 42, 45)).toBe('C5');
    expect(rangeOf(rows, 0, 5)).toBeUndefined();
  });
});
