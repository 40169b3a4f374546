/**
 * Loads kuromoji; only this module and kuromoji-lattice.ts (its faster lattice builder, which
 * needs kuromoji's lattice classes) touch the package, and the linter holds every other file to that. The
 * tokenizer is a documented module-level singleton: its dictionary takes 66 MB, so each thread
 * loads it once (and worker threads can share this thread's copy).
 *
 * The dictionary is assembled here from kuromoji's own classes rather than by its builder, for
 * start-up time and memory (every indexing worker needs it; it took each ~0.9 s and 100 MB):
 * - its files are read once per process into shared memory, from a decompressed copy in the temp
 *   folder (kuromoji gunzips them on every load), and worker threads are handed the same bytes;
 * - the word → entries map stays an index into its file instead of ~400,000 JS arrays (75 MB of
 *   heap per thread, most of the load time in garbage collection).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import zlib from 'node:zlib';
import { createFastTokenize, type KuromojiInternals, type TargetIndex } from './kuromoji-lattice';
import { PosFile } from './kuromoji-pos-file';

export interface MorphToken {
  surface: string;
  /** Dictionary form; equals `surface` for unknown words. */
  base: string;
  /** Part of speech, first level (名詞, 動詞, 助詞…). */
  pos: string;
  /** Part of speech, second level (一般, 固有名詞, 非自立, 代名詞, 数…). */
  pos1: string;
}

export type MorphTokenizer = (text: string) => MorphToken[];

// Not named `require`: the bundler adds its own `require` to the chunk, and two would clash.
const nodeRequire = createRequire(import.meta.url);
const kuromojiDir = path.dirname(nodeRequire.resolve('kuromoji/package.json'));
const kuromojiVersion = (nodeRequire('kuromoji/package.json') as { version: string }).version;
// -2: the trie's files are cut too (an older cache, uncut, still loads right, only slower).
const cacheDir = path.join(os.tmpdir(), `genten-kuromoji-${kuromojiVersion}-trimmed-2`);

// check.dat before base.dat: its used length cuts both (trieCells).
const DICTIONARY_FILES = [
  'check.dat',
  'base.dat',
  'tid.dat',
  'tid_pos.dat',
  'tid_map.dat',
  'cc.dat',
  'unk.dat',
  'unk_pos.dat',
  'unk_map.dat',
  'unk_char.dat',
  'unk_compat.dat',
  'unk_invoke.dat',
] as const;

/** The dictionary's files in shared memory: hand it to a worker thread, which then loads nothing. */
export type DictionaryFiles = Readonly<Record<(typeof DICTIONARY_FILES)[number], SharedArrayBuffer>>;

function toShared(bytes: Uint8Array): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return shared;
}

function readCached(cached: string): SharedArrayBuffer {
  const fd = fs.openSync(cached, 'r');
  try {
    const shared = new SharedArrayBuffer(fs.fstatSync(fd).size);
    const view = new Uint8Array(shared);
    for (let done = 0; done < view.length;) {
      const read = fs.readSync(fd, view, done, view.length - done, done);
      if (read === 0) throw new Error(`${cached} is shorter than it was`);
      done += read;
    }
    return shared;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * kuromoji's files are buffers saved with their spare capacity: zeros after the data, a third of
 * the 100 MB. These files are read only through kuromoji's ByteBuffer, which answers 0 past the
 * end, so the trailing zeros can go (memory every process must map in; on the 2-core test VM each
 * MB of fresh memory costs ~4 ms). The character tables keep their full length; the trie and the
 * character classes are cut by what they hold (below).
 */
const PADDED = new Set(['tid.dat', 'tid_pos.dat', 'unk.dat', 'unk_pos.dat', 'unk_map.dat']);
const TRIE = new Set(['base.dat', 'check.dat']);
/** Cells the trie keeps, from check.dat: found once for both files. */
let trieCells: number | undefined;

function withoutPadding(name: string, data: Buffer): Buffer {
  if (TRIE.has(name)) return data.subarray(0, (trieCells ??= trieLength(name === 'check.dat' ? data : gunzipped('check.dat'))) * 4);
  if (name === 'unk_invoke.dat') return data.subarray(0, invokeLength(data));
  if (!PADDED.has(name)) return data;
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  return data.subarray(0, end);
}

/**
 * The trie's two arrays end in a third of unused cells (check < 0), which kuromoji's DoubleArray
 * cuts off as it loads (shrink: up to the last used cell and one more); cut the same in the cache.
 */
function trieLength(checkFile: Buffer): number {
  const check = new Int32Array(checkFile.buffer, checkFile.byteOffset, checkFile.byteLength >> 2);
  let last = check.length - 1;
  while (last > 0 && check[last] < 0) last--;
  return Math.min(check.length, last + 2);
}

/**
 * unk_invoke.dat: 11 character classes (152 bytes: two flags, a length, a name ended by 0), then
 * zeros to 1 MB, which kuromoji's reader turns into ~150,000 nameless classes (a third of a one-shot
 * search's dictionary time, and garbage). Cut where the first nameless class would begin.
 */
function invokeLength(data: Buffer): number {
  const NAME_AT = 6;
  let end = 0;
  for (let nameEnd; end + NAME_AT < data.length; end = nameEnd + 1) {
    nameEnd = data.indexOf(0, end + NAME_AT);
    if (nameEnd <= end + NAME_AT) break;
  }
  return end;
}

const gunzipped = (name: string) => zlib.gunzipSync(fs.readFileSync(path.join(kuromojiDir, 'dict', `${name}.gz`)));

/** One dictionary file: from the decompressed copy, or kuromoji's gzip (and then cached). */
function readDictionaryFile(name: string): SharedArrayBuffer {
  const cached = path.join(cacheDir, name);
  try {
    return readCached(cached);
  } catch {
    // Not cached yet (or the temp folder was cleaned): decompress kuromoji's copy.
  }
  const data = withoutPadding(name, gunzipped(name));
  // A private name, then a rename: several processes may load at once.
  const temp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, cached);
  } catch {
    // A full or read-only temp folder only costs the next load some time.
    fs.rmSync(temp, { force: true });
  }
  return toShared(data);
}

