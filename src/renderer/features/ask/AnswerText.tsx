/** An answer's text: `[n]` markers become chips that open the source; unsupported sentences are marked. */
import { Fragment, type ReactNode } from 'react';
import type { Answer } from '../../../shared/api';
import { useI18n } from '../../lib/i18n';
import { splitByRanges, type Range } from '../sources/text-match';

const MARKER = /\[(\d+(?:\s*[,，]\s*\d+)*)\]/g;

function withChips(text: string, known: Set<number>, onChip: (n: number) => void, label: (n: number) => string, keyBase: string): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > at) out.push(text.slice(at, match.index));
    for (const part of match[1].split(/[,，]/)) {
      const n = Number(part.trim());
      out.push(
        <button
          key={`${keyBase}-${match.index}-${n}`}
          type="button"
          className="chip"
          data-testid="citation-chip"
          data-n={n}
          disabled={!known.has(n)}
          onClick={() => onChip(n)}
          aria-label={label(n)}
        >
          {n}
        </button>,
      );
    }
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

function unsupportedRanges(text: string, sentences: string[]): Range[] {
  const ranges: Range[] = [];
  for (const sentence of sentences) {
    const s = sentence.trim();
    if (!s) continue;
    const at = text.indexOf(s);
    if (at !== -1) ranges.push([at, at + s.length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

export interface AnswerTextProps {
  text: string;
  answer: Pick<Answer, 'citations' | 'unsupported'> | null;
  onCitation(n: number): void;
}

export function AnswerText({ text, answer, onCitation }: AnswerTextProps) {
  const { t } = useI18n();
  const known = new Set((answer?.citations ?? []).map((c) => c.n));
  const label = (n: number) => t('ask.citationChip', { n });
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, li) => {
        const pieces = splitByRanges(line, unsupportedRanges(line, answer?.unsupported ?? []));
        return (
          <p key={li} className="answer-line">
            {pieces.map((piece, pi) =>
              piece.marked ? (
                <span key={pi} className="unsupported" title={t('ask.unsupported')} data-testid="unsupported">
                  {withChips(piece.text, known, onCitation, label, `${li}-${pi}`)}
                </span>
              ) : (
                <Fragment key={pi}>{withChips(piece.text, known, onCitation, label, `${li}-${pi}`)}</Fragment>
              ),
            )}
          </p>
        );
      })}
    </>
  );
}
