/**
 * The version of what the text pipeline gives an indexed document: its text as read (ingest/*, the
 * PDF layout in text/layout*.ts), cleaned (text/clean.ts), its pages, its section paths
 * (text/headings.ts) and its chunk boundaries (text/chunker.ts, indexer/chunk-pages.ts). Stored
 * with each document, with the analyser's (indexer/index-rows.ts, INDEX_VERSION): a document
 * indexed under another one is read again on the next index run, even when its file has not changed.
 *
 * Bump it on any change to the text, pages, sections or chunk boundaries an indexed document gets.
 * Pages already read by OCR are kept across a bump (their words cost seconds a page): a change to
 * what OCR itself reads does not reach them.
 *
 * 1: libraries indexed before it was stored. 2: heading and line-joining fixes (headings.ts, clean.ts, chunker.ts).
 * 3: a numbered clause's run-in caption joins its section label ("3.2 Payment. The Customer…" → 3.2 Payment)
 * and the clause opens its own passage;
 * a section after a dotted clause ("2.11 …" then "3. PRICE") is no step of a list.
 * 4: a bare number inside a page's edge lines is a page number only in a series (「２０００-２\n００２」 kept);
 * two full-width numbers keep the space between them.
 * 5: a clause number set in the margin, a tab before its text ("17.\tWAIVER. No waiver…"), is read as a heading.
 */
export const TEXT_VERSION = 5;
