// Property-based tests of the key encoding (fast-check).
// Quick pass in `npm test`; long pass: `npm run test:long` (MEMOKIT_FC_RUNS=100000).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import 'memokit';
import { keyOf, digestOf } from '../../dist/runtime/key.js';
import { sha256 } from '../../dist/runtime/sha256.js';

const RUNS = Number(process.env.MEMOKIT_FC_RUNS || 400);
const owner = { id: 'prop.js#f', names: ['a'] };
const key = (v) => keyOf([v], owner);

const typedCtors = [Uint8Array, Int8Array, Uint16Array, Int32Array, Float32Array, Float64Array, BigInt64Array];

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'), tie('leaf'), tie('array'), tie('object'), tie('nullproto'), tie('map'), tie('set'),
  ),
  leaf: fc.oneof(
    fc.integer({ min: -3, max: 3 }), fc.double(), fc.constantFrom(0, -0, NaN, Infinity, 1, 2),
    fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('1', '', 'n1;', 'u'),
    fc.bigInt({ min: -3n, max: 3n }), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(Symbol.for('s')),
    fc.integer({ min: -2, max: 2 }).map((t) => new Date(t)),
    fc.constantFrom(/a/, /a/g, /b/),
    fc.tuple(fc.constantFrom(...typedCtors), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 })).map(([C, xs]) => C === BigInt64Array ? new C(xs.map(BigInt)) : new C(xs)),
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 80 }).map((xs) => Buffer.from(xs)),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', '0', '1', 'é', '😀', '', 'a1:'), tie('value'), { maxKeys: 4 }),
  nullproto: tie('object').map((o) => Object.assign(Object.create(null), o)),
  map: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((es) => new Map(es)),
  set: fc.array(tie('value'), { maxLength: 3 }).map((xs) => new Set(xs)),
}));

const tagOf = (v) => {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  if (Array.isArray(v)) return 'array';
  const p = Object.getPrototypeOf(v);
  return p === null ? 'nullproto' : p === Object.prototype ? 'object' : p.constructor.name;
};

/** The reference: type-strict structural equality, NaN equal to NaN, -0 apart from 0, Map/Set as multisets. */
const eq = (a, b) => {
  const t = tagOf(a);
  if (t !== tagOf(b)) return false;
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  switch (t) {
    case 'array': return a.length === b.length && a.every((_, i) => (i in a) === (i in b)) && [...a.keys()].every((i) => !(i in a) || eq(a[i], b[i]));
    case 'object': case 'nullproto': {
      const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
      return ka.length === kb.length && ka.every((k, i) => k === kb[i] && eq(a[k], b[k]));
    }
    case 'Date': return Object.is(a.getTime(), b.getTime());
    case 'RegExp': return a.source === b.source && a.flags === b.flags;
    case 'Map': case 'Set': {
      const rest = [...b];
      return a.size === b.size && [...a].every((x) => {
        const i = rest.findIndex((y) => eq(x, y));
        return i >= 0 && rest.splice(i, 1);
      });
    }
    default: return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
};

/** A structural copy with object keys, Map entries and Set members inserted in another order. */
const rebuild = (v, rnd) => {
  const shuffle = (xs) => xs.map((x) => [rnd(), x]).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
  switch (tagOf(v)) {
    case 'array': { const out = new Array(v.length); v.forEach((x, i) => (out[i] = rebuild(x, rnd))); return out; }
    case 'object': case 'nullproto': {
      const out = tagOf(v) === 'object' ? {} : Object.create(null);
      for (const k of shuffle(Object.keys(v))) out[k] = rebuild(v[k], rnd);
      return out;
    }
    case 'Map': return new Map(shuffle([...v]).map(([k, x]) => [rebuild(k, rnd), rebuild(x, rnd)]));
    case 'Set': return new Set(shuffle([...v]).map((x) => rebuild(x, rnd)));
    case 'Date': return new Date(v.getTime());
    case 'RegExp': return new RegExp(v);
    default: return typeof v === 'object' && v !== null ? v.slice() : v;
  }
};

/** One small change somewhere in `v`: another leaf, another type, a removed or added member. */
const mutate = (v, pick) => {
  const t = tagOf(v);
  const kids = t === 'array' ? [...v.keys()] : t === 'object' || t === 'nullproto' ? Object.keys(v) : [];
  if (kids.length && pick(3) > 0) {
    const k = kids[pick(kids.length)];
    const out = rebuild(v, Math.random);
    out[k] = mutate(v[k], pick);
    return out;
  }
  const swaps = [
    (x) => (typeof x === 'number' ? String(x) : x === undefined ? null : typeof x === 'string' ? (x.length ? x.slice(1) : undefined) : 1),
    (x) => (typeof x === 'number' && Number.isInteger(x) ? BigInt(x) : typeof x === 'number' ? -x : 0),
    (x) => (t === 'array' ? Object.assign({}, x) : t === 'object' ? Object.values(x) : [x]),
    (x) => (t === 'array' ? [...x, undefined] : t === 'object' ? { ...x, extra: undefined } : t === 'Set' ? new Set([...x, 'new']) : t === 'Map' ? new Map([...x, ['new', 1]]) : new Set([x])),
    (x) => (t === 'array' && x.length ? x.slice(1) : t === 'object' && kids.length ? (({ [kids[0]]: _, ...r }) => r)(x) : undefined),
  ];
  return swaps[pick(swaps.length)](v);
};

test(`structurally equal values always give equal keys (${RUNS} runs)`, () => {
  fc.assert(fc.property(value, fc.integer(), (v, seed) => {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const copy = rebuild(v, rnd);
    assert.ok(eq(v, copy));
    return key(v) === key(copy);
  }), { numRuns: RUNS });
});

test(`keys are equal exactly when values are structurally equal: mutated pairs (${RUNS} runs)`, () => {
  fc.assert(fc.property(value, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (v, picks) => {
    let i = 0;
    const w = mutate(v, (n) => picks[i++ % picks.length] % n);
    return eq(v, w) === (key(v) === key(w));
  }), { numRuns: RUNS });
});

test(`keys are equal exactly when values are structurally equal: independent pairs (${RUNS} runs)`, () => {
  fc.assert(fc.property(value, value, (a, b) => eq(a, b) === (key(a) === key(b))), { numRuns: RUNS });
});

// Digests (docs/keys.md): the browser SHA-256 and the Node digest agree on every string,
// including unpaired surrogates and strings around block boundaries; distinct strings never meet.
test(`the browser and Node digests agree on generated strings (${RUNS} runs)`, () => {
  const str = fc.oneof(fc.string({ unit: 'binary', maxLength: 70 }), fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.array(fc.constantFrom('a', '\uD800', '\uDC00', '\uFFFD', 'é', '😀'), { maxLength: 40 }).map((xs) => xs.join('')));
  fc.assert(fc.property(str, str, (a, b) => sha256(a) === digestOf(a) && (a === b) === (digestOf(a) === digestOf(b))), { numRuns: RUNS });
});

test.run();
