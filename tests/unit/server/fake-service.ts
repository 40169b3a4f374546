/** A GentenService over a fake engine: the real validation, jobs and events, no LanceDB. */
import fs from 'node:fs';
import path from 'node:path';
import type { Answer } from '../../../src/shared/api';
import type { DocumentInfo, Hit, IngestSummary } from '../../../src/shared/types';
import type { AnswerFn } from '../../../src/main/api/answer';
import { GentenService } from '../../../src/main/api/service';
import { SettingsStore } from '../../../src/main/api/settings-store';
import type { Engine } from '../../../src/main/core/engine';

export interface FakeServiceOptions {
  dir: string;
  answer?: AnswerFn;
  deltaIntervalMs?: number;
  /** How long each fake index job takes. Default 0. */
  indexDelayMs?: number;
}

export function makeFakeService(options: FakeServiceOptions) {
  const { dir } = options;
  const libraryDir = path.join(dir, 'library');
  fs.mkdirSync(libraryDir, { recursive: true });
  const pdf = path.join(dir, 'manual.pdf');
  fs.writeFileSync(pdf, '%PDF-1.7\nfake');
  const doc: DocumentInfo = {
    id: 'doc1',
    path: pdf,
    title: 'Manual',
    type: 'pdf',
    collection: 'default',
    pages: 2,
    chunks: 1,
    status: 'indexed',
    size: 13,
    hash: 'h',
    indexedAt: new Date(0).toISOString(),
  };
  const hit: Hit = {
    rank: 1,
    score: 1,
    chunkId: 'c1',
    documentId: 'doc1',
    path: pdf,
    title: 'Manual',
    page: 2,
    pageEnd: 2,
    section: '第1章',
    text: 'E-203 の対処',
    highlights: [[0, 5]],
  };
  const chunk = {
    id: 'c1',
    documentId: 'doc1',
    ordinal: 0,
    text: 'E-203 の対処',
    terms: '',
    grams: '',
    pageStart: 2,
    pageEnd: 2,
    section: '第1章',
    charStart: 0,
    charEnd: 9,
    path: pdf,
    title: 'Manual',
    collection: 'default',
  };
  const indexed: string[][] = [];
  const summary: IngestSummary = {
    indexed: 1,
    unchanged: 0,
    removed: 0,
    unavailable: 0,
    skipped: 0,
    failed: [],
    documents: 1,
    pages: 2,
    chunks: 1,
    seconds: 0.1,
    cancelled: false,
  };
  const engine = {
    libraryDir,
    documents: async () => [doc],
    status: async () => ({
      path: libraryDir,
      sizeBytes: 0,
      documents: 1,
      pages: 2,
      chunks: 1,
      collections: ['default'],
      failed: [],
      stale: [],
      unavailable: [],
      analyzerVersion: 'test',
    }),
    search: async () => [hit],
    index: async ({ paths, onProgress, signal }: { paths: string[]; onProgress?: (p: unknown) => void; signal?: AbortSignal }) => {
      indexed.push(paths);
      onProgress?.({ phase: 'indexing', filesTotal: 1, filesDone: 0, pagesDone: 0, rate: 0 });
      if (options.indexDelayMs) await new Promise((resolve) => setTimeout(resolve, options.indexDelayMs));
      return { ...summary, cancelled: Boolean(signal?.aborted) };
    },
    remove: async (paths: string[]) => paths,
    ocrPage: async () => undefined,
    document: async (id: string) => (id === 'doc1' ? doc : undefined),
    passage: async (id: string) => (id === 'c1' ? { chunk, document: doc } : undefined),
    store: {
      getChunk: async (id: string) => (id === 'c1' ? chunk : undefined),
      chunksOf: async () => [chunk],
    },
    getAnalyzer: async () => ({ version: 'test', terms: (t: string) => t.split(/\s+/), highlightTerms: () => [] }),
    dispose: () => undefined,
  } as unknown as Engine;
  const defaultAnswer: AnswerFn = async ({ question, onDelta }) => {
    onDelta('answer ');
    onDelta('text [1]');
    const answer: Answer = {
      question,
      mode: 'extractive',
      answer: 'answer text [1]',
      citations: [{ n: 1, path: pdf, title: 'Manual', page: 2, pageEnd: 2, section: '第1章', quote: 'E-203 の対処', chunkId: 'c1' }],
      unsupported: [],
      model: null,
      timings: { retrieveMs: 1, firstTokenMs: 1, totalMs: 2, tokens: 0, tokensPerSecond: null },
    };
    return answer;
  };
  const service = new GentenService({
    engine,
    settings: new SettingsStore(path.join(dir, 'settings.json')),
    dataDir: dir,
    answer: options.answer ?? defaultAnswer,
    listModels: async () => [],
    deltaIntervalMs: options.deltaIntervalMs,
  });
  return { service, libraryDir, pdf, indexed };
}
