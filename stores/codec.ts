// The byte format of a stored entry, shared by the disk and Redis stores
// (docs/stores.md): a fixed header with a CRC-32 of everything after it, the
// entry's own key (site id, body hash, key digest), then the value as node:v8
// serializer output (structured-clone fidelity; loading runs no code).
import { Serializer, Deserializer } from 'node:v8';
import { crc32 } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { StoreEntry, StoreKey } from '../runtime/store.js';
import { tagOf } from '../runtime/kind.js';

/** "MKC" and the format version; any other leading bytes are a miss (old format, garbage). */
const MAGIC = [0x4d, 0x4b, 0x43, 3];
/**
 * Bytes before the tags and the key strings: magic 4, CRC-32 4, created f64, expires f64, value
 * length f64, flags u8, site/hash/key lengths u16 each, tags length u32.
 */
export const HEADER = 43;
/** Flag bit: the function returned a promise of the value without being async. */
const PROMISE = 1;

/** Entry metadata, readable from the first HEADER bytes alone (sweeps read no more). */
export interface Header {
  created: number;
  expires: number;
  /** Total size the entry must have; anything else was truncated or damaged. */
  size: number;
  /** Bytes of the tags, which follow the header (a scan by tag reads HEADER + tagBytes). */
  tagBytes: number;
  /** Bytes of the site id, hash and key digest, which follow the tags (a listing reads HEADER + tagBytes + keyBytes). */
  keyBytes: number;
}

/** Tags as the entry keeps them: a JSON array (any characters), or nothing. */
const tagsText = (tags: readonly string[] | undefined): Buffer => Buffer.from(tags && tags.length ? JSON.stringify(tags) : '', 'utf8');

/**
 * A string as the header keeps it: itself, or when longer than a u16 length allows, its digest
 * (then a site id of 70,000 characters still has entries, and they still name their key).
 */
const headerString = (s: string): Buffer => {
  const bytes = Buffer.from(s, 'utf8');
  return bytes.length <= 0xffff ? bytes : Buffer.from('sha256:' + createHash('sha256').update(bytes).digest('hex'), 'utf8');
};

/** What v8's serializer does not keep, recorded by an object's position in `visit` order. */
const NULL_PROTOTYPE = 0, NODE_BUFFER = 1;

/**
 * Every object of `root` once, in a pre-order that depends only on the value's
 * structure, so the encoder and the decoder count the same objects in the same order.
 */
function visit(root: unknown, each: (object: object, index: number) => void) {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length !== 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    each(value, seen.size - 1);
    const children: unknown[] = [];
    if (Array.isArray(value)) { for (let i = 0; i < value.length; i++) if (i in value) children.push(value[i]); }
    else if (value instanceof Map) { for (const [k, v] of value) children.push(k, v); }
    else if (value instanceof Set) { for (const member of value) children.push(member); }
    else if (!ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) for (const key of Object.keys(value)) children.push((value as any)[key]);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
}

function fixupsOf(value: unknown): number[] | null {
  const fixups: number[] = [];
  visit(value, (object, index) => {
    const tag = tagOf(object);
    if (tag === 'O') fixups.push(index, NULL_PROTOTYPE);
    else if (tag === 'F') fixups.push(index, NODE_BUFFER);
  });
  return fixups.length === 0 ? null : fixups;
}

function applyFixups(value: unknown, fixups: number[]) {
  const wanted = new Map<number, number>();
  for (let i = 0; i < fixups.length; i += 2) wanted.set(fixups[i], fixups[i + 1]);
  visit(value, (object, index) => {
    const fix = wanted.get(index);
    // A Uint8Array given Buffer.prototype is what Node's own Buffers are (FastBuffer).
    if (fix !== undefined) Object.setPrototypeOf(object, fix === NULL_PROTOTYPE ? null : (globalThis as any).Buffer.prototype);
  });
}

/**
 * Plain v8 serialization writes typed arrays natively, so views that share an
 * ArrayBuffer still share it when read back (Node's DefaultSerializer writes each view's
 * bytes on its own, and its deserializer returns views over the input buffer).
 */
function serializeValue(value: unknown): Buffer {
  const serializer = new Serializer();
  serializer.writeHeader();
  serializer.writeValue([fixupsOf(value), value]);
  return serializer.releaseBuffer();
}

function deserializeValue(bytes: Uint8Array): unknown {
  const deserializer = new Deserializer(bytes);
  deserializer.readHeader();
  const [fixups, value] = deserializer.readValue() as [number[] | null, unknown];
  if (fixups !== null) applyFixups(value, fixups);
  return value;
}

