/** The .md memo and the .csv table (UTF-8 with a BOM, so Excel opens Japanese correctly). */
import type { ReportModel } from './report-model';
import { CHANGE_LABEL, COLUMNS, MARK_LABEL, STATUS_LABEL, TEXT, cellAnswer, citationPlace, plainAnswer, reasonText } from './report-model';

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderCsv(model: ReportModel): string {
  const { language, rows } = model;
  const c = COLUMNS[language];
  const lines = [[c.id, c.question, c.category, c.status, c.reason, c.answer, c.document, c.page, c.section, c.quote, c.mark, c.note, c.change]];
  for (const { item, document, result } of rows) {
    const citations = result?.citations ?? [];
    const multiple = citations.length > 1;
    const joined = (f: (x: (typeof citations)[number]) => string) => citations.map((x) => (multiple ? `[${x.n}] ` : '') + f(x)).join('\n');
    lines.push([
      item.id,
      item.question,
      item.category ?? '',
      result ? STATUS_LABEL[language][result.status] : TEXT[language].notAnswered,
      result ? reasonText(result, language) : '',
      result ? cellAnswer(result.answer, result.citations.length) : '',
      document.title || document.path,
      joined((x) => citationPlace(x, language)),
      joined((x) => x.section),
      joined((x) => x.quote),
      result?.mark ? MARK_LABEL[language][result.mark] : '',
      result?.note ?? '',
      result?.change ? CHANGE_LABEL[language][result.change.kind] : '',
    ]);
  }
  return '\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Markdown special characters in running text (not in quotes, which go in blockquotes). */
function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function renderMarkdown(model: ReportModel): string {
  const { language, rows, run } = model;
  const t = TEXT[language];
  const out: string[] = [`# ${t.title}: ${escapeMd(run.checklist.name)}`, '', `## ${t.about}`, ''];
  for (const [label, value] of model.provenance) out.push(`- **${label}**: ${escapeMd(value)}`);
  let lastItem: string | undefined;
  for (const { item, document, result } of rows) {
    if (item.id !== lastItem) {
      out.push('', `## ${escapeMd(item.id)} ${escapeMd(item.question)}`);
      if (item.category) out.push('', `*${escapeMd(item.category)}*`);
      lastItem = item.id;
    }
    const status = result ? STATUS_LABEL[language][result.status] : t.notAnswered;
    const mark = result?.mark ? ` · ${COLUMNS[language].mark}: ${MARK_LABEL[language][result.mark]}` : '';
    const change = result?.change && result.change.kind !== 'unchanged' ? ` · ${CHANGE_LABEL[language][result.change.kind]}` : '';
    out.push('', `### ${escapeMd(document.title || document.path)}: ${status}${mark}${change}`);
    if (!result) continue;
    out.push('', `*${escapeMd(reasonText(result, language))}*`, '', result.answer.trim());
    for (const c of result.citations) {
      out.push(
        '',
        `> [${c.n}] ${c.quote.replace(/\s*\n\s*/g, ' ')}`,
        `> — ${escapeMd(c.title)}, ${citationPlace(c, language)}${c.section ? `, ${escapeMd(c.section)}` : ''}`,
      );
    }
    if (result.unsupported.length) out.push('', `${t.unsupported}:`, ...result.unsupported.map((s) => `- ⚠ ${s}`));
    if (result.note) out.push('', `${COLUMNS[language].note}: ${escapeMd(result.note)}`);
    if (result.change?.kind === 'changed' && result.change.previousAnswer)
      out.push('', `${t.previous}: ${escapeMd(plainAnswer(result.change.previousAnswer))}`);
  }
  return out.join('\n') + '\n';
}
