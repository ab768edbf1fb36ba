import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memo, register, stats, clear, invalidate, MemokitError } from 'memokit';
import { compile, uid, fakeClock, tick } from '../helpers/compiled.js';

test('a hit does not run the body; equal arguments share one entry', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['a', 'b'] }, (a, b) => (runs++, a + b));
  assert.is(f(1, 2), 3);
  assert.is(f(1, 2), 3);
  assert.is(f(2, 1), 3);
  assert.is(runs, 2);
  const s = Object.values(stats(f))[0];
  assert.equal([s.hits, s.misses, s.entries], [1, 2, 2]);
});

test('the key is taken after defaults: load(1) and load(1, {}) share an entry', () => {
  let runs = 0;
  const id = uid('load');
  let site;
  // function load(id, opts = {}, _db) — `_db` is not keyed
  function load(key, opts = {}, _db) {
    return (site ||= memo({ id, hash: 'h', keys: ['id', 'opts'] })).call(this, [key, opts], () => (runs++, { key, opts, db: _db?.name }));
  }
  register(load, id);
  assert.equal(load(1), { key: 1, opts: {}, db: undefined });
  assert.equal(load(1, {}), { key: 1, opts: {}, db: undefined });
  assert.equal(load(1, {}, { name: 'other db' }), { key: 1, opts: {}, db: undefined }, '_db is not part of the key');
  assert.is(runs, 1);
  load(1, { deep: true });
  assert.is(runs, 2);
});

test('every caller gets its own copy, on the miss and on hits', () => {
  // The miss returns the function's own result, the cache keeps a copy: no two callers share an object.
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['n'] }, (n) => ({ n, list: [1, 2], when: new Date(5), m: new Map([[1, new Set([2])]]) }));
  const a = f(1);
  a.list.push(3);
  a.m.get(1).add(99);
  a.when.setTime(0);
  const b = f(1);
  assert.equal(b.list, [1, 2]);
  assert.equal([...b.m.get(1)], [2]);
  assert.is(b.when.getTime(), 5);
  b.n = 42;
  const c = f(1);
  assert.is(c.n, 1);
  assert.is.not(b, c);
});

test('mutating an argument after the call does not change the stored value or reuse its key', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['o'] }, (o) => (runs++, o));
  const arg = { a: [1] };
  const r = f(arg);
  arg.a.push(2);
  assert.equal(f({ a: [1] }), { a: [1] }, 'the stored copy is unaffected');
  assert.is(runs, 1);
  assert.equal(f(arg), { a: [1, 2] }, 'the mutated argument is a new key');
  assert.is(runs, 2);
  r.a.push(7);
  assert.equal(f({ a: [1] }), { a: [1] });
});

test('structured-clone fidelity: Date, Map, Set, RegExp, typed arrays, Buffer, BigInt, cycles, shared references', () => {
  const shared = { s: 1 };
  const value = {
    d: new Date(123), m: new Map([[{ k: 1 }, 'v']]), s: new Set([1n, 'x']), r: /a+/gi, f: new Float64Array([1.5, NaN]),
    u8: new Uint8Array([1, 2]).subarray(1), buf: Buffer.from('hi'), big: 2n ** 70n, url: new URL('https://a.test/x?y'),
    ab: new ArrayBuffer(3), dv: new DataView(new ArrayBuffer(2)), nul: Object.assign(Object.create(null), { z: 1 }),
    a: shared, b: shared, hole: [1, , 3], neg: -0, undef: undefined,
  };
  value.self = value;
  const f = compile('memo', { id: uid(), hash: 'h' }, () => value);
  assert.is(f(), value, 'the miss returns what the function returned; the cache keeps a copy');
  for (const out of [f(), f()]) {
    assert.is.not(out, value);
    assert.ok(out.d instanceof Date && out.d.getTime() === 123);
    assert.ok(out.m instanceof Map && [...out.m.keys()][0].k === 1);
    assert.equal([...out.s], [1n, 'x']);
    assert.ok(out.r instanceof RegExp && out.r.source === 'a+' && out.r.flags === 'gi');
    assert.ok(out.f instanceof Float64Array && out.f[0] === 1.5 && Number.isNaN(out.f[1]));
    assert.ok(out.u8 instanceof Uint8Array && out.u8.length === 1 && out.u8[0] === 2);
    assert.ok(Buffer.isBuffer(out.buf) && out.buf.toString() === 'hi');
    assert.is(out.big, 2n ** 70n);
    assert.ok(out.url instanceof URL && out.url.href === 'https://a.test/x?y');
    assert.ok(out.ab instanceof ArrayBuffer && out.ab.byteLength === 3);
    assert.ok(out.dv instanceof DataView && out.dv.byteLength === 2);
    assert.is(Object.getPrototypeOf(out.nul), null);
    assert.is(out.self, out, 'cycle kept');
    assert.is(out.a, out.b, 'shared reference kept');
    assert.is.not(out.a, shared);
    assert.ok(!(1 in out.hole) && out.hole.length === 3, 'hole kept');
    assert.ok(Object.is(out.neg, -0));
    assert.ok('undef' in out);
  }
});

