// Deep copies for "use memo" values, with structured-clone fidelity (Date, Map,
// Set, RegExp, binary data, BigInt, cycles and shared references kept) and a
// clear error for anything a copy would silently change (functions, class
// instances, WeakMap, streams...). copy=freeze copies are frozen as they are made.
import { tagOf, Bad, pathTo } from './kind.js';
import { fail, typeName, UNCLONEABLE } from './errors.js';

/**
 * Originals to their copies in the copy being made: cycles close, shared references (and shared
 * buffers) stay shared. Null while copying a value known to be a tree (see `trees`).
 */
let seen: Map<object, unknown> | null;
/** Set when the copy being made met an object (or buffer) a second time. */
let shared: boolean;
/**
 * Copies a cache keeps (`keep`) that hold no object twice: a hit copies them without
 * tracking what it has seen, about twice as fast. Only an optimization: a copy not found here
 * (another copy of the runtime made it) takes the tracking path.
 */
const trees = new WeakSet<object>();
/** Set while copying a value bound for a persistent store. */
let stored: unknown;
/** Set while making a copy=freeze copy: each container is frozen once filled. */
let freezing: boolean | undefined;

/** The copy of an ArrayBuffer, made once per copy, so that views sharing it keep sharing it (as structuredClone does). */
const bufferCopy = (buffer: ArrayBuffer): ArrayBuffer => {
  let copy = seen ? (seen.get(buffer) as ArrayBuffer | undefined) : undefined;
  if (copy) shared = true;
  // slice() is a memcpy; the memory behind a SharedArrayBuffer is copied into an ArrayBuffer through a view.
  else if (seen) seen.set(buffer, (copy = tagOf(buffer) === 'B' ? buffer.slice(0) : new Uint8Array(new Uint8Array(buffer)).buffer));
  else copy = buffer.slice(0); // a tree's buffers are ArrayBuffers, each met once
  return copy;
};

/** Sets a copied property; an own `__proto__` key is defined, since assigning it would set the prototype. */
const put = (target: any, key: string, value: unknown) => {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
};

const dup = (value: any): any => {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || (typeof value === 'symbol' && (stored || Symbol.keyFor(value) === undefined))) throw new Bad(value);
    return value;
  }
  if (seen === null) {
    // A tree a cache made (see `trees`): plain objects and arrays hold only own data properties
    // (an own `__proto__` included, which spread defines as data), so V8's spread and slice copy them;
    // only members that are objects are copied again.
    const p = Object.getPrototypeOf(value);
    if (p === Object.prototype) {
      const copy: any = { ...value };
      for (const key of Object.keys(copy)) if (typeof copy[key] === 'object' && copy[key] !== null) put(copy, key, dup(copy[key]));
      return copy;
    }
    if (p === Array.prototype) {
      const copy = value.slice(); // holes stay holes
      for (let i = 0; i < copy.length; i++) if (typeof copy[i] === 'object' && copy[i] !== null) copy[i] = dup(copy[i]);
      return copy;
    }
  }
  let copy: any = seen ? seen.get(value) : undefined;
  if (copy !== undefined) return (shared = true), copy;
  const tag = tagOf(value);
  // JavaScript cannot make the others read-only: Map.prototype.set.call(frozenMap, ...), setTime on
  // a frozen Date, RegExp#compile and typed array writes all get through Object.freeze.
  if (freezing && tag !== '[' && tag !== '{' && tag !== 'O') throw new Bad(value);
  // Containers are registered before their children are copied, so cycles close.
  copy = tag === '[' ? new Array(value.length) : tag === '{' ? {} : tag === 'O' ? Object.create(null) : tag === 'M' ? new Map() : tag === 'S' ? new Set()
    : tag === 'D' ? new Date(value.getTime())
    : tag === 'R' ? new RegExp(value)
    : tag === 'U' ? (stored ? undefined : new URL(value.href))
    : tag === 'B' ? bufferCopy(value)
    : tag === 'V' ? new DataView(bufferCopy(value.buffer), value.byteOffset, value.byteLength)
    : tag === 'T' ? new value.constructor(bufferCopy(value.buffer), value.byteOffset, value.length)
    // Node Buffers are copied alone, into memory of their own: small Buffers share Node's
    // internal pool, which must neither be copied whole nor reach a store.
    : tag === 'F' ? (globalThis as any).Buffer.from(new Uint8Array(value).buffer)
    : undefined;
  if (copy === undefined) throw new Bad(value);
  if (seen) seen.set(value, copy);
  if (tag === '[') { for (let i = 0; i < value.length; i++) if (i in value) copy[i] = dup(value[i]); }
  else if (tag === '{' || tag === 'O') { for (const key of Object.keys(value)) put(copy, key, dup(value[key])); }
  else if (tag === 'M') { for (const [k, v] of value) copy.set(dup(k), dup(v)); }
  else if (tag === 'S') { for (const member of value) copy.add(dup(member)); }
  if (freezing) Object.freeze(copy);
  return copy;
};

/**
 * A deep copy of `value`, or a MemokitError naming the site and the value that cannot be copied.
 * With `storeEnding` (a persistent site: the message's ending for what a store cannot
 * hold), URLs and registered symbols are refused too. With `frozen` (copy=freeze), the
 * copy is deep-frozen, and anything but plain objects, null-prototype objects and arrays
 * is refused, since it cannot be made read-only (docs/runtime.md).
 */
export const clone = <T>(value: T, id: string, storeEnding?: ((bad: unknown) => string | undefined) | null, frozen?: boolean): T =>
  // Primitives return here: a function this small is inlined into the hit path.
  (typeof value !== 'object' || value === null) && typeof value !== 'function' && typeof value !== 'symbol' ? value : copyOf(value, id, storeEnding, frozen);

/** clone() for the copy a cache keeps: the same copy, remembered as a tree when it holds no object twice, so hits copy it faster. */
export const keepCopy = <T>(value: T, id: string, storeEnding?: ((bad: unknown) => string | undefined) | null, frozen?: boolean): T =>
  (typeof value !== 'object' || value === null) && typeof value !== 'function' && typeof value !== 'symbol' ? value : copyOf(value, id, storeEnding, frozen, true);

const copyOf = <T>(value: T, id: string, storeEnding?: ((bad: unknown) => string | undefined) | null, frozen?: boolean, keep?: boolean): T => {
  // Saved and restored: a getter read during the copy may run a memo function that copies too.
  const outer = [seen, stored, freezing, shared] as const;
  seen = trees.has(value as object) ? null : new Map();
  stored = storeEnding;
  freezing = frozen;
  shared = false;
  try {
    const copy = dup(value);
    if (keep && !shared && !frozen && typeof copy === 'object') trees.add(copy);
    return copy;
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    const bad = error.v;
    const path = pathTo(value, bad);
    const known = typeof bad === 'object' && tagOf(bad as object) !== '';
    return fail(UNCLONEABLE, id + ' returned ' + (path ? 'a value whose result' + path + ' is a ' : 'a ') + typeName(bad) +
      (typeof bad === 'object' && !known ? ' (class instance or host object)' : '') +
      ((storeEnding && storeEnding(bad)) || (frozen && known ? ', which copy=freeze cannot make read-only. Use copy=clone, or return plain objects and arrays.'
        : ', which "use memo" cannot copy without changing it. Return plain data, or use "use singleton" to share one instance by reference.')));
  } finally {
    [seen, stored, freezing, shared] = outer;
  }
};
