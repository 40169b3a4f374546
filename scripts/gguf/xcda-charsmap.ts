/**
 * Builds a SentencePiece `precompiled_charsmap` (what llama.cpp's UGM tokenizer reads from
 * `tokenizer.ggml.precompiled_charsmap`) from a table of replacements: a uint32 byte length, an
 * XOR-compressed compact double array (XCDA) over the UTF-8 bytes of the keys, then the
 * replacements as NUL-terminated UTF-8 strings.
 *
 * The array, as llama.cpp's normalize_prefix walks it: unit 0 is the root; a node at index n with
 * offset b = BASE(n) has its child for byte c at n ^ b ^ c, whose LCHECK (low 8 bits) must be c;
 * bit 8 (LEAF) says the key ends there, and then the unit at n ^ b holds the replacement's byte
 * offset with bit 31 set (so it never passes as a child). BASE sits in bits 10-30.
 */

interface TrieNode {
  children: Map<number, TrieNode>;
  /** Byte offset of the replacement when a key ends here. */
  value?: number;
}

const VALUE_FLAG = 0x80000000;
const LEAF_FLAG = 1 << 8;
const MAX_BASE = 1 << 21;

/** `replacements` maps a key (one or more code points, as a string) to what it becomes (possibly ''). */
export function buildPrecompiledCharsmap(replacements: Map<string, string>): Uint8Array {
  // The strings, NUL-terminated, identical ones stored once.
  const stringOffsets = new Map<string, number>();
  const strings: Buffer[] = [];
  let stringBytes = 0;
  const root: TrieNode = { children: new Map() };
  for (const [key, replacement] of [...replacements].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let offset = stringOffsets.get(replacement);
    if (offset === undefined) {
      offset = stringBytes;
      const bytes = Buffer.from(`${replacement}\0`, 'utf8');
      strings.push(bytes);
      stringBytes += bytes.length;
      stringOffsets.set(replacement, offset);
    }
    let node = root;
    for (const byte of Buffer.from(key, 'utf8')) {
      let next = node.children.get(byte);
      if (!next) node.children.set(byte, (next = { children: new Map() }));
      node = next;
    }
    node.value = offset;
  }

  let units = new Uint32Array(1024);
  let used = new Uint8Array(1024);
  used[0] = 1;
  const grow = (index: number) => {
    if (index < units.length) return;
    let size = units.length;
    while (size <= index) size *= 2;
    const nextUnits = new Uint32Array(size);
    nextUnits.set(units);
    const nextUsed = new Uint8Array(size);
    nextUsed.set(used);
    units = nextUnits;
    used = nextUsed;
  };
  let firstFree = 1;
  let maxIndex = 0;
  // A region belongs to one parent: LCHECK holds only the byte, so a probe from a parent sharing the
  // region with another would take the other's child for its own.
  const regions = new Set<number>();

  /** A region start t where every child byte (and the value, at t itself) finds a free unit. */
  const findRegion = (labels: number[], needsValue: boolean): number => {
    for (let t = firstFree & ~0xff; ; t++) {
      if (t === 0 || regions.has(t)) continue;
      grow(t | 0xff);
      if (needsValue && used[t]) continue;
      if (labels.every((c) => !used[t ^ c] && (t ^ c) !== 0)) return t;
    }
  };

  // Breadth first: each node's unit is placed (by its parent) before its children are.
  const queue: Array<{ node: TrieNode; index: number }> = [{ node: root, index: 0 }];
  while (queue.length) {
    const { node, index } = queue.shift()!;
    const labels = [...node.children.keys()].sort((a, b) => a - b);
    const needsValue = node.value !== undefined;
    if (!labels.length && !needsValue) continue;
    const t = findRegion(labels, needsValue);
    regions.add(t);
    const base = index ^ t;
    if (base >= MAX_BASE) throw new Error('charsmap too large for an unshifted XCDA base');
    units[index] = (units[index]! & 0xff) | (base << 10) | (needsValue ? LEAF_FLAG : 0);
    if (needsValue) {
      used[t] = 1;
      units[t] = (node.value! | VALUE_FLAG) >>> 0;
      maxIndex = Math.max(maxIndex, t);
    }
    for (const c of labels) {
      const child = t ^ c;
      used[child] = 1;
      units[child] = c;
      maxIndex = Math.max(maxIndex, child);
      queue.push({ node: node.children.get(c)!, index: child });
    }
    while (used[firstFree]) firstFree++;
  }

  // Every probe n ^ b ^ c stays within the 256-unit block of n ^ b: keep whole blocks so none reads past the end.
  const length = ((maxIndex >> 8) + 1) << 8;
  const array = Buffer.from(units.buffer, 0, length * 4);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(array.length);
  return Buffer.concat([header, array, ...strings]);
}
