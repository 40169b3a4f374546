/**
 * `genten text FILE [--db DIR] [--json]`: a document's text as Genten indexed it (or would index
 * it), page by page, so that a user, IT and tests can see what Genten read. The file need not be in
 * the library; when it is and has changed since, a note on stderr says so. Pages read by OCR say
 * so, with their confidence ("OCR · 91 %"): the library's reading when it has one, else read now.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ocrTextsOf } from '../api/ocr-view';
import { Engine } from '../core/engine';
import { readDocumentText, type KnownOcrText } from '../core/indexer/document-text';
import { readFileBytes } from '../core/ingest/parse-file';

export interface TextCommandOptions {
  file: string;
  /** Library folder; only read, to say whether the file is indexed as it is now. Default: none. */
  db?: string;
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runText(options: TextCommandOptions): Promise<number> {
  const file = path.resolve(options.file);
  const data = await readFileBytes(file);
  const known = await noteLibraryState(file, data, options);
  const text = await readDocumentText(file, { data, known });
  if (options.json) options.stdout.write(JSON.stringify(text) + '\n');
  else {
    // A workbook's pages are its sheets, a presentation's its slides.
    const unit = /\.xls[xm]$/i.test(file) ? 'Sheet ' : /\.pptx$/i.test(file) ? 'Slide ' : '';
    const out = text.pages.map((p) => `── ${unit}${p.page} / ${text.pages.length}${p.source === 'ocr' ? ` (OCR · ${p.confidence ?? 0} %)` : ''} ──\n${p.text}`);
    options.stdout.write(`${text.path}\n\n${out.join('\n\n')}\n`);
  }
  return 0;
}

/**
 * Tells (on stderr) whether the library holds this version of the file, and gives back the pages
 * the library read by OCR for it (not read again). Silent when there is no library.
 */
async function noteLibraryState(file: string, data: Uint8Array, options: TextCommandOptions): Promise<KnownOcrText[]> {
  if (!options.db || !fs.existsSync(options.db)) return [];
  const engine = await Engine.open({ libraryDir: options.db });
  try {
    const doc = (await engine.documents()).find((d) => d.path === file);
    const hash = createHash('sha256').update(data).digest('hex');
    if (!doc) options.stderr.write(`genten: ${file} is not in the library at ${options.db}; this is the text indexing it would give.\n`);
    else if (doc.status === 'failed') options.stderr.write(`genten: ${file} failed to index last time (${doc.error?.message ?? 'no reason kept'}).\n`);
    else if (doc.hash !== hash)
      options.stderr.write(`genten: ${file} has changed since it was indexed; this is its text now (run genten index to update the library).\n`);
    if (!doc || doc.hash !== hash || !doc.ocrPages) return [];
    return await ocrTextsOf(engine, doc);
  } finally {
    engine.dispose();
  }
}
