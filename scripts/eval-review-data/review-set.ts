/**
 * A review eval set (documents, one checklist, gold clauses and pages per document and item) run
 * as a user meets it: each document indexed into the library, each item through reviewItem (the
 * retrieval, extractive answer and citations `genten review` gives), scored from the first three
 * citations, per part of the split (split.ts).
 */
import path from 'node:path';
import type { ChecklistItem } from '../../src/shared/review';
import type { Engine } from '../../src/main/core/engine';
import type { ChatModel } from '../../src/main/core/llm/types';
import { ItemRetrievalCache, type ItemEvidence } from '../../src/main/core/review/retrieve-item';
import { reviewItem } from '../../src/main/core/review/review-item';
import { splitDocuments, type Part } from './split';

export interface GoldPair {
  /** The document's file name. */
  contract: string;
  id: string;
  category?: string;
  /** Clause texts marked by annotators; empty when the document has none. */
  clauses: string[];
  /** Pages holding a clause; empty when it could not be located. */
  pages: number[];
}

export interface PartResult {
  documents: number;
  pages: number;
  items: number;
  present: number;
  located: number;
  absent: number;
  pageRecallAt3: number;
  quoteRecallAt3: number;
  falseNotFound: number;
  falseNotFoundShare: number;
  absentNotFound: number;
  falseFound: number;
  /** Pairs with a clause reported found (the rest are needs_review, or a false not_found). */
  presentFound: number;
  secondsPerItem: number;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
/** Japanese text breaks lines anywhere: compare it without any spaces. */
const foldTight = (s: string) => fold(s).replace(/ /g, '');
const round = (x: number) => +x.toFixed(4);

/** True when the text shares a run of ≥ 40 characters with the clause (or holds all of a shorter one). */
export function sharesClause(text: string, clause: string, run = 40): boolean {
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/u.test(clause);
  const f = japanese ? foldTight : fold;
  const folded = f(text);
  const size = japanese ? 20 : run;
  return clause
    .split('<omitted>')
    .map(f)
    .filter(Boolean)
    .some((piece) => {
      if (piece.length < size) return folded.includes(piece);
      for (let i = 0; i + size <= piece.length; i++) if (folded.includes(piece.slice(i, i + size))) return true;
      return false;
    });
}

export interface SetOptions {
  engine: Engine;
  /** Folder of the documents. */
  dir: string;
  items: ChecklistItem[];
  gold: GoldPair[];
  language: 'ja' | 'en';
  /** What the split holds out: whole documents (default) or checklist items. */
  splitBy?: 'document' | 'item';
  /** Pages each document must have (the renderer's), when known: gold pages rest on them. */
  expectPages?: Map<string, number>;
  /** Lines of misses per part, for tuning (only the tuning part's are printed). */
  misses?: (part: Part, line: string) => void;
  /** Each tuning-part pair's status signals, for fitting the status rules. */
  dump?: (line: string) => void;
  /** A model writes the answers (its support check can move a found item to needs_review). */
  model?: ChatModel;
  /** Only the first N documents of each part (a model's run takes seconds per item). */
  documentsPerPart?: number;
  /** The checklist as given for one document (default: `items`), e.g. with examples drawn from other documents. */
  itemsFor?: (file: string) => ChecklistItem[];
  /** Every pair's outcome, both parts (for curves over a status bound). */
  pair?: (outcome: PairOutcome) => void;
}

export interface PairOutcome {
  part: Part;
  file: string;
  id: string;
  present: boolean;
  status: ItemEvidence['status'];
  code: string;
  signals: ItemEvidence['signals'];
  documentId: string;
}

export async function evaluateSet(options: SetOptions): Promise<Record<Part, PartResult>> {
  const { engine, dir, items, gold, language } = options;
  const all = [...new Set(gold.map((g) => g.contract))].sort();
  const parts = splitDocuments(options.splitBy === 'item' ? items.map((i) => i.id) : all);
  const perPart = options.documentsPerPart;
  const files =
    perPart === undefined || options.splitBy === 'item'
      ? all
      : (['tuning', 'held-out'] as Part[]).flatMap((part) => all.filter((f) => parts.get(f) === part).slice(0, perPart)).sort();
  await engine.index({ paths: files.map((f) => path.join(dir, f)) });
  const documents = await engine.documents();
  const byPair = new Map(gold.map((g) => [`${g.contract}\u0000${g.id}`, g]));
  const tally = new Map<Part, PartResult & { ms: number; hitPage: number; hitQuote: number; notFoundAbsent: number; foundAbsent: number }>();
  for (const part of ['tuning', 'held-out'] as Part[])
    tally.set(part, {
      documents: 0,
      pages: 0,
      items: 0,
      present: 0,
      located: 0,
      absent: 0,
      pageRecallAt3: 0,
      quoteRecallAt3: 0,
      falseNotFound: 0,
      falseNotFoundShare: 0,
      absentNotFound: 0,
      falseFound: 0,
      presentFound: 0,
      secondsPerItem: 0,
      ms: 0,
      hitPage: 0,
      hitQuote: 0,
      notFoundAbsent: 0,
      foundAbsent: 0,
    });
  const cache = new ItemRetrievalCache();
  for (const file of files) {
    const doc = documents.find((d) => d.path === path.join(dir, file))!;
    const expected = options.expectPages?.get(file);
    if (expected !== undefined && expected !== doc.pages)
      throw new Error(`${file} has ${doc.pages} pages, the renderer made ${expected}: gold pages would be wrong.`);
    for (const part of new Set(items.map((item) => parts.get(options.splitBy === 'item' ? item.id : file)!))) {
      tally.get(part)!.documents++;
      tally.get(part)!.pages += doc.pages;
    }
    for (const item of options.itemsFor?.(file) ?? items) {
      const g = byPair.get(`${file}\u0000${item.id}`);
      if (!g) continue;
      const part = parts.get(options.splitBy === 'item' ? item.id : file)!;
      const t = tally.get(part)!;
      const started = performance.now();
      let signals = {} as ItemEvidence['signals'];
      let hitsOf: Array<{ chunkId: string; text: string }> = [];
      const onEvidence = (e: ItemEvidence) => ((signals = e.signals), (hitsOf = e.hits));
      const result = (await reviewItem({ engine, item, document: doc, language, cache, model: options.model, style: 'model', onEvidence }))!;
      if (part === 'tuning') options.dump?.(JSON.stringify({ file, id: item.id, present: g.clauses.length > 0, status: result.status, ...signals }));
      t.ms += performance.now() - started;
      options.pair?.({
        part,
        file,
        id: item.id,
        present: g.clauses.length > 0,
        status: result.status,
        code: result.reasonCode?.code ?? '',
        signals,
        documentId: doc.id,
      });
      t.items++;
      const first = result.citations.slice(0, 3);
      const textOf = new Map(hitsOf.map((h) => [h.chunkId, h.text]));
      const where = `${file.slice(0, 40)} ${item.id} ${g.category ?? ''}`;
      if (g.clauses.length > 0) {
        t.present++;
        const quoted = first.some((c) => g.clauses.some((clause) => sharesClause(c.quote, clause)));
        if (quoted) t.hitQuote++;
        else if (first.some((c) => g.pages.some((p) => c.page <= p && p <= c.pageEnd)))
          options.misses?.(
            part,
            `quote ${where}: right page, no quote shows the clause${first.some((c) => g.clauses.some((clause) => sharesClause(textOf.get(c.chunkId) ?? '', clause))) ? ' (its passage holds it)' : ''}: ${first.map((c) => `p.${c.page} ${c.quote.slice(0, 70)}`).join(' | ')} ‖ gold: ${g.clauses[0].slice(0, 90)}`,
          );
        if (g.pages.length > 0) {
          t.located++;
          const paged = first.some((c) => g.pages.some((p) => c.page <= p && p <= c.pageEnd));
          if (paged) t.hitPage++;
          else options.misses?.(part, `page  ${where}: gold p.${g.pages.join(',')} cited p.${first.map((c) => c.page).join(',')} ${result.status}`);
        }
        if (result.status === 'found') t.presentFound++;
        if (result.status === 'not_found') {
          t.falseNotFound++;
          options.misses?.(part, `falseNF ${where}: ${result.reason}`);
        }
      } else {
        t.absent++;
        if (result.status === 'not_found') t.notFoundAbsent++;
        else if (result.status === 'found') {
          t.foundAbsent++;
          options.misses?.(part, `falseFound ${where}: ${result.reason}`);
        }
      }
    }
  }
  const out = {} as Record<Part, PartResult>;
  for (const [part, t] of tally) {
    out[part] = {
      documents: t.documents,
      pages: t.pages,
      items: t.items,
      present: t.present,
      located: t.located,
      absent: t.absent,
      pageRecallAt3: round(t.hitPage / Math.max(1, t.located)),
      quoteRecallAt3: round(t.hitQuote / Math.max(1, t.present)),
      falseNotFound: t.falseNotFound,
      falseNotFoundShare: round(t.falseNotFound / Math.max(1, t.present)),
      absentNotFound: round(t.notFoundAbsent / Math.max(1, t.absent)),
      falseFound: round(t.foundAbsent / Math.max(1, t.absent)),
      presentFound: round(t.presentFound / Math.max(1, t.present)),
      secondsPerItem: +(t.ms / 1000 / Math.max(1, t.items)).toFixed(4),
    };
  }
  return out;
}

/** The table the eval prints for one set: one column per part. */
export function partTable(title: string, result: Record<Part, PartResult>): string {
  const rows: Array<[string, (r: PartResult) => string]> = [
    ['documents / pages', (r) => `${r.documents} / ${r.pages}`],
    ['pairs with a clause / without', (r) => `${r.present} / ${r.absent}`],
    ['page recall@3 (target ≥ 0.90)', (r) => `${r.pageRecallAt3} (of ${r.located})`],
    ['quote recall@3 (≥ 0.80)', (r) => `${r.quoteRecallAt3}`],
    ['false not_found (≤ 3 %)', (r) => `${r.falseNotFound} of ${r.present} = ${(r.falseNotFoundShare * 100).toFixed(1)} %`],
    ['absent reported not_found (≥ 0.80)', (r) => `${r.absentNotFound}`],
    ['absent reported found', (r) => `${r.falseFound}`],
    ['present reported found', (r) => `${r.presentFound}`],
    ['seconds per item', (r) => `${r.secondsPerItem}`],
  ];
  const lines = [title, '| metric | tuning | held-out |', '|---|---|---|'];
  for (const [name, f] of rows) lines.push(`| ${name} | ${f(result.tuning)} | ${f(result['held-out'])} |`);
  return lines.join('\n') + '\n';
}
