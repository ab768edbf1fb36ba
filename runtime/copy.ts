// Deep copies for "use memo" values, with structured-clone fidelity (Date, Map,
// Set, RegExp, binary data, BigInt, cycles and shared references kept) and a
// clear error for anything a copy would silently change (functions, class
// instances, WeakMap, streams...). Also the deep freeze behind copy=freeze.
import { tagOf, bytesOf, Bad, pathTo } from './kind.js';
import { fail, typeName, UNCLONEABLE } from './errors.js';

/** Set while copying a value bound for a persistent store (URL has no structured-clone form there): the message's ending. */
let stored: string | undefined;

const dup = (v: any, seen: Map<object, unknown>): any => {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || (typeof v === 'symbol' && Symbol.keyFor(v) === undefined)) throw new Bad(v);
    return v;
  }
  let c: any = seen.get(v);
  if (c !== undefined) return c;
  const t = tagOf(v);
  // Containers are registered before their children are copied, so cycles close.
  c = t === '[' ? new Array(v.length) : t === '{' ? {} : t === 'O' ? Object.create(null) : t === 'M' ? new Map() : t === 'S' ? new Set()
    : t === 'D' ? new Date(v.getTime())
    : t === 'R' ? new RegExp(v)
    : t === 'U' ? (stored === undefined ? new URL(v.href) : undefined)
    : t === 'B' ? v.slice(0)
    : t === 'V' ? new DataView(bytesOf(v).slice().buffer)
    : t === 'T' ? v.slice()
    : t === 'F' ? (globalThis as any).Buffer.from(v)
    : undefined;
  if (c === undefined) throw new Bad(v);
  seen.set(v, c);
  if (t === '[') { for (let i = 0; i < v.length; i++) if (i in v) c[i] = dup(v[i], seen); }
  else if (t === '{' || t === 'O') { for (const k of Object.keys(v)) c[k] = dup(v[k], seen); }
  else if (t === 'M') { for (const [a, b] of v) c.set(dup(a, seen), dup(b, seen)); }
  else if (t === 'S') { for (const a of v) c.add(dup(a, seen)); }
  return c;
};

/**
 * A deep copy of `v`, or a MemokitError naming the site and the value that cannot be copied.
 * With `store` (the message's ending for a persistent site), URLs are refused too.
 */
export const clone = <T>(v: T, id: string, store?: string): T => {
  if ((typeof v !== 'object' || v === null) && typeof v !== 'function' && typeof v !== 'symbol') return v;
  stored = store;
  try {
    return dup(v, new Map());
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    const path = pathTo(v, e.v);
    return fail(UNCLONEABLE, id + ' returned ' + (path ? 'a value whose result' + path + ' is a ' : 'a ') + typeName(e.v) +
      (typeof e.v === 'object' ? ' (class instance or host object)' : '') +
      (stored !== undefined && e.v instanceof URL ? stored
        : ', which "use memo" cannot copy without changing it. Return plain data, or use "use singleton" to share one instance by reference.'));
  } finally {
    stored = undefined;
  }
};

const readOnly = () => fail(UNCLONEABLE, 'this Map or Set is a frozen memo result (copy=freeze) and cannot be changed.');

/**
 * Deep-freezes a fresh copy in place. Maps and Sets get throwing mutators;
 * Dates and binary data cannot be made read-only in JavaScript (docs/runtime.md).
 */
export const freeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    const t = tagOf(v);
    if (t === 'M' || t === 'S') Object.defineProperties(v, { set: { value: readOnly }, add: { value: readOnly }, delete: { value: readOnly }, clear: { value: readOnly } });
    if ('DTFBV'.includes(t)) return v;
    // Freeze before descending, so that cycles terminate.
    Object.freeze(v);
    for (const x of t === 'M' || t === 'S' ? (v as unknown as Set<unknown>) : Object.values(v)) freeze(x);
  }
  return v;
};