test('a value that cannot be copied faithfully is an error naming the function and the type; nothing is stored', () => {
  class Point { constructor() { this.x = 1; } }
  const cases = [[() => 1, 'function'], [new Point(), 'Point'], [new WeakMap(), 'WeakMap'], [{ deep: [new Point()] }, 'Point'], [Symbol('s'), 'symbol'], [{ pending: Promise.resolve() }, 'Promise']];
  for (const [bad, type] of cases) {
    let runs = 0;
    const id = uid('bad');
    const f = compile('memo', { id, hash: 'h' }, () => (runs++, bad));
    for (let i = 0; i < 2; i++) {
      try {
        f();
        assert.unreachable('should throw for ' + type);
      } catch (e) {
        assert.instance(e, MemokitError);
        assert.is(e.code, 'MK_UNCLONEABLE');
        assert.match(e.message, id);
        assert.match(e.message, type);
        assert.match(e.message, '"use singleton"');
      }
    }
    assert.is(runs, 2, 'nothing stored: the body runs again');
    assert.is(Object.values(stats(f))[0].entries, 0);
  }
});

test('async: an uncloneable result rejects every waiting caller and is not cached', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h' }, async () => { runs++; await tick(); return runs === 1 ? { fn() {} } : { ok: true }; });
  const results = await Promise.allSettled([f(), f()]);
  assert.equal(results.map((r) => r.status), ['rejected', 'rejected']);
  assert.is(results[0].reason.code, 'MK_UNCLONEABLE');
  assert.equal(await f(), { ok: true }, 'the next call computes again');
  assert.is(runs, 2);
});

test('copy=freeze returns one deep-frozen value without copying', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', copy: 'freeze' }, () => (runs++, { a: { b: [1, { c: 2 }] }, n: Object.assign(Object.create(null), { x: 1 }) }));
  const a = f();
  const b = f();
  assert.is(a, b, 'same reference on the miss and on hits');
  assert.is(runs, 1);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.a.b[1]) && Object.isFrozen(a.n));
  assert.throws(() => { 'use strict'; a.a.b.push(3); });
  assert.equal(f().a.b, [1, { c: 2 }]);
});

test('copy=freeze refuses what JavaScript cannot make read-only, instead of sharing it mutable', async () => {
  const values = {
    Map: () => new Map([[1, 2]]), Set: () => new Set([1]), Date: () => new Date(5), RegExp: () => /a/g, URL: () => new URL('https://a.test/'),
    Uint8Array: () => new Uint8Array(2), ArrayBuffer: () => new ArrayBuffer(2), DataView: () => new DataView(new ArrayBuffer(2)), Buffer: () => Buffer.from('x'),
  };
  for (const [type, make] of Object.entries(values)) {
    const id = uid('frozen');
    const f = compile('memo', { id, hash: 'h', copy: 'freeze' }, () => ({ rows: [{ cell: make() }] }));
    try { f(); assert.unreachable(type); } catch (e) {
      assert.is(e.code, 'MK_UNCLONEABLE', type);
      assert.match(e.message, id + ' returned a value whose result.rows[0].cell is a ' + type + ', which copy=freeze cannot make read-only');
      assert.match(e.message, 'Use copy=clone');
    }
    assert.is(Object.values(stats(f))[0].entries, 0, type + ': nothing stored');
    const g = compile('memo', { id: uid('frozen'), hash: 'h', copy: 'freeze' }, async () => make());
    await g().then(() => assert.unreachable(type), (e) => assert.is(e.code, 'MK_UNCLONEABLE'));
  }
  // Why: each of these gets through Object.freeze.
  const m = Object.freeze(new Map());
  Map.prototype.set.call(m, 1, 2);
  assert.is(m.size, 1);
  const re = Object.freeze(/a/);
  try { re.compile('b'); } catch {}
  assert.is(re.source, 'b');
  const u = Object.freeze(new URL('https://a.test/'));
  u.pathname = '/changed';
  assert.is(u.pathname, '/changed');
});

test('copy=freeze does not freeze the object the function returned', () => {
  const original = { list: [1] };
  const f = compile('memo', { id: uid(), hash: 'h', copy: 'freeze' }, () => original);
  const out = f();
  assert.ok(Object.isFrozen(out));
  assert.not.ok(Object.isFrozen(original));
});

