/**
 * The tuning / held-out split of a review eval set, fixed before any tuning: documents sorted by
 * the SHA-256 of their file name, the first half (rounded down) to tune on, the rest held out.
 * Tuning looks only at the first part; the held-out figure is the one that counts.
 */
import crypto from 'node:crypto';

export type Part = 'tuning' | 'held-out';

export function splitDocuments(names: string[]): Map<string, Part> {
  const sorted = [...names].sort((a, b) => {
    const ha = crypto.createHash('sha256').update(a).digest('hex');
    const hb = crypto.createHash('sha256').update(b).digest('hex');
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  const tuning = Math.floor(sorted.length / 2);
  return new Map(sorted.map((name, i) => [name, i < tuning ? 'tuning' : 'held-out']));
}
