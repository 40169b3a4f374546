/**
 * The engine's composition root: one library (LanceDB folder), the analyser, and the operations
 * every host calls (CLI, HTTP server, Electron IPC). Holds native resources: call dispose().
 */
import path from 'node:path';
import { GentenError } from '../../shared/errors';
import type { DocumentInfo, Hit, IngestSummary, LibraryStatus, SearchOptions } from '../../shared/types';
import { loadAnalyzer, type Analyzer } from './analysis/analyzer';
import { embedLibrary, type EmbedLibraryOptions, type EmbedLibrarySummary } from './embeddings/embed-library';
import { inputSignature, queryInput } from './embeddings/families';
import type { EmbeddingModel } from './embeddings/model';
import type { IndexOptions } from './indexer/indexer';
import { INDEX_VERSION } from './indexer/index-rows';
import { searchLibrary, type VectorLeg } from './search/search';
import type { LibraryStore } from './store/library-store';
import { checkLibrary, type CheckOptions, type CheckReport } from './store/check';
import type { ChunkRow, DocumentRow, OcrPageRow } from './store/types';
import { openStorage, type LibraryStorage } from './store/storage';
import { commitConflict } from './store/commit-conflict';
import { offlineCopyAt } from './store/sync';
import { isUnder } from './ingest/scan';

export interface EngineOptions {
  /** The library: a folder, or s3://BUCKET/PREFIX on S3-compatible storage (see store/location.ts). */
  libraryDir: string;
  /** Create an empty library when there is none. Default true; readers pass false. */
  create?: boolean;
  /**
   * Keep each indexed document's bytes in the library (files/<sha256>) so that citations open
   * on machines that never had the file. Default: true for object storage, false for a folder.
   */
  keepFiles?: boolean;
  /** Seconds within which reads see other processes' commits. Default: see store/storage.ts. */
  readConsistencySeconds?: number;
  /**
   * Take the library's write lock while writing (a lock file in a folder, a lease object on object
   * storage). Default true. False lets writers race, LanceDB's commits keeping them apart where
   * the storage refuses a second conditional put (tests and benchmarks).
   */
  writeLock?: boolean;
  /**
   * The embedding model: indexing embeds passages with it and search becomes hybrid once the
   * library has its vectors. The caller keeps ownership (the engine never disposes it).
   * Default: none (BM25 only).
   */
  embedding?: EmbeddingModel;
}

/** Where the library's vectors stand for the engine's embedding model. */
export interface EmbeddingStatus {
  /** The engine's embedding model id, or null without one. */
  model: string | null;
  /** The model the library's vectors come from, or null when it has none. */
  libraryModel: string | null;
  /** Chunks with a vector, and all chunks. */
  vectors: number;
  chunks: number;
  /** True when search uses the vector leg (the library's vectors are from the engine's model). */
  hybrid: boolean;
}

/** Query vectors kept (a checklist's items, a few searches). */
const QUERY_VECTORS_KEPT = 128;

export class Engine {
  private analyzer?: Promise<Analyzer>;
  private embeddingModel?: EmbeddingModel;
  /** Recent queries' vectors: a checklist asks the same items of every document. */
  private readonly queryVectors = new Map<string, number[]>();
  /** What the quick check found when the library was opened (see store/check.ts). */
  health?: CheckReport;

  private constructor(
    readonly storage: LibraryStorage,
    private readonly keepFiles: boolean,
    private readonly writeLock: boolean,
  ) {}

  static async open(options: EngineOptions): Promise<Engine> {
    const storage = await openStorage(options.libraryDir, { create: options.create, readConsistencySeconds: options.readConsistencySeconds });
    const engine = new Engine(storage, options.keepFiles ?? storage.location.kind === 's3', options.writeLock !== false);
    engine.embeddingModel = options.embedding;
    // Cheap: rows, counts and the index list; a damaged library is reported, never touched here.
    engine.health = await checkLibrary(engine.store, { quick: true, locked: !engine.checkLocks }).catch(() => undefined);
    return engine;
  }

