// The byte format of a stored entry, shared by the disk and Redis stores
// (docs/stores.md): a fixed header, the body hash, then the value as
// node:v8 serialize() output (structured-clone fidelity; loading runs no code).
import { serialize, deserialize } from 'node:v8';
import type { StoreEntry } from '../runtime/persist.js';

/** "MKC" and the format version; any other leading bytes are a miss (old format, garbage). */
const MAGIC = [0x4d, 0x4b, 0x43, 1];
/** Bytes before the hash: magic 4, created f64, expires f64, payload length f64, hash length u16. */
export const HEADER = 30;

/** Entry metadata, readable from the first bytes alone (sweeps read no values). */
export interface Header {
  created: number;
  expires: number;
  hash: string;
  /** Total size the entry must have; anything shorter was truncated. */
  size: number;
  /** Where the value starts. */
  start: number;
}

/** Serializes an entry; throws when the value has no structured-clone form. */
export const encode = (e: StoreEntry): Buffer => {
  const payload = serialize(e.value);
  const hash = Buffer.from(e.hash, 'utf8');
  const head = Buffer.alloc(HEADER + hash.length);
  head.set(MAGIC, 0);
  head.writeDoubleLE(e.created, 4);
  head.writeDoubleLE(e.expires, 12);
  head.writeDoubleLE(payload.length, 20);
  head.writeUInt16LE(hash.length, 28);
  hash.copy(head, HEADER);
  return Buffer.concat([head, payload]);
};

/** The header of `buf`, or undefined when it is not an entry of this format. */
export const peek = (buf: Uint8Array): Header | undefined => {
  if (buf.length < HEADER || MAGIC.some((b, i) => buf[i] !== b)) return undefined;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = b.readUInt16LE(28);
  const start = HEADER + n;
  const size = start + b.readDoubleLE(20);
  if (b.length < start) return undefined;
  return { created: b.readDoubleLE(4), expires: b.readDoubleLE(12), hash: b.toString('utf8', HEADER, start), size, start };
};

/** The entry in `buf`, or undefined when it is truncated, corrupt or of another format. */
export const decode = (buf: Uint8Array): StoreEntry | undefined => {
  const h = peek(buf);
  if (h === undefined || buf.length !== h.size) return undefined;
  try {
    return { value: deserialize(buf.subarray(h.start)), created: h.created, expires: h.expires, hash: h.hash };
  } catch {
    return undefined;
  }
};