let files: DictionaryFiles | undefined;

/** The dictionary files if this thread has read them already (to share them with a worker). */
export function loadedDictionaryFiles(): DictionaryFiles | undefined {
  return files;
}

/** This thread's copy of the dictionary files (read on first use). */
export function dictionaryFiles(): DictionaryFiles {
  files ??= Object.fromEntries(DICTIONARY_FILES.map((name) => [name, readDictionaryFile(name)])) as unknown as DictionaryFiles;
  return files;
}

/**
 * tid_map.dat: a count, then (word id, n, n entry offsets)… and zero padding. Kept as the file's
 * integers plus where each word's entries start (their count is the integer before).
 */
function indexTargetMap(bytes: SharedArrayBuffer): TargetIndex {
  const values = new Int32Array(bytes, 0, bytes.byteLength >> 2);
  let maxKey = 0;
  for (let i = 1; i + 1 < values.length; i += 2 + values[i + 1]) if (values[i + 1] > 0) maxKey = Math.max(maxKey, values[i]);
  const start = new Int32Array(maxKey + 1);
  for (let i = 1; i + 1 < values.length; i += 2 + values[i + 1]) {
    const key = values[i];
    if (values[i + 1] <= 0) continue;
    if (start[key] > 0) throw new Error(`kuromoji dictionary: word ${key} is listed twice in tid_map.dat`);
    start[key] = i + 2;
  }
  return { values, start };
}

/** The files a tokenizer is made of; the features may be read from their file as needed (PosFile). */
type TokenizerFiles = Omit<DictionaryFiles, 'tid_pos.dat'> & { 'tid_pos.dat': SharedArrayBuffer | PosFile };

/**
 * This thread's own read of the dictionary for a tokenizer. The main thread (queries: a one-shot
 * search paid for all 66 MB) reads every file but the features, which come from the cache file as
 * tokens need them; a worker analysing documents meets too many entries for that and reads all.
 * Without a cache file (the first run, a read-only temp folder) it is the whole read.
 */
function tokenizerFiles(): TokenizerFiles {
  const features = isMainThread ? PosFile.open(path.join(cacheDir, 'tid_pos.dat')) : undefined;
  if (!features) return dictionaryFiles();
  const rest = DICTIONARY_FILES.filter((name) => name !== 'tid_pos.dat').map((name) => [name, readDictionaryFile(name)]);
  return { ...(Object.fromEntries(rest) as Omit<DictionaryFiles, 'tid_pos.dat'>), 'tid_pos.dat': features };
}

function loadTokenizer(files: TokenizerFiles): MorphTokenizer {
  const DynamicDictionaries = nodeRequire('kuromoji/src/dict/DynamicDictionaries.js') as new () => Record<string, any>;
  const Tokenizer = nodeRequire('kuromoji/src/Tokenizer.js') as new (dic: unknown) => KuromojiInternals;
  const dic = new DynamicDictionaries();
  dic.loadTrie(new Int32Array(files['base.dat']), new Int32Array(files['check.dat']));
  dic.token_info_dictionary.loadDictionary(new Uint8Array(files['tid.dat']));
  const features = files['tid_pos.dat'];
  if (features instanceof PosFile) dic.token_info_dictionary.pos_buffer = features;
  else dic.token_info_dictionary.loadPosVector(new Uint8Array(features));
  dic.loadConnectionCosts(new Int16Array(files['cc.dat']));
  dic.loadUnknownDictionaries(
    new Uint8Array(files['unk.dat']),
    new Uint8Array(files['unk_pos.dat']),
    new Uint8Array(files['unk_map.dat']),
    new Uint8Array(files['unk_char.dat']),
    new Uint32Array(files['unk_compat.dat']),
    new Uint8Array(files['unk_invoke.dat']),
  );
  return createFastTokenize(new Tokenizer(dic), indexTargetMap(files['tid_map.dat']));
}

let tokenizer: Promise<MorphTokenizer> | undefined;

/**
 * The tokenizer of this thread, made on first use from `shared` (a worker gets the dictionary
 * files from the thread that started it) or from this thread's own read of them.
 */
export function loadMorphTokenizer(shared?: DictionaryFiles): Promise<MorphTokenizer> {
  files ??= shared;
  tokenizer ??= new Promise<MorphTokenizer>((resolve) => resolve(loadTokenizer(files ?? tokenizerFiles()))).catch((error: unknown) => {
    tokenizer = undefined;
    throw error;
  });
  return tokenizer;
}
