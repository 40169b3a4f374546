/**
 * Review runs as the UI sees them: shipped checklists, saved runs, the open run with its results
 * as they arrive (review:* events), progress, cancel, resume, re-run, marks and export.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import type { ChecklistSource, ReportFormat, ReviewerMark, ReviewProgress, ReviewRun, ReviewSummary, ShippedChecklist } from '../../../shared/review';
import type { Host } from '../../lib/api';
import type { JobEvent, JobEvents } from '../../lib/job-events';

export interface ReviewState {
  checklists: ShippedChecklist[];
  runs: ReviewSummary[];
  run: ReviewRun | null;
  progress: ReviewProgress | null;
  running: boolean;
  error: ErrorInfo | null;
  /** Where the last export was written (desktop), or its file name (browser download). */
  exported: string | null;
  start(checklist: ChecklistSource, documentIds: string[]): Promise<boolean>;
  open(runId: string): Promise<void>;
  close(): void;
  cancel(): Promise<void>;
  resume(): Promise<void>;
  rerun(): Promise<void>;
  mark(itemId: string, documentId: string, mark: ReviewerMark | null, note?: string): Promise<void>;
  exportReport(format: ReportFormat, language: 'ja' | 'en'): Promise<void>;
  refresh(): Promise<void>;
}

export function useReview(host: Host, jobEvents: JobEvents): ReviewState {
  const [checklists, setChecklists] = useState<ShippedChecklist[]>([]);
  const [runs, setRuns] = useState<ReviewSummary[]>([]);
  const [run, setRun] = useState<ReviewRun | null>(null);
  const [progress, setProgress] = useState<ReviewProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const releaseRef = useRef<(() => void) | null>(null);
  const runIdRef = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    const [lists, saved] = await Promise.all([host.api.listChecklists(), host.api.listReviews()]);
    if (lists.ok) setChecklists(lists.value);
    if (saved.ok) setRuns(saved.value);
  }, [host]);

  useEffect(() => {
    void refresh();
    return () => releaseRef.current?.();
  }, [refresh]);

  const load = useCallback(
    async (runId: string) => {
      const result = await host.api.getReview({ runId });
      if (runIdRef.current !== runId) return;
      if (result.ok) {
        setRun(result.value);
        setRunning(result.value.state === 'running');
      } else setError(result.error);
    },
    [host],
  );

  const onEvent = useCallback(
    (event: JobEvent) => {
      if (event.name === 'review:item') {
        const { result } = event.payload;
        setRun((r) =>
          r && r.id === event.payload.runId && !r.results.some((x) => x.itemId === result.itemId && x.documentId === result.documentId)
            ? { ...r, results: [...r.results, result] }
            : r,
        );
      } else if (event.name === 'review:progress') {
        setProgress(event.payload.progress);
      } else if (event.name === 'review:done' || event.name === 'review:error') {
        setRunning(false);
        if (event.name === 'review:error') setError(event.payload.error as ErrorInfo);
        void load(event.payload.runId);
        void refresh();
      }
    },
    [load, refresh],
  );

  const follow = useCallback(
    async (runId: string) => {
      runIdRef.current = runId;
      setError(null);
      setExported(null);
      setProgress(null);
      releaseRef.current?.();
      releaseRef.current = jobEvents.claim(runId, onEvent);
      await load(runId);
    },
    [jobEvents, load, onEvent],
  );

  const start = useCallback(
    async (checklist: ChecklistSource, documentIds: string[]) => {
      setError(null);
      const result = await host.api.startReview({ checklist, documentIds });
      if (!result.ok) {
        setError(result.error);
        return false;
      }
      setRunning(true);
      await follow(result.value.runId);
      void refresh();
      return true;
    },
    [host, follow, refresh],
  );

  const again = useCallback(
    async (call: 'resumeReview' | 'rerunReview') => {
      if (!run) return;
      setError(null);
      const result = await host.api[call]({ runId: run.id });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setRunning(true);
      await follow(result.value.runId);
      void refresh();
    },
    [host, run, follow, refresh],
  );

  return {
    checklists,
    runs,
    run,
    progress,
    running,
    error,
    exported,
    start,
    open: follow,
    close: () => {
      releaseRef.current?.();
      runIdRef.current = null;
      setRun(null);
      setProgress(null);
      setError(null);
      setRunning(false);
      void refresh();
    },
    cancel: async () => {
      if (run) await host.api.cancelReview({ runId: run.id });
    },
    resume: () => again('resumeReview'),
    rerun: () => again('rerunReview'),
    mark: async (itemId, documentId, mark, note) => {
      if (!run) return;
      const result = await host.api.markReviewItem({ runId: run.id, itemId, documentId, mark, ...(note !== undefined ? { note } : {}) });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setRun((r) =>
        r && r.id === run.id ? { ...r, results: r.results.map((x) => (x.itemId === itemId && x.documentId === documentId ? result.value : x)) } : r,
      );
    },
    exportReport: async (format, language) => {
      if (!run) return;
      setError(null);
      if (host.kind === 'browser') {
        // The server writes the report in the library and sends it as a download.
        const link = document.createElement('a');
        link.href = `api/review-report/${encodeURIComponent(run.id)}.${format}?lang=${language}`;
        link.download = '';
        document.body.append(link);
        link.click();
        link.remove();
        setExported(`${run.id}.${format}`);
        return;
      }
      const result = await host.api.exportReview({ runId: run.id, format, language });
      if (result.ok) setExported(result.value.path);
      else setError(result.error);
    },
    refresh,
  };
}
