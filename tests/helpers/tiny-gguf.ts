/**
 * Writes a tiny llama-architecture GGUF (v3) from scratch, so tests exercise the real
 * node-llama-cpp loading, tokenising, streaming, abort and embedding code with no model weights
 * on the machine. The weights are seeded noise: the text it writes is meaningless, only the
 * behaviour (deltas arrive, abort stops, embeddings have the right size) is worth asserting.
 *
 * Layout (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): header, metadata key/values,
 * tensor infos, padding to `general.alignment`, then the tensor data, each tensor aligned.
 */
import { writeFile } from 'node:fs/promises';

export interface TinyGgufOptions {
  /** Mark the file as an embedding model (pooling type, no chat template, name "…-embedding"). Default false. */
  embedding?: boolean;
  /** PRNG seed for the weights; the same seed writes the same bytes. Default 42. */
  seed?: number;
  /** Trained context length written in the header (what the app sizes its context from). Default 512. */
  contextLength?: number;
  /** Leave out the chat template, as a base model is published (driven by plain completion). Default false. */
  base?: boolean;
}

/** Shape of the tiny model (kept small: ~0.4 MB, about a millisecond per token on two cores). */
export const TINY_GGUF = {
  layers: 2,
  embd: 64,
  heads: 4,
  ff: 128,
  contextLength: 512,
} as const;

export const TINY_CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const ALIGNMENT = 32;

// GGUF value types
const T_UINT32 = 4;
const T_INT32 = 5;
const T_FLOAT32 = 6;
const T_BOOL = 7;
const T_STRING = 8;
const T_ARRAY = 9;

// llama.cpp token types
const TOKEN_NORMAL = 1;
const TOKEN_UNKNOWN = 2;
const TOKEN_CONTROL = 3;
const TOKEN_BYTE = 6;

const GGML_TYPE_F32 = 0;

type MetaValue =
  | { type: 'u32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'str'; value: string }
  | { type: 'str[]'; value: string[] }
  | { type: 'f32[]'; value: number[] }
  | { type: 'i32[]'; value: number[] };

interface Tensor {
  name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  dims: number[];
  data: Float32Array;
}

/** Small deterministic PRNG (mulberry32) so the same seed writes the same file. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Byte writer that grows as needed. */
class ByteWriter {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.length);
    this.length += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32LE(v, this.length);
    this.length += 4;
  }
  u64(v: number): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt(v), this.length);
    this.length += 8;
  }
  f32(v: number): void {
    this.ensure(4);
    this.buf.writeFloatLE(v, this.length);
    this.length += 4;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf.writeUInt8(v, this.length);
    this.length += 1;
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.bytes(bytes);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    this.bytes(new Uint8Array(pad));
  }
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

function writeMeta(w: ByteWriter, key: string, v: MetaValue): void {
  w.str(key);
  switch (v.type) {
    case 'u32':
      w.u32(T_UINT32);
      w.u32(v.value);
      return;
    case 'f32':
      w.u32(T_FLOAT32);
      w.f32(v.value);
      return;
    case 'bool':
      w.u32(T_BOOL);
      w.u8(v.value ? 1 : 0);
      return;
    case 'str':
      w.u32(T_STRING);
      w.str(v.value);
      return;
    case 'str[]':
      w.u32(T_ARRAY);
      w.u32(T_STRING);
      w.u64(v.value.length);
      for (const s of v.value) w.str(s);
      return;
    case 'f32[]':
      w.u32(T_ARRAY);
      w.u32(T_FLOAT32);
      w.u64(v.value.length);
      for (const x of v.value) w.f32(x);
      return;
    case 'i32[]':
      w.u32(T_ARRAY);
      w.u32(T_INT32);
      w.u64(v.value.length);
      for (const x of v.value) w.i32(x);
      return;
  }
}

/** The vocabulary: SentencePiece-style specials, 256 byte-fallback tokens, ChatML markers. */
function buildVocab(): { tokens: string[]; types: number[]; ids: Record<string, number> } {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN_BYTE);
  }
  tokens.push('<|im_start|>', '<|im_end|>');
  types.push(TOKEN_CONTROL, TOKEN_CONTROL);
  // A few whole pieces so that tokenising is not purely byte-by-byte.
  for (const piece of ['▁', '▁the', '▁a', 'の', 'は', '。']) {
    tokens.push(piece);
    types.push(TOKEN_NORMAL);
  }
  const ids: Record<string, number> = {};
  tokens.forEach((t, i) => (ids[t] = i));
  return { tokens, types, ids };
}