  get store(): LibraryStore {
    return this.storage.store;
  }

  /** The embedding model in use, if any. */
  get embedding(): EmbeddingModel | undefined {
    return this.embeddingModel;
  }

  /**
   * Sets (or, with undefined, clears) the embedding model. The next index run embeds with it;
   * search uses vectors only once they come from this model. The caller disposes models.
   */
  setEmbedding(model: EmbeddingModel | undefined): void {
    this.embeddingModel = model;
    this.queryVectors.clear();
  }

  /** The library's folder, or its s3:// URI. */
  get libraryDir(): string {
    return this.storage.where;
  }

  /** The query analyser, loaded on first use (the kuromoji dictionary takes a moment). */
  getAnalyzer(): Promise<Analyzer> {
    this.analyzer ??= loadAnalyzer();
    return this.analyzer;
  }

  /** Indexes paths, then (with an embedding model) embeds every passage that has no vector yet. */
  async index(options: IndexOptions): Promise<IngestSummary> {
    try {
      // Loaded here, not with the engine: a search never needs the parsers (pdf.js, canvas, HTML, encodings).
      const { indexPaths } = await import('./indexer/indexer');
      const lock = await this.lock();
      try {
        return await indexPaths(this.store, {
          embedding: this.embeddingModel,
          files: this.keepFiles ? this.storage.files : undefined,
          writeLock: false, // held here
          ...options,
        });
      } finally {
        await lock.release();
      }
    } catch (error) {
      throw commitConflict(error, this.libraryDir) ?? this.scrub(error);
    }
  }

  /** The document's bytes as the library keeps them (files/<sha256>), when it does. */
  documentBytes(hash: string): Promise<Buffer | undefined> {
    return /^[0-9a-f]{64}$/.test(hash) ? this.storage.files.get(hash) : Promise.resolve(undefined);
  }

  /** An error whose message may carry a secret (from object storage) without it. */
  private scrub(error: unknown): unknown {
    if (!(error instanceof Error) || this.storage.redact(error.message) === error.message) return error;
    return error instanceof GentenError
      ? new GentenError(error.code, this.storage.redact(error.message), error.path)
      : new Error(this.storage.redact(error.message));
  }

  private async lock(): Promise<{ release(): void | Promise<void> }> {
    return this.writeLock ? await this.storage.lockForWriting() : { release() {} };
  }

  /** checkLibrary takes a folder's lock file itself (and reports one left stale); object storage's lease is taken here. */
  private get checkLocks(): boolean {
    return this.writeLock && this.storage.location.kind === 'local';
  }

  /** Embeds what the library is missing, without indexing files (e.g. after setting a model). */
  async embed(options: EmbedLibraryOptions = {}): Promise<EmbedLibrarySummary> {
    const model = this.embeddingModel;
    if (!model) throw new GentenError('BAD_REQUEST', 'No embedding model is set.');
    const lock = await this.lock();
    try {
      return await embedLibrary(this.store, model, options);
    } finally {
      await lock.release();
    }
  }

  async search(query: string, options: SearchOptions = {}): Promise<Hit[]> {
    const [analyzer, vectorLeg] = await Promise.all([this.getAnalyzer(), this.vectorLeg(query)]);
    return withOcrConfidence(this.store, await searchLibrary(this.store, analyzer, query, { ...options, vectorLeg }));
  }

  /**
   * Cosine similarity of the query to each embedded passage of one document (chunk id → −1..1), when
   * the library holds vectors of this engine's model; otherwise undefined (review then goes by words).
   */
  async passageSimilarities(query: string, documentId: string, passages: number): Promise<Map<string, number> | undefined> {
    const leg = await this.vectorLeg(query);
    if (!leg || passages < 1) return undefined;
    const ranked = await this.store.searchVectors(leg.vector, { limit: passages, filter: { documentId } });
    return ranked.length > 0 ? new Map(ranked.map((r) => [r.id, r.score])) : undefined;
  }

