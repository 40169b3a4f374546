/**
 * Writes a GGUF v3 file (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): header, metadata
 * key/values, tensor infos, padding to the alignment, then each tensor's bytes, aligned. Tensors are
 * given as bytes already in their ggml type (F32, or a quantised block type copied as it is), and are
 * streamed to the file one by one, so a model never sits in memory twice.
 */
import fs from 'node:fs';

const ALIGNMENT = 32;

/** ggml tensor types this writer is used with. */
export const GGML_TYPE = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8 } as const;

/** Bytes per block and elements per block of each type (ggml.c's type traits). */
const TYPE_LAYOUT: Record<number, { blockBytes: number; blockElements: number }> = {
  [GGML_TYPE.F32]: { blockBytes: 4, blockElements: 1 },
  [GGML_TYPE.F16]: { blockBytes: 2, blockElements: 1 },
  [GGML_TYPE.Q4_0]: { blockBytes: 18, blockElements: 32 },
  [GGML_TYPE.Q8_0]: { blockBytes: 34, blockElements: 32 },
};

// GGUF metadata value types
const V = { U8: 0, I8: 1, U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;

export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'str'; value: string }
  | { type: 'str[]'; value: Array<string | Uint8Array> }
  | { type: 'f32[]'; value: ArrayLike<number> }
  | { type: 'i32[]'; value: ArrayLike<number> }
  | { type: 'u8[]'; value: Uint8Array };

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  dims: number[];
  type: number;
  /** The tensor's bytes in its type's layout (read when the tensor is written). */
  data: () => Uint8Array;
}

/** Bytes of a tensor of `dims` in ggml type `type`; throws when a row is not a whole number of blocks. */
export function tensorBytes(type: number, dims: number[]): number {
  const layout = TYPE_LAYOUT[type];
  if (!layout) throw new Error(`unsupported ggml type ${type}`);
  if (dims[0]! % layout.blockElements !== 0) throw new Error(`row of ${dims[0]} is not a whole number of ${layout.blockElements}-element blocks`);
  return (dims.reduce((a, b) => a * b, 1) / layout.blockElements) * layout.blockBytes;
}

/** A growing little-endian byte buffer for the header part. */
class Bytes {
  private parts: Buffer[] = [];
  length = 0;
  private push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u8(v: number): void {
    this.push(Buffer.from([v & 0xff]));
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string | Uint8Array): void {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s);
    this.u64(bytes.length);
    this.push(bytes);
  }
  raw(b: Uint8Array): void {
    this.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
  pad(): void {
    this.push(Buffer.alloc((ALIGNMENT - (this.length % ALIGNMENT)) % ALIGNMENT));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function writeValue(w: Bytes, key: string, v: GgufValue): void {
  w.str(key);
  const array = (type: number, n: number) => {
    w.u32(V.ARRAY);
    w.u32(type);
    w.u64(n);
  };
  switch (v.type) {
    case 'u32':
      w.u32(V.U32);
      return w.u32(v.value);
    case 'f32':
      w.u32(V.F32);
      return w.f32(v.value);
    case 'bool':
      w.u32(V.BOOL);
      return w.u8(v.value ? 1 : 0);
    case 'str':
      w.u32(V.STRING);
      return w.str(v.value);
    case 'str[]':
      array(V.STRING, v.value.length);
      for (const s of v.value) w.str(s);
      return;
    case 'f32[]': {
      array(V.F32, v.value.length);
      const b = Buffer.alloc(v.value.length * 4);
      for (let i = 0; i < v.value.length; i++) b.writeFloatLE(v.value[i]!, i * 4);
      return w.raw(b);
    }
    case 'i32[]': {
      array(V.I32, v.value.length);
      const b = Buffer.alloc(v.value.length * 4);
      for (let i = 0; i < v.value.length; i++) b.writeInt32LE(v.value[i]!, i * 4);
      return w.raw(b);
    }
    case 'u8[]':
      array(V.U8, v.value.length);
      return w.raw(v.value);
  }
}

/** Writes `metadata` and `tensors` to `file` (replaced atomically: written to `file.tmp`, then renamed). */
export function writeGguf(file: string, options: { metadata: Array<[string, GgufValue]>; tensors: GgufTensor[] }): void {
  const { metadata, tensors } = options;
  const head = new Bytes();
  head.raw(Buffer.from('GGUF', 'latin1'));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(metadata.length + 1);
  writeValue(head, 'general.alignment', { type: 'u32', value: ALIGNMENT });
  for (const [key, value] of metadata) writeValue(head, key, value);
  let offset = 0;
  const sizes = tensors.map((t) => tensorBytes(t.type, t.dims));
  tensors.forEach((t, i) => {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(t.type);
    head.u64(offset);
    offset += sizes[i]! + ((ALIGNMENT - (sizes[i]! % ALIGNMENT)) % ALIGNMENT);
  });
  head.pad();

  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, head.toBuffer());
    tensors.forEach((t, i) => {
      const data = t.data();
      if (data.byteLength !== sizes[i]) throw new Error(`tensor ${t.name}: ${data.byteLength} bytes, expected ${sizes[i]}`);
      fs.writeSync(fd, data);
      const pad = (ALIGNMENT - (data.byteLength % ALIGNMENT)) % ALIGNMENT;
      if (pad) fs.writeSync(fd, Buffer.alloc(pad));
    });
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