test('async: 100 concurrent calls with the same key share one computation, each gets its own copy', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['k'] }, async (k) => { runs++; await tick(); return { k }; });
  const all = await Promise.all(Array.from({ length: 100 }, () => f('x')));
  assert.is(runs, 1);
  assert.ok(all.every((r) => r.k === 'x'));
  assert.is(new Set(all).size, 100, 'distinct copies');
  const later = f('x');
  assert.instance(later, Promise, 'a hit of an async function still returns a promise');
  assert.equal(await later, { k: 'x' });
  assert.is(runs, 1);
});

test('async: rejections are not cached; concurrent callers share the rejection; the next call retries', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h' }, async () => { runs++; await tick(); if (runs === 1) throw new Error('boom'); return runs; });
  const results = await Promise.allSettled([f(), f(), f()]);
  assert.equal(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
  assert.is(results[0].reason.message, 'boom');
  assert.is(runs, 1);
  assert.is(await f(), 2);
  assert.is(await f(), 2);
  assert.is(runs, 2);
});

test('sync: thrown errors are not cached', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h' }, () => { if (++runs < 3) throw new Error('no ' + runs); return runs; });
  assert.throws(f, /no 1/);
  assert.throws(f, /no 2/);
  assert.is(f(), 3);
  assert.is(f(), 3);
});

test('ttl: entries expire by age since write; reads do not extend them; expired entries are purged', () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    const f = compile('memo', { id: uid(), hash: 'h', ttl: 1000, keys: ['k'] }, (k) => (runs++, k));
    f(1);
    clock.now += 600;
    f(1);
    clock.now += 600;
    f(1);
    assert.is(runs, 2, 'expired 1000 ms after the write, although read at 600 ms');
    f(2);
    clock.now += 2000;
    f(3); // a write sweeps expired entries
    assert.is(Object.values(stats(f))[0].entries, 1);
  } finally {
    clock.restore();
  }
});

test('max: least recently used entries are evicted first', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', max: 2, keys: ['k'] }, (k) => (runs++, k));
  f('a'); f('b');
  f('a'); // a is now most recent
  f('c'); // evicts b
  assert.is(runs, 3);
  f('a');
  assert.is(runs, 3, 'a kept');
  f('b');
  assert.is(runs, 4, 'b was evicted');
  assert.is(Object.values(stats(f))[0].entries, 2);
});

test('per-instance caching (self): each `this` has its own entries', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', self: true, keys: ['k'] }, function (k) { runs++; return this.base + k; });
  const a = { base: 10, f };
  const b = { base: 20, f };
  assert.is(a.f(1), 11);
  assert.is(b.f(1), 21);
  assert.is(a.f(1), 11);
  assert.is(runs, 2);
  assert.is(Object.values(stats(f))[0].entries, 2);
  clear(f);
  a.f(1);
  assert.is(runs, 3);
});

test('primitive results are returned as is; undefined is a cacheable result', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h' }, () => { runs++; return undefined; });
  assert.is(f(), undefined);
  assert.is(f(), undefined);
  assert.is(runs, 1);
});

test('values of every kind are cached and hit, falsy ones and undefined included; invalidate finds them', () => {
  let runs = 0;
  const values = [0, '', null, false, undefined, NaN, -0, 0n, { a: 1 }, [1], 'text'];
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['i'] }, (i) => (runs++, values[i]));
  for (let round = 0; round < 2; round++) values.forEach((v, i) => assert.ok(Object.is(f(i), v) || (typeof v === 'object' && JSON.stringify(f(i)) === JSON.stringify(v)), String(i)));
  assert.is(runs, values.length, 'every value computed once');
  values.forEach((_, i) => assert.is(invalidate(f, i), true, 'invalidate removes ' + i));
  values.forEach((_, i) => f(i));
  assert.is(runs, 2 * values.length);
  const g = compile('memo', { id: uid(), hash: 'h', keys: ['i'], max: 2 }, (i) => (runs++, i === 0 ? 0 : null));
  g(0); g(1); g(0); g(2);
  const before = runs;
  g(0);
  assert.is(runs, before, 'a falsy value kept by the LRU order like any other');
  g(1);
  assert.is(runs, before + 1, 'the least recently used one went');
});

test('a caller who joined a computation whose argument object changed computes its own: counted as a miss, not stored', async () => {
  const id = uid();
  const load = compile('memo', { id, hash: 'h', keys: ['q'] }, async (q) => { await tick(); return q.region; });
  const query = { region: 'eu' };
  const first = load(query);
  const joined = load({ region: 'eu' });
  query.region = 'us';
  assert.equal([await first, await joined], ['us', 'eu']);
  const s = Object.values(stats(load))[0];
  assert.equal([s.hits, s.misses, s.entries], [0, 2, 0], 'one count per call, nothing stored');
});

test.run();
