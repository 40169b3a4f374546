/**
 * The Text tab of the source viewer: a page's text as Genten indexed it (what search and quotes
 * work on), with the cited passage marked when it lies on that page. The same text as `genten text`.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { DocumentText } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/errors';
import type { Host } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { ErrorNotice } from '../../lib/ErrorNotice';

export interface DocumentTextViewProps {
  host: Host;
  documentId: string;
  /** The page to show (1-based); formats without pages have one. */
  page: number;
  /** The cited passage, marked where it is found on the page. Default: none. */
  passage?: string;
  /** A workbook's sheet: show the page as a table (its first line the sheet's name), the cited rows' cells marked. Default false. */
  table?: boolean;
}

/** The header a cell was written under (「担当：田中」 under 「担当」), as sheets are indexed: its column and value. */
function underHeader(cell: string, header: readonly string[]): { column: number; value: string } | undefined {
  for (const [column, name] of header.entries()) {
    for (const colon of ['：', ': ']) if (cell.startsWith(name + colon)) return { column, value: cell.slice(name.length + colon.length) };
  }
  return undefined;
}

/**
 * A sheet's page text as a table: the name above, one row a line, cells split at tabs. Under a header
 * row each cell goes back to its header's column, without the header repeated; a lone cell (a title,
 * a note) spans the table. Rows the passage covers are marked.
 */
function SheetTable({ text, at, end, markRef }: { text: string; at: number; end: number; markRef: RefObject<HTMLTableRowElement | null> }) {
  const lines = text.split('\n');
  const split = lines.slice(1).map((line) => line.split('\t'));
  let offset = lines[0]!.length + 1;
  let firstMarked = true;
  let header: string[] | null = null;
  const rows = split.map((cells, i) => {
    const start = offset;
    offset += lines[i + 1]!.length + 1;
    const cited = at >= 0 && start < end && start + lines[i + 1]!.length > at;
    const ref = cited && firstMarked ? markRef : undefined;
    if (cited) firstMarked = false;
    const next = split[i + 1];
    let shown: string[] = cells;
    const placed = header ? cells.map((c) => underHeader(c, header!)) : [];
    if (header && placed.some(Boolean)) {
      shown = header.map(() => '');
      placed.forEach((p, k) => {
        if (p) shown[p.column] = p.value;
        else shown[shown.indexOf('')] = cells[k]!;
      });
    } else if (cells.length >= 2 && next?.some((c) => underHeader(c, cells))) header = cells;
    return { cells: shown, cited, ref };
  });
  const width = Math.max(1, ...rows.map((r) => r.cells.length));
  return (
    <table className="sheet-table" data-testid="sheet-table">
      <caption>{lines[0]}</caption>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} ref={row.ref} className={row.cited ? 'row-cited' : undefined} data-cited={row.cited || undefined}>
            {row.cells.map((cell, k) => (
              <td key={k} colSpan={row.cells.length === 1 ? width : undefined}>
                {row.cited && cell ? <mark className="passage-mark">{cell}</mark> : cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Loaded texts, by document: switching tabs or pages does not parse the file again. */
const cache = new Map<string, DocumentText>();

export function DocumentTextView({ host, documentId, page, passage, table = false }: DocumentTextViewProps) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<DocumentText | null>(cache.get(documentId) ?? null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const markRef = useRef<HTMLElement>(null);
  const rowRef = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    if (cache.has(documentId)) {
      setDoc(cache.get(documentId)!);
      return;
    }
    let cancelled = false;
    setDoc(null);
    setError(null);
    void host.api.getDocumentText({ documentId }).then((result) => {
      if (cancelled) return;
      if (result.ok) {
        cache.set(documentId, result.value);
        setDoc(result.value);
      } else setError(result.error);
    });
    return () => {
      cancelled = true;
    };
  }, [host, documentId]);

  const current = doc?.pages.find((p) => p.page === page) ?? (doc && doc.pages.length === 1 ? doc.pages[0] : undefined);
  const text = current?.text ?? '';
  const at = passage ? text.indexOf(passage.slice(0, 40)) : -1;
  const end = at >= 0 ? Math.min(text.length, at + passage!.length) : -1;

  useEffect(() => {
    (markRef.current ?? rowRef.current)?.scrollIntoView({ block: 'center' });
  }, [documentId, page, at]);

  if (error) {
    return <ErrorNotice error={error} />;
  }
  if (!doc) return <div className="muted pad">{t('viewer.textLoading')}</div>;
  return (
    <div className="text-context page-text" data-testid="document-text" data-page={current?.page ?? page}>
      <div className="muted small page-text-note">{current?.source === 'ocr' ? t('viewer.textOcr') : t('viewer.textNote')}</div>
      {!text && <div className="muted">{t('viewer.textEmpty')}</div>}
      {table && text ? (
        <SheetTable text={text} at={at} end={end} markRef={rowRef} />
      ) : at >= 0 ? (
        <>
          {text.slice(0, at)}
          <mark ref={markRef} className="passage-mark">
            {text.slice(at, end)}
          </mark>
          {text.slice(end)}
        </>
      ) : (
        text
      )}
    </div>
  );
}
