/**
 * Plants differences in a contract's clauses for `npm run eval:compare`, at random from a fixed
 * seed: delete a clause, add one, change an amount / period / court / party, negate an obligation;
 * and non-changes that must not be reported: move a clause (and renumber), change digit width,
 * break lines. Each plant says where it is and what the draft now says, to check the report.
 */

export type PlantKind = 'delete' | 'add' | 'amount' | 'period' | 'court' | 'party' | 'negate' | 'move' | 'digits' | 'reflow';
export const DIFFERENCE_KINDS: PlantKind[] = ['delete', 'add', 'amount', 'period', 'court', 'party', 'negate'];
export const NON_CHANGE_KINDS: PlantKind[] = ['move', 'digits', 'reflow'];

/** A clause as lines: the first holds its number and title (or the whole clause), '' heading for the preamble. */
export interface DraftClause {
  lines: string[];
  /** The preamble, or an entry of a table of contents: written into the draft as it is, never planted in or renumbered. */
  preamble?: boolean;
}

export interface Plant {
  kind: PlantKind;
  /** Text of the clause as the standard has it (delete, changes, non-changes) or as the draft adds it. */
  clause: string;
  /** What the draft says instead (changes): the report's span must hold it. */
  value?: string;
  /** What the standard said there. */
  was?: string;
}

export type Rng = () => number;

const pick = <T>(rng: Rng, list: T[]): T => list[Math.floor(rng() * list.length)];
const text = (c: DraftClause) => c.lines.join('\n');

interface Edit {
  pattern: RegExp;
  replace: (match: RegExpExecArray) => string;
}

const CITIES_JA = ['東京', '大阪', '名古屋', '福岡', '札幌', '横浜'];
const PLACES_EN = ['New York', 'Delaware', 'California', 'Texas', 'Ontario', 'Florida', 'Illinois', 'Nevada'];

/** A changed number of the same look: 50 → 25 or 100, 1,000 → 2,000. */
function otherNumber(value: string, rng: Rng): string {
  const n = Number(value.replace(/,/g, ''));
  const next = n <= 1 ? n + 2 : rng() < 0.5 ? n * 2 : Math.max(1, Math.round(n / 2)) === n ? n + 1 : Math.max(1, Math.round(n / 2));
  return value.includes(',') ? next.toLocaleString('en-US') : String(next);
}

function edits(kind: PlantKind, rng: Rng, parties: string[]): Edit[] {
  switch (kind) {
    case 'amount':
      return [
        { pattern: /(金)([0-9][0-9,]*)(万?円)/u, replace: (m) => `${m[1]}${otherNumber(m[2], rng)}${m[3]}` },
        { pattern: /(金)([一二三四五六七八九十百千]+)(万円)/u, replace: (m) => `${m[1]}${m[2] === '百' ? '二百' : '百'}${m[3]}` },
        { pattern: /(\$\s?)([0-9][0-9,]*)((?:\.[0-9]+)?)/u, replace: (m) => `${m[1]}${otherNumber(m[2], rng)}${m[3]}` },
      ];
    case 'period':
      return [
        { pattern: /([0-9]+)(か月|ヶ月|年間|日以内|営業日|日間)/u, replace: (m) => `${otherNumber(m[1], rng)}${m[2]}` },
        { pattern: /\(([0-9]+)\)(\s+(?:business\s+)?(?:days|months|years))/iu, replace: (m) => `(${otherNumber(m[1], rng)})${m[2]}` },
        { pattern: /\b([0-9]+)(\s+(?:business\s+)?(?:days|months|years))\b/iu, replace: (m) => `${otherNumber(m[1], rng)}${m[2]}` },
      ];
    case 'court':
      return [
        {
          pattern: /(東京|大阪|名古屋|福岡|札幌|横浜)(地方裁判所)/u,
          replace: (m) =>
            `${pick(
              rng,
              CITIES_JA.filter((c) => c !== m[1]),
            )}${m[2]}`,
        },
        {
          pattern:
            /(courts?\s+(?:of|in|located\s+in|sitting\s+in)\s+(?:the\s+)?(?:State\s+of\s+|County\s+of\s+|City\s+of\s+)?)([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)/u,
          replace: (m) =>
            `${m[1]}${pick(
              rng,
              PLACES_EN.filter((c) => c !== m[2]),
            )}`,
        },
      ];
    case 'party':
      return [
        { pattern: /乙は、/u, replace: () => '甲は、' },
        { pattern: /甲は、/u, replace: () => '乙は、' },
        ...(parties.length === 2 ? [{ pattern: new RegExp(`\\b${parties[0]}\\b`, 'u'), replace: () => parties[1] }] : []),
      ];
    case 'negate':
      return [
        { pattern: /してはならない/u, replace: () => 'することができる' },
        { pattern: /しなければならない/u, replace: () => 'しなくてもよい' },
        { pattern: /することができる/u, replace: () => 'することができない' },
        { pattern: /保証しない/u, replace: () => '保証する' },
        { pattern: /\bshall not\b/u, replace: () => 'shall' },
        { pattern: /\bwill not\b/u, replace: () => 'will' },
        { pattern: /\bshall\b/u, replace: () => 'shall not' },
        { pattern: /\bmay\b(?! not)/u, replace: () => 'may not' },
      ];
    default:
      return [];
  }
}

/** Two names that stand for the parties in an English contract: its two most used role or proper names. */
export function partyNames(body: string): string[] {
  const skip = new Set([
    'Agreement',
    'Section',
    'This',
    'The',
    'Party',
    'Parties',
    'Any',
    'Such',
    'Each',
    'Article',
    'Exhibit',
    'Schedule',
    'Effective',
    'Date',
  ]);
  const counts = new Map<string, number>();
  for (const m of body.matchAll(/(?<=[a-z,] )([A-Z][a-zA-Z]{3,})\b/gu)) if (!skip.has(m[1])) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, n]) => n >= 5)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([name]) => name);
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/**
 * Renumbers the clauses in their new order, as Word's numbering does: 第N条 in sequence; "N." top-level
 * headings in sequence, their "N.M" sub-clauses following their section's new number.
 */
