// Copies keep values exactly: what a hit returns has the shape of what the body
// returned (test/helpers/shape.js), in memory and through the stores' byte format.
// Hand-picked cases from real reports, then generated values (fast-check).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { configure, stats } from 'memokit';
import { fsStore } from 'memokit/fs';
import { encode, decode } from '../../dist/stores/codec.js';
import { clone, keepCopy } from '../../dist/runtime/copy.js';
import { compile, uid } from '../helpers/compiled.js';
import { shapeOf, shapeIgnoringFreeze } from '../helpers/shape.js';

const RUNS = Number(process.env.MEMOKIT_FC_RUNS || 300);
const root = mkdtempSync(join(tmpdir(), 'memokit-copy-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const storeKey = { site: 'copy.test.js#f', hash: 'h', key: 'k'.repeat(64) };
/** Through the stores' byte format, as a persisted hit reads it. */
const roundTrip = (v) => decode(encode(storeKey, { value: clone(v, 't', () => undefined), created: 1, expires: 0, hash: 'h' }), storeKey).value;

/** Memory hit, disk hit in another store instance (as another process), and the byte format: each has the uncached shape. */
const assertKept = async (make, label) => {
  const expected = shapeOf(make());
  const mem = compile('memo', { id: uid('mem'), hash: 'h' }, make);
  mem();
  assert.equal(shapeOf(mem()), expected, label + ': memory hit');
  const dir = join(root, String(Math.random()).slice(2));
  configure({ stores: { disk: fsStore({ dir }) } });
  const id = uid('disk');
  const writer = compile('memo', { id, hash: 'h', persist: 'disk' }, make);
  assert.equal(shapeOf(writer()), expected, label + ': the miss returns the original');
  configure({ stores: { disk: fsStore({ dir }) } });
  let ran = false;
  const reader = compile('memo', { id, hash: 'h', persist: 'disk' }, () => ((ran = true), make()));
  assert.equal(shapeOf(reader()), expected, label + ': disk hit');
  assert.not.ok(ran, label + ': served from disk');
  assert.equal(shapeOf(roundTrip(make())), expected, label + ': byte format');
  configure({ stores: null });
};

test('an own __proto__ key is kept, with an object or a primitive value', async () => {
  await assertKept(() => JSON.parse('{"__proto__":{"x":1},"y":2}'), 'object');
  await assertKept(() => JSON.parse('{"__proto__":5}'), 'primitive');
  const f = compile('memo', { id: uid(), hash: 'h' }, () => JSON.parse('{"__proto__":{"x":1},"y":2}'));
  f();
  const hit = f();
  assert.is(Object.getPrototypeOf(hit), Object.prototype, 'the prototype is not replaced');
  assert.equal(Object.keys(hit), ['__proto__', 'y']);
  assert.is(hit.x, undefined);
});

test('typed arrays and DataViews that share one ArrayBuffer still share it, at the same offsets', async () => {
  const make = () => {
    const buf = new ArrayBuffer(16);
    new Uint8Array(buf).set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    return { head: new Uint8Array(buf, 0, 4), body: new Float32Array(buf, 4, 2), tail: new DataView(buf, 12, 4), buf };
  };
  await assertKept(make, 'shared buffer');
  const f = compile('memo', { id: uid(), hash: 'h' }, make);
  f();
  const hit = f();
  hit.head[0] = 99;
  assert.is(new Uint8Array(hit.buf)[0], 99, 'one buffer under all views');
  assert.is(f().head[0], 1, 'and it is the copy, not the cache');
});

test('null-prototype objects keep their null prototype from every store', async () => {
  await assertKept(() => ({ row: Object.assign(Object.create(null), { a: 1, nested: Object.assign(Object.create(null), { b: [Object.create(null)] }) }) }), 'null prototype');
});

test('Node Buffers come back as Buffers holding exactly their bytes; Node\'s pool never reaches a store', async () => {
  await assertKept(() => ({ a: Buffer.alloc(3, 1), b: [Buffer.alloc(2, 7)] }), 'own-memory Buffers');
  const dir = join(root, 'pool');
  configure({ stores: { disk: fsStore({ dir }) } });
  const secret = Buffer.from('pool-neighbour-secret'); // allocated from the same pool as the results
  const f = compile('memo', { id: uid('pool'), hash: 'h', persist: 'disk' }, () => ({ a: Buffer.from('hi'), b: Buffer.from('yo') }));
  f();
  const hit = f();
  assert.ok(Buffer.isBuffer(hit.a) && Buffer.isBuffer(hit.b));
  assert.equal([hit.a.toString(), hit.b.toString(), hit.a.buffer.byteLength], ['hi', 'yo', 2]);
  const files = [];
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(join(d, e.name)) : files.push(join(d, e.name))));
  walk(dir);
  assert.ok(files.some((p) => p.endsWith('.mkc')));
  for (const p of files) assert.not.ok(readFileSync(p).includes(secret), 'no pool bytes in ' + p);
  configure({ stores: null });
});

