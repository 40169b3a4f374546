/**
 * Checklists as reviewers already keep them: .csv / .xlsx (columns id, question, optional
 * category, guidance, expected, example — repeated for several; Japanese headers too), .txt / .md (one question per line or list item,
 * headings as categories) and .yaml. Every problem is an error that names the file and the row.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import * as YAML from 'yaml';
import { GentenError, type ErrorCode } from '../../../shared/errors';
import type { Checklist, ChecklistItem } from '../../../shared/review';
import { detectLanguage } from '../answer/prompt';
import { decodeText } from '../ingest/decode';
import { readFileBytes } from '../ingest/parse-file';

export const CHECKLIST_EXTENSIONS = ['.csv', '.xlsx', '.txt', '.md', '.markdown', '.yaml', '.yml'] as const;

/** Most items a checklist may have: a reviewer's list is 20–60; thousands is a wrong file. */
export const MAX_ITEMS = 2000;

/** Column names (lower-cased, spaces removed) that mean each field, in English and Japanese. */
const HEADERS: Record<keyof Omit<ChecklistItem, 'row'>, string[]> = {
  id: ['id', 'no', 'no.', '#', '番号', '項番', '項目番号', 'ｎｏ'],
  question: ['question', 'questions', 'item', 'checkitem', '質問', '確認事項', '確認項目', 'チェック項目', '項目', '設問'],
  category: ['category', 'section', 'topic', '分類', 'カテゴリ', 'カテゴリー', '区分'],
  guidance: ['guidance', 'notes', 'note', 'hint', '観点', '確認観点', 'ガイダンス', '補足', '備考'],
  expected: ['expected', 'expectedanswer', 'standard', 'ourstandard', '期待値', '期待する回答', '自社基準', '自社標準', 'ひな形', '基準'],
  examples: [
    'example',
    'examples',
    'exampleclause',
    'examplewording',
    'sampleclause',
    'standardwording',
    'standardclause',
    '例文',
    '文例',
    '条文例',
    '条項例',
    '規定例',
    '記載例',
  ],
};

