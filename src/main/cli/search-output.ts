/** `genten search`: hits for people (a snippet around the highlight) or as JSON lines, and --queries FILE in one process. */
import fs from 'node:fs';
import readline from 'node:readline';
import { displayPath } from '../../shared/display';
import type { Hit } from '../../shared/types';
import { locationText, sectionBeside, sourceLocation } from '../../shared/location';
import type { Engine } from '../core/engine';
import { ocrLabel } from './ocr-options';
import { UsageError, type Io } from './usage';

export async function runBatchSearch(engine: Engine, file: string, options: { k?: number; collection?: string }, io: Io): Promise<number> {
  if (!fs.existsSync(file)) throw new UsageError(`no such queries file: ${file}`);
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const ids: unknown[] = [];
  // Parses lines as they come and hands the queries to searchBatch, which answers them in order.
  async function* queries(): AsyncGenerator<string> {
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (!line.trim()) continue;
      let entry: { id?: unknown; question?: unknown; query?: unknown };
      try {
        entry = JSON.parse(line);
      } catch {
        throw new UsageError(`${file}:${lineNumber}: not a JSON object`);
      }
      const query = typeof entry.question === 'string' ? entry.question : typeof entry.query === 'string' ? entry.query : undefined;
      if (query === undefined) throw new UsageError(`${file}:${lineNumber}: needs "question" or "query"`);
      ids.push(entry.id ?? lineNumber);
      yield query;
    }
  }
  for await (const hits of engine.searchBatch(queries(), options)) {
    io.stdout.write(JSON.stringify({ id: ids.shift(), hits: hits.map(hitJson) }) + '\n');
  }
  return 0;
}

export function hitJson(hit: Hit) {
  return {
    rank: hit.rank,
    score: hit.score,
    path: hit.path,
    title: hit.title,
    page: hit.page,
    pageEnd: hit.pageEnd,
    section: hit.section,
    text: hit.text,
    chunkId: hit.chunkId,
    ...(hit.ocrConfidence !== undefined ? { ocrConfidence: hit.ocrConfidence } : {}),
  };
}

/** A passage shortened around its first highlight, with highlights marked. */
export function snippet(hit: Hit, options: { color: boolean; width?: number }): string {
  const { color, width = 160 } = options;
  const first = hit.highlights[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - Math.floor(width / 4), hit.text.length - width));
  const end = Math.min(hit.text.length, start + width);
  let out = '';
  let at = start;
  for (const [s, e] of hit.highlights) {
    if (e <= start || s >= end) continue;
    out += hit.text.slice(at, Math.max(at, s));
    const mark = hit.text.slice(Math.max(s, start), Math.min(e, end));
    out += color ? `\x1b[1;33m${mark}\x1b[0m` : `【${mark}】`;
    at = Math.min(e, end);
  }
  out += hit.text.slice(at, end);
  return `${start > 0 ? '…' : ''}${out.replace(/\s*\n\s*/g, ' ')}${end < hit.text.length ? '…' : ''}`;
}

export function formatHits(hits: Hit[], color: boolean): string {
  if (hits.length === 0) return 'No passages found.';
  return hits
    .map((hit) => {
      const location = sourceLocation(hit);
      const pages = location ? locationText(location, 'en') : hit.pageEnd > hit.page ? `pp.${hit.page}-${hit.pageEnd}` : `p.${hit.page}`;
      const shown = sectionBeside(hit, location);
      const section = shown ? `  ${shown}` : '';
      const ocr = hit.ocrConfidence !== undefined ? `  (${ocrLabel(hit.ocrConfidence)})` : '';
      return `${hit.rank}. ${displayPath(hit.title)}  ${pages}${section}${ocr}\n   ${displayPath(hit.path)}\n   ${snippet(hit, { color })}`;
    })
    .join('\n\n');
}