/**
 * Write the tiny model to `path`. Returns the path.
 *
 * The output projection gives non-zero weights only to printable ASCII bytes (and the whole
 * pieces), and zero to control tokens and bytes that would start broken UTF-8: the logits of those
 * are 0 while the best printable token's is large, so generation never stops early on an
 * end-of-turn token and always streams valid text until maxTokens or abort.
 */
export async function writeTinyGguf(path: string, options: TinyGgufOptions = {}): Promise<string> {
  const { embedding = false, seed = 42 } = options;
  const { layers, embd, heads, ff } = TINY_GGUF;
  const contextLength = options.contextLength ?? TINY_GGUF.contextLength;
  const rand = mulberry32(seed);
  const gauss = (): number => {
    // Box-Muller
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const randomTensor = (name: string, dims: number[], std: number): Tensor => {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = gauss() * std;
    return { name, dims, data };
  };
  const onesTensor = (name: string, n: number): Tensor => ({ name, dims: [n], data: new Float32Array(n).fill(1) });

  const vocab = buildVocab();
  const nVocab = vocab.tokens.length;

  const tensors: Tensor[] = [randomTensor('token_embd.weight', [embd, nVocab], 1)];
  for (let l = 0; l < layers; l++) {
    const p = `blk.${l}`;
    tensors.push(
      onesTensor(`${p}.attn_norm.weight`, embd),
      randomTensor(`${p}.attn_q.weight`, [embd, embd], 0.1),
      randomTensor(`${p}.attn_k.weight`, [embd, embd], 0.1),
      randomTensor(`${p}.attn_v.weight`, [embd, embd], 0.1),
      randomTensor(`${p}.attn_output.weight`, [embd, embd], 0.1),
      onesTensor(`${p}.ffn_norm.weight`, embd),
      randomTensor(`${p}.ffn_gate.weight`, [embd, ff], 0.1),
      randomTensor(`${p}.ffn_up.weight`, [embd, ff], 0.1),
      randomTensor(`${p}.ffn_down.weight`, [ff, embd], 0.1),
    );
  }
  tensors.push(onesTensor('output_norm.weight', embd));
  const output = randomTensor('output.weight', [embd, nVocab], 1);
  for (let t = 0; t < nVocab; t++) {
    const piece = vocab.tokens[t]!;
    const byte = /^<0x([0-9A-F]{2})>$/.exec(piece);
    const printable = byte ? parseInt(byte[1]!, 16) >= 0x20 && parseInt(byte[1]!, 16) < 0x7f : vocab.types[t] === TOKEN_NORMAL;
    if (!printable) output.data.fill(0, t * embd, (t + 1) * embd);
  }
  tensors.push(output);

  const meta: Array<[string, MetaValue]> = [
    ['general.architecture', { type: 'str', value: 'llama' }],
    ['general.name', { type: 'str', value: embedding ? 'genten-tiny-embedding' : 'genten-tiny-chat' }],
    ['general.file_type', { type: 'u32', value: 0 }], // ALL_F32
    ['general.alignment', { type: 'u32', value: ALIGNMENT }],
    ['llama.context_length', { type: 'u32', value: contextLength }],
    ['llama.embedding_length', { type: 'u32', value: embd }],
    ['llama.block_count', { type: 'u32', value: layers }],
    ['llama.feed_forward_length', { type: 'u32', value: ff }],
    ['llama.attention.head_count', { type: 'u32', value: heads }],
    ['llama.attention.head_count_kv', { type: 'u32', value: heads }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: embd / heads }],
    ['llama.rope.freq_base', { type: 'f32', value: 10000 }],
    ['llama.vocab_size', { type: 'u32', value: nVocab }],
    ['tokenizer.ggml.model', { type: 'str', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'str[]', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'f32[]', value: vocab.tokens.map((_, i) => (vocab.types[i] === TOKEN_NORMAL ? -1 : 0)) }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { type: 'u32', value: vocab.ids['<unk>']! }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: vocab.ids['<s>']! }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: vocab.ids['<|im_end|>']! }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: !embedding }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  ];
  if (embedding)
    meta.push(['llama.pooling_type', { type: 'u32', value: 1 }]); // mean
  else if (!options.base) meta.push(['tokenizer.chat_template', { type: 'str', value: TINY_CHATML_TEMPLATE }]);

  const w = new ByteWriter();
  w.bytes(Buffer.from('GGUF', 'ascii'));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(meta.length);
  for (const [key, value] of meta) writeMeta(w, key, value);

  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    offsets.push(offset);
    offset += t.data.byteLength;
    offset += (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;
  }
  tensors.forEach((t, i) => {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_TYPE_F32);
    w.u64(offsets[i]!);
  });
  w.padTo(ALIGNMENT);
  for (const t of tensors) {
    w.bytes(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.padTo(ALIGNMENT);
  }
  await writeFile(path, w.toBuffer());
  return path;
}
