import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clear, invalidate, stats, configure, memo, register, MemokitError } from 'memokit';
import { compile, uid } from '../helpers/compiled.js';

test('clear(fn) empties one function; clear() empties all', async () => {
  let a = 0, b = 0;
  const f = compile('memo', { id: uid(), hash: 'h' }, () => ++a);
  const g = compile('memo', { id: uid(), hash: 'h' }, () => ++b);
  f(); g();
  await clear(f);
  f(); g();
  assert.equal([a, b], [2, 1]);
  await clear();
  f(); g();
  assert.equal([a, b], [3, 2]);
});

test('invalidate(fn, ...args) removes exactly that entry, with the same key rules as a call', () => {
  let runs = 0;
  const id = uid('inv');
  let site;
  function load(key, opts = { v: 1 }, _db) {
    return (site ||= memo({ id, hash: 'h', keys: ['key', 'opts'] })).call(this, [key, opts], () => ++runs);
  }
  register(load, id);
  load(1); load(2);
  assert.is(invalidate(load, 1, { v: 1 }, 'another db'), true, 'defaults and _ parameters follow the call rules');
  assert.is(invalidate(load, 1), false, 'already gone');
  load(1); load(2);
  assert.is(runs, 3);
});

test('invalidate on a per-instance method takes the instance as this', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', self: true, keys: ['k'] }, function (k) { runs++; return k; });
  const a = { f };
  a.f(1);
  assert.is(invalidate.call({}, f, 1), false, 'another instance has no entry');
  assert.is(invalidate.call(a, f, 1), true);
  a.f(1);
  assert.is(runs, 2);
});

test('functions not compiled by memokit are refused, never called', () => {
  let called = false;
  const plain = () => { called = true; };
  for (const call of [() => clear(plain), () => invalidate(plain), () => stats(plain)]) {
    try {
      call();
      assert.unreachable();
    } catch (e) {
      assert.instance(e, MemokitError);
      assert.is(e.code, 'MK_NOT_CACHED');
      assert.match(e.message, 'plain');
    }
  }
  assert.not.ok(called);
});

test('stats: hits, misses, entries per site id; zero before the first call', () => {
  const id = uid('stats');
  const f = compile('memo', { id, hash: 'h', keys: ['x'] }, (x) => x);
  assert.equal(stats(f), { [id]: { hits: 0, stale: 0, misses: 0, entries: 0, bytes: 0, computes: 0, computeMs: 0, meanComputeMs: 0, lastError: undefined } }, 'kind unknown until the first call creates the site');
  f(1); f(1); f(2);
  const { computeMs, meanComputeMs, ...counts } = stats(f)[id];
  // Two numbers of 9 bytes each (docs/runtime.md, Sizes).
  assert.equal(counts, { kind: 'memo', hits: 1, stale: 0, misses: 2, entries: 2, bytes: 18, computes: 2, lastError: undefined });
  assert.ok(computeMs >= 0 && Math.abs(meanComputeMs - computeMs / 2) < 1e-9, 'compute time in all, and per computation');
  assert.equal(stats()[id], stats(f)[id]);
});

test('onEvent receives hit, miss, evict and expire events', () => {
  const events = [];
  const prev = configure({ onEvent: (e) => events.push(e.type + ':' + e.key) });
  try {
    const f = compile('memo', { id: uid(), hash: 'h', max: 1, keys: ['x'] }, (x) => x);
    f(1); f(1); f(2);
    assert.equal(events, ['miss:n1;', 'hit:n1;', 'miss:n2;', 'evict:n1;']);
  } finally {
    configure(prev);
  }
});

test('bad options are clear errors', () => {
  const cases = [
    [{ ttl: -1 }, /ttl must be a positive/], [{ max: 1.5 }, /max must be a positive integer/], [{ copy: 'deep' }, /copy must be/],
    [{ tll: 5 }, /unknown option "tll"/], [{ persist: 'nowhere' }, /no store named "nowhere"/],
  ];
  for (const [opts, re] of cases) {
    const f = compile('memo', { id: uid(), hash: 'h', ...opts }, () => 1);
    assert.throws(f, (e) => e instanceof MemokitError && e.code === 'MK_BAD_OPTION' && re.test(e.message));
  }
  const s = compile('memo', { id: uid(), hash: 'h', validate: () => true }, () => 1);
  assert.throws(s, /only "use singleton"/);
  assert.throws(() => configure({ onEvnt: () => {} }), /unknown option "onEvnt"/);
});

test('invalidate on an async function whose arguments cannot even be read reports that, instead of false', async () => {
  const id = uid('args');
  let site;
  const fn = async function ({ n }) { return (site ||= memo({ id, hash: 'h', keys: ['n'] })).call(this, [n], () => n); };
  register(fn, id);
  await fn({ n: 1 });
  assert.throws(() => invalidate(fn), (e) => e.code === 'MK_NOT_CACHED' && /did not reach the cache/.test(e.message));
  assert.is(invalidate(fn, { n: 1 }), true);
});

test.run();