test('typed arrays over a SharedArrayBuffer are copied into memory of their own, and persist', async () => {
  const make = () => {
    const shared = new SharedArrayBuffer(8);
    const a = new Int32Array(shared);
    a[0] = 7;
    return { a, b: new Uint8Array(shared, 4, 4) };
  };
  const f = compile('memo', { id: uid(), hash: 'h' }, make);
  f();
  const hit = f();
  assert.ok(hit.a.buffer instanceof ArrayBuffer && hit.a.buffer === hit.b.buffer, 'one plain buffer, still shared by both views');
  assert.equal([hit.a[0], hit.b.byteOffset], [7, 4]);
  const dir = join(root, 'sab');
  configure({ stores: { disk: fsStore({ dir }) } });
  let runs = 0;
  const id = uid('sab');
  const p = compile('memo', { id, hash: 'h', persist: 'disk' }, () => (runs++, make()));
  p();
  configure({ stores: { disk: fsStore({ dir }) } });
  const fromDisk = compile('memo', { id, hash: 'h', persist: 'disk' }, () => (runs++, make()))();
  assert.is(runs, 1, 'served from disk');
  assert.equal([fromDisk.a[0], fromDisk.a.buffer === fromDisk.b.buffer], [7, true]);
  configure({ stores: null });
});

test('a registered symbol inside a persisted value is refused with MK_UNCLONEABLE before any store is touched', async () => {
  let writes = 0;
  const spy = { get: async () => undefined, set: async () => void writes++, delete: async () => false, clear: async () => {}, getSync: () => undefined, setSync: () => void writes++ };
  const warn = console.warn;
  const warnings = [];
  console.warn = (m) => warnings.push(m);
  configure({ stores: { spy } });
  try {
    const id = uid('sym');
    const f = compile('memo', { id, hash: 'h', persist: 'spy' }, () => ({ kind: [Symbol.for('kind')] }));
    for (let i = 0; i < 2; i++) {
      try { f(); assert.unreachable(); } catch (e) {
        assert.is(e.code, 'MK_UNCLONEABLE');
        assert.match(e.message, id + ' returned a value whose result.kind[0] is a symbol, which persist=spy cannot store');
        assert.match(e.message, 'Symbol.keyFor');
      }
    }
    const g = compile('memo', { id: uid('sym'), hash: 'h', persist: 'spy', async: true }, async () => Symbol.for('x'));
    await g().then(() => assert.unreachable(), (e) => assert.is(e.code, 'MK_UNCLONEABLE'));
    assert.is(writes, 0, 'no store was touched');
    assert.equal(warnings, [], 'not reported as a store failure');
    // In memory a registered symbol is plain data.
    const m = compile('memo', { id: uid(), hash: 'h' }, () => ({ s: Symbol.for('kind') }));
    m();
    assert.is(m().s, Symbol.for('kind'));
  } finally {
    console.warn = warn;
    configure({ stores: null });
  }
});

