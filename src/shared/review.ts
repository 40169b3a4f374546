/**
 * Review runs: a checklist asked of documents, item by item, with checked citations, reviewer
 * marks, and the provenance a report must carry. Pure data shared by the engine, the hosts and the
 * renderer: no node:*, no DOM.
 */
import type { Citation } from './api';
import type { ReviewReason } from './review-reasons';
import type { DocumentInfo } from './types';

export interface ChecklistItem {
  id: string;
  question: string;
  category?: string;
  guidance?: string;
  /** Where the item is in its file (1-based row or line), for error messages. */
  row?: number;
}

export interface Checklist {
  /** A name to show: the file name without extension, or what the user typed. */
  name: string;
  /** The checklist file (absolute), or null for one written in the app. */
  path: string | null;
  /** SHA-256 (hex) of the file's bytes, or of the written text. */
  hash: string;
  language: 'ja' | 'en';
  items: ChecklistItem[];
}

/** A checklist shipped with Genten (resources/checklists). */
export interface ShippedChecklist {
  id: string;
  /** What the Review view shows, in each UI language. */
  names: Record<'ja' | 'en', string>;
  language: 'ja' | 'en';
  items: number;
  path: string;
}

export type ReviewStatus = 'found' | 'not_found' | 'needs_review';
export type ReviewerMark = 'accepted' | 'changed' | 'rejected';
export type ReviewState = 'running' | 'done' | 'cancelled' | 'interrupted' | 'failed';

/** A document as it was when the run read it. */
export interface ReviewDocument {
  id: string;
  path: string;
  title: string;
  type: DocumentInfo['type'];
  /** SHA-256 of the file when it was indexed. */
  hash: string;
}

/** How one item compares with the run this one re-ran. */
export interface ReviewChange {
  kind: 'new' | 'changed' | 'unchanged';
  /** What the earlier run said, when it said something different. */
  previousStatus?: ReviewStatus;
  previousAnswer?: string;
}

export interface ReviewItemResult {
  itemId: string;
  documentId: string;
  /** Hash of the document version that answered (the run's documents list has the rest). */
  documentHash: string;
  status: ReviewStatus;
  /** Why this status, in one short sentence in the run's language. */
  reason: string;
  /** The same reason as a code and parameters, for the UI and reports to show in their language (runs before 2026-12 lack it). */
  reasonCode?: ReviewReason;
  /** Retrieval's confidence, 0..1. */
  score: number;
  answer: string;
  mode: 'generative' | 'extractive';
  citations: Citation[];
  /** Sentences of the answer that the cited passages do not support. */
  unsupported: string[];
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
  /** The reviewer's decision; absent until they make one. */
  mark?: ReviewerMark;
  note?: string;
  markedAt?: string;
  change?: ReviewChange;
}

export interface ReviewModel {
  /** 'extractive' when no model answered. */
  kind: 'extractive' | 'file' | 'server';
  name: string;
  /** The GGUF file and its SHA-256, for a local model. */
  file?: string;
  sha256?: string;
}

export interface ReviewRun {
  id: string;
  /** Format version of the saved file. */
  version: 1;
  checklist: Checklist;
  documents: ReviewDocument[];
  /** The collection reviewed, when the user chose one instead of documents. */
  collection?: string;
  model: ReviewModel;
  gentenVersion: string;
  state: ReviewState;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Seconds spent answering, over every session of this run. */
  seconds: number;
  error?: { code: string; message: string };
  /** The run this one re-ran (to show what changed). */
  previousRunId?: string;
  /** One per item × document, in checklist order then document order, as far as answered. */
  results: ReviewItemResult[];
}

export interface ReviewSummary {
  id: string;
  name: string;
  state: ReviewState;
  createdAt: string;
  updatedAt: string;
  documents: string[];
  total: number;
  done: number;
  counts: Record<ReviewStatus, number>;
  marked: number;
}

export interface ReviewProgress {
  done: number;
  total: number;
  /** The item just answered. */
  itemId?: string;
  documentId?: string;
  /** Items per second so far. */
  rate: number;
}

export type ReportFormat = 'xlsx' | 'docx' | 'md' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'docx', 'md', 'csv'];

/** Where a checklist comes from, in a request. */
export type ChecklistSource = { shipped: string } | { path: string } | { text: string; name?: string };

export function summarizeRun(run: ReviewRun): ReviewSummary {
  const counts: Record<ReviewStatus, number> = { found: 0, not_found: 0, needs_review: 0 };
  for (const r of run.results) counts[r.status]++;
  return {
    id: run.id,
    name: run.checklist.name,
    state: run.state,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    documents: run.documents.map((d) => d.title || d.path),
    total: run.checklist.items.length * run.documents.length,
    done: run.results.length,
    counts,
    marked: run.results.filter((r) => r.mark).length,
  };
}
