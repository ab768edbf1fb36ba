// Canonical, type-tagged key encoding (definition: docs/keys.md).
// Every component is self-delimiting, so concatenating components is unambiguous:
// strings are length-prefixed, numbers end with ';', containers have closing marks.
// Nothing is cached by object identity: a mutated argument always re-encodes.
import { tagOf, bytesOf, Bad, pathTo } from './kind.js';
import { fail, typeName, UNHASHABLE } from './errors.js';
import { sha256 } from './sha256.js';

/** SHA-256 of a string or of bytes, as 64 hex characters (definition: docs/keys.md, Digests). */
export type Digest = (data: string | Uint8Array) => string;

// The bundled SHA-256 unless the Node entry installs node:crypto. A default rather than a
// setDigest call in the browser entry: bundlers drop such calls from side-effect-free packages.
let digest: Digest = sha256;
/** Installed by the Node entry (node:crypto). */
export const setDigest = (d: Digest) => { digest = d; };
/** The installed digest (persistent stores name entries by the digest of their key). */
export const digestOf: Digest = (data) => digest(data);

/** Binary data longer than this is replaced by its digest inside the key. */
const INLINE_BYTES = 64;
/** A whole key longer than this (in UTF-16 units) is replaced by its digest. */
const EXACT_KEY = 256;
/** Symbol for the user hook that turns a class instance into hashable data. */
const HASH = Symbol.for('memokit.hash');

const str = (s: string) => s.length + ':' + s;

/** Object keys in code-unit order; insertion sort with `<` beats Array#sort for the usual handful of keys. */
const sortedKeys = (o: object): string[] => {
  const k = Object.keys(o);
  if (k.length > 16) return k.sort();
  for (let i = 1; i < k.length; i++) {
    const x = k[i];
    let j = i - 1;
    while (j >= 0 && k[j] > x) k[j + 1] = k[j--];
    k[j + 1] = x;
  }
  return k;
};

const bytes = (b: Uint8Array): string =>
  b.length > INLINE_BYTES ? '#' + digest(b) : 'x' + str(String.fromCharCode.apply(null, b as unknown as number[]));

const enc = (v: unknown, stack: object[] | null): string => {
  switch (typeof v) {
    case 'string': return 's' + v.length + ':' + v;
    // -0 is kept apart from 0: 1/x tells them apart, so results may differ.
    case 'number': return v === 0 && 1 / v < 0 ? 'n-0;' : 'n' + v + ';';
    case 'boolean': return v ? 't' : 'f';
    case 'undefined': return 'u';
    case 'bigint': return 'b' + v + ';';
    case 'symbol': {
      const k = Symbol.keyFor(v);
      if (k === undefined) throw new Bad(v);
      return 'y' + str(k);
    }
    case 'function': throw new Bad(v);
  }
  return v === null ? 'l' : obj(v as object, stack || []);
};

const obj = (v: any, stack: object[]): string => {
  // Cycles: a back-reference to the ancestor `n` levels up; depends only on structure.
  const up = stack.lastIndexOf(v);
  if (up >= 0) return '^' + (stack.length - up) + ';';
  const t = tagOf(v);
  switch (t) {
    case 'D': return 'D' + v.getTime() + ';';
    case 'R': return 'R' + str(v.source) + v.flags + ';';
    case 'U': return 'U' + str(v.href);
    case 'T': return 'T' + str(v[Symbol.toStringTag]) + bytes(bytesOf(v));
    case 'B': case 'V': case 'F': return t + bytes(bytesOf(v));
  }
  stack.push(v);
  let s: string = t;
  if (t === '[') {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      s += x === undefined && !(i in v) ? '_' : enc(x, stack);
    }
    s += ']';
  } else if (t === '{' || t === 'O') {
    for (const k of sortedKeys(v)) s += str(k) + enc(v[k], stack);
    s += '}';
  } else if (t === 'M' || t === 'S') {
    // Order-independent: encode each entry, then sort the encodings.
    const parts: string[] = [];
    for (const x of v) parts.push(t === 'M' ? enc(x[0], stack) + enc(x[1], stack) : enc(x, stack));
    s += parts.sort().join('') + '}';
  } else {
    if (typeof v[HASH] !== 'function') throw new Bad(v);
    s = 'H' + str(typeName(v)) + enc(v[HASH](), stack);
  }
  stack.pop();
  return s;
};

/** Who is asking, for error messages: the site id and the names of the values. */
export interface KeyOwner {
  id: string;
  /** Parameter names; captured variables carry a leading `^`. */
  names: readonly string[];
}

const encodeAll = (values: readonly unknown[], owner: KeyOwner): string => {
  let s = '';
  let i = 0;
  try {
    for (; i < values.length; i++) s += enc(values[i], null);
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    const name = owner.names[i] || 'argument ' + i;
    const cap = name[0] === '^';
    const bare = cap ? name.slice(1) : name;
    const path = pathTo(values[i], e.v);
    const instance = typeof e.v === 'object';
    fail(UNHASHABLE, 'cannot hash ' + (cap ? 'captured variable "' : 'parameter "') + bare + '" of ' + owner.id + ': ' +
      (path ? bare + path + ' is' : 'it is') + ' a ' + typeName(e.v) + (instance ? ' (class instance)' : '') + '. ' +
      (cap ? 'Rename the variable with a leading "_"' : 'Prefix the parameter with "_" (_' + bare + ')') + ' to leave it out of the key, or ' +
      // A class can say how it hashes; a function or a local symbol cannot be data.
      (instance ? 'give the class a [Symbol.for("memokit.hash")]() method that returns hashable data.' : 'pass data instead.'));
  }
  return s;
};

/**
 * The cache key of a tuple of values: exact for small keys, `#` + SHA-256 of the
 * exact encoding for long ones (an exact key never starts with `#`).
 */
export const keyOf = (values: readonly unknown[], owner: KeyOwner): string => keyOfEncoding(encodeAll(values, owner));

/** A key from its exact encoding: the encoding itself, or `#` + its digest when long. */
export const keyOfEncoding = (s: string): string => (s.length > EXACT_KEY ? '#' + digest(s) : s);

/** The encoding of one value; throws `Bad` (kind.ts) for what cannot be hashed, for callers with their own message. */
export const encodeValue = (v: unknown): string => enc(v, null);

/** The owner named in hash()'s errors. */
const HASH_OWNER: KeyOwner = { id: 'hash()', names: ['value'] };
/** SHA-256 (hex) of a value's canonical encoding: the same value gives the same hash in every process. */
export const hash = (value: unknown): string => digest(encodeAll([value], HASH_OWNER));
