/**
 * Cuts a document's pages into clauses: 第N条 in Japanese contracts, Article / Section / numbered
 * clauses (5., 12.3) in English ones, the text before the first one as a preamble. 項 and list
 * items ((a), ①, 2 …) stay inside their clause. A text with hardly any such headings is cut by
 * paragraphs instead, so that any document can be compared.
 */
import { CAPTION_LINE, HEADING_RANK, isListStep, recognizeHeading } from '../text/headings';

export interface PageText {
  page: number;
  text: string;
}

export interface Clause {
  /** Heading as written (第6条（再委託）, "5. Term"); '' for the preamble. */
  section: string;
  page: number;
  pageEnd: number;
  /** The clause's text as the file has it, heading included. */
  text: string;
  /** Where the body starts in `text`: number and caption are not compared (renumbering and retitling are no change). */
  bodyStart: number;
  /** The caption without its number (（再委託） → 再委託, "5. Term" → term), folded, '' when none. */
  caption: string;
}

/** A clause heading in English contracts that the general recogniser leaves as body text: "5. Payment. Company shall…". */
const EN_CLAUSE_START =
  /^[ \t]*(?:(?:[Ss]ection|SECTION|[Aa]rticle|ARTICLE|[Cc]lause|CLAUSE)[ \t]+)?(?:([0-9]{1,2}(?:\.[0-9]{1,2})*)\.?[ \t]+|([0-9]{1,2}(?:\.[0-9]{1,2})+)\.?(?=[A-Z])|[0-9]{1,2}\.(?=[A-Z]{2}))(?=[A-Z"“(])/;
/** Fewer clause headings than this: cut by paragraphs. */
const MIN_CLAUSES = 2;

interface Start {
  section: string;
  /** Offset in the line where the body starts. */
  bodyStart: number;
}

/** The number of an English heading ("Section 5.", "12.3", "ARTICLE IV"): its title is compared like body text. */
const EN_NUMBER = /^\s*(?:(?:section|article|clause|part)\s+)?(?:[0-9]+(?:\.[0-9]+)*|[ivxlc]+)\.?\s*/i;

function clauseStart(line: string, inClause: boolean, before: string | undefined, after: string | undefined): Start | null {
  const heading = recognizeHeading(line, { paragraphNumbers: inClause });
  if (heading) {
    const numberedMinor = heading.minor && heading.rank < HEADING_RANK.paragraph;
    if ((heading.minor && !numberedMinor) || heading.rank > HEADING_RANK.clause) return null;
    // "5.3 …" then "6. PRICE" is a clause after a sub-clause, not steps 5 and 6 of a list.
    const dotted = (l: string | undefined) => l !== undefined && /^\s*[0-9]+\.[0-9]/.test(l);
    if (!dotted(before) && !dotted(after) && isListStep(heading, before, after)) return null;
    // 第N条（見出し）: number and caption are left out (renumbered or retitled is no change); in English only the number.
    const japanese = /^\s*[(（]?[^\s]*第/u.test(line) || /^\s*(?:別表|附\s*則)/u.test(line);
    const numberEnd = EN_NUMBER.exec(line)?.[0].length ?? heading.end;
    return { section: heading.end >= line.trimEnd().length ? heading.label : labelOf(line, numberEnd), bodyStart: japanese ? heading.end : numberEnd };
  }
  const en = EN_CLAUSE_START.exec(line);
  if (!en) return null;
  // "5.  Responsibilities of Go Call -------": the whole line is the title.
  const title = line.replace(/[-_=\s]+$/u, '');
  const section = title.length <= 60 && !/[.;:]$/.test(title) ? title.trim() : labelOf(line, en[0].length);
  return { section, bodyStart: en[0].length };
}

/** "2. Fees. Customer shall pay…" → "2. Fees."; the number alone when no short title follows. */
function labelOf(line: string, numberEnd: number): string {
  const title = /^[A-Z“"][^.;:]{0,50}[.:]/u.exec(line.slice(numberEnd));
  return `${line.slice(0, numberEnd).trim()}${title ? ` ${title[0]}` : ''}`.replace(/\s+/g, ' ');
}

/**
 * A PDF's text layer may join a heading to the paragraph before it ("… under the UCC. 4. WARRANTY
 * AND LIABILITY", "services; 3.2 Distributor will…"): cut such lines before the number.
 */
const INLINE_HEADING =
  /(?<=[.;:)”"])[ \t]+(?=(?:[0-9]{1,2}\.[ \t]*[A-Z][A-Z]|[0-9]{1,2}(?:\.[0-9]{1,2})+\.?[ \t]*[A-Z“"]))|(?<=。)(?=第[0-9０-９一二三四五六七八九十]+条[（(])/gu;

function splitInline(line: Line): Line[] {
  if (!INLINE_HEADING.test(line.text)) return [line];
  INLINE_HEADING.lastIndex = 0;
  return line.text.split(INLINE_HEADING).map((text) => ({ page: line.page, text }));
}

/** Numbered headings ("5.", "12.3") must follow on (the last top-level number or the next one): "15 Queen Street" in an address is none. */
class Sequence {
  private last = 0;
  /** `known`: a heading taken for a clause anyway (a title in capitals): it only moves the sequence on. */
  accepts(section: string, known = false): boolean {
    const match = /^(?:(?:section|clause)\s+)?([0-9]{1,3})(\.[0-9])?(\.)?/i.exec(section.normalize('NFKC'));
    if (!match) return true;
    if (known) {
      if (!match[2]) this.last = Number(match[1]);
      return true;
    }
    // "15 Queen Street East": a bare number without a dot or a word before it is an address, a quantity.
    if (!match[2] && !match[3] && !/^(?:section|clause)/i.test(section)) return false;
    const top = Number(match[1]);
    // Dotted numbers (12.3) at a line start are clauses; a bare "7." must follow on (a list inside a clause restarts at 1).
    const ok = Boolean(match[2]) || top <= 1 || (top > this.last && top <= this.last + 3);
    if (ok) this.last = top;
    return ok;
  }
}

function captionOf(section: string): string {
  const bracket = /[(（]([^()（）]{1,40})[)）]/u.exec(section);
  if (bracket) return bracket[1].normalize('NFKC').toLowerCase();
  return section
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^(?:第\s*\S+?[条章節]|(?:section|article|clause)?\s*[0-9.]+|[ivxlc]+\.)\s*/u, '')
    .replace(/[-_.:\s]+$/u, '')
    .trim();
}

interface Line {
  page: number;
  text: string;
}

function linesOf(pages: PageText[]): Line[] {
  return pages.flatMap((p) => p.text.split('\n').flatMap((text) => splitInline({ page: p.page, text })));
}

class ClauseBuilder {
  readonly clauses: Clause[] = [];
  private current: { section: string; page: number; pageEnd: number; lines: string[]; bodyStart: number } | null = null;

  start(section: string, page: number, heading: string[], bodyStart: number): void {
    this.flush();
    this.current = { section, page, pageEnd: page, lines: [...heading], bodyStart };
  }

  add(line: Line): void {
    if (!this.current) this.current = { section: '', page: line.page, pageEnd: line.page, lines: [], bodyStart: 0 };
    if (!line.text.trim() && this.current.lines.length === 0) return;
    this.current.lines.push(line.text);
    if (line.text.trim()) this.current.pageEnd = line.page;
  }

  flush(): void {
    const c = this.current;
    this.current = null;
    if (!c) return;
    const text = c.lines.join('\n').trim();
    // A heading alone (第3章 総則, "12. General Provisions" above 12.1…) is no clause to compare.
    if (!text || text.slice(c.bodyStart).trim() === '') return;
    this.clauses.push({
      section: c.section,
      page: c.page,
      pageEnd: c.pageEnd,
      text,
      bodyStart: Math.min(c.bodyStart, text.length),
      caption: captionOf(c.section),
    });
  }
}

/** The document's clauses in order. */
export function segmentClauses(pages: PageText[]): Clause[] {
  const lines = linesOf(pages);
  const builder = new ClauseBuilder();
  let inClause = false;
  let found = 0;
  const sequence = new Sequence();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const nextText = lines[i + 1]?.text;
    // Statute style: a caption alone on its line above its article (第N条) belongs to the article. In English, a
    // line such as "(as applicable)" above "1.6" is the end of the clause before, cut by a page break.
    if (CAPTION_LINE.test(line.text) && nextText !== undefined && /^[ 　]*第/u.test(nextText)) {
      const next = clauseStart(nextText, false, line.text, lines[i + 2]?.text);
      if (next) {
        builder.start(next.section, line.page, [line.text, nextText], line.text.length + 1 + next.bodyStart);
        inClause = true;
        found++;
        i++;
        continue;
      }
    }
    const start = clauseStart(line.text, inClause, lines[i - 1]?.text, nextText);
    // "5. RESUME BANK": a title in capitals is a clause wherever it is (a draft may move it without renumbering).
    if (start && sequence.accepts(start.section, /^[0-9.]+\s+[A-Z][A-Z&,;' -]{3,}\.?$/u.test(start.section))) {
      builder.start(start.section, line.page, [line.text], start.bodyStart);
      inClause = /条|clause|article|section/i.test(start.section);
      found++;
    } else builder.add(line);
  }
  builder.flush();
  if (found >= MIN_CLAUSES) return builder.clauses;
  return paragraphs(lines);
}

/** No clause structure: each paragraph (a line of the cleaned text) is compared on its own. */
function paragraphs(lines: Line[]): Clause[] {
  return lines.filter((l) => l.text.trim()).map((l) => ({ section: '', page: l.page, pageEnd: l.page, text: l.text.trim(), bodyStart: 0, caption: '' }));
}
