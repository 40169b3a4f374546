/**
 * Citation markers in a model's answer: [1], [1][2], [1, 2], [1-3], ［１］, 【1】, [資料1].
 * Numbers map to the passages given to the model; numbers it invented are dropped and reported.
 */
import type { Hit } from '../../../shared/types';
import type { AnswerCitation } from './types';

export interface CitationMarker {
  /** Offsets of the whole marker in the text. */
  start: number;
  end: number;
  /** Passage numbers, in the order written (ranges expanded). */
  numbers: number[];
}

const NUM = '[0-9０-９]{1,3}';
const SEP = '\\s*(?:[,，、;；]|[-–—~〜－])\\s*';
const LABEL = '(?:資料|出典|文書|source|passage|doc)?\\s*';
/** Up to three-digit numbers only: "[2024]" in text is a year, not a citation. */
const MARKER = new RegExp(`[\\[［【]\\s*${LABEL}(${NUM}(?:${SEP}${LABEL}${NUM})*)\\s*[\\]］】]`, 'giu');
const MAX_RANGE = 20;

function parseNumbers(inner: string): number[] {
  const text = inner.normalize('NFKC').replace(/資料|出典|文書|source|passage|doc/giu, '');
  const numbers: number[] = [];
  for (const part of text.split(/[,、;；]/u)) {
    const range = /^\s*(\d+)\s*[-–—~〜]\s*(\d+)\s*$/u.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to >= from && to - from <= MAX_RANGE) for (let n = from; n <= to; n++) numbers.push(n);
      else numbers.push(from, to);
    } else if (/^\s*\d+\s*$/u.test(part)) numbers.push(Number(part));
  }
  return numbers.filter((n) => n > 0);
}

/** Every citation marker in `text`, in order. */
export function findCitationMarkers(text: string): CitationMarker[] {
  return [...text.matchAll(MARKER)].map((m) => ({ start: m.index, end: m.index + m[0].length, numbers: parseNumbers(m[1]!) }));
}

const MARKER_AT = /\s*[[［【][^\]］】\n]{1,24}[\]］】]/uy;

/**
 * The offset after the citation markers that stand at `at` (spaces before each allowed), or `at`
 * when there are none: the hook that keeps "…です。[1]" in one sentence.
 */
export function skipCitationMarkers(text: string, at: number, end = text.length): number {
  for (;;) {
    MARKER_AT.lastIndex = at;
    const marker = MARKER_AT.exec(text);
    if (!marker || MARKER_AT.lastIndex > end || findCitationMarkers(marker[0]).length === 0) return at;
    at = MARKER_AT.lastIndex;
  }
}

/** The text with every citation marker removed (for history turns and plain-text checks). */
export function stripCitationMarkers(text: string): string {
  return text.replace(MARKER, '').replace(/[ \t]+([。．.、,!?！？])/gu, '$1');
}

export interface MappedCitations {
  /** The answer with markers rewritten as [n][m] and invented numbers removed. */
  answer: string;
  /** Valid passage numbers in order of first citation. */
  cited: number[];
  /** Numbers that point at no passage given to the model, in order of first appearance. */
  invalid: number[];
}

/** Normalises markers and drops numbers outside 1..passageCount. */
export function mapCitationMarkers(answer: string, passageCount: number): MappedCitations {
  const cited: number[] = [];
  const invalid: number[] = [];
  let out = '';
  let last = 0;
  for (const marker of findCitationMarkers(answer)) {
    const valid = marker.numbers.filter((n) => n <= passageCount);
    for (const n of marker.numbers) {
      const list = n <= passageCount ? cited : invalid;
      if (!list.includes(n)) list.push(n);
    }
    let before = answer.slice(last, marker.start);
    // A marker that disappears takes the space before it along.
    if (valid.length === 0) before = before.replace(/[ \t]+$/u, '');
    out += before + [...new Set(valid)].map((n) => `[${n}]`).join('');
    last = marker.end;
  }
  out += answer.slice(last);
  return { answer: out, cited, invalid };
}

/** Citations for the cited numbers (1-based into `passages`), with a quote per number when known. */
export function buildCitations(cited: number[], passages: Hit[], quotes: ReadonlyMap<number, string> = new Map()): AnswerCitation[] {
  return [...cited]
    .sort((a, b) => a - b)
    .flatMap((n) => {
      const hit = passages[n - 1];
      if (!hit) return [];
      return [
        {
          n,
          path: hit.path,
          title: hit.title,
          page: hit.page,
          pageEnd: hit.pageEnd,
          section: hit.section,
          quote: quotes.get(n) ?? defaultQuote(hit.text),
          chunkId: hit.chunkId,
          ...(hit.ocrConfidence !== undefined ? { ocrConfidence: hit.ocrConfidence } : {}),
        },
      ];
    });
}

/** Below this OCR confidence (0-100) an answer says that it rests on text OCR may have misread. */
export const LOW_OCR_CONFIDENCE = 60;

/** The lowest OCR confidence among the citations when it is below LOW_OCR_CONFIDENCE, else undefined. */
export function lowOcrConfidence(citations: AnswerCitation[]): number | undefined {
  const values = citations.map((c) => c.ocrConfidence).filter((v): v is number => v !== undefined);
  const lowest = values.length > 0 ? Math.min(...values) : undefined;
  return lowest !== undefined && lowest < LOW_OCR_CONFIDENCE ? lowest : undefined;
}

/** The start of a passage, cut at a sentence end near 200 characters. */
function defaultQuote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= 200) return trimmed;
  const end = trimmed.slice(0, 200).search(/[。．.!?！？](?=[^。．.!?！？]*$)/u);
  return end > 40 ? trimmed.slice(0, end + 1) : trimmed.slice(0, 200) + '…';
}
