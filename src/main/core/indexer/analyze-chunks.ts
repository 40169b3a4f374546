/**
 * The analysis stage of indexing, run in the analysis worker (the thread with the dictionary):
 * the search terms and character bigrams of each chunk of one document.
 */
import type { Analyzer } from '../analysis/analyzer';
import { charBigrams } from '../analysis/bigrams';

export interface AnalysisTask {
  /** The document's path, for error messages. */
  path: string;
  title: string;
  /** `addresses`: the chunk's provision address terms (text/provisions.ts), indexed as they are. */
  chunks: Array<{ text: string; section: string[]; addresses?: string[] }>;
}

export interface AnalyzedChunk {
  /** Analyser terms (morphological leg). */
  terms: string;
  /** Character bigrams (unknown-word leg). */
  grams: string;
}

export function analyzeChunks(task: AnalysisTask, analyzer: Analyzer): AnalyzedChunk[] {
  // Title and section path count for search: a question often names the document or the clause.
  const titleTerms = analyzer.terms(task.title).join(' ');
  const titleGrams = charBigrams(task.title).join(' ');
  const sections = new Map<string, AnalyzedChunk>();
  const join = (...parts: string[]) => parts.filter(Boolean).join(' ');
  return task.chunks.map((chunk) => {
    const sectionKey = chunk.section.join(' > ');
    let section = sections.get(sectionKey);
    if (section === undefined) {
      section = { terms: analyzer.terms(sectionKey).join(' '), grams: charBigrams(sectionKey).join(' ') };
      sections.set(sectionKey, section);
    }
    return {
      terms: join(titleTerms, section.terms, analyzer.terms(chunk.text).join(' '), chunk.addresses?.join(' ') ?? ''),
      grams: join(titleGrams, section.grams, charBigrams(chunk.text).join(' ')),
    };
  });
}