  /** What OCR read on one page of a document (text, confidence, word boxes), or undefined when it was not OCR'd. */
  async ocrPage(documentId: string, page: number): Promise<OcrPageRow | undefined> {
    const doc = await this.store.findDocument({ id: documentId });
    return (await this.store.ocrPagesOf(documentId)).find((row) => row.page === page && row.hash === doc?.hash);
  }

  /**
   * Many queries, answered in order. A few run at once: each spends most of its time in LanceDB's
   * own threads, so the main thread can analyse the next query meanwhile.
   */
  async *searchBatch(queries: AsyncIterable<string> | Iterable<string>, options: SearchOptions & { concurrency?: number } = {}): AsyncGenerator<Hit[]> {
    const { concurrency = 6, ...searchOptions } = options;
    const pending: Array<Promise<Hit[]>> = [];
    for await (const query of queries) {
      const next = this.search(query, searchOptions);
      next.catch(() => {}); // awaited below, in order; a failure surfaces there
      pending.push(next);
      if (pending.length >= concurrency) yield await pending.shift()!;
    }
    while (pending.length > 0) yield await pending.shift()!;
  }

  async embeddingStatus(): Promise<EmbeddingStatus> {
    const model = this.embeddingModel;
    const space = await this.store.vectorSpace();
    return {
      model: model?.id ?? null,
      libraryModel: space?.model ?? null,
      vectors: space ? await this.store.countVectors() : 0,
      chunks: await this.store.countChunks(),
      hybrid: model !== undefined && space?.model === model.id && space.input === inputSignature(model.family) && (await this.store.countVectors()) > 0,
    };
  }

  /**
   * The query's vector when the library holds vectors of this engine's model; otherwise none
   * (search is then BM25 alone, as without a model).
   */
  private async vectorLeg(query: string): Promise<VectorLeg | undefined> {
    const model = this.embeddingModel;
    if (!model || !query.trim()) return undefined;
    const space = await this.store.vectorSpace();
    if (!space || space.model !== model.id || space.input !== inputSignature(model.family)) return undefined;
    if ((await this.store.countVectors()) === 0) return undefined;
    let vector = this.queryVectors.get(query);
    if (!vector) {
      const embedder = await model.load();
      [vector] = await embedder.embed([queryInput(model.family, query)]);
      if (this.queryVectors.size >= QUERY_VECTORS_KEPT) this.queryVectors.delete(this.queryVectors.keys().next().value!);
      if (vector) this.queryVectors.set(query, vector);
    }
    return vector && vector.length === space.dimensions ? { vector } : undefined;
  }

  async documents(): Promise<DocumentInfo[]> {
    const ocr = await this.store.ocrSummary();
    return (await this.store.listDocuments()).map((row) => withOcrPages(toDocumentInfo(row), ocr.get(row.id))).sort((a, b) => a.path.localeCompare(b.path));
  }

  /** One document as documents() lists it, or undefined when the library has none by that id. */
  async document(id: string): Promise<DocumentInfo | undefined> {
    const row = await this.store.findDocument({ id });
    return row ? withOcrPages(toDocumentInfo(row), (await this.store.ocrSummary(id)).get(id)) : undefined;
  }

  /**
   * A passage with its document and the passages either side of it (for the source viewer's
   * context); undefined when it is no longer in the library. Reads three chunks, not the document's all.
   */
  async passage(chunkId: string): Promise<{ chunk: ChunkRow; document?: DocumentInfo; before?: ChunkRow; after?: ChunkRow } | undefined> {
    const chunk = await this.store.getChunk(chunkId);
    if (!chunk) return undefined;
    const [document, around] = await Promise.all([
      this.document(chunk.documentId),
      this.store.chunksAt(chunk.documentId, [chunk.ordinal - 1, chunk.ordinal + 1]),
    ]);
    return { chunk, document, before: around.find((c) => c.ordinal === chunk.ordinal - 1), after: around.find((c) => c.ordinal === chunk.ordinal + 1) };
  }

