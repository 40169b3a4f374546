/**
 * The two stages of indexing a file, each in its own worker threads: parse workers (pdf.js and
 * the other parsers: read, hash, parse, clean, chunk) and analysis workers (the kuromoji
 * dictionary: terms and bigrams of each chunk). Each thread warms up one library, not both: when
 * one worker did everything, every worker paid pdf.js's start-up and a dictionary.
 */
import os from 'node:os';
import path from 'node:path';
import { abortError } from '../../../shared/errors';
import { dictionaryFiles, loadedDictionaryFiles } from '../analysis/analyzer';
import type { ChunkDraft } from '../text/types';
import { workerScript } from '../workers/bundle';
import { WorkerPool } from '../workers/pool';
import type { AnalyzedChunk, AnalysisTask } from './analyze-chunks';
import type { AnalysisWorkerData } from './analysis-worker';
import { OcrStage } from './ocr-stage';
import type { ParseEvent, ParseResult, ParseTask } from './parse-document';

/** Chunks per analysis task, so that analysis workers share a long document. */
const ANALYSIS_SLICE = 1000;
/** Chunks waiting for analysis (~2 s of work on one core) that are worth more analysis workers at the end. */
const GROW_ANALYSIS_BACKLOG = 3000;
/** Bytes to parse above which every core parses (a second pdf.js warm-up is then worth it). */
const BIG_JOB_BYTES = 16 * 1024 * 1024;

/**
 * Threads for each stage. Analysis takes about a third of the CPU time parsing does, so one
 * analysis worker keeps up with about three parse workers. A small job leaves the analysis
 * workers their cores; a big one parses on every core as well. Measured on 2 cores: 411 pages
 * (10 MB) indexed faster with one parse worker, 4,896 pages (48 MB) with two (32 s instead of 38 s).
 */
function threadsFor(cores: number, bytes: number, parseWorkers?: number): { parse: number; analysis: number } {
  const analysis = Math.max(1, Math.round(cores / 4));
  return { parse: parseWorkers ?? (bytes >= BIG_JOB_BYTES ? cores : Math.max(1, cores - analysis)), analysis };
}

export interface StagesOptions {
  /** Files to be parsed. */
  files: number;
  /** Their bytes in all. */
  bytes: number;
  /** Parse workers instead of the default (see threadsFor). */
  parseWorkers?: number;
  /** Analysis workers instead of the default (bench:scale feeds text without parsing: every core analyses). */
  analysisWorkers?: number;
  /** Start the analysis workers at once (a file is known to need parsing): their dictionary then loads while the first files parse. */
  analyzeSoon: boolean;
  /** Longest one file may take to parse; TIMEOUT beyond. Default 600 000 ms. */
  fileTimeoutMs?: number;
  /** OCR workers, when pages need OCR. Default: one per core. */
  ocrWorkers?: number;
}

/**
 * Heap caps per worker thread: a file that needs more fails alone (TOO_LARGE) instead of taking
 * the app down. Parse workers hold pdf.js and a document's pages; analysis workers a dictionary.
 */
const PARSE_LIMITS = { maxOldGenerationSizeMb: 1536, maxYoungGenerationSizeMb: 64 };
const ANALYSIS_LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64 };

export class IndexingStages {
  private parsers?: WorkerPool<ParseTask, ParseResult, ParseEvent>;
  private analyzers?: WorkerPool<AnalysisTask, AnalyzedChunk[], never>;
  private parsesLeft: number;
  private analysisBacklog = 0;
  private stopped = false;
  private ocrStage?: OcrStage;
  private readonly cores = os.availableParallelism();
  private readonly threads: { parse: number; analysis: number };

  private constructor(
    private readonly scripts: { parse: URL; analysis: URL; ocr: URL },
    private readonly options: StagesOptions,
  ) {
    this.parsesLeft = options.files;
    this.threads = threadsFor(this.cores, options.bytes, options.parseWorkers);
    if (options.analysisWorkers !== undefined) this.threads.analysis = Math.max(1, options.analysisWorkers);
    this.parsers = new WorkerPool(scripts.parse, Math.min(this.threads.parse, options.files), {
      describe,
      resourceLimits: PARSE_LIMITS,
      taskTimeoutMs: options.fileTimeoutMs ?? 600_000,
    });
    if (options.analyzeSoon) this.analysisPool();
  }

  static async start(options: StagesOptions): Promise<IndexingStages> {
    const [parse, analysis, ocr] = await Promise.all(['parse-worker', 'analysis-worker', 'ocr-worker'].map((name) => workerScript(import.meta.url, name)));
    return new IndexingStages({ parse, analysis, ocr }, options);
  }

  /** The OCR workers (started on first use). */
  get ocr(): OcrStage {
    if (this.stopped) throw abortError();
    this.ocrStage ??= new OcrStage(this.scripts.ocr, this.options.ocrWorkers);
    return this.ocrStage;
  }

  /** Reads, hashes and (unless unchanged) parses and chunks one file. */
  async parse(task: ParseTask, onEvent: (event: ParseEvent) => void): Promise<ParseResult> {
    try {
      return await this.parsers!.run(task, (event) => {
        // The file changed: its chunks will need the dictionary.
        if (!this.stopped) this.analysisPool();
        onEvent(event);
      });
    } finally {
      this.parsesLeft--;
    }
  }

  /** Terms and bigrams of a parsed document's chunks, in their order. */
  async analyze(file: string, title: string, drafts: ChunkDraft[]): Promise<AnalyzedChunk[]> {
    const slices: Array<Promise<AnalyzedChunk[]>> = [];
    for (let first = 0; first < drafts.length; first += ANALYSIS_SLICE) {
      const chunks = drafts.slice(first, first + ANALYSIS_SLICE).map(({ text, section, addresses }) => ({ text, section, addresses }));
      this.analysisBacklog += chunks.length;
      slices.push(
        this.analysisPool()
          .run({ path: file, title, chunks })
          .finally(() => (this.analysisBacklog -= chunks.length)),
      );
    }
    // The last file parsed and seconds of analysis left: the parse workers' cores are free, give
    // them to analysis (a new analysis worker takes ~0.5 s to load its dictionary).
    if (this.parsesLeft === 0 && this.analysisBacklog >= GROW_ANALYSIS_BACKLOG) {
      void this.parsers?.terminate();
      this.analysisPool().grow(Math.max(this.threads.analysis, this.cores));
    }
    return (await Promise.all(slices)).flat();
  }

  /** Stops every worker now (a cancel, or the end of the run); what is running rejects. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.parsers?.terminate(), this.analyzers?.terminate(), this.ocrStage?.stop()]);
  }

  private analysisPool(): WorkerPool<AnalysisTask, AnalyzedChunk[], never> {
    if (this.stopped) throw abortError();
    // Several analysis workers share one copy of the dictionary; a single one shares this
    // thread's if it has one (the app's, loaded for search), else reads its own.
    this.analyzers ??= new WorkerPool(this.scripts.analysis, Math.min(this.threads.analysis, this.options.files), {
      describe,
      resourceLimits: ANALYSIS_LIMITS,
      workerData: { dictionary: this.threads.analysis > 1 ? dictionaryFiles() : loadedDictionaryFiles() } satisfies AnalysisWorkerData,
    });
    return this.analyzers;
  }
}

function describe(task: unknown): string {
  return path.basename((task as { path: string }).path);
}
