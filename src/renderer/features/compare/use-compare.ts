/**
 * The Compare view's state: the two documents, the saved comparison with the reviewer's marks (saved in
 * the library as they are set: a note a moment after the typing stops), recent comparisons, export.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompareMark, CompareMarkEntry, ComparisonSummary, SavedComparison } from '../../../shared/compare';
import type { ErrorInfo } from '../../../shared/errors';
import type { Host } from '../../lib/api';

/** How long after the last keystroke a note is saved. */
const NOTE_SAVE_MS = 500;

/** Marks as the view holds them: what the reviewer set, saved or on its way. */
export type CompareMarks = Record<string, Partial<CompareMarkEntry>>;

export interface CompareState {
  standardId: string;
  draftId: string;
  setStandardId(id: string): void;
  setDraftId(id: string): void;
  running: boolean;
  saved: SavedComparison | null;
  error: ErrorInfo | null;
  /** Compares the picked pair: the saved comparison when there is one for these versions, unless `again`. */
  run(options?: { again?: boolean }): Promise<void>;
  /** Opens a recent comparison. */
  open(pair: { standardId: string; draftId: string }): Promise<void>;
  recent: ComparisonSummary[];
  marks: CompareMarks;
  setMark(itemId: string, mark: CompareMark | undefined): void;
  setNote(itemId: string, note: string): void;
  /** 'saving' while a mark or note is on its way to the library, 'saved' once it is there. */
  saveState: 'idle' | 'saving' | 'saved';
  exported: string | null;
  exportReport(format: 'xlsx' | 'docx' | 'md'): Promise<void>;
}

/** The report's bytes as a download: the same in browser mode and the desktop app (which also keeps it in the library). */
function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes]));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useCompare(host: Host): CompareState {
  const [standardId, setStandardId] = useState('');
  const [draftId, setDraftId] = useState('');
  const [running, setRunning] = useState(false);
  const [saved, setSaved] = useState<SavedComparison | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [marks, setMarks] = useState<CompareMarks>({});
  const [recent, setRecent] = useState<ComparisonSummary[]>([]);
  const [saveState, setSaveState] = useState<CompareState['saveState']>('idle');
  const [exported, setExported] = useState<string | null>(null);
  // Notes waiting to be saved, by item id, and the saves on their way (export waits for both).
  const pendingNotes = useRef(new Map<string, { note: string; timer: ReturnType<typeof setTimeout> }>());
  const inFlight = useRef(new Set<Promise<unknown>>());

  const refreshRecent = useCallback(async () => {
    const response = await host.api.listComparisons();
    if (response.ok) setRecent(response.value);
  }, [host]);
  useEffect(() => void refreshRecent(), [refreshRecent]);

  // Set by the save helpers below: typed notes go to the library before a comparison replaces the marks shown.
  const flushAll = useRef<() => Promise<void>>(async () => undefined);

  const compare = useCallback(
    async (pair: { standardId: string; draftId: string }, again: boolean) => {
      await flushAll.current();
      setRunning(true);
      setError(null);
      setExported(null);
      const response = await host.api.compareDocuments({ ...pair, ...(again ? { again } : {}) });
      setRunning(false);
      if (!response.ok) return setError(response.error);
      setSaved(response.value);
      setMarks(response.value.marks);
      setSaveState('idle');
      void refreshRecent();
    },
    [host, refreshRecent],
  );

  const run = useCallback(
    async (options: { again?: boolean } = {}) => {
      if (standardId && draftId) await compare({ standardId, draftId }, options.again ?? false);
    },
    [compare, standardId, draftId],
  );

  const open = useCallback(
    async (pair: { standardId: string; draftId: string }) => {
      setStandardId(pair.standardId);
      setDraftId(pair.draftId);
      await compare(pair, false);
    },
    [compare],
  );

  const send = useCallback(
    (itemId: string, change: { mark?: CompareMark | null; note?: string }) => {
      if (!saved) return;
      setSaveState('saving');
      const request = host.api.markComparison({ standardId: saved.standardId, draftId: saved.draftId, itemId, ...change });
      inFlight.current.add(request);
      void request.then((response) => {
        inFlight.current.delete(request);
        if (!response.ok) return setError(response.error);
        if (inFlight.current.size === 0 && pendingNotes.current.size === 0) setSaveState('saved');
      });
    },
    [host, saved],
  );

  const setMark = useCallback(
    (itemId: string, mark: CompareMark | undefined) => {
      setMarks((m) => ({ ...m, [itemId]: { ...m[itemId], mark } }));
      send(itemId, { mark: mark ?? null });
    },
    [send],
  );

  const flushNote = useCallback(
    (itemId: string) => {
      const pending = pendingNotes.current.get(itemId);
      if (!pending) return;
      clearTimeout(pending.timer);
      pendingNotes.current.delete(itemId);
      send(itemId, { note: pending.note });
    },
    [send],
  );

  const setNote = useCallback(
    (itemId: string, note: string) => {
      setMarks((m) => ({ ...m, [itemId]: { ...m[itemId], note } }));
      clearTimeout(pendingNotes.current.get(itemId)?.timer);
      pendingNotes.current.set(itemId, { note, timer: setTimeout(() => flushNote(itemId), NOTE_SAVE_MS) });
      setSaveState('saving');
    },
    [flushNote],
  );

  // A comparison left (another one opened, the view closed) takes its typed notes along to the library.
  useEffect(() => () => [...pendingNotes.current.keys()].forEach(flushNote), [flushNote]);

  flushAll.current = async () => {
    [...pendingNotes.current.keys()].forEach(flushNote);
    await Promise.all([...inFlight.current]);
  };

  const exportReport = useCallback(
    async (format: 'xlsx' | 'docx' | 'md') => {
      if (!saved) return;
      await flushAll.current();
      const response = await host.api.exportComparison({ standardId: saved.standardId, draftId: saved.draftId, format });
      if (!response.ok) return setError(response.error);
      setExported(response.value.path);
      download(response.value.fileName, response.value.base64);
    },
    [host, saved],
  );

  return {
    standardId,
    draftId,
    setStandardId,
    setDraftId,
    running,
    saved,
    error,
    run,
    open,
    recent,
    marks,
    setMark,
    setNote,
    saveState,
    exported,
    exportReport,
  };
}
