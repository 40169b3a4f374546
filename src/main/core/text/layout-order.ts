/**
 * Layout, reading order of horizontal text: lines form bands top to bottom; consecutive bands that share
 * a gutter form a group, read column by column (text columns, a text box beside the text) or row by row
 * (a table, cells separated by a tab). The page's first and last band, set apart, are read first and last.
 */
import { type Fragment, type LayoutLine, type Segment, gapJoiner, firstChar, lastChar, median, segmentsOf } from './layout-lines';
import { isJapaneseChar } from './japanese';

// ------------------------------------------------------------------------------------------ blocks

type Interval = [number, number];

/** Gaps at least `min` wide between the segments' horizontal extents. */
function gutters(segments: Segment[], min: number): Interval[] {
  const spans = segments.map((s) => [s.x0, s.x1] as Interval).sort((p, q) => p[0] - q[0]);
  const out: Interval[] = [];
  let right = spans[0]![1];
  for (const [l, r] of spans.slice(1)) {
    if (l - right >= min) out.push([right, l]);
    right = Math.max(right, r);
  }
  return out;
}

/** The gutters left of `current` once `segments` are laid over them (none may cross one). */
function narrow(current: Interval[], segments: Segment[], min: number): Interval[] | null {
  const out: Interval[] = [];
  for (const [l, r] of current) {
    let left = l;
    let right = r;
    for (const s of segments) {
      if (s.x1 <= left || s.x0 >= right) continue;
      // A segment reaching into the gutter from one side narrows it; one spanning it closes it.
      if (s.x0 <= left && s.x1 >= right) return null;
      if (s.x0 <= left) left = s.x1;
      else if (s.x1 >= right) right = s.x0;
      else return null;
    }
    if (right - left >= min) out.push([left, right]);
  }
  return out.length ? out : null;
}

interface Band {
  segments: Segment[];
  top: number;
  bottom: number;
}

function bandsOf(segments: Segment[]): Band[] {
  const sorted = [...segments].sort((p, q) => p.top - q.top);
  const bands: Band[] = [];
  for (const s of sorted) {
    const band = bands[bands.length - 1];
    if (band && s.top < band.bottom) {
      band.segments.push(s);
      band.bottom = Math.max(band.bottom, s.bottom);
    } else bands.push({ segments: [s], top: s.top, bottom: s.bottom });
  }
  return bands;
}

interface Group {
  bands: Band[];
  gutters: Interval[];
}

/** Consecutive bands that share at least one gutter. */
function groupsOf(bands: Band[], em: number): Group[] {
  const min = 0.8 * em;
  const groups: Group[] = [];
  let open: Group | null = null;
  for (const band of bands) {
    // A wide vertical gap ends the columns: what follows (a footer, a new section) is read after them.
    const last = open?.bands[open.bands.length - 1];
    if (open && last && band.top - last.bottom <= 2 * em) {
      const shared = narrow(open.gutters, band.segments, min);
      if (shared) {
        open.bands.push(band);
        open.gutters = shared;
        continue;
      }
    }
    const own = band.segments.length > 1 ? gutters(band.segments, min) : [];
    open = { bands: [band], gutters: own };
    groups.push(open);
    if (!own.length) open = null;
  }
  return groups;
}

/**
 * The page's first and last band (a running header, a footer with the page number) set apart by a
 * wider gap than the column's lines are: read on their own, first and last, where the running-line
 * filter finds them, not inside the first column.
 */
function detachPageEdges(groups: Group[], bands: Band[], em: number): Group[] {
  const out: Group[] = [];
  for (const group of groups) {
    const gb = group.bands;
    if (gb.length < 3) {
      out.push(group);
      continue;
    }
    const gaps = gb.slice(1).map((b, i) => b.top - gb[i]!.bottom);
    const usual = median(gaps);
    const apart = (gap: number) => gap > Math.max(2 * usual, 0.6 * em);
    const head = gb[0] === bands[0] && apart(gaps[0]!) ? [gb[0]!] : [];
    const tail = gb[gb.length - 1] === bands[bands.length - 1] && apart(gaps[gaps.length - 1]!) ? [gb[gb.length - 1]!] : [];
    const single = (b: Band): Group => ({ bands: [b], gutters: b.segments.length > 1 ? gutters(b.segments, 0.8 * em) : [] });
    out.push(...head.map(single), { bands: gb.slice(head.length, gb.length - tail.length), gutters: group.gutters }, ...tail.map(single));
  }
  return out;
}

/** The parts of a group between its gutters, left to right, each with its segments. */
function partsOf(group: Group): Segment[][] {
  const edges = group.gutters.map(([l, r]) => (l + r) / 2).sort((a, b) => a - b);
  const parts: Segment[][] = edges.map(() => []).concat([[]]);
  for (const band of group.bands) {
    for (const s of band.segments) {
      const centre = (s.x0 + s.x1) / 2;
      let k = edges.findIndex((e) => centre < e);
      if (k < 0) k = edges.length;
      parts[k]!.push(s);
    }
  }
  return parts.filter((p) => p.length > 0);
}

