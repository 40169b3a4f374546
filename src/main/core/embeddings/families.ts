/**
 * How each embedding model family wants its input. Retrieval models trained with instructions
 * (e5, ruri, nomic) expect one prefix on queries and another on passages; others (bge-m3) none.
 * A model is recognised by its GGUF `general.name`, its file name and its architecture.
 */

export interface EmbeddingFamily {
  /** Short name stored with the library, e.g. 'e5'. */
  id: string;
  /** Put before a search query. */
  query: string;
  /** Put before a passage. */
  passage: string;
}

/** Bump when passageInput() changes what it makes of a chunk: libraries then re-embed. */
export const EMBEDDING_INPUT_VERSION = 1;

const BGE_EN_QUERY = 'Represent this sentence for searching relevant passages: ';

/** First match wins; patterns see `general.name`, the file name and the architecture, lower case. */
const FAMILIES: Array<{ match: RegExp; family: EmbeddingFamily }> = [
  // cl-nagoya/ruri-v3-*: Japanese, prefixes by task.
  { match: /ruri[-_ ]?v3/, family: { id: 'ruri-v3', query: '検索クエリ: ', passage: '検索文書: ' } },
  // cl-nagoya/ruri-{small,base,large}(-v2): Japanese.
  { match: /\bruri\b/, family: { id: 'ruri', query: 'クエリ: ', passage: '文章: ' } },
  // intfloat/multilingual-e5-*, e5-*-v2 (not the -instruct variant, which wants a task line).
  { match: /(^|[^a-z0-9])e5([^a-z0-9]|$)(?!.*instruct)/, family: { id: 'e5', query: 'query: ', passage: 'passage: ' } },
  // BAAI/bge-m3: no instruction needed.
  { match: /bge[-_ ]?m3/, family: { id: 'bge-m3', query: '', passage: '' } },
  // nomic-embed-text-v1/v1.5 (GGUF architecture 'nomic-bert').
  { match: /nomic[-_ ]?embed|nomic-bert/, family: { id: 'nomic', query: 'search_query: ', passage: 'search_document: ' } },
  // BAAI/bge-*-en(-v1.5) and mixedbread mxbai-embed-large: an instruction on queries only.
  { match: /bge[-_ ](small|base|large)[-_ ]en|mxbai[-_ ]embed/, family: { id: 'bge-en', query: BGE_EN_QUERY, passage: '' } },
];

export const PLAIN_FAMILY: EmbeddingFamily = { id: 'plain', query: '', passage: '' };

/** The family of a model from what its GGUF header and file name say. */
export function embeddingFamilyOf(model: { name?: string; fileName?: string; architecture?: string }): EmbeddingFamily {
  const text = [model.name, model.fileName, model.architecture].filter(Boolean).join(' ').toLowerCase();
  return FAMILIES.find(({ match }) => match.test(text))?.family ?? PLAIN_FAMILY;
}

/** What a passage is embedded from: the prefix, where it stands (title > section), then its text. */
export function passageInput(family: EmbeddingFamily, chunk: { title: string; section: string; text: string }): string {
  const heading = [chunk.title, chunk.section].filter(Boolean).join(' > ');
  return `${family.passage}${heading ? `${heading}\n` : ''}${chunk.text}`;
}

export function queryInput(family: EmbeddingFamily, query: string): string {
  return `${family.query}${query}`;
}

/** Stored with the vectors: a change of prefix or format re-embeds the library. */
export function inputSignature(family: EmbeddingFamily): string {
  return `v${EMBEDDING_INPUT_VERSION} ${family.id} ${JSON.stringify(family.passage)}`;
}
