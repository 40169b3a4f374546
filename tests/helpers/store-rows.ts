/** Rows for tests of the store that need a library's rows, not files to index. */
import type { ChunkRow, DocumentReplacement } from '../../src/main/core/store/types';

/** What a test says about one chunk; the rest of its row follows from its document and place. */
export type ChunkParts = Pick<ChunkRow, 'terms'> & Partial<ChunkRow>;

/** Document `id` (/docs/ID.pdf, one page a chunk) with chunk i as `${id}-${i}`, its text its terms unless `parts` say otherwise. */
export function documentReplacement(id: string, parts: ChunkParts[], hash = 'h'): DocumentReplacement {
  const path = `/docs/${id}.pdf`;
  const chunks: ChunkRow[] = parts.map((part, i) => ({
    id: `${id}-${i}`,
    documentId: id,
    ordinal: i,
    text: part.terms,
    grams: '',
    pageStart: 1 + i,
    pageEnd: 1 + i,
    section: '',
    charStart: 0,
    charEnd: part.terms.length,
    path,
    title: id,
    collection: 'default',
    ...part,
  }));
  return {
    document: {
      id,
      path,
      hash,
      size: 1,
      mtimeMs: 1,
      type: 'pdf',
      title: id,
      collection: 'default',
      pages: chunks.length,
      chunks: chunks.length,
      status: 'indexed',
      errorCode: '',
      errorMessage: '',
      indexedAt: '',
      analyzer: 'test',
    },
    chunks,
  };
}
