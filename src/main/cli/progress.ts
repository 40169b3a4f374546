/** A one-line progress bar for terminals: files, pages, rate, ETA. Silent when not a TTY. */
import { displayPath } from '../../shared/display';
import path from 'node:path';
import type { IngestProgress } from '../../shared/types';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

export function renderProgress(p: IngestProgress, width = 80): string {
  if (p.phase === 'scanning') return 'Scanning…';
  if (p.phase === 'removing') return 'Removing files that are gone…';
  const barWidth = 20;
  const barOf = (fraction: number) => '█'.repeat(Math.round(fraction * barWidth)) + '░'.repeat(barWidth - Math.round(fraction * barWidth));
  if (p.phase === 'embedding') {
    const total = p.chunksTotal ?? 0;
    const line = `${barOf(total > 0 ? (p.chunksDone ?? 0) / total : 0)} embedding ${p.chunksDone ?? 0}/${total} passages · ${p.rate.toFixed(1)}/s · ETA ${formatDuration(p.etaSeconds ?? NaN)}`;
    return line.length > width ? line.slice(0, width - 1) + '…' : line;
  }
  const fraction = p.filesTotal > 0 ? p.filesDone / p.filesTotal : 1;
  const bar = barOf(fraction);
  const file = p.file ? ` ${displayPath(path.basename(p.file))}${p.page ? ` p.${p.page}/${p.pagesInFile ?? '?'}` : ''}` : '';
  const ocr = p.ocrPagesTotal ? ` · OCR ${p.ocrPagesDone ?? 0}/${p.ocrPagesTotal} pages` : '';
  const line = `${bar} ${p.filesDone}/${p.filesTotal} files · ${p.pagesDone} pages${ocr} · ${p.rate.toFixed(1)} p/s · ETA ${formatDuration(p.etaSeconds ?? NaN)}${file}`;
  return line.length > width ? line.slice(0, width - 1) + '…' : line;
}

export class ProgressLine {
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(progress: IngestProgress): void {
    if (!this.enabled) return;
    this.stream.write(`\r\x1b[2K${renderProgress(progress, this.stream.columns ?? 80)}`);
    this.shown = true;
  }

  /** Any one-line status (e.g. a sync's file count), shown like the bar. */
  text(line: string): void {
    if (!this.enabled) return;
    const width = this.stream.columns ?? 80;
    this.stream.write(`\r\x1b[2K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
