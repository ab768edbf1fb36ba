// Tags in memory (docs/runtime.md, Tags): static tags=, tag() in a memo body, propagation
// to every memo computed from a tagged value, invalidateTag across functions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tag, invalidateTag, stats, MemokitError } from 'memokit';
import { compile, uid, tick, fakeClock } from '../helpers/compiled.js';

const entries = (f) => Object.values(stats(f))[0].entries;
const memoOf = (body, extra = {}) => compile('memo', { id: uid('tagged'), hash: 'h', keys: ['n'], ...extra }, body);

test('static tags: invalidateTag removes every entry carrying one of the names, across functions, and counts them', async () => {
  let runs = 0;
  const a = memoOf((n) => (runs++, n), { tags: ['prices'] });
  const b = memoOf((n) => (runs++, -n), { tags: ['prices', 'stock'] });
  const c = memoOf((n) => (runs++, n * 10), { tags: ['other'] });
  for (const f of [a, b, c]) f(1), f(2);
  const pending = invalidateTag('stock', 'prices');
  assert.instance(pending, Promise);
  assert.is(entries(a) + entries(b), 0, 'removed at once, before the promise settles');
  assert.is(await pending, 4);
  assert.is(entries(c), 2, 'other tags stay');
  a(1);
  c(1);
  assert.is(runs, 7, 'a recomputes, c hits');
  assert.is(await invalidateTag('nobody'), 0);
});

test('tag() tags the value being computed, also after awaits', async () => {
  const user = memoOf(async (n) => {
    await tick();
    tag('user:' + n);
    await tick();
    tag('users');
    return { n };
  });
  const sync = memoOf((n) => (tag('user:' + n), n));
  await user(1);
  await user(2);
  sync(1);
  assert.is(await invalidateTag('user:1'), 2);
  assert.is(entries(user), 1);
  assert.is(await invalidateTag('users'), 1);
  assert.is(entries(user), 0);
});

test('tags propagate outward: through hits, misses, joined computations and three levels', async () => {
  let runs = [];
  const user = memoOf(async (n) => {
    runs.push('user' + n);
    await tick();
    tag('user:' + n);
    return { n };
  });
  const card = memoOf(async (n) => (runs.push('card' + n), { user: await user(n) }));
  const page = memoOf(async (n) => (runs.push('page' + n), { card: await card(n), other: await user(n + 100) }));
  const plain = memoOf((n) => (runs.push('plain' + n), n));
  // page(1) misses all the way down; page(2) and card(2) run at once, so card(2) joins... and user(2) is joined.
  await page(1);
  await Promise.all([page(2), card(2), user(2)]);
  await card(3); // a hit of user(3) inside a later computation:
  await user(4);
  const list = memoOf(async (n) => ({ u: await user(4), p: plain(n) }));
  await list(1);
  runs = [];
  assert.is(await invalidateTag('user:1'), 3, 'user(1), card(1), page(1)');
  assert.is(await invalidateTag('user:2'), 3, 'user(2), card(2), page(2) (computed by joining)');
  assert.is(await invalidateTag('user:4'), 2, 'user(4) and list(1), which read it as a hit');
  assert.is(await invalidateTag('user:102'), 1, 'user(102) alone: page(2) is gone already');
  assert.is(entries(plain), 1, 'untagged values stay');
  await page(1);
  assert.equal(runs, ['page1', 'card1', 'user1'], 'user(101) was not tagged user:1 and still hits');
});

test('a computation that joins an in-flight one gets its tags when it settles', async () => {
  let release;
  const slow = memoOf(async (n) => {
    await new Promise((r) => (release = r));
    tag('slow');
    return n;
  });
  const first = slow(1); // the flight
  const reader = memoOf(async (n) => ({ v: await slow(1) }));
  const read = reader(7); // joins
  await tick();
  release();
  await first;
  await read;
  assert.is(await invalidateTag('slow'), 2);
});

test('a value whose tag was invalidated while it computed is returned but not stored', async () => {
  let release;
  let runs = 0;
  const f = memoOf(async (n) => {
    runs++;
    tag('t');
    await new Promise((r) => (release = r));
    return n;
  });
  const pending = f(1);
  await tick();
  await invalidateTag('t');
  release();
  assert.is(await pending, 1);
  assert.is(entries(f), 0);
  const outer = memoOf((n) => {
    invalidateTag('t2'); // the computation's own tag is invalidated while it runs
    tag('t2');
    return n;
  });
  assert.is(outer(1), 1);
  assert.is(entries(outer), 0);
  // An unrelated invalidation does not keep it out.
  const g = memoOf(async (n) => {
    tag('mine');
    await tick();
    return n;
  });
  const p = g(1);
  await invalidateTag('unrelated');
  await p;
  assert.is(entries(g), 1);
});

test('a computation in flight during invalidateTag is not joined by later calls, and a parent started after it stores fresh data', async () => {
  let db = 1;
  const releases = [];
  const child = memoOf(async () => {
    const seen = db;
    await new Promise((r) => releases.push(r));
    return seen;
  }, { keys: [], tags: ['flight'] });
  const parent = memoOf(async () => ({ v: await child() }), { keys: [] });
  const first = child();
  await tick();
  db = 2;
  await invalidateTag('flight');
  const late = child(); // after the invalidation: its own computation
  const p = parent();
  await tick();
  releases.forEach((r) => r());
  assert.is(await first, 1, 'the call made before gets the value it started');
  assert.is(await late, 2);
  assert.equal(await p, { v: 2 });
  assert.equal(await parent(), { v: 2 });
});