/** Serializes an entry under its key; throws when the value has no structured-clone form. */
export function encode(k: StoreKey, e: StoreEntry): Buffer {
  const payload = serializeValue(e.value);
  const strings = [k.site, e.hash, k.key].map(headerString);
  const tags = tagsText(e.tags);
  const head = Buffer.alloc(HEADER);
  head.set(MAGIC, 0);
  head.writeDoubleLE(e.created, 8);
  head.writeDoubleLE(e.expires, 16);
  head.writeDoubleLE(payload.length, 24);
  head.writeUInt8(e.promise ? PROMISE : 0, 32);
  strings.forEach((s, i) => head.writeUInt16LE(s.length, 33 + 2 * i));
  head.writeUInt32LE(tags.length, 39);
  const whole = Buffer.concat([head, tags, ...strings, payload]);
  whole.writeUInt32LE(crc32(whole.subarray(8)), 4);
  return whole;
}

const view = (buf: Uint8Array) => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);

/** The header in the first HEADER bytes of an entry (not checked against its CRC), or undefined when they are not an entry of this format. */
export function peek(head: Uint8Array): Header | undefined {
  if (head.length < HEADER || MAGIC.some((byte, i) => head[i] !== byte)) return undefined;
  const b = view(head);
  const tagBytes = b.readUInt32LE(39);
  const keyBytes = b.readUInt16LE(33) + b.readUInt16LE(35) + b.readUInt16LE(37);
  return { created: b.readDoubleLE(8), expires: b.readDoubleLE(16), size: HEADER + tagBytes + keyBytes + b.readDoubleLE(24), tagBytes, keyBytes };
}

/**
 * The key an entry was stored under (site id, body hash, key digest, as the header keeps them), from
 * its first HEADER + tagBytes + keyBytes bytes; undefined when they are not there or not an entry of
 * this format. Not checked against the CRC: listings use it, and never read the value.
 */
export function peekKey(head: Uint8Array): StoreKey | undefined {
  const header = peek(head);
  if (header === undefined || head.length < HEADER + header.tagBytes + header.keyBytes) return undefined;
  const b = view(head);
  const siteEnd = HEADER + header.tagBytes + b.readUInt16LE(33);
  const hashEnd = siteEnd + b.readUInt16LE(35);
  return { site: b.toString('utf8', HEADER + header.tagBytes, siteEnd), hash: b.toString('utf8', siteEnd, hashEnd), key: b.toString('utf8', hashEnd, hashEnd + b.readUInt16LE(37)) };
}

/** The tags of an entry from its first HEADER + tagBytes bytes (not checked against the CRC: a scan uses it to choose what to delete). */
export function peekTags(head: Uint8Array): string[] {
  const header = peek(head);
  if (header === undefined || header.tagBytes === 0 || head.length < HEADER + header.tagBytes) return [];
  try {
    const tags = JSON.parse(view(head).toString('utf8', HEADER, HEADER + header.tagBytes));
    return Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** True when `buf` is a whole, undamaged entry of this format (checks over a whole store use it too). */
export function verify(buf: Uint8Array): boolean {
  const header = peek(buf);
  return header !== undefined && buf.length === header.size && crc32(view(buf).subarray(8)) === view(buf).readUInt32LE(4);
}

/**
 * The entry in `buf`, or undefined when it is truncated, damaged (CRC mismatch), of
 * another format, or stored under another key than `expected`.
 */
export function decode(buf: Uint8Array, expected: StoreKey): StoreEntry | undefined {
  if (!verify(buf)) return undefined;
  const b = view(buf);
  const tagsEnd = HEADER + b.readUInt32LE(39);
  const siteEnd = tagsEnd + b.readUInt16LE(33);
  const hashEnd = siteEnd + b.readUInt16LE(35);
  const start = hashEnd + b.readUInt16LE(37);
  const [site, hash, key] = [expected.site, expected.hash, expected.key].map(headerString);
  if (!site.equals(b.subarray(tagsEnd, siteEnd)) || !hash.equals(b.subarray(siteEnd, hashEnd)) || !key.equals(b.subarray(hashEnd, start))) return undefined;
  try {
    const entry: StoreEntry = { value: deserializeValue(b.subarray(start)), created: b.readDoubleLE(8), expires: b.readDoubleLE(16), hash: expected.hash };
    if (b[32] & PROMISE) entry.promise = true;
    if (tagsEnd > HEADER) entry.tags = JSON.parse(b.toString('utf8', HEADER, tagsEnd));
    return entry;
  } catch {
    return undefined;
  }
}
