// maxBytes (a bound by size, least recently used first), cacheIf (results that are
// not cached), and singleton validate given the call's arguments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, stats, clear } from 'memokit';
import { compile, uid, tick } from '../helpers/compiled.js';

const KB = 1024;
/** A value of about `kb` kilobytes: binary data counts by its byte length (docs/runtime.md, Sizes). */
const blob = (kb, fill = 0) => new Uint8Array(kb * KB - 10).fill(fill);

test('maxBytes evicts least recently used entries until the sizes fit, with evict events', () => {
  const events = [];
  const prev = configure({ onEvent: (e) => e.type === 'evict' && events.push(e.key) });
  try {
    let runs = 0;
    const f = compile('memo', { id: uid(), hash: 'h', keys: ['n'], maxBytes: 10 * KB }, (n) => (runs++, blob(4, n)));
    f(1); f(2);                       // 8 kB
    f(1);                             // 1 is now the most recently used
    f(3);                             // 12 kB: 2 goes
    assert.is(runs, 3);
    assert.equal(events, ['n2;']);
    const id = Object.keys(stats(f))[0];
    assert.is(stats(f)[id].entries, 2);
    assert.is(stats(f)[id].bytes, 8 * KB);
    f(1); f(3);
    assert.is(runs, 3, '1 and 3 stayed');
    f(2);
    assert.is(runs, 4);
  } finally {
    configure(prev);
  }
});

test('maxBytes: many small entries against few large ones; a value larger than the bound is returned, not kept', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['s'], maxBytes: 2 * KB }, (s) => (runs++, s.repeat(100)));
  for (const s of 'abcdefghij') f(s);       // ten strings of 105 bytes: all fit
  for (const s of 'abcdefghij') f(s);
  assert.is(runs, 10);
  const big = compile('memo', { id: uid(), hash: 'h', keys: ['n'], maxBytes: 2 * KB }, (n) => (runs++, blob(n)));
  const value = big(3);
  assert.is(value.length, 3 * KB - 10, 'the caller gets it');
  big(3);
  assert.is(runs, 12, 'but it was not kept');
  big(1); big(1);
  assert.is(runs, 13);
});

test('maxBytes counts async values once settled and applies per instance for methods', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['n'], maxBytes: 5 * KB }, async (n) => { runs++; await tick(); return blob(2, n); });
  await Promise.all([f(1), f(1), f(2)]);
  await f(3);                                  // 6 kB: 1 goes
  assert.is(runs, 3);
  await f(2); await f(3);
  assert.is(runs, 3);
  await f(1);
  assert.is(runs, 4);
  const m = compile('memo', { id: uid(), hash: 'h', self: true, maxBytes: 3 * KB }, function () { runs++; return blob(2); });
  const a = { m }, b = { m };
  a.m(); b.m(); a.m(); b.m();
  assert.is(runs, 6, 'each instance keeps its own 2 kB under its own bound');
});

test('max and maxBytes together: a computation evicted by max while in flight is not counted', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['n'], max: 1, maxBytes: 1000 }, async (n) => { runs++; await tick(); return 'v'.repeat(300); });
  for (let round = 0; round < 20; round++) await Promise.all([f(round * 2), f(round * 2 + 1)]);
  const id = Object.keys(stats(f))[0];
  assert.is(stats(f)[id].entries, 1);
  assert.is(stats(f)[id].bytes, 305, 'the one entry kept, counted once');
  await f(39);
  assert.is(runs, 40, 'and it hits');
});

test('maxBytes counts a typed array by the whole buffer its copy keeps', () => {
  let runs = 0;
  const big = new ArrayBuffer(1 << 20);
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['i'], maxBytes: 64 * KB }, (i) => (runs++, new Float32Array(big, i * 16, 4)));
  for (let i = 0; i < 10; i++) f(i);
  for (let i = 0; i < 10; i++) f(i);
  assert.is(runs, 20, 'each copy would hold 1 MB: none is kept under a 64 kB bound');
  const id = Object.keys(stats(f))[0];
  assert.equal([stats(f)[id].entries, stats(f)[id].bytes], [0, 0]);
});

test('cacheIf: a falsy answer returns the value without caching it; it gets the value and the keyed arguments', async () => {
  const seen = [];
  let runs = 0;
  const cacheIf = (value, ...args) => (seen.push([value, args]), value !== null);
  // `_db` is not keyed: the compiled shell passes the keyed values only.
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['id'], cacheIf }, (id) => (runs++, id === 'missing' ? null : { id }), ([id]) => [id]);
  assert.is(f('missing', 'db'), null);
  assert.is(f('missing', 'db'), null);
  assert.is(runs, 2, 'null was not cached');
  assert.equal(f('a', 'db'), { id: 'a' });
  assert.equal(f('a', 'db'), { id: 'a' });
  assert.is(runs, 3);
  assert.equal(seen, [[null, ['missing']], [null, ['missing']], [{ id: 'a' }, ['a']]]);
  const g = compile('memo', { id: uid(), hash: 'h', keys: ['n'], cacheIf: (v) => v.length > 0 }, async (n) => { runs++; await tick(); return Array(n).fill(n); });
  const [x, y] = await Promise.all([g(0), g(0)]);
  assert.equal([x, y], [[], []]);
  assert.is(runs, 4, 'joiners share the one computation');
  await g(0);
  assert.is(runs, 5, 'but the empty result was not kept');
  await g(2); await g(2);
  assert.is(runs, 6);
});

test('cacheIf sees captured values apart from the keyed arguments; a value it refuses is not copied', () => {
  let runs = 0;
  const fn = () => 'not copyable';
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['x'], captured: ['scale'], cacheIf: (v, ...args) => (assert.equal(args, [1]), typeof v !== 'function') }, () => (runs++, fn));
  assert.is(f(1, 10), fn, 'returned as is: refused before any copy');
  assert.is(runs, 1);
});

test('cacheIf that throws: the call fails and nothing is cached; stats keep the error', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', cacheIf: () => { throw new Error('bad predicate'); } }, () => ++runs);
  assert.throws(() => f(), /bad predicate/);
  assert.throws(() => f(), /bad predicate/);
  assert.is(runs, 2);
  const id = Object.keys(stats(f))[0];
  assert.is(stats(f)[id].lastError.message, 'bad predicate');
});

test('singleton validate gets the instance, then the keyed arguments', () => {
  const calls = [];
  let built = 0;
  const validate = (conn, url, opts) => (calls.push([conn.n, url, opts]), url !== 'db://stale');
  const f = compile('singleton', { id: uid(), hash: 'h', keys: ['url', 'opts'], validate }, () => ({ n: ++built }));
  f('db://a', 1);
  f('db://a', 1);
  f('db://stale', 2);
  f('db://stale', 2);
  assert.equal(calls, [[1, 'db://a', 1], [2, 'db://stale', 2]]);
  assert.is(built, 3, 'the stale one was rebuilt on its hit');
});

test.after(() => clear());
test.run();