/** Columns of running text (lines that fill their column), not the cells of a table. */
function isTextColumns(parts: Segment[][], em: number): boolean {
  let full = 0;
  let total = 0;
  for (const part of parts) {
    const left = Math.min(...part.map((s) => s.x0));
    const width = Math.max(...part.map((s) => s.x1)) - left;
    if (width < 10 * em || part.length < 2) return false;
    for (const s of part) {
      total++;
      if (s.x1 - left >= 0.8 * width) full++;
    }
  }
  return full >= 0.45 * total;
}

// ------------------------------------------------------------------------------------------ lines out

/** Lines of one column (or the page's single-column flow), with fill, indent and paragraph gaps. */
function columnLines(segments: Segment[], edges?: { left: number; right: number }): LayoutLine[] {
  if (segments.length === 0) return [];
  const sorted = [...segments].sort((p, q) => p.y - q.y || p.x0 - q.x0);
  const wide = sorted.filter((s) => s.x1 - s.x0 > 0);
  const left = edges?.left ?? Math.min(...wide.map((s) => s.x0));
  const right = edges?.right ?? Math.max(...wide.map((s) => s.x1));
  const width = Math.max(1, right - left);
  const pitches = sorted
    .slice(1)
    .map((s, i) => s.y - sorted[i]!.y)
    .filter((p) => p > 0);
  const pitch = median(pitches);
  return sorted.map((s, i) => {
    const prev = sorted[i - 1];
    const step = prev ? s.y - prev.y : 0;
    const sizeChange = prev ? Math.abs(s.size - prev.size) > 0.15 * Math.max(s.size, prev.size) : false;
    return {
      text: s.text,
      fill: Math.min(1, (s.x1 - left) / width),
      indent: s.x0 - left > 0.5 * s.size,
      gapBefore: i === 0 || sizeChange || (pitch > 0 && step > 1.2 * pitch) || step > 2.2 * s.size,
    };
  });
}

/** Rows of a table: bands close together are one row; cells joined by a tab. */
function tableLines(group: Group, em: number): LayoutLine[] {
  const edges = group.gutters.map(([l, r]) => (l + r) / 2).sort((a, b) => a - b);
  const rows: Band[][] = [];
  for (const band of group.bands) {
    const row = rows[rows.length - 1];
    const last = row?.[row.length - 1];
    if (row && last && band.top - last.bottom < 0.25 * em) row.push(band);
    else rows.push([band]);
  }
  return rows.map((row) => {
    const cells: string[][] = edges.map(() => []).concat([[]]);
    for (const band of row) {
      for (const s of [...band.segments].sort((p, q) => p.x0 - q.x0)) {
        let k = edges.findIndex((e) => (s.x0 + s.x1) / 2 < e);
        if (k < 0) k = edges.length;
        cells[k]!.push(s.text);
      }
    }
    const text = cells
      .filter((c) => c.length)
      .map((c) =>
        c.reduce((acc, line) => acc + (acc ? gapJoiner(acc, line, isJapaneseChar(lastChar(acc)) || isJapaneseChar(firstChar(line)) ? 0 : 1) : '') + line, ''),
      )
      .join('\t');
    return { text, fill: 0, indent: false, gapBefore: true };
  });
}

/** Horizontal fragments (ruby already left out) → the page's lines in reading order. */
export function horizontalLines(fragments: Fragment[]): LayoutLine[] {
  const segments = segmentsOf(fragments);
  const em = median(segments.map((s) => s.size)) || 10;
  const bands = bandsOf(segments);
  const groups = detachPageEdges(groupsOf(bands, em), bands, em);

  // The flow's edges: single-column lines that are not short labels.
  const flow = groups.filter((g) => !g.gutters.length).flatMap((g) => g.bands.flatMap((b) => b.segments));
  const widest = Math.max(0, ...flow.map((s) => s.x1 - s.x0));
  const body = flow.filter((s) => s.x1 - s.x0 >= 0.5 * widest);
  const edges = body.length ? { left: Math.min(...body.map((s) => s.x0)), right: Math.max(...body.map((s) => s.x1)) } : undefined;

  const lines: LayoutLine[] = [];
  let run: Segment[] = [];
  const flushFlow = () => {
    if (!run.length) return;
    const out = columnLines(run, edges);
    // Only the first line of the flow after a block starts a new paragraph by position alone.
    if (lines.length && out[0]) out[0].gapBefore = true;
    lines.push(...out);
    run = [];
  };
  for (const group of groups) {
    if (!group.gutters.length) {
      run.push(...group.bands.flatMap((b) => b.segments));
      continue;
    }
    flushFlow();
    const parts = partsOf(group);
    if (group.bands.length === 1) {
      const segs = [...group.bands[0]!.segments].sort((p, q) => p.x0 - q.x0);
      const edge = group.bands[0] === bands[0] || group.bands[0] === bands[bands.length - 1];
      // A header or footer line: its pieces (title, page number) each a line, for the running-line filter.
      if (edge) for (const s of segs) lines.push({ text: s.text, fill: 0, indent: false, gapBefore: true });
      // One line with wide gaps elsewhere (a form line, a lone table row): its pieces, tab-separated.
      else lines.push({ text: segs.map((s) => s.text).join('\t'), fill: 0, indent: false, gapBefore: true });
    } else if (isTextColumns(parts, em)) {
      for (const part of parts) {
        const out = columnLines(part);
        if (out[0]) out[0].gapBefore = true;
        lines.push(...out);
      }
    } else lines.push(...tableLines(group, em));
  }
  flushFlow();
  return lines;
}