test('invalidateTag between the end of a body and the store decision keeps the value out (any microtask depth)', async () => {
  const later = (n, fn) => (n === 0 ? fn() : queueMicrotask(() => later(n - 1, fn)));
  const leaked = [];
  for (let depth = 0; depth < 8; depth++) {
    let db = 1;
    const f = memoOf(async () => {
      const v = db;
      await tick();
      later(depth, () => {
        db = 2;
        invalidateTag('gap' + depth);
      });
      return v;
    }, { keys: [], tags: ['gap' + depth] });
    await f();
    await tick();
    if ((await f()) !== 2) leaked.push(depth);
  }
  assert.equal(leaked, [], 'depths where the old value stayed cached');
});

test('per-instance methods: entries of every instance are reached', async () => {
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['n'], self: true, tags: ['inst'] }, function (n) {
    return this.k * n;
  });
  const a = { k: 1 }, b = { k: 2 };
  f.call(a, 1);
  f.call(b, 1);
  assert.is(await invalidateTag('inst'), 2);
});

test('tag() outside a memo body, in a singleton, or after its computation ended: MK_NOT_COMPUTING', async () => {
  const code = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.instance(e, MemokitError);
      return e.code + ' ' + e.message;
    }
    return 'no error';
  };
  assert.match(code(() => tag('x')), /^MK_NOT_COMPUTING .*outside a "use memo" body/);
  const s = compile('singleton', { id: uid('single'), hash: 'h' }, () => tag('x'));
  assert.match(code(() => s()), /MK_NOT_COMPUTING .*"use singleton"/);
  let late;
  const f = memoOf((n) => {
    setTimeout(() => (late = code(() => tag('late')))); // a callback that outlives the body
    return n;
  });
  f(1);
  await new Promise((r) => setTimeout(r, 5));
  assert.match(late, /MK_NOT_COMPUTING .*after .* finished computing/);
  // A singleton built inside a memo body keeps its reads to itself: the memo gets no tags from it.
  const tagged = memoOf((n) => (tag('inner'), n));
  const pool = compile('singleton', { id: uid('pool'), hash: 'h' }, () => ({ v: tagged(5) }));
  const outer = memoOf((n) => pool().v + n);
  outer(1);
  assert.is(await invalidateTag('inner'), 1, 'tagged(5) only');
  assert.is(entries(outer), 1);
});

test('tag names must be non-empty strings', () => {
  const f = memoOf((n) => (tag(''), n));
  assert.throws(() => f(1), (e) => e.code === 'MK_BAD_OPTION' && /tag\(\)/.test(e.message));
  assert.throws(() => invalidateTag(42), (e) => e.code === 'MK_BAD_OPTION' && /invalidateTag/.test(e.message));
  assert.throws(() => f.call(null, 2) && tag(null), (e) => e.code === 'MK_BAD_OPTION');
  const bad = compile('memo', { id: uid(), hash: 'h', tags: 'a' }, () => 1);
  assert.throws(() => bad(), (e) => e.code === 'MK_BAD_OPTION' && /tags/.test(e.message));
});

test('a refresh (swr) computes its tags anew', async () => {
  const clock = fakeClock();
  try {
    let version = 1;
    const f = memoOf((n) => (tag('v' + version), version), { ttl: 10, swr: 1000 });
    f(1);
    version = 2;
    clock.now += 20;
    assert.is(f(1), 1, 'stale');
    for (let i = 0; i < 5; i++) await tick();
    assert.is(f(1), 2);
    assert.is(await invalidateTag('v1'), 0, 'the refreshed entry carries v2 only');
    assert.is(await invalidateTag('v2'), 1);
  } finally {
    clock.restore();
  }
});

test('without AsyncLocalStorage (the browser entry), tags given after an await reach every async computation running: more invalidation, never a stale entry', () => {
  const script = `
    import { memo, register, tag, invalidateTag, stats } from ${JSON.stringify(fileURLToPath(new URL('../../dist/runtime/index.js', import.meta.url)))};
    const make = (id, body) => { let s; return register(function (n) { return (s ||= memo({ id, hash: 'h', keys: ['n'] })).call(void 0, [n], () => body(n)); }, id); };
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const a = make('b#a', async (n) => { tag('before'); await tick(); tag('after'); return n; });
    const b = make('b#b', async (n) => { await tick(); await tick(); return n; });
    const c = make('b#c', (n) => (tag('sync'), n));
    await Promise.all([a(1), b(1)]);
    c(1);
    const out = [await invalidateTag('before'), await invalidateTag('after'), await invalidateTag('sync')];
    console.log(JSON.stringify(out));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  // a ends while b awaits: without a frame it cannot tell it was not called from b, so b carries its tags too.
  assert.equal(JSON.parse(out), [2, 0, 1], 'before: a and b; after: nothing left; sync: c');
});

test.run();
