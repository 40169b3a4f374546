/**
 * Compares a draft with the standard contract, clause by clause: segment both, align the clauses
 * by meaning, diff inside each pair, and put what matters first. `compareTexts` works on page
 * texts (tests, the eval); `compareFiles` reads two files of any supported type, scans included.
 */
import path from 'node:path';
import { CHANGE_CATEGORIES, type CompareChange, type CompareItem, type CompareKind, type CompareResult, type CompareSide } from '../../../shared/compare';
import { throwIfAborted } from '../ingest/errors';
import { readDocumentText, type KnownOcrText } from '../indexer/document-text';
import type { OcrSettings } from '../ocr/types';
import { hasJapanese } from '../text/japanese';
import { alignClauses, prepareClause, type AlignOptions, type Prepared } from './align';
import { describeChanges, type Side } from './classify';
import { withoutContents } from './contents';
import { diffTokens } from './diff';
import { differenceKey, makeIdsUnique } from './item-id';
import { reasonOf } from './reason';
import { partiesOf } from './parties';
import { segmentClauses, type PageText } from './segment';
import { numberKey } from './tokens';

export interface CompareDocument {
  path: string;
  pages: PageText[];
}

export interface CompareTextsOptions {
  align?: AlignOptions;
  /** Language of the reasons. Default: the standard's ('ja' when it has Japanese). */
  language?: 'ja' | 'en';
}

function sideOf(parts: Prepared[]): Side & { clause: CompareSide } {
  let text = '';
  const tokens: Side['tokens'] = [];
  for (const part of parts) {
    if (text) text += '\n';
    const offset = text.length;
    text += part.clause.text;
    for (const t of part.tokens) tokens.push({ ...t, start: t.start + offset, end: t.end + offset });
  }
  const clause: CompareSide = {
    section: parts.map((p) => p.clause.section).join(' + '),
    page: Math.min(...parts.map((p) => p.clause.page)),
    pageEnd: Math.max(...parts.map((p) => p.clause.pageEnd)),
    text,
  };
  return { text, tokens, clause };
}

/** Rank of an item when listing: changes of numbers, names and obligations, then missing and added clauses, then wording, then same. */
function importance(item: CompareItem): number {
  const top = CHANGE_CATEGORIES.indexOf('obligation');
  if (item.kind === 'changed') {
    const first = CHANGE_CATEGORIES.indexOf(item.changes[0]?.category ?? 'wording');
    return first <= top ? first : first + 2;
  }
  if (item.kind === 'missing') return top + 1;
  if (item.kind === 'added') return top + 2;
  return CHANGE_CATEGORIES.length + 3;
}

/** 第6条 → 第5条, "12." → "11.": each matched clause's number in the standard and in the draft (numbers as token keys). */
function clauseNumbering(pairs: [string, string][]): Map<string, string> {
  const numberOf = (section: string) =>
    /^(?:第\s*([0-9０-９一二三四五六七八九十百]+)\s*条|(?:section|clause|article)?\s*([0-9]+)(?=[.\s]|$))/iu.exec(section.trim());
  const map = new Map<string, string>();
  for (const [standard, draft] of pairs) {
    const a = numberOf(standard);
    const b = numberOf(draft);
    if (a && b) map.set(numberKey(a[1] ?? a[2]), numberKey(b[1] ?? b[2]));
  }
  return map;
}

