/**
 * Analysed terms of a fixed list of phrases (the legal-term table), kept in a file between processes: analysing
 * its ~1,500 phrases took ~300 ms of every one-shot `genten search`, for the same result each time. The file's name
 * holds a hash of the analyser's version and of the phrases, so a change to either makes a new one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Analyzer } from './analyzer';

const DEFAULT_DIR = path.join(os.tmpdir(), 'genten-terms');

function load(file: string, phrases: string[]): Map<string, string[]> | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const out = new Map<string, string[]>();
    for (const phrase of phrases) {
      const terms = data[phrase];
      if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string')) return undefined;
      out.set(phrase, terms);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** `analyzer.terms` of every phrase, from the cache file when it has them, else analysed and saved. */
export function cachedTerms(
  analyzer: Analyzer,
  phrases: string[],
  options: { name: string; /** Default: genten-terms in the temp folder. */ dir?: string },
): Map<string, string[]> {
  const cacheDir = options.dir ?? DEFAULT_DIR;
  const unique = [...new Set(phrases)];
  const key = createHash('sha256').update(analyzer.version).update('\0').update(JSON.stringify(unique)).digest('hex').slice(0, 16);
  const file = path.join(cacheDir, `${options.name}-${key}.json`);
  const cached = load(file, unique);
  if (cached) return cached;
  const terms = new Map(unique.map((phrase) => [phrase, analyzer.terms(phrase)]));
  // A private name, then a rename: several processes may start at once. A cache that cannot be written only costs time.
  const temp = `${file}.${process.pid}.${Date.now()}`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(temp, JSON.stringify(Object.fromEntries(terms)));
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
  return terms;
}