test('a getter that runs another memo function while a value is copied leaves the copy whole (and frozen)', () => {
  const inner = compile('memo', { id: uid('inner'), hash: 'h', keys: ['k'] }, (k) => ({ k, list: [k] }));
  const shared = { s: 1 };
  const outer = compile('memo', { id: uid('outer'), hash: 'h', keys: ['k'], copy: 'freeze' }, (k) => ({ get a() { return inner(k); }, b: { c: 1 }, x: shared, y: shared }));
  const v = outer(1);
  assert.ok(Object.isFrozen(v.b) && Object.isFrozen(v.a), 'frozen after the nested copy');
  assert.is(v.x, v.y, 'shared references still shared');
  const cloned = compile('memo', { id: uid('outer'), hash: 'h', keys: ['k'] }, (k) => ({ get a() { return inner(k); }, x: shared, y: shared }));
  cloned(1);
  const hit = cloned(1);
  assert.is(hit.x, hit.y);
  assert.equal(hit.a, { k: 1, list: [1] });
});

// Generated values: plain data of every supported kind, with shared references and shared buffers.
const leaf = fc.oneof(
  fc.integer({ min: -3, max: 3 }), fc.double(), fc.constantFrom(0, -0, NaN, Infinity), fc.string({ maxLength: 4 }),
  fc.bigInt({ min: -3n, max: 3n }), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.integer({ min: -2, max: 2 }).map((t) => new Date(t)), fc.constantFrom(/a/, /a/g),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 }).map((xs) => Buffer.from(new Uint8Array(xs).buffer)),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, leaf, tie('array'), tie('object'), tie('nullproto'), tie('map'), tie('set'), tie('views')),
  array: fc.array(fc.option(tie('value'), { nil: Symbol.for('hole') }), { maxLength: 4 }).map((xs) => {
    const out = new Array(xs.length);
    xs.forEach((x, i) => x !== Symbol.for('hole') && (out[i] = x));
    return out;
  }),
  object: fc.dictionary(fc.constantFrom('a', 'b', '0', '__proto__', 'constructor', ''), tie('value'), { maxKeys: 4 }).map((o) => {
    const out = {};
    for (const k of Object.keys(o)) Object.defineProperty(out, k, { value: o[k], writable: true, enumerable: true, configurable: true });
    return out;
  }),
  nullproto: tie('object').map((o) => Object.defineProperties(Object.create(null), Object.getOwnPropertyDescriptors(o))),
  map: fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((es) => new Map(es)),
  set: fc.array(tie('value'), { maxLength: 3 }).map((xs) => new Set(xs)),
  // Views over one buffer, and sometimes the buffer itself.
  views: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.constantFrom(Uint8Array, Int16Array, Float64Array, DataView), fc.nat(3)), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([words, specs, withBuffer]) => {
      const buf = new ArrayBuffer(8 * (words + 4));
      new Uint8Array(buf).forEach((_, i, a) => (a[i] = i * 7));
      const views = specs.map(([C, at]) => (C === DataView ? new DataView(buf, at, 4) : new C(buf, 8 * at, 1)));
      return withBuffer ? [...views, buf] : views;
    }),
}));
/** Shared references: the same generated value in several places. */
const graph = fc.tuple(value, value).map(([x, y]) => ({ x, again: x, y, list: [y, x] }));

test(`generated values: a copy has the original's shape (${RUNS} runs)`, () => {
  fc.assert(fc.property(graph, (v) => {
    assert.equal(shapeOf(clone(v, 'prop.js#f')), shapeOf(v));
  }), { numRuns: RUNS });
});

