/**
 * A passage's lines as a reader sees them: a line that a PDF wrapped mid-sentence
 * ("…同等の義務を負わ\nせ、再委託先の…") joined back to its sentence, and the steps of a
 * procedure ((1) … (4), 1. …, ①, ・) recognised so that an answer can keep them together.
 */
import { recognizeHeading } from '../text/headings';
import { isCjkChar } from '../text/japanese';

/** A line that starts a step, item or numbered paragraph: never a continuation of the line before. */
const ITEM_START =
  /^\s*(?:[（(][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[.)．）](?!\d)|[0-9０-９]{1,2}\s|[①-⑳]|[・•●▪\-*]|第[0-9０-９一二三四五六七八九十百]+[条項章節])/u;
/** A step of a procedure or an item of a list. */
const STEP = /^\s*(?:[（(][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[.)．）](?!\d)|[①-⑳]|[・•●▪])/u;
/** Where a line ends a sentence (or a heading or item that stands alone). */
const LINE_END = /[。．.!?！？:：」』）)】]\s*$/u;

/** Shorter lines are titles or labels, not text the layout wrapped. */
const MIN_WRAPPED_CHARS = 20;

export interface PassageLine {
  text: string;
  /** A step of a procedure or an item of a list. */
  step: boolean;
}

function isHeading(line: string): boolean {
  // A numbered paragraph ("2 乙が前項の承諾を得て…、…") looks like a heading to the recogniser; a heading has no comma.
  if (/[、，,]/u.test(line)) return false;
  const heading = recognizeHeading(line);
  return heading !== null && heading.end >= line.trimEnd().length;
}

/**
 * The passage's lines, wrapped lines joined ("" between Japanese characters, a space between words).
 * `wrapped: false` for text no layout wrapped (a sheet's rows, a slide's boxes): every line stands alone. Default true.
 */
export function passageLines(text: string, options: { wrapped?: boolean } = {}): PassageLine[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const previous = options.wrapped === false ? undefined : lines.at(-1);
    // A title or label line is short; a line the layout wrapped ran to the column's width.
    const wrapped =
      previous !== undefined &&
      previous.length >= MIN_WRAPPED_CHARS &&
      !LINE_END.test(previous) &&
      !ITEM_START.test(line) &&
      !isHeading(previous) &&
      !isHeading(line);
    if (!wrapped) {
      lines.push(line);
      continue;
    }
    const joiner = isCjkChar(previous.at(-1)) || isCjkChar(line[0]) ? '' : ' ';
    lines[lines.length - 1] = `${previous}${joiner}${line}`;
  }
  return lines.map((line) => ({ text: line, step: STEP.test(line) }));
}

/**
 * The procedure around line `at`, as [first, end) line indexes: the line that introduces the
 * steps (the one right before the first) and every step after it; undefined when `at` is neither
 * a step nor the line right before steps.
 */
export function procedureAround(lines: PassageLine[], at: number): [number, number] | undefined {
  let first = at;
  if (!lines[at]?.step) {
    if (!lines[at + 1]?.step) return undefined;
  } else {
    while (first > 0 && lines[first - 1]!.step) first--;
    if (first > 0 && !isHeading(lines[first - 1]!.text)) first--;
  }
  let end = Math.max(at, first) + 1;
  while (end < lines.length && lines[end]!.step) end++;
  // Two lines are not a procedure worth keeping whole: an intro and one item read fine alone.
  return end - first >= 3 ? [first, end] : undefined;
}
