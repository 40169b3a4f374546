/**
 * Scores for scripts/eval-answers.ts: does an answer hold the gold answer (contained, character
 * F1), does a cited passage, and the fabricated sentences planted into answers to test the support
 * check. Comparison is on NFKC text without citation markers, list bullets, labels or spaces.
 */
import { stripCitationMarkers } from '../src/main/core/answer/citations';
import { EXTRACTED_LABEL } from '../src/main/core/answer/extractive';

/** Text as compared: NFKC, no citation markers, no extractive label, no bullets, no white space. */
export function comparable(text: string): string {
  let t = stripCitationMarkers(text);
  for (const label of Object.values(EXTRACTED_LABEL)) t = t.replace(label, '');
  return t
    .normalize('NFKC')
    .replace(/^\s*-\s/gmu, '')
    .replace(/\s+/gu, '')
    .toLowerCase();
}

/** Does the answer contain one of the gold answers? */
export function containsGold(answer: string, gold: string[]): boolean {
  const a = comparable(answer);
  return gold.some((g) => a.includes(comparable(g)));
}

/** Character-level F1 between the answer and the best gold answer (the usual measure for Japanese QA). */
export function charF1(answer: string, gold: string[]): number {
  const a = [...comparable(answer)];
  return Math.max(
    0,
    ...gold.map((g) => {
      const b = [...comparable(g)];
      if (!a.length || !b.length) return 0;
      const counts = new Map<string, number>();
      for (const c of b) counts.set(c, (counts.get(c) ?? 0) + 1);
      let same = 0;
      for (const c of a) {
        const n = counts.get(c) ?? 0;
        if (n > 0) {
          same++;
          counts.set(c, n - 1);
        }
      }
      if (!same) return 0;
      const precision = same / a.length;
      const recall = same / b.length;
      return (2 * precision * recall) / (precision + recall);
    }),
  );
}

/** Mean of the numbers, null for none. */
export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** The p-th percentile (0-100) by nearest rank, null for none. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
