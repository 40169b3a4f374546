/**
 * The retrieval measures of `npm run eval` on questions in the jsquad-dev format, for any search
 * function: hit@1, hit@5 (five chunks of at most 3,000 characters together), MRR@10, page accuracy
 * (the first hit's pages overlap the gold pages) and characters per top 5.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Hit } from '../../src/shared/types';

export interface Question {
  id: string;
  question: string;
  answers: string[];
  doc: string;
  pages: number[];
}

export interface RetrievalMetrics {
  questions: number;
  hit1: number;
  hit5: number;
  mrr10: number;
  pageAccuracy: number;
  charsPerTop5: number;
}

const nfkc = (s: string) => s.normalize('NFKC');

/** Runs `search` (top 10) on every question, `concurrency` at a time, and scores the hits. */
export async function measureRetrieval(
  questions: Question[],
  search: (q: Question) => Promise<Hit[]>,
  options: { corpus: string; concurrency?: number },
): Promise<RetrievalMetrics> {
  let hit1 = 0,
    hit5 = 0,
    mrr = 0,
    pageRight = 0,
    firstHits = 0,
    chars5 = 0;
  const score = (q: Question, hits: Hit[]) => {
    const gold = path.join(options.corpus, q.doc);
    const answers = q.answers.map(nfkc);
    const rank = hits.findIndex((h) => h.path === gold && answers.some((a) => nfkc(h.text).includes(a)));
    const top5 = hits.slice(0, 5);
    const top5Chars = top5.reduce((sum, h) => sum + h.text.length, 0);
    chars5 += top5Chars;
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 5 && top5Chars <= 3000) hit5++;
    if (rank >= 0) {
      mrr += 1 / (rank + 1);
      firstHits++;
      const h = hits[rank]!;
      if (q.pages.some((p) => p >= h.page && p <= h.pageEnd)) pageRight++;
    }
  };
  const concurrency = options.concurrency ?? 6;
  for (let i = 0; i < questions.length; i += concurrency) {
    const batch = questions.slice(i, i + concurrency);
    (await Promise.all(batch.map(search))).forEach((hits, j) => score(batch[j]!, hits));
  }
  const n = Math.max(1, questions.length);
  return {
    questions: questions.length,
    hit1: +(hit1 / n).toFixed(4),
    hit5: +(hit5 / n).toFixed(4),
    mrr10: +(mrr / n).toFixed(4),
    pageAccuracy: +(pageRight / Math.max(1, firstHits)).toFixed(4),
    charsPerTop5: Math.round(chars5 / n),
  };
}

/**
 * The tuning part: a third of the questions, chosen by a hash of the document (so no document of
 * the held-out part was seen while tuning). The rest is held out and is the figure that counts.
 */
export function isTuningQuestion(q: Pick<Question, 'doc'>): boolean {
  return createHash('sha256').update(q.doc).digest()[0]! % 3 === 0;
}
