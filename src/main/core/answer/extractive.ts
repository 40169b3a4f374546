/**
 * The answer without a model: the sentences of the top passages that share the most analysed
 * terms with the question, verbatim, each with its citation, labelled as extracted.
 */
import type { Hit } from '../../../shared/types';
import { detectLanguage, NOT_IN_DOCUMENTS } from './prompt';
import { recognizeHeading } from '../text/headings';
import { sourceLocation } from '../../../shared/location';
import { procedureAround, passageLines } from './passage-lines';
import { answerSentences, contentTerms, plainSentence } from './support-check';
import type { Analyze, Language } from './types';

export const EXTRACTED_LABEL: Record<Language, string> = {
  ja: '資料から該当箇所を抜き出しました（生成モデルは使っていません）:',
  en: 'Extracted from the documents (no language model was used):',
};

export interface ExtractiveOptions {
  question: string;
  /** Passages in rank order; `passages[n - 1]` is cited as [n]. */
  passages: Hit[];
  analyze: Analyze;
  /** Default: detected from the question. */
  language?: Language;
  /** Most sentences in the answer. Default 3. */
  maxSentences?: number;
  /** Only the best passages are read. Default 3. */
  maxPassages?: number;
  /** Longer sentences are cut (with …). Default 300 characters. */
  maxSentenceChars?: number;
}

export interface ExtractedSentence {
  /** The passage number it came from. */
  n: number;
  text: string;
  score: number;
}

export interface ExtractiveAnswer {
  answer: string;
  sentences: ExtractedSentence[];
  /** Passage numbers cited, in order of appearance. */
  cited: number[];
}

interface Candidate extends ExtractedSentence {
  /** Index of its passage (n - 1) and of its line in passageLines(). */
  passage: number;
  line: number;
}

/** Builds the extractive answer; with no matching sentence it says the documents do not say. */
export function buildExtractiveAnswer(options: ExtractiveOptions): ExtractiveAnswer {
  const { question, passages, analyze, maxSentences = 3, maxPassages = 3, maxSentenceChars = 300 } = options;
  const language = options.language ?? detectLanguage(question);
  const wanted = new Set(contentTerms(analyze, question));
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  // A sheet's rows and a slide's boxes are lines as written, never wrapped text to join.
  const lines = passages.slice(0, maxPassages).map((hit) => passageLines(hit.text, { wrapped: sourceLocation(hit) === undefined }));
  const sharedTerms = (text: string) => {
    const terms = contentTerms(analyze, text);
    return { terms, shared: terms.filter((t) => wanted.has(t)).length };
  };
  lines.forEach((passage, index) => {
    // A slide's title names what its boxes say ("今年度の重点目標" over three bullet points): a question that
    // matches the title is answered by the lines under it, below any line that matches by its own words.
    const titleShared = sourceLocation(passages[index]!)?.kind === 'slide' && passage[0] ? sharedTerms(passage[0].text).shared : 0;
    passage.forEach((line, lineIndex) => {
      for (const span of answerSentences(line.text)) {
        const text = plainSentence(span.text);
        // Overlapping chunks repeat sentences; headings and fragments carry no answer.
        if (text.length < 4 || seen.has(text) || isHeadingLine(text) || (isLabel(text) && titleShared === 0)) continue;
        if (titleShared > 0 && lineIndex === 0) continue;
        seen.add(text);
        const { terms, shared } = sharedTerms(text);
        if (shared === 0 && titleShared === 0) continue;
        // Shared terms first; among equals, denser sentences, then better-ranked passages.
        const score = shared > 0 ? shared + shared / (terms.length + 1) - index * 0.01 : titleShared * 0.5 - index * 0.01;
        candidates.push({ n: index + 1, text: cut(text, maxSentenceChars), score, passage: index, line: lineIndex });
      }
    });
  });
  const best = candidates.sort((a, b) => b.score - a.score).slice(0, maxSentences);
  if (best.length === 0) return { answer: `${NOT_IN_DOCUMENTS[language]}${language === 'ja' ? '。' : '.'}`, sentences: [], cited: [] };

  // A sentence that belongs to a procedure brings the whole procedure, in order: an answer that
  // keeps two of five steps is worse than none.
  const items: Array<{ n: number; text: string; sentences: ExtractedSentence[] }> = [];
  const taken = new Set<string>();
  for (const c of best) {
    const range = procedureAround(lines[c.passage]!, c.line);
    if (!range) {
      if (!taken.has(`${c.passage}:${c.line}:${c.text}`)) items.push({ n: c.n, text: c.text, sentences: [c] });
      continue;
    }
    for (let i = range[0]; i < range[1]; i++) {
      const key = `${c.passage}:${i}`;
      if (taken.has(key)) continue;
      taken.add(key);
      // Sentences already listed on their own come again inside the procedure, in their place.
      const listed = items.findIndex((item) => item.n === c.n && lines[c.passage]![i]!.text.includes(item.text));
      if (listed >= 0) items.splice(listed, 1);
      const text = cut(lines[c.passage]![i]!.text, maxSentenceChars);
      items.push({ n: c.n, text, sentences: [{ n: c.n, text, score: c.score }] });
    }
  }
  const sentences = items.flatMap((item) => item.sentences);
  return {
    answer: [EXTRACTED_LABEL[language], ...items.map((item) => `- ${item.text} [${item.n}]`)].join('\n'),
    sentences,
    cited: [...new Set(items.map((item) => item.n))],
  };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A short line that ends no sentence (a document title, a table label) says nothing on its own. */
function isLabel(text: string): boolean {
  return text.length < 20 && !/[。．.!?！？」』）)]$/u.test(text.trimEnd());
}

/** A heading line (第12条（再委託）, 2.1 E-203 エラー) is the section path's job, not an answer. */
function isHeadingLine(text: string): boolean {
  const heading = recognizeHeading(text);
  return heading !== null && heading.end >= text.trimEnd().length;
}