export function renumber(clauses: DraftClause[]): void {
  let ja = 0;
  let top = 0;
  const JA = /^第\s*[0-9０-９X]+\s*条/u;
  const TOP = /^([0-9]+)\.(?![0-9])/u;
  const SUB = /^([0-9]+)(\.[0-9]+)/u;
  for (const c of clauses.filter((x) => !x.preamble)) {
    const first = c.lines[0];
    if (JA.test(first)) c.lines[0] = first.replace(JA, `第${++ja}条`);
    else if (TOP.test(first)) c.lines[0] = first.replace(TOP, `${++top}.`);
    else if (SUB.test(first) && top > 0) c.lines[0] = first.replace(SUB, (_, _n, rest) => `${top}${rest}`);
  }
}

export interface PlantOptions {
  rng: Rng;
  /** How many differences to plant. */
  differences: number;
  /** Clauses a draft may add (from other contracts). */
  extras: DraftClause[];
  /** Names of the parties (English contracts). */
  parties: string[];
}

/** The draft's clauses and what was planted in them. The standard's clauses are not changed. */
export function plantDifferences(standard: DraftClause[], options: PlantOptions): { draft: DraftClause[]; plants: Plant[] } {
  const { rng } = options;
  const draft = standard.map((c) => ({ ...c, lines: [...c.lines] }));
  const plants: Plant[] = [];
  const used = new Set<DraftClause>();
  const free = () => draft.filter((c) => !c.preamble && !used.has(c));
  const kinds = [...DIFFERENCE_KINDS].sort(() => rng() - 0.5);
  for (const kind of kinds) {
    if (plants.length >= options.differences) break;
    if (kind === 'delete') {
      const candidates = free();
      if (candidates.length < 4) continue;
      const victim = pick(rng, candidates);
      draft.splice(draft.indexOf(victim), 1);
      plants.push({ kind, clause: text(victim) });
      continue;
    }
    if (kind === 'add') {
      const extra = pick(rng, options.extras);
      const added = { lines: [...extra.lines] };
      const at = 1 + Math.floor(rng() * (draft.length - 1));
      const before = draft[at - 1]?.lines[0] ?? '';
      const dotted = /^([0-9]+)\.[0-9]/u.exec(before);
      if (dotted) added.lines[0] = added.lines[0].replace(/^[0-9.]+\s*/u, `${dotted[1]}.9 `);
      draft.splice(at, 0, added);
      used.add(added);
      plants.push({ kind, clause: text(added) });
      continue;
    }
    const options_ = edits(kind, rng, options.parties);
    const targets = free().flatMap((c) => options_.filter((e) => e.pattern.test(c.lines.slice(1).join('\n') || c.lines[0])).map((e) => ({ c, e })));
    if (targets.length === 0) continue;
    const { c, e } = pick(rng, targets);
    const original = text(c);
    const lineIndex = c.lines.findIndex((line, i) => (i > 0 || c.lines.length === 1) && e.pattern.test(line));
    if (lineIndex < 0) continue;
    const match = e.pattern.exec(c.lines[lineIndex])!;
    const value = e.replace(match);
    if (value === match[0]) continue;
    c.lines[lineIndex] = c.lines[lineIndex].slice(0, match.index) + value + c.lines[lineIndex].slice(match.index + match[0].length);
    used.add(c);
    plants.push({ kind, clause: original, value, was: match[0] });
  }
  plantNonChanges(draft, used, plants, rng);
  renumber(draft);
  return { draft, plants };
}

/** A clause moved elsewhere, digits made full-width in some clauses, a line broken in two. */
function plantNonChanges(draft: DraftClause[], used: Set<DraftClause>, plants: Plant[], rng: Rng): void {
  const free = () => draft.filter((c) => !c.preamble && !used.has(c));
  const movable = free();
  if (movable.length >= 4) {
    const moved = pick(rng, movable);
    draft.splice(draft.indexOf(moved), 1);
    draft.splice(1 + Math.floor(rng() * (draft.length - 1)), 0, moved);
    used.add(moved);
    plants.push({ kind: 'move', clause: text(moved) });
  }
  const withDigits = free().filter((c) => /[0-9]/.test(c.lines.slice(1).join('')));
  for (const c of withDigits.filter(() => rng() < 0.5).slice(0, 3)) {
    plants.push({ kind: 'digits', clause: text(c) });
    c.lines = c.lines.map((line, i) => (i === 0 ? line : FULL_WIDTH(line)));
    used.add(c);
  }
  const long = free().filter((c) => c.lines.some((l) => l.length > 60));
  for (const c of long.filter(() => rng() < 0.3).slice(0, 3)) {
    plants.push({ kind: 'reflow', clause: text(c) });
    const i = c.lines.findIndex((l) => l.length > 60);
    const line = c.lines[i];
    // Break at a space (English) or between two characters (Japanese), never before a number.
    let at = Math.floor(line.length * (0.3 + 0.4 * rng()));
    const space = line.indexOf(' ', at);
    if (space > 0 && space < line.length - 10) at = space;
    while (at < line.length - 1 && /[0-9０-９(（]/u.test(line[at])) at++;
    c.lines.splice(i, 1, line.slice(0, at).trimEnd(), line.slice(at).trimStart());
    used.add(c);
  }
}
