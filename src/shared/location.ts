/**
 * Where a passage is, for documents without pages: a workbook's passages are cited by sheet and
 * cell range (月次点検表!B4:F9: the chunk's section, written so at indexing), a presentation's by
 * slide (its page number). Pure: the CLI, the app and review reports all label citations with it.
 */

export type SourceLocation = { kind: 'sheet'; label: string } | { kind: 'slide'; slide: number; slideEnd: number };

/** What is needed of a hit or citation. */
export interface Locatable {
  path: string;
  page: number;
  pageEnd: number;
  section: string;
}

function extension(path: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
}

/** The sheet-and-cells or slide a passage is at, or undefined for paged documents (PDF, Word, text…). */
export function sourceLocation(ref: Locatable): SourceLocation | undefined {
  const ext = extension(ref.path);
  if (ext === 'xlsx' || ext === 'xlsm') {
    const label = ref.section.split(' > ')[0]?.trim();
    return label ? { kind: 'sheet', label } : undefined;
  }
  if (ext === 'pptx') return { kind: 'slide', slide: ref.page, slideEnd: Math.max(ref.page, ref.pageEnd) };
  return undefined;
}

/** 「月次点検表!B4:F9」, 「スライド 3」 / "Slide 3", 「スライド 3–4」 / "Slides 3–4". */
export function locationText(location: SourceLocation, language: 'ja' | 'en'): string {
  if (location.kind === 'sheet') return location.label;
  const range = location.slideEnd > location.slide ? `${location.slide}–${location.slideEnd}` : `${location.slide}`;
  if (language === 'ja') return `スライド ${range}`;
  return `${location.slideEnd > location.slide ? 'Slides' : 'Slide'} ${range}`;
}

/** The section to show beside a location: none where the location already says it (a sheet's range). */
export function sectionBeside(ref: Locatable, location: SourceLocation | undefined): string {
  return location?.kind === 'sheet' ? '' : ref.section;
}
