/**
 * English retrieval within one document on contracts nobody tuned on (CUAD-22), beside plain
 * paragraph BM25: each category's question searched in its contract, a hit when the passage
 * shares a 40-character run with a marked clause. Three rankers: `genten search` kept to the
 * document, the review's item retrieval, and BM25 over the document's paragraphs.
 */
import path from 'node:path';
import type { ChecklistItem } from '../../src/shared/review';
import type { Engine } from '../../src/main/core/engine';
import { parseFile } from '../../src/main/core/ingest/parse-file';
import { ItemRetrievalCache, retrieveForItem } from '../../src/main/core/review/retrieve-item';
import { sharesClause, type GoldPair } from './review-set';
import { splitDocuments, type Part } from './split';

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const EN_STOP = new Set(
  'a an and are as at be by for from has have he in is it its of on or that the this to was were will with what which who when where why how do does did not no can may should would could these those their there they them than then so such into about over under after before between through during each other some any all our your you we i'.split(
    ' ',
  ),
);
const plainTokens = (s: string) => (fold(s).match(/[a-z0-9]+/g) ?? []).filter((t) => !EN_STOP.has(t));

/** Plain BM25 over a document's paragraphs, k1 1.2, b 0.75: paragraph indexes, best first. */
export function paragraphBm25(paragraphs: string[]): (query: string) => number[] {
  const docs = paragraphs.map(plainTokens);
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  return (query) => {
    const q = new Set(plainTokens(query));
    const scores = docs.map((d) => {
      let s = 0;
      for (const t of q) {
        const tf = d.filter((x) => x === t).length;
        if (!tf) continue;
        const idf = Math.log(1 + (docs.length - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
        s += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / avg));
      }
      return s;
    });
    return scores
      .map((s, i) => [s, i])
      .sort((a, b) => b[0] - a[0])
      .map(([, i]) => i);
  };
}

/**
 * A document's paragraphs as the baseline sees them: the extracted text split at blank lines or,
 * where the extraction has none, at lines that end a sentence; at most ~600 characters each.
 */
export function paragraphsOf(parsed: { pages: Array<{ text: string }> }): string[] {
  const paragraphs: string[] = [];
  for (const page of parsed.pages) {
    let current = '';
    for (const line of page.text.split('\n')) {
      current += (current ? ' ' : '') + line.trim();
      if (!line.trim() || /[.:;!?]$/.test(line.trim()) || current.length > 600) {
        if (current.trim()) paragraphs.push(current.trim());
        current = '';
      }
    }
    if (current.trim()) paragraphs.push(current.trim());
  }
  return paragraphs;
}

export interface WithinResult {
  questions: number;
  search: [number, number];
  review: [number, number];
  paragraphBm25: [number, number];
}

/** hit@1 / hit@5 per part, over the pairs with a marked clause (the library must hold the contracts). */
export async function withinDocument(engine: Engine, dir: string, items: ChecklistItem[], gold: GoldPair[]): Promise<Record<Part, WithinResult>> {
  const files = [...new Set(gold.map((g) => g.contract))].sort();
  const parts = splitDocuments(files);
  const documents = await engine.documents();
  const cache = new ItemRetrievalCache();
  const tally = new Map<Part, number[]>([
    ['tuning', [0, 0, 0, 0, 0, 0, 0]],
    ['held-out', [0, 0, 0, 0, 0, 0, 0]],
  ]);
  const question = new Map(items.map((i) => [i.id, i]));
  for (const file of files) {
    const doc = documents.find((d) => d.path === path.join(dir, file))!;
    const paragraphs = paragraphsOf(await parseFile(doc.path));
    const baseline = paragraphBm25(paragraphs);
    const t = tally.get(parts.get(file)!)!;
    for (const g of gold.filter((x) => x.contract === file && x.clauses.length > 0)) {
      const item = question.get(g.id);
      if (!item) continue;
      const has = (text: string) => g.clauses.some((c) => sharesClause(text, c));
      const score = (texts: string[], at: number) => {
        if (texts[0] !== undefined && has(texts[0])) t[at]++;
        if (texts.slice(0, 5).some(has)) t[at + 1]++;
      };
      t[0]++;
      score(
        (await engine.search(item.question, { k: 5, documentId: doc.id })).map((h) => h.text),
        1,
      );
      score(
        (await retrieveForItem(engine, item, { documentId: doc.id, k: 5, cache })).hits.map((h) => h.text),
        3,
      );
      score(
        baseline(item.question).map((i) => paragraphs[i]),
        5,
      );
    }
  }
  const r = (x: number, n: number) => +(x / Math.max(1, n)).toFixed(4);
  const out = {} as Record<Part, WithinResult>;
  for (const [part, t] of tally)
    out[part] = {
      questions: t[0],
      search: [r(t[1], t[0]), r(t[2], t[0])],
      review: [r(t[3], t[0]), r(t[4], t[0])],
      paragraphBm25: [r(t[5], t[0]), r(t[6], t[0])],
    };
  return out;
}

export function withinTable(result: Record<Part, WithinResult>): string {
  const f = (x: [number, number]) => `${x[0]} / ${x[1]}`;
  return [
    `English within one document on CUAD-22 (each category's question in its contract, ${result.tuning.questions} + ${result['held-out'].questions} with a clause; hit@1 / hit@5)`,
    '| ranker | tuning | held-out |',
    '|---|---|---|',
    `| genten search, kept to the document | ${f(result.tuning.search)} | ${f(result['held-out'].search)} |`,
    `| review item retrieval | ${f(result.tuning.review)} | ${f(result['held-out'].review)} |`,
    `| paragraph BM25, stop words removed | ${f(result.tuning.paragraphBm25)} | ${f(result['held-out'].paragraphBm25)} |`,
    '',
  ].join('\n');
}
