/** A clause's text with the spans that differ marked (deleted words on the standard's side, new words on the draft's). */
import { markedParts, withoutBlankLines, type CompareChange } from '../../../shared/compare';

export function ClauseText({ text, changes, side }: { text: string; changes: CompareChange[]; side: 'before' | 'after' }) {
  return (
    <div className="clause-text">
      {markedParts(text, changes, side).map((part, i) =>
        part.marked ? (
          <mark key={i} className={side === 'before' ? 'diff-del' : 'diff-ins'} data-testid={`diff-${side}`}>
            {withoutBlankLines(part.text)}
          </mark>
        ) : (
          <span key={i}>{withoutBlankLines(part.text)}</span>
        ),
      )}
    </div>
  );
}