function bad(file: string, detail: string, code: ErrorCode = 'BAD_REQUEST'): GentenError {
  return new GentenError(code, `${path.basename(file)}: ${detail}`, file);
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads and parses a checklist file; the format comes from the extension. */
export async function loadChecklist(file: string): Promise<Checklist> {
  const absolute = path.resolve(file);
  const ext = path.extname(absolute).toLowerCase();
  if (!(CHECKLIST_EXTENSIONS as readonly string[]).includes(ext)) {
    throw bad(
      absolute,
      `is not a checklist Genten reads: use .csv, .xlsx, .txt, .md or .yaml (one question per line, or columns id, question, category, guidance).`,
      'UNSUPPORTED_TYPE',
    );
  }
  const data = await readFileBytes(absolute);
  const text = ext === '.xlsx' ? '' : decodeText(data).text;
  const items = ext === '.xlsx' ? await parseXlsx(data, absolute) : parseChecklistText(text, absolute, ext);
  return finish(titleOf(text, ext) ?? path.basename(absolute, ext), absolute, sha256(data), items);
}

/** A checklist's own title: YAML `name:` / `title:`, or a Markdown `# heading` on the first line. */
function titleOf(text: string, ext: string): string | undefined {
  if (ext === '.yaml' || ext === '.yml') return clean(/^(?:name|title)\s*:\s*(.+)$/m.exec(text)?.[1]?.replace(/^(["'])(.*)\1$/, '$2')) || undefined;
  if (ext === '.md' || ext === '.markdown') return clean(/^\s*#\s+(.+?)\s*#*\s*$/.exec(text.replace(/^\uFEFF/, '').split('\n')[0] ?? '')?.[1]) || undefined;
  return undefined;
}

/** A checklist typed in the app: Markdown / text rules (one question per line or list item). */
export function checklistFromText(text: string, name = 'Checklist'): Checklist {
  return finish(name, null, sha256(text), parseLines(text));
}

/** Parses the text of a .csv / .txt / .md / .yaml checklist (`file` names it in errors and picks the format). */
export function parseChecklistText(text: string, file: string, ext = path.extname(file).toLowerCase()): ChecklistItem[] {
  if (ext === '.csv') return parseCsvChecklist(text, file);
  if (ext === '.yaml' || ext === '.yml') return parseYamlChecklist(text, file);
  return parseLines(text);
}

function finish(name: string, file: string | null, hash: string, items: ChecklistItem[]): Checklist {
  const label = file ?? `${name}.md`;
  if (items.length === 0) throw bad(label, 'has no questions. Write one question per line, or give a "question" column.');
  if (items.length > MAX_ITEMS) throw bad(label, `has ${items.length} questions; a checklist may have at most ${MAX_ITEMS}.`);
  const seen = new Map<string, ChecklistItem>();
  for (const item of items) {
    const first = seen.get(item.id);
    if (first) throw bad(label, `${where(item)}: the id "${item.id}" is used twice (first at ${where(first)}). Each item needs its own id.`);
    seen.set(item.id, item);
  }
  const japanese = items.filter((i) => detectLanguage(i.question) === 'ja').length;
  return { name, path: file, hash, language: japanese * 2 >= items.length ? 'ja' : 'en', items };
}

function where(item: ChecklistItem): string {
  return item.row ? `row ${item.row}` : `item ${item.id}`;
}

function clean(value: unknown): string {
  return String(value ?? '')
    .replace(/\u0000/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Generated ids keep a checklist's order: Q01, Q02… (Q001 from 100 items). */
function generatedId(index: number, total: number): string {
  return `Q${String(index + 1).padStart(Math.max(2, String(total).length), '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Tables: CSV and XLSX

function fieldOf(header: string): keyof typeof HEADERS | undefined {
  const key = header.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  // Several examples are several columns: example, example 2, 例文(3)…
  if (HEADERS.examples.includes(key.replace(/\(?\d+\)?$/, ''))) return 'examples';
  return (Object.keys(HEADERS) as Array<keyof typeof HEADERS>).find((field) => HEADERS[field].includes(key));
}

/** Rows (1-based numbers) of a table → items, using its header row. */
function itemsFromTable(rows: Array<{ row: number; cells: string[] }>, file: string): ChecklistItem[] {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim()));
  const header = nonEmpty[0];
  if (!header) return [];
  const columns = new Map<keyof typeof HEADERS, number>();
  const exampleColumns: number[] = [];
  header.cells.forEach((cell, index) => {
    const field = fieldOf(cell);
    if (field === 'examples') exampleColumns.push(index);
    else if (field && !columns.has(field)) columns.set(field, index);
  });
  const questionColumn = columns.get('question');
  if (questionColumn === undefined) {
    throw bad(
      file,
      `row ${header.row}: no "question" column. The first row must name the columns: id, question, and optionally category, guidance, expected and example (found: ${header.cells.filter(Boolean).join(', ') || 'nothing'}).`,
    );
  }
  const body = nonEmpty.slice(1);
  const items: ChecklistItem[] = [];
  body.forEach((r, index) => {
    const get = (field: keyof typeof HEADERS) => {
      const column = columns.get(field);
      return column === undefined ? '' : clean(r.cells[column]);
    };
    const question = get('question');
    if (!question) {
      if (r.cells.some((c) => c.trim())) throw bad(file, `row ${r.row}: the question is empty.`);
      return;
    }
    const category = get('category');
    const guidance = get('guidance');
    const expected = get('expected');
    const examples = exampleColumns.map((column) => clean(r.cells[column])).filter(Boolean);
    items.push({
      id: get('id') || generatedId(index, body.length),
      question,
      ...(category ? { category } : {}),
      ...(guidance ? { guidance } : {}),
      ...(expected ? { expected } : {}),
      ...(examples.length > 0 ? { examples } : {}),
      row: r.row,
    });
  });
  return items;
}

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks, a comma or tab separator. */
export function parseCsvRows(text: string): Array<{ row: number; cells: string[] }> {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const separator = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows: Array<{ row: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n') {
      cells.push(cell);
      rows.push({ row: rowStart, cells });
      cells = [];
      cell = '';
      line++;
      rowStart = line;
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ row: rowStart, cells });
  }
  return rows;
}

function parseCsvChecklist(text: string, file: string): ChecklistItem[] {
  return itemsFromTable(parseCsvRows(text), file);
}

async function parseXlsx(data: Uint8Array, file: string): Promise<ChecklistItem[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data) as never);
  } catch (error) {
    throw bad(file, `cannot be read as an Excel workbook (.xlsx): ${(error as Error).message}. Save it again from Excel as .xlsx, or as .csv.`, 'INVALID_FILE');
  }
  const sheets = workbook.worksheets;
  if (sheets.length === 0) throw bad(file, 'has no worksheets.');
  // The first sheet whose header names a question column; else the first sheet (its error says why).
  let firstError: unknown;
  for (const sheet of sheets) {
    const rows: Array<{ row: number; cells: string[] }> = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cellText(cell.value);
      });
      rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
    });
    try {
      const items = itemsFromTable(rows, sheets.length > 1 ? `${file} (sheet ${sheet.name})` : file);
      if (items.length > 0 || sheets.length === 1) return items;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError) throw firstError;
  return [];
}

/** The text a cell shows: rich text runs joined, a formula's result, a hyperlink's text, a date. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (v.error) return '';
  }
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Lines: .txt and .md

const LIST_ITEM = /^\s{0,6}(?:[-*+・●○■□◆◇]|\d{1,3}[.)．）]|[（(]\d{1,3}[)）]|[①-⑳])\s*(?:\[[ xX]\]\s*)?(.*)$/u;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/u;

/**
 * One question per line (.txt) or per list item (.md). Headings (`## 再委託`) set the category of
 * what follows; in a file with list items, other lines (introductions) are not questions.
 * A list item's indented continuation lines join it.
 */
function parseLines(text: string): ChecklistItem[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const hasList = lines.some((l) => LIST_ITEM.test(l) && clean(LIST_ITEM.exec(l)![1]));
  const items: Array<Omit<ChecklistItem, 'id'>> = [];
  let category: string | undefined;
  let inFence = false;
  let last: Omit<ChecklistItem, 'id'> | undefined;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence || !line.trim() || /^\s*(<!--|\/\/)/.test(line)) {
      last = undefined;
      return;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      category = clean(heading[2]) || undefined;
      last = undefined;
      return;
    }
    const list = LIST_ITEM.exec(line);
    if (list) {
      const question = clean(list[1]);
      if (!question) return;
      last = { question, ...(category ? { category } : {}), row: index + 1 };
      items.push(last);
      return;
    }
    if (hasList) {
      // An indented line under a list item continues it.
      if (last && /^\s{2,}\S/.test(line)) last.question = `${last.question} ${clean(line)}`;
      return;
    }
    items.push({ question: clean(line), ...(category ? { category } : {}), row: index + 1 });
  });
  return items.map((item, i) => ({ id: generatedId(i, items.length), ...item }));
}

// ---------------------------------------------------------------------------------------------
// YAML

/**
 * Accepted shapes: a list of questions (strings or {id, question, category, guidance, examples}); an object
 * with `items` (or `questions`) holding such a list; or categories mapping to such lists.
 */
function parseYamlChecklist(text: string, file: string): ChecklistItem[] {
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = error.linePos?.[0]?.line;
    throw bad(file, `${line ? `line ${line}: ` : ''}not valid YAML (${error.message.split('\n')[0]}).`);
  }
  const lineCounter = new YAML.LineCounter();
  const positioned = YAML.parseDocument(text, { lineCounter, uniqueKeys: false });
  const root = positioned.contents;
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const out: Array<Omit<ChecklistItem, 'id'> & { id?: string }> = [];
  const readList = (node: unknown, category?: string) => {
    if (!YAML.isSeq(node)) throw bad(file, `${lineOf(node) ? `line ${lineOf(node)}: ` : ''}expected a list of questions.`);
    for (const entry of node.items) {
      const line = lineOf(entry);
      if (YAML.isScalar(entry)) {
        const question = clean(entry.value);
        if (question) out.push({ question, ...(category ? { category } : {}), ...(line ? { row: line } : {}) });
      } else if (YAML.isMap(entry)) {
        const value = entry.toJSON() as Record<string, unknown>;
        const fields: Partial<Record<keyof typeof HEADERS, string>> = {};
        const examples: string[] = [];
        for (const [key, v] of Object.entries(value)) {
          const field = fieldOf(key);
          // `examples:` takes one text or a list of them.
          if (field === 'examples') examples.push(...(Array.isArray(v) ? v : [v]).map(clean).filter(Boolean));
          else if (field) fields[field] = clean(v);
        }
        if (!fields.question) throw bad(file, `${line ? `line ${line}: ` : ''}this item has no "question".`);
        const itemCategory = fields.category || category;
        out.push({
          ...(fields.id ? { id: fields.id } : {}),
          question: fields.question,
          ...(itemCategory ? { category: itemCategory } : {}),
          ...(fields.guidance ? { guidance: fields.guidance } : {}),
          ...(fields.expected ? { expected: fields.expected } : {}),
          ...(examples.length > 0 ? { examples } : {}),
          ...(line ? { row: line } : {}),
        });
      } else throw bad(file, `${line ? `line ${line}: ` : ''}an item must be a question or a mapping with "question".`);
    }
  };
  if (root === null || root === undefined) return [];
  if (YAML.isSeq(root)) readList(root);
  else if (YAML.isMap(root)) {
    const list = root.get('items', true) ?? root.get('questions', true);
    if (list) readList(list);
    else {
      for (const pair of root.items) {
        const key = clean(YAML.isScalar(pair.key) ? pair.key.value : pair.key);
        if (['name', 'title', 'description', 'version', 'language'].includes(key.toLowerCase())) continue;
        readList(pair.value, key);
      }
    }
  } else throw bad(file, 'expected a list of questions, or "items:" with one.');
  return out.map((item, i) => ({ ...item, id: item.id || generatedId(i, out.length) }));
}