export function compareTexts(standard: CompareDocument, draft: CompareDocument, options: CompareTextsOptions = {}): Omit<CompareResult, 'seconds'> {
  const language =
    options.language ??
    (hasJapanese(
      standard.pages
        .map((p) => p.text)
        .join('')
        .slice(0, 4000),
    )
      ? 'ja'
      : 'en');
  const s = withoutContents(segmentClauses(standard.pages)).map(prepareClause);
  const d = withoutContents(segmentClauses(draft.pages)).map(prepareClause);
  const alignment = alignClauses(s, d, options.align);
  const parties = partiesOf([standard, draft].map((doc) => doc.pages.map((p) => p.text).join('\n')));
  const numbering = clauseNumbering(alignment.pairs.map((p) => [s[p.standard[0]].clause.section, d[p.draft[0]].clause.section]));
  const items: CompareItem[] = [];
  // Document order: the standard's order, each added clause after the draft clause before it.
  const orderOfDraft = new Map<number, number>();
  for (const pair of alignment.pairs) {
    const a = sideOf(pair.standard.map((i) => s[i]));
    const b = sideOf(pair.draft.map((i) => d[i]));
    const changes: CompareChange[] = describeChanges(diffTokens(a.tokens, b.tokens), a, b, { numbering, parties });
    const kind: CompareKind = changes.length ? 'changed' : 'same';
    const order = pair.standard[0];
    for (const di of pair.draft) orderOfDraft.set(di, order);
    items.push({
      id: differenceKey(kind, a.tokens, b.tokens, changes),
      kind,
      standard: a.clause,
      draft: b.clause,
      changes,
      reason: reasonOf(kind, changes, language),
      order,
    });
  }
  for (const i of alignment.missing) {
    const a = sideOf([s[i]]);
    items.push({
      id: differenceKey('missing', a.tokens, null, []),
      kind: 'missing',
      standard: a.clause,
      draft: null,
      changes: [],
      reason: reasonOf('missing', [], language),
      order: i,
    });
  }
  for (const i of alignment.added) {
    let before = -1;
    for (let j = i - 1; j >= 0 && before < 0; j--) before = orderOfDraft.get(j) ?? -1;
    const b = sideOf([d[i]]);
    items.push({
      id: differenceKey('added', null, b.tokens, []),
      kind: 'added',
      standard: null,
      draft: b.clause,
      changes: [],
      reason: reasonOf('added', [], language),
      order: before + 0.5 + i / 1e4,
    });
  }
  items.sort((x, y) => x.order - y.order);
  items.forEach((item, i) => (item.order = i));
  makeIdsUnique(items);
  items.sort((x, y) => importance(x) - importance(y) || x.order - y.order);
  const summary = { same: 0, changed: 0, missing: 0, added: 0 };
  for (const item of items) summary[item.kind]++;
  return { standard: standard.path, draft: draft.path, items, summary, language };
}

export interface CompareFilesOptions extends CompareTextsOptions {
  signal?: AbortSignal;
  /** Called when a file has been read ('standard' first, then 'draft'). */
  onProgress?: (step: 'standard' | 'draft' | 'compare') => void;
  ocr?: OcrSettings;
  /** Pages the library read by OCR for either file, by absolute path: not read again. */
  known?: Map<string, KnownOcrText[]>;
  /** Either file's bytes, by absolute path, when they are not read from the path (the library's copy of a file not on this machine). */
  data?: Map<string, Uint8Array>;
}

/** Reads both files (any supported type; scans by OCR) and compares them. Errors name the file. */
export async function compareFiles(standardFile: string, draftFile: string, options: CompareFilesOptions = {}): Promise<CompareResult> {
  const started = performance.now();
  const read = async (file: string, step: 'standard' | 'draft') => {
    throwIfAborted(options.signal);
    const absolute = path.resolve(file);
    const text = await readDocumentText(absolute, {
      signal: options.signal,
      ocr: options.ocr,
      known: options.known?.get(absolute),
      data: options.data?.get(absolute),
    });
    safely(() => options.onProgress?.(step));
    return { path: absolute, pages: text.pages.map((p) => ({ page: p.page, text: p.text })) };
  };
  const standard = await read(standardFile, 'standard');
  const draft = await read(draftFile, 'draft');
  throwIfAborted(options.signal);
  const result = compareTexts(standard, draft, options);
  safely(() => options.onProgress?.('compare'));
  return { ...result, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}

/** A progress callback that throws must not stop the comparison. */
function safely(call: () => void): void {
  try {
    call();
  } catch {
    // ignored: progress is only shown
  }
}
