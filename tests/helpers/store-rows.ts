/** Rows for tests of the store that need a library's rows, not files to index; a library's rows rewritten. */
import { LanceStore } from '../../src/main/core/store/lancedb';
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

/**
 * Makes a library look indexed by another build of Genten: its document rows and its 'analyzer' meta hold
 * `version`, and its chunks are as `chunk` rewrites them. The library must not be open elsewhere.
 */
export async function markIndexedBy(libraryDir: string, version: string, chunk: (row: ChunkRow) => ChunkRow = (row) => row): Promise<void> {
  const store = await LanceStore.open(libraryDir);
  try {
    const documents = await store.listDocuments();
    const replacements = await Promise.all(
      documents.map(async (doc) => ({ document: { ...doc, analyzer: version }, chunks: (await store.chunksOf(doc.id)).map(chunk) })),
    );
    await store.replaceDocuments(replacements);
    await store.setMeta('analyzer', version);
  } finally {
    store.dispose();
  }
}
