/**
 * kuromoji's own lattice builder is quadratic in the sentence length: for every character it
 * copies the rest of the sentence, wraps it in a new SurrogateAwareString and encodes all of it
 * to UTF-8 for one dictionary lookup. That made kuromoji the slowest step of indexing (~150 k
 * characters/s, most of it allocation and GC). This builds the same lattice in linear time:
 * the dictionary trie is walked one UTF-8 byte at a time straight from the string, and stops
 * where the trie does. Tokens come out identical (tests/unit/analysis compares every token with
 * kuromoji's own tokenize), and each dictionary entry's features are decoded once, not per token.
 * Only kuromoji.ts uses this file.
 */
import { createRequire } from 'node:module';
import type { MorphToken } from './kuromoji';

// Not named `require`: the bundler adds its own `require` to the chunk, and two would clash.
const nodeRequire = createRequire(import.meta.url);

interface DoubleArrayCells {
  getBase(index: number): number;
  getCheck(index: number): number;
}
interface CharClass {
  class_id: number;
  class_name: string;
  is_always_invoke: number;
  is_grouping: number;
}
interface Dictionary {
  dictionary: { getShort(offset: number): number };
  getFeatures(id: number): string | null | undefined;
}
interface LatticeNode {
  name: number;
  type: 'KNOWN' | 'UNKNOWN' | 'USER';
  surface_form: string;
}
/** The parts of a built kuromoji Tokenizer that the lattice needs (kuromoji 0.1.2). */
export interface KuromojiInternals {
  viterbi_builder: {
    trie: { bc: DoubleArrayCells };
    token_info_dictionary: Dictionary;
    unknown_dictionary: Dictionary & { lookup(ch: string): CharClass; target_map: Record<number, number[]> };
  };
  viterbi_searcher: { search(lattice: unknown): LatticeNode[] };
}

/** The dictionary's word → entries map, as offsets into its file (see kuromoji.ts): a word's entries start at start[id] (0: none), their count just before. */
export interface TargetIndex {
  values: Int32Array;
  start: Int32Array;
}

type LatticeCtor = new () => { append(node: unknown): void; appendEos(): void };
type NodeCtor = new (name: number, cost: number, start: number, length: number, type: string, left: number, right: number, surface: string) => unknown;
const ViterbiLattice = nodeRequire('kuromoji/src/viterbi/ViterbiLattice.js') as LatticeCtor;
const ViterbiNode = nodeRequire('kuromoji/src/viterbi/ViterbiNode.js') as NodeCtor;
const Tokenizer = nodeRequire('kuromoji/src/Tokenizer.js') as { splitByPunctuation(text: string): string[] };

const ROOT = 0;
const TERMINAL = 0;

/** Dictionary words that are prefixes of `text` from code unit `start`, with their trie values. */
function prefixWords(cells: DoubleArrayCells, text: string, start: number, out: Array<{ key: string; id: number }>): void {
  out.length = 0;
  let parent = ROOT;
  const bytes = [0, 0, 0, 0];
  for (let i = start; i < text.length;) {
    let code = text.charCodeAt(i);
    let units = 1;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return; // a lone surrogate: no dictionary word crosses it
      code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
      units = 2;
    }
    let count: number;
    if (code < 0x80) {
      bytes[0] = code;
      count = 1;
    } else if (code < 0x800) {
      bytes[0] = (code >>> 6) | 0xc0;
      bytes[1] = (code & 0x3f) | 0x80;
      count = 2;
    } else if (code < 0x10000) {
      bytes[0] = (code >>> 12) | 0xe0;
      bytes[1] = ((code >> 6) & 0x3f) | 0x80;
      bytes[2] = (code & 0x3f) | 0x80;
      count = 3;
    } else {
      bytes[0] = (code >>> 18) | 0xf0;
      bytes[1] = ((code >> 12) & 0x3f) | 0x80;
      bytes[2] = ((code >> 6) & 0x3f) | 0x80;
      bytes[3] = (code & 0x3f) | 0x80;
      count = 4;
    }
    for (let b = 0; b < count; b++) {
      const child = cells.getBase(parent) + bytes[b];
      if (cells.getCheck(child) !== parent) return;
      parent = child;
    }
    i += units;
    const leaf = cells.getBase(parent) + TERMINAL;
    if (cells.getCheck(leaf) === parent) out.push({ key: text.slice(start, i), id: -cells.getBase(leaf) - 1 });
  }
}