test(`generated values: hits copy what the cache kept (a tree is copied without tracking) with the original's shape, and never share with it (${RUNS} runs)`, () => {
  const trees = fc.oneof(value, fc.tuple(value, value).map(([x, y]) => ({ x, y, list: [y, x] })));
  fc.assert(fc.property(fc.oneof(trees, graph), (v) => {
    const kept = keepCopy(v, 'prop.js#f');
    const hit = clone(kept, 'prop.js#f');
    assert.equal(shapeOf(hit), shapeOf(v));
    assert.equal(shapeOf(clone(kept, 'prop.js#f')), shapeOf(v), 'a second hit too');
    const objects = (x, out = new Set()) => {
      if (typeof x === 'object' && x !== null && !out.has(x)) {
        out.add(x);
        const t = Object.getPrototypeOf(x);
        for (const m of t === Map.prototype ? [...x].flat() : t === Set.prototype ? [...x] : ArrayBuffer.isView(x) ? [] : Object.values(x)) objects(m, out);
      }
      return out;
    };
    const mine = objects(hit);
    for (const o of objects(kept)) assert.not.ok(mine.has(o), 'a hit shares no object with the kept copy');
  }), { numRuns: RUNS });
});

test('a kept tree with own __proto__ keys, holes, null prototypes, Maps, Sets, dates and buffers comes back whole from every hit', () => {
  const proto = JSON.parse('{"__proto__": {"x": 1}, "n": null}');
  proto.holes = [1, , 3];
  const v = { proto, nul: Object.assign(Object.create(null), { a: 1, o: { b: 2 } }), m: new Map([[1, { d: new Date(5) }]]), s: new Set([[1]]), u8: new Uint8Array([1, 2]), b: Buffer.from('hi'), r: /x/g, big: 1n };
  const f = compile('memo', { id: uid('tree'), hash: 'h' }, () => v);
  f();
  const expected = shapeOf(clone(v, 'x')); // as any copy: the Buffer alone in memory of its own, not in Node's pool
  for (let i = 0; i < 2; i++) {
    const hit = f();
    assert.equal(shapeOf(hit), expected);
    assert.ok(Object.hasOwn(hit.proto, '__proto__') && Object.getPrototypeOf(hit.proto) === Object.prototype);
    assert.ok(!(1 in hit.proto.holes) && hit.proto.holes.length === 3);
    hit.proto.holes[0] = 9;
    hit.m.get(1).d.setTime(0);
  }
  assert.is(f().proto.holes[0], 1);
  assert.is(f().m.get(1).d.getTime(), 5);
});

test(`generated values: the stores' byte format keeps the shape (${RUNS} runs)`, () => {
  fc.assert(fc.property(graph, (v) => {
    assert.equal(shapeOf(roundTrip(v)), shapeOf(v));
  }), { numRuns: RUNS });
});

test(`generated values: copy=freeze gives a deep-frozen copy of the same shape, or refuses (${RUNS} runs)`, () => {
  const freezable = (v, seen = new Set()) => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return true;
    seen.add(v);
    const p = Object.getPrototypeOf(v);
    return (p === null || p === Object.prototype || p === Array.prototype) && Object.values(v).every((x) => freezable(x, seen));
  };
  const frozenAll = (v, seen = new Set()) => typeof v !== 'object' || v === null || seen.has(v) || (seen.add(v), Object.isFrozen(v) && Object.values(v).every((x) => frozenAll(x, seen)));
  fc.assert(fc.property(graph, (v) => {
    const f = compile('memo', { id: uid('freeze'), hash: 'h', copy: 'freeze' }, () => v);
    if (!freezable(v)) {
      assert.throws(() => f(), (e) => e.code === 'MK_UNCLONEABLE' && /cannot make read-only/.test(e.message));
      assert.is(Object.values(stats(f))[0].entries, 0);
      return;
    }
    const out = f();
    assert.ok(frozenAll(out), 'deep-frozen');
    assert.equal(shapeIgnoringFreeze(out), shapeIgnoringFreeze(v));
    assert.is(f(), out, 'one shared value');
  }), { numRuns: RUNS });
});

test.run();
