/**
 * Real Japanese company rules (株式会社ツクロア's 就業規則 and five 規程, CC0: ja-sources/README.txt)
 * rendered to PDFs, with a checklist written for this eval and gold articles per document. Gold
 * pages and clauses come from where the renderer put each article, so they cannot drift from the PDF.
 * The Japanese set is split by checklist item (split.ts over the item ids): one 就業規則 holds most
 * of the pairs, so a split by document would hold out only the three smallest rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChecklistItem } from '../../src/shared/review';
import { makePdf } from '../../tests/helpers/fixtures';
import type { GoldPair } from './review-set';

const SOURCES = path.join(import.meta.dirname, 'ja-sources');

/** A reviewer's checklist over company rules, in our own words. */
export const JA_CHECKLIST: ChecklistItem[] = [
  { id: 'J01', question: 'この規程は何を目的としているか' },
  { id: 'J02', question: '規程が適用される者の範囲' },
  { id: 'J03', question: '試用期間は何か月か' },
  { id: 'J04', question: '懲戒処分にはどのような種類があるか（けん責、減給、出勤停止、懲戒解雇など）' },
  { id: 'J05', question: 'どのような行為が懲戒の対象となるか' },
  { id: 'J06', question: '時間外労働や休日労働を命じる場合の手続' },
  { id: 'J07', question: '時間外・休日・深夜の労働に対する割増賃金率' },
  { id: 'J08', question: '賃金はどのような手当で構成されているか' },
  { id: 'J09', question: '賃金の締切日と支払日' },
  { id: 'J10', question: '年次有給休暇は何日付与されるか' },
  { id: 'J11', question: 'パワーハラスメントやセクシュアルハラスメントを禁止しているか' },
  { id: 'J12', question: '定年は何歳か' },
  { id: 'J13', question: '会社が社員を解雇できる事由' },
  { id: 'J14', question: '健康診断の実施' },
  { id: 'J15', question: '出張の日当と宿泊費はいくらか' },
  { id: 'J16', question: '電子取引の取引情報をどのように保存するか' },
  { id: 'J17', question: '会社の備品を社員に貸与する場合の取扱い' },
  { id: 'J18', question: '副業・兼業は認められるか' },
  { id: 'J19', question: '昇給はいつ行われるか' },
  { id: 'J20', question: '書籍や機材の購入に補助はあるか' },
  { id: 'J21', question: '退職金は支給されるか' },
];

/**
 * Per document: the articles answering each item. An item not listed has no provision in that
 * document (absent); `null` leaves the pair out (the document only refers to another rule for it).
 */
const GOLD: Record<string, Record<string, string[] | null>> = {
  '01_就業規則': {
    J01: ['第1条'],
    J02: ['第2条'],
    J03: ['第7条'],
    J04: ['第62条'],
    J05: ['第63条'],
    J06: ['第25条'],
    J07: null,
    J08: null,
    J09: null,
    J10: ['第34条'],
    J11: ['第15条', '第16条'],
    J12: ['第58条'],
    J13: ['第61条'],
    J14: ['第51条'],
    J15: null,
    J18: ['第12条'],
    J19: null,
    J20: null,
    J21: ['第60条'],
  },
  '02_賃金規程': { J01: ['第1条'], J02: ['第2条'], J07: ['第8条', '第9条', '第10条'], J08: ['第3条'], J09: ['第11条'], J19: ['第13条'] },
  '03_出張旅費規程': { J01: ['第1条'], J02: ['第2条'], J15: ['第12条', '第14条'] },
  '04_福利厚生規程': { J01: ['第1条'], J02: ['第2条'], J20: ['第4条', '第5条'] },
  '05_電子取引データ保存規程': { J01: ['第1条'], J02: ['第2条'], J16: ['第4条'] },
  '07_備品管理規程': { J01: ['第1条'], J02: ['第2条'], J17: ['第4条'] },
};

/** Markdown to the lines a printed rule shows: no marks, bullets as ・, table rows as cells. */
function printedLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim() || /^\|\s*:?-/.test(line.trim())) continue;
    if (line.startsWith('#')) lines.push(line.replace(/^#+\s*/, ''));
    else if (line.trim().startsWith('|'))
      lines.push(
        line
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean)
          .join('　'),
      );
    else lines.push(line.replace(/^(\s*)[-*]\s+/, (_, s: string) => `${'　'.repeat(s.length / 4)}・`).replace(/`/g, ''));
  }
  return lines;
}

/** Points a line takes on the page: IPA Gothic 12 pt wraps ~37 full-width characters a line (451 pt wide), 6 pt paragraph gap. */
function height(line: string): number {
  let width = 0;
  for (const ch of line) width += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return Math.max(1, Math.ceil(width / 35)) * 16 + 6;
}
/** Points of a page kept for text, below what fits (so PDFKit never breaks a page of its own). */
const PAGE = 600;

export interface JaDocument {
  name: string;
  file: string;
  pages: string[][];
  /** Article (第N条) → its pages and its text. */
  articles: Map<string, { pages: number[]; text: string }>;
}

function paginate(name: string, markdown: string): Omit<JaDocument, 'file'> {
  const pages: string[][] = [[]];
  let used = 0;
  const articles = new Map<string, { pages: number[]; text: string }>();
  let current: { pages: number[]; text: string } | undefined;
  for (const line of printedLines(markdown)) {
    const h = height(line);
    if (used + h > PAGE) {
      pages.push([]);
      used = 0;
    }
    pages[pages.length - 1].push(line);
    used += h;
    const page = pages.length;
    const article = /^(第[0-9０-９]+条(?:の[0-9]+)?)[　\s]/u.exec(line);
    if (article) {
      current = { pages: [page], text: '' };
      articles.set(article[1], current);
      continue;
    }
    if (/^第[0-9]+章|^附則/u.test(line)) current = undefined;
    if (current) {
      if (!current.pages.includes(page)) current.pages.push(page);
      current.text += line.replace(/^[0-9]+\.\s*/, '');
    }
  }
  return { name, pages, articles };
}

/** Renders the rules into `dir` and returns them with the gold pairs (contract = the PDF's name). */
export async function makeJapaneseRules(dir: string): Promise<{ documents: JaDocument[]; gold: GoldPair[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const documents: JaDocument[] = [];
  const gold: GoldPair[] = [];
  for (const source of fs
    .readdirSync(SOURCES)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const name = source.replace(/\.md$/, '');
    const doc = { ...paginate(name, fs.readFileSync(path.join(SOURCES, source), 'utf8')), file: path.join(dir, `${name}.pdf`) };
    await makePdf(doc.file, doc.pages, { title: name.replace(/^\d+_/, ''), footer: (p) => `- ${p} -` });
    documents.push(doc);
    for (const item of JA_CHECKLIST) {
      const articles = GOLD[name]?.[item.id];
      if (articles === null) continue;
      const found = (articles ?? []).map((a) => {
        const article = doc.articles.get(a);
        if (!article) throw new Error(`${name} has no ${a} (gold of ${item.id})`);
        return article;
      });
      gold.push({ contract: `${name}.pdf`, id: item.id, clauses: found.map((a) => a.text), pages: [...new Set(found.flatMap((a) => a.pages))] });
    }
  }
  return { documents, gold };
}
