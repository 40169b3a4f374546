/** The Compare view's state: the two documents, the result, the reviewer's marks and notes, export. */
import { useCallback, useState } from 'react';
import type { CompareMark, CompareResult } from '../../../shared/compare';
import type { ErrorInfo } from '../../../shared/errors';
import type { Host } from '../../lib/api';

export type CompareMarks = Record<number, { mark?: CompareMark; note?: string }>;

export interface CompareState {
  standardId: string;
  draftId: string;
  setStandardId(id: string): void;
  setDraftId(id: string): void;
  running: boolean;
  result: CompareResult | null;
  error: ErrorInfo | null;
  run(): Promise<void>;
  marks: CompareMarks;
  setMark(order: number, mark: CompareMark | undefined): void;
  setNote(order: number, note: string): void;
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
  const [result, setResult] = useState<CompareResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [marks, setMarks] = useState<CompareMarks>({});
  const [exported, setExported] = useState<string | null>(null);

  const run = useCallback(async () => {
    if (!standardId || !draftId) return;
    setRunning(true);
    setError(null);
    setExported(null);
    const response = await host.api.compareDocuments({ standardId, draftId });
    setRunning(false);
    if (response.ok) {
      setResult(response.value);
      setMarks({});
    } else setError(response.error);
  }, [host, standardId, draftId]);

  const setMark = useCallback((order: number, mark: CompareMark | undefined) => setMarks((m) => ({ ...m, [order]: { ...m[order], mark } })), []);
  const setNote = useCallback((order: number, note: string) => setMarks((m) => ({ ...m, [order]: { ...m[order], note } })), []);

  const exportReport = useCallback(
    async (format: 'xlsx' | 'docx' | 'md') => {
      const wire = Object.fromEntries(Object.entries(marks).map(([order, value]) => [order, value]));
      const response = await host.api.exportComparison({ standardId, draftId, format, marks: wire });
      if (!response.ok) return setError(response.error);
      setExported(response.value.path);
      download(response.value.fileName, response.value.base64);
    },
    [host, standardId, draftId, marks],
  );

  return { standardId, draftId, setStandardId, setDraftId, running, result, error, run, marks, setMark, setNote, exported, exportReport };
}