/** Character positions of a string (a surrogate pair is one character), as kuromoji counts them. */
function characterStarts(text: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    starts.push(i);
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) i++;
  }
  return starts;
}

function buildLattice(internals: KuromojiInternals, targets: TargetIndex, sentence: string): unknown {
  const { trie, token_info_dictionary: known, unknown_dictionary: unknown } = internals.viterbi_builder;
  const lattice = new ViterbiLattice();
  const starts = characterStarts(sentence);
  const chars = starts.map((start, index) => sentence.slice(start, starts[index + 1]));
  // Each character's class, and where the run of its class that starts there ends (kuromoji
  // looks the classes up again, to the end of the run, at every position of a run).
  const classes = chars.map((char) => unknown.lookup(char));
  const runEnd = new Array<number>(chars.length);
  for (let pos = chars.length - 1; pos >= 0; pos--) {
    runEnd[pos] = pos + 1 < chars.length && classes[pos + 1].class_name === classes[pos].class_name ? runEnd[pos + 1] : pos + 1;
  }
  const words: Array<{ key: string; id: number }> = [];
  for (let pos = 0; pos < chars.length; pos++) {
    prefixWords(trie.bc, sentence, starts[pos], words);
    for (const { key, id } of words) {
      const first = targets.start[id];
      for (let e = first, end = first > 0 ? first + targets.values[first - 1] : 0; e < end; e++) {
        const offset = targets.values[e];
        const cost = known.dictionary.getShort(offset + 4);
        lattice.append(
          new ViterbiNode(offset, cost, pos + 1, key.length, 'KNOWN', known.dictionary.getShort(offset), known.dictionary.getShort(offset + 2), key),
        );
      }
    }
    // Unknown words, as kuromoji makes them: the character alone, or the run of its class from
    // here (its length then counted in UTF-16 units, not characters, as kuromoji counts it).
    const headClass = classes[pos];
    if (words.length > 0 && headClass.is_always_invoke !== 1) continue;
    const grouped = headClass.is_grouping === 1 && runEnd[pos] > pos + 1;
    const key = grouped ? sentence.slice(starts[pos], starts[runEnd[pos]]) : chars[pos];
    const length = grouped ? key.length : 1;
    for (const entry of unknown.target_map[headClass.class_id]) {
      const offset = Number(entry);
      const cost = unknown.dictionary.getShort(offset + 4);
      lattice.append(
        new ViterbiNode(offset, cost, pos + 1, length, 'UNKNOWN', unknown.dictionary.getShort(offset), unknown.dictionary.getShort(offset + 2), key),
      );
    }
  }
  lattice.appendEos();
  return lattice;
}

type Features = { surface: string; pos: string; pos1: string; base: string };

/** A tokenize function over a built kuromoji tokenizer, with the linear lattice and cached features. */
export function createFastTokenize(internals: KuromojiInternals, targets: TargetIndex): (text: string) => MorphToken[] {
  const { token_info_dictionary: known, unknown_dictionary: unknown } = internals.viterbi_builder;
  const knownFeatures = new Map<number, Features>();
  const unknownFeatures = new Map<number, Features>();
  const featuresOf = (cache: Map<number, Features>, dict: Dictionary, id: number): Features => {
    let features = cache.get(id);
    if (!features) {
      const [surface = '', pos = '', pos1 = '', , , , , base = ''] = (dict.getFeatures(id) ?? '').split(',');
      features = { surface, pos, pos1, base };
      cache.set(id, features);
    }
    return features;
  };
  return (text) => {
    const tokens: MorphToken[] = [];
    for (const sentence of Tokenizer.splitByPunctuation(text)) {
      for (const node of internals.viterbi_searcher.search(buildLattice(internals, targets, sentence))) {
        if (node.type === 'KNOWN') {
          const f = featuresOf(knownFeatures, known, node.name);
          tokens.push({ surface: f.surface, base: f.base && f.base !== '*' ? f.base : f.surface, pos: f.pos, pos1: f.pos1 });
        } else if (node.type === 'UNKNOWN') {
          // Unknown entries' features start with the class, not a surface: the surface is the node's.
          const f = featuresOf(unknownFeatures, unknown, node.name);
          tokens.push({ surface: node.surface_form, base: f.base && f.base !== '*' ? f.base : node.surface_form, pos: f.pos, pos1: f.pos1 });
        }
      }
    }
    return tokens;
  };
}
