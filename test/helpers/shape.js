// A value's full shape as plain data, to compare a cached result with the uncached
// one: prototypes, own keys (an own `__proto__` included), holes, -0, which objects are
// the same object, and which views share which ArrayBuffer at which offset.
// Two values are copies of each other exactly when their shapes are deeply equal.

const protoName = (v) => {
  const p = Object.getPrototypeOf(v);
  if (p === null) return 'null';
  if (p === Object.prototype) return 'Object';
  if (typeof Buffer !== 'undefined' && p === Buffer.prototype) return 'Buffer';
  return p.constructor?.name ?? '?';
};

export const shapeOf = (root) => {
  const ids = new Map();
  const idOf = (o) => {
    if (!ids.has(o)) ids.set(o, ids.size);
    return ids.get(o);
  };
  const walk = (v) => {
    if (typeof v === 'number') return Object.is(v, -0) ? { number: '-0' } : Number.isNaN(v) ? { number: 'NaN' } : { number: v };
    if (typeof v === 'bigint') return { bigint: String(v) };
    if (typeof v === 'symbol') return { symbol: Symbol.keyFor(v) ?? String(v) };
    if (v === undefined) return { undefined: true };
    if (typeof v !== 'object' || v === null) return v;
    const seen = ids.has(v);
    const ref = idOf(v);
    if (seen) return { ref };
    const out = { ref, proto: protoName(v), frozen: Object.isFrozen(v) };
    if (ArrayBuffer.isView(v)) {
      out.view = { buffer: idOf(v.buffer), offset: v.byteOffset, length: v.byteLength, bytes: [...new Uint8Array(v.buffer, v.byteOffset, v.byteLength)] };
      return out;
    }
    if (v instanceof ArrayBuffer) return { ...out, buffer: idOf(v), bytes: [...new Uint8Array(v)] };
    if (v instanceof Date) return { ...out, time: v.getTime() };
    if (v instanceof RegExp) return { ...out, source: v.source, flags: v.flags };
    if (v instanceof URL) return { ...out, href: v.href };
    if (v instanceof Map) return { ...out, entries: [...v].map(([k, x]) => [walk(k), walk(x)]) };
    if (v instanceof Set) return { ...out, members: [...v].map(walk) };
    if (Array.isArray(v)) return { ...out, length: v.length, items: Object.keys(v).map((k) => [k, walk(v[k])]) };
    return { ...out, props: Object.keys(v).map((k) => [k, walk(v[k])]) };
  };
  return walk(root);
};

/** The shape without `frozen` flags (copy=freeze results are frozen copies of unfrozen originals). */
export const shapeIgnoringFreeze = (root) => JSON.parse(JSON.stringify(shapeOf(root), (k, v) => (k === 'frozen' ? undefined : v)));
