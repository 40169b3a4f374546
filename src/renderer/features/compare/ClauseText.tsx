import type { ReactNode } from 'react';
/** A clause's text with the spans that differ marked (deleted words on the standard's side, new words on the draft's). */
import type { CompareChange } from '../../../shared/compare';

export function ClauseText({ text, changes, side }: { text: string; changes: CompareChange[]; side: 'before' | 'after' }) {
  const ranges = changes
    .map((c) => (side === 'before' ? c.beforeRange : c.afterRange))
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([start, end], i) => {
    if (start < at) return;
    parts.push(<span key={`t${i}`}>{text.slice(at, start)}</span>);
    parts.push(
      <mark key={`m${i}`} className={side === 'before' ? 'diff-del' : 'diff-ins'} data-testid={`diff-${side}`}>
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  });
  parts.push(<span key="end">{text.slice(at)}</span>);
  return <div className="clause-text">{parts}</div>;
}