  async status(): Promise<LibraryStatus> {
    const docs = await this.store.listDocuments();
    const live = docs.filter((d) => d.status !== 'failed');
    const ocr = await this.store.ocrSummary();
    const failure = (d: DocumentRow) => ({ path: d.path, code: d.errorCode as never, message: d.errorMessage });
    const copy = this.storage.location.kind === 'local' ? offlineCopyAt(this.storage.location.dir) : undefined;
    const writer = await this.storage.otherWriter().catch(() => undefined);
    return {
      path: this.libraryDir,
      sizeBytes: await this.storage.sizeBytes(),
      documents: live.length,
      pages: live.reduce((sum, d) => sum + d.pages, 0),
      chunks: await this.store.countChunks(),
      collections: [...new Set(live.map((d) => d.collection))].sort(),
      failed: docs.filter((d) => d.status === 'failed').map(failure),
      stale: docs.filter((d) => d.status === 'stale').map(failure),
      unavailable: docs.filter((d) => d.status === 'unavailable').map(failure),
      analyzerVersion: (await this.store.getMeta('analyzer')) ?? INDEX_VERSION,
      ...(this.health && !this.health.ok ? { problems: this.health.problems } : {}),
      ocrPages: live.reduce((sum, d) => sum + (ocr.get(d.id)?.pages ?? 0), 0),
      storage: this.storage.location.kind,
      ...(copy ? { offlineCopy: copy } : {}),
      ...(writer ? { writer: { host: writer.host, pid: writer.pid, since: writer.acquiredAt } } : {}),
    };
  }

  /** Finds (and with `repair`, fixes) what an interrupted write left behind: `genten check`. */
  async check(options: Pick<CheckOptions, 'repair'> = {}): Promise<CheckReport> {
    const lease = options.repair && !this.checkLocks ? await this.lock() : undefined;
    try {
      const report = await checkLibrary(this.store, { ...options, locked: !this.checkLocks });
      this.health = report;
      return report;
    } finally {
      await lease?.release();
    }
  }

  /** Removes documents at these paths (a folder removes everything under it). Returns what was removed. */
  async remove(paths: string[]): Promise<string[]> {
    const roots = paths.map((p) => path.resolve(p));
    const lock = await this.lock();
    try {
      const docs = await this.store.listDocuments();
      const doomed = docs.filter((d) => roots.some((root) => isUnder(d.path, root)));
      await this.store.removeDocuments(doomed.map((d) => d.id));
      return doomed.map((d) => d.path);
    } finally {
      await lock.release();
    }
  }

  dispose(): void {
    this.store.dispose();
  }
}

export function toDocumentInfo(row: DocumentRow): DocumentInfo {
  return {
    id: row.id,
    path: row.path,
    title: row.title,
    type: row.type,
    collection: row.collection,
    pages: row.pages,
    chunks: row.chunks,
    status: row.status,
    ...(row.errorCode ? { error: { code: row.errorCode as never, message: row.errorMessage } } : {}),
    size: row.size,
    hash: row.hash,
    indexedAt: row.indexedAt,
  };
}

function withOcrPages(info: DocumentInfo, read: { pages: number; confidence: number } | undefined): DocumentInfo {
  return read ? { ...info, ocrPages: read.pages, ocrConfidence: Math.round(read.confidence) } : info;
}

/** Marks hits whose text came from OCR with the lowest confidence of their pages. */
async function withOcrConfidence(store: LibraryStore, hits: Hit[]): Promise<Hit[]> {
  const pages = hits.flatMap((hit) =>
    Array.from({ length: Math.min(hit.pageEnd - hit.page + 1, 20) }, (_, i) => ({ documentId: hit.documentId, page: hit.page + i })),
  );
  const confidence = await store.ocrConfidence(pages);
  if (confidence.size === 0) return hits;
  return hits.map((hit) => {
    const values = pages
      .filter((p) => p.documentId === hit.documentId && p.page >= hit.page && p.page <= hit.pageEnd)
      .map((p) => confidence.get(`${p.documentId}-${p.page}`));
    const known = values.filter((v): v is number => v !== undefined);
    return known.length > 0 ? { ...hit, ocrConfidence: Math.round(Math.min(...known)) } : hit;
  });
}
