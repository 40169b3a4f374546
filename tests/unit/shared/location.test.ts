import { describe, expect, it } from 'vitest';
import { locationText, sectionBeside, sourceLocation } from '../../../src/shared/location';
import { citationPlace } from '../../../src/main/core/review/report-model';
import type { Citation } from '../../../src/shared/api';

const citation = (path: string, page: number, pageEnd: number, section: string): Citation => ({
  n: 1,
  path,
  title: 't',
  page,
  pageEnd,
  section,
  quote: 'q',
  chunkId: 'c',
});

describe('sourceLocation: sheet and cells, or slide, in place of a page', () => {
  it('a workbook passage is at its sheet and cell range (its section)', () => {
    const ref = { path: '/docs/点検.xlsx', page: 1, pageEnd: 1, section: '月次点検表!B4:F6' };
    expect(sourceLocation(ref)).toEqual({ kind: 'sheet', label: '月次点検表!B4:F6' });
    expect(locationText(sourceLocation(ref)!, 'ja')).toBe('月次点検表!B4:F6');
    expect(sectionBeside(ref, sourceLocation(ref))).toBe('');
    expect(sourceLocation({ ...ref, path: '/docs/macro.XLSM' })?.kind).toBe('sheet');
  });

  it('a presentation passage is at its slide, in Japanese and English', () => {
    const ref = { path: 'C:\\decks\\plan.pptx', page: 3, pageEnd: 3, section: '点検周期' };
    expect(locationText(sourceLocation(ref)!, 'ja')).toBe('スライド 3');
    expect(locationText(sourceLocation(ref)!, 'en')).toBe('Slide 3');
    expect(locationText(sourceLocation({ ...ref, pageEnd: 4 })!, 'en')).toBe('Slides 3–4');
    expect(sectionBeside(ref, sourceLocation(ref))).toBe('点検周期');
  });

  it('paged documents keep their pages, and review reports say sheet or slide where there is one', () => {
    expect(sourceLocation({ path: '/docs/rules.pdf', page: 2, pageEnd: 2, section: '第1条' })).toBeUndefined();
    expect(citationPlace(citation('/docs/rules.pdf', 2, 3, ''), 'ja')).toBe('2–3 ページ');
    expect(citationPlace(citation('/docs/点検.xlsx', 1, 1, '月次点検表!B4:F6'), 'en')).toBe('月次点検表!B4:F6');
    expect(citationPlace(citation('/docs/plan.pptx', 3, 3, '点検周期'), 'ja')).toBe('スライド 3');
  });
});
