/**
 * The library as the UI sees it: documents, totals, and the indexing job in progress (progress,
 * summary, failures, cancel). Listens to ingest:* events; refreshes the list when a job ends.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo, Result } from '../../../shared/errors';
import type { DocumentInfo, IngestProgress, IngestSummary, LibraryStatus } from '../../../shared/types';
import type { Host } from '../../lib/api';
import type { JobEvent, JobEvents } from '../../lib/job-events';

export interface IndexJobState {
  jobId: string | null;
  /** 'uploading' happens in the browser before the server job starts. */
  phase: 'uploading' | 'running' | 'done' | 'error';
  upload?: { done: number; total: number };
  progress?: IngestProgress;
  summary?: IngestSummary;
  error?: ErrorInfo;
}

export interface LibraryState {
  documents: DocumentInfo[] | null;
  status: LibraryStatus | null;
  loadError: ErrorInfo | null;
  job: IndexJobState | null;
  refresh(): Promise<void>;
  /** Indexes paths the host may read (picked, dropped, typed in browser mode, uploaded). */
  index(paths: string[], collection?: string): Promise<void>;
  /** First run: copies the sample documents into the library and indexes them. */
  loadSamples(): Promise<void>;
  /** Browser mode: uploads, then indexes what was uploaded. */
  uploadAndIndex(items: Parameters<NonNullable<Host['upload']>>[0], collection?: string): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
  remove(paths: string[]): Promise<ErrorInfo | null>;
}

export function useLibrary(host: Host, jobEvents: JobEvents): LibraryState {
  const [documents, setDocuments] = useState<DocumentInfo[] | null>(null);
  const [status, setStatus] = useState<LibraryStatus | null>(null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [job, setJob] = useState<IndexJobState | null>(null);
  const jobIdRef = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    const [docs, stat] = await Promise.all([host.api.listDocuments(), host.api.status()]);
    if (docs.ok) setDocuments(docs.value);
    if (stat.ok) setStatus(stat.value);
    setLoadError(!docs.ok ? docs.error : !stat.ok ? stat.error : null);
  }, [host]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onJobEvent = useCallback(
    (event: JobEvent) => {
      if (event.name === 'ingest:progress') {
        const { jobId, progress } = event.payload;
        setJob((j) => (j && j.jobId === jobId && j.phase === 'running' ? { ...j, progress } : j));
      } else if (event.name === 'ingest:done') {
        const { jobId, summary } = event.payload;
        setJob((j) => (j && j.jobId === jobId ? { ...j, phase: 'done', summary, progress: j.progress ? { ...j.progress, phase: 'done' } : undefined } : j));
        void refresh();
      } else if (event.name === 'ingest:error') {
        const { jobId, error } = event.payload;
        setJob((j) => (j && j.jobId === jobId ? { ...j, phase: 'error', error: error as ErrorInfo } : j));
        void refresh();
      }
    },
    [refresh],
  );
  const releaseRef = useRef<(() => void) | null>(null);
  useEffect(() => () => releaseRef.current?.(), []);

  const follow = useCallback(
    async (start: () => Promise<Result<{ jobId: string }>>) => {
      const result = await start();
      if (!result.ok) {
        jobIdRef.current = null;
        setJob({ jobId: null, phase: 'error', error: result.error });
        return;
      }
      const { jobId } = result.value;
      jobIdRef.current = jobId;
      setJob({ jobId, phase: 'running', progress: { phase: 'scanning', filesTotal: 0, filesDone: 0, pagesDone: 0, rate: 0 } });
      releaseRef.current?.();
      releaseRef.current = jobEvents.claim(jobId, onJobEvent);
    },
    [jobEvents, onJobEvent],
  );

  const index = useCallback(
    async (paths: string[], collection?: string) => {
      if (paths.length === 0) return;
      await follow(() => host.api.startIndex({ paths, ...(collection?.trim() ? { collection: collection.trim() } : {}) }));
    },
    [host, follow],
  );

  const loadSamples = useCallback(() => follow(() => host.api.loadSamples()), [host, follow]);

  const uploadAndIndex = useCallback(
    async (items: Parameters<NonNullable<Host['upload']>>[0], collection?: string) => {
      if (!host.upload || items.length === 0) return;
      jobIdRef.current = null;
      setJob({ jobId: null, phase: 'uploading', upload: { done: 0, total: items.length } });
      const uploaded = await host.upload(items, (done, total) => setJob((j) => (j?.phase === 'uploading' ? { ...j, upload: { done, total } } : j)));
      if (!uploaded.ok) {
        setJob({ jobId: null, phase: 'error', error: uploaded.error });
        return;
      }
      await index(uploaded.value, collection);
    },
    [host, index],
  );

  const cancel = useCallback(async () => {
    const jobId = jobIdRef.current;
    if (jobId) await host.api.cancelIndex({ jobId });
  }, [host]);

  const dismiss = useCallback(() => {
    jobIdRef.current = null;
    setJob(null);
  }, []);

  const remove = useCallback(
    async (paths: string[]) => {
      const result = await host.api.removeDocuments({ paths });
      await refresh();
      return result.ok ? null : result.error;
    },
    [host, refresh],
  );

  return { documents, status, loadError, job, refresh, index, loadSamples, uploadAndIndex, cancel, dismiss, remove };
}
