import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { singleton, memo, register, clear, stats, configure } from 'memokit';
import { compile, uid, fakeClock, tick } from '../helpers/compiled.js';

test('one instance per key, the same reference every time', () => {
  let built = 0;
  const f = compile('singleton', { id: uid(), hash: 'h', keys: ['url'] }, (url) => ({ url, n: ++built }));
  const a = f('db://a');
  assert.is(f('db://a'), a);
  assert.is.not(f('db://b'), a);
  assert.is(built, 2);
});

test('singleton values are not copied: class instances and functions are fine', () => {
  class Pool { query() { return 1; } }
  const f = compile('singleton', { id: uid(), hash: 'h' }, () => new Pool());
  assert.instance(f(), Pool);
  assert.is(f(), f());
});

test('async factory: concurrent first calls share one construction and one instance', async () => {
  let built = 0;
  const f = compile('singleton', { id: uid(), hash: 'h' }, async () => { built++; await tick(); return { conn: built }; });
  const all = await Promise.all(Array.from({ length: 50 }, () => f()));
  assert.is(built, 1);
  assert.ok(all.every((x) => x === all[0]));
  assert.is(await f(), all[0]);
});

test('async factory failure is not cached; the next call constructs again', async () => {
  let built = 0;
  const f = compile('singleton', { id: uid(), hash: 'h' }, async () => { if (++built === 1) throw new Error('refused'); return { built }; });
  await f().then(() => assert.unreachable('the first construction fails'), (e) => assert.is(e.message, 'refused'));
  assert.equal(await f(), { built: 2 });
});

test('release runs on clear, eviction, expiry; Symbol.dispose / asyncDispose without release', async () => {
  const released = [];
  const release = (v) => released.push(v.k);
  const f = compile('singleton', { id: uid(), hash: 'h', keys: ['k'], max: 2, release }, (k) => ({ k }));
  f('a'); f('b'); f('c'); // evicts a
  assert.equal(released, ['a']);
  await clear(f);
  assert.equal(released.sort(), ['a', 'b', 'c']);

  const disposed = [];
  const g = compile('singleton', { id: uid(), hash: 'h', keys: ['k'] }, (k) => ({ [Symbol.dispose]() { disposed.push('sync ' + k); } }));
  const h = compile('singleton', { id: uid(), hash: 'h', keys: ['k'] }, (k) => ({ async [Symbol.asyncDispose]() { await tick(); disposed.push('async ' + k); } }));
  g(1); h(2);
  await clear(g);
  await clear(h);
  assert.equal(disposed, ['sync 1', 'async 2']);

  const clock = fakeClock();
  try {
    const out = [];
    const t = compile('singleton', { id: uid(), hash: 'h', ttl: 100, release: (v) => out.push(v) }, () => ({}));
    const first = t();
    clock.now += 101;
    const second = t();
    assert.is.not(first, second);
    assert.equal(out, [first]);
  } finally {
    clock.restore();
  }
});

test('validate: false drops and recreates, then releases the old instance; true keeps it', async () => {
  let healthy = true;
  const released = [];
  const f = compile('singleton', { id: uid(), hash: 'h', validate: () => healthy, release: (v) => released.push(v.n) }, (() => { let n = 0; return () => ({ n: ++n }); })());
  const a = f();
  assert.is(f(), a);
  healthy = false;
  const b = f();
  assert.is.not(b, a);
  assert.equal(released, [1]);
  healthy = true;
  assert.is(f(), b);

  // async validate on an async factory
  let ok = true;
  let n = 0;
  const g = compile('singleton', { id: uid(), hash: 'h', validate: async (v) => ok }, async () => ({ n: ++n }));
  const x = await g();
  assert.is(await g(), x);
  ok = false;
  const y = await g();
  assert.is(y.n, 2);
});

test('async validate racing: two hits, one says dead and one alive, then a clear while validate runs: no instance leaks, none is released twice or handed out after release', async () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let built = 0;
  const released = [];
  let answers = [];
  const s = compile('singleton', { id: uid('pool'), hash: 'h', validate: async () => { const ok = answers.shift() ?? true; await sleep(ok ? 20 : 5); return ok; }, release: (i) => void released.push(i.n) },
    async () => ({ n: ++built }));
  await s(); // instance 1
  answers = [false, true];
  const [a, b] = await Promise.all([s(), s()]);
  assert.equal([a.n, b.n], [2, 2], 'both callers get the rebuilt instance');
  assert.equal(released, [1], 'the dead one released once');
  assert.is((await s()).n, 2);
  answers = [true];
  const pending = s();
  await sleep(1);
  await clear(s);
  assert.equal(released, [1, 2], 'clear released instance 2');
  const got = await pending;
  assert.is(got.n, 3, 'not the released instance');
  await sleep(30);
  assert.equal(released, [1, 2], 'nothing released twice');
  await clear(s);
  assert.equal(released, [1, 2, 3], 'and the last one is released by the next clear: none leaked');
});

test('release errors never reach the caller: reported through onEvent and one warning', async () => {
  const { configure } = await import('memokit');
  const events = [];
  const prev = configure({ onEvent: (e) => e.type === 'error' && events.push(e) });
  const warn = console.warn;
  const warnings = [];
  console.warn = (m) => warnings.push(m);
  try {
    const f = compile('singleton', { id: uid('rel'), hash: 'h', keys: ['k'], release: () => { throw new Error('close failed'); } }, (k) => ({ k }));
    f(1); f(2);
    await clear(f);
    assert.is(events.length, 2);
    assert.match(events[0].error.message, 'close failed');
    assert.is(warnings.length, 1, 'warned once per site');
    assert.match(warnings[0], 'close failed');
  } finally {
    console.warn = warn;
    configure(prev);
  }
});

// Hot reload: the same module evaluated again registers the same id.
const evaluateModule = (id, hash, kind, body, extra = {}) => {
  let site;
  const make = kind === 'singleton' ? singleton : memo;
  const fn = function (...args) { return (site ||= make({ id, hash, ...extra })).call(this, args, () => body(...args)); };
  return register(fn, id);
};

test('HMR: same hash reuses entries and singletons; changed hash drops memo entries', () => {
  const id = uid('hmr');
  let runs = 0;
  const v1 = evaluateModule(id, 'A', 'memo', (x) => (runs++, x * 2));
  v1(1); v1(2);
  const v1again = evaluateModule(id, 'A', 'memo', (x) => (runs++, x * 2));
  assert.is(v1again(1), 2);
  assert.is(runs, 2, 'unchanged code keeps its entries');
  assert.is(stats(v1again)[id].entries, 2);
  const v2 = evaluateModule(id, 'B', 'memo', (x) => (runs++, x * 3));
  assert.is(v2(1), 3, 'edited code recomputes');
  assert.is(runs, 3);
  assert.is(stats(v2)[id].entries, 1, 'old entries were dropped');
});

test('HMR: an edited singleton factory builds the new instance first, then releases the old one', async () => {
  const id = uid('hmrsingle');
  const log = [];
  const v1 = evaluateModule(id, 'A', 'singleton', () => ({ v: 1 }), { release: (p) => log.push('release v' + p.v) });
  const old = v1();
  const same = evaluateModule(id, 'A', 'singleton', () => ({ v: 1 }), { release: (p) => log.push('release v' + p.v) });
  assert.is(same(), old, 'same hash: same instance, no new connection');
  const v2 = evaluateModule(id, 'B', 'singleton', () => (log.push('build v2'), { v: 2 }), { release: (p) => log.push('release v' + p.v) });
  assert.equal(log, [], 'nothing is released before the replacement exists');
  assert.is(v2().v, 2);
  assert.equal(log, ['build v2', 'release v1']);
});


test('HMR: instances of an edited singleton whose replacement was never built are released by clear()', async () => {
  const id = uid('hmrclear');
  const log = [];
  const version = (hash, v) => evaluateModule(id, hash, 'singleton', (k) => ({ v, k }), { release: (p) => log.push(`release v${p.v}/${p.k}`) });
  const v1 = version('A', 1);
  v1('a'); v1('b');
  const v2 = version('B', 2);
  v2('a');
  assert.equal(log, ['release v1/a'], "v1/b waits for its key's replacement");
  await clear(v2);
  assert.equal(log.sort(), ['release v1/a', 'release v1/b', 'release v2/a'], 'no instance is leaked');
});

test('validate is never called with an instance still being built; concurrent first calls build once', async () => {
  const seen = [];
  let builds = 0;
  const f = compile('singleton', { id: uid('pending'), hash: 'h', validate: (i) => (seen.push(i), true) }, async () => { builds++; await tick(); return { ok: true }; });
  const [a, b] = await Promise.all([f(), f()]);
  assert.is(a, b);
  assert.is(builds, 1);
  await f();
  assert.is(seen.length, 1);
  assert.ok(seen.every((i) => !(i instanceof Promise) && i === a));
});

test('max with builds in flight: a finished instance is never evicted as it is handed out; the oldest built one goes', async () => {
  const gates = {};
  const released = [];
  const f = compile('singleton', { id: uid(), hash: 'h', keys: ['k'], max: 1, release: (p) => { p.closed = true; released.push(p.k); } },
    async (k) => { await new Promise((r) => (gates[k] = r)); return { k, closed: false }; });
  const pa = f('a');
  const pb = f('b');
  await tick();
  gates.a();
  const a = await pa;
  assert.is(a.closed, false, 'the caller gets a live instance');
  assert.is(await f('a'), a, 'and it is the cached one');
  gates.b();
  const b = await pb;
  assert.is(b.closed, false);
  await tick();
  assert.equal(released, ['a'], 'b took the one place: a, the oldest built instance, is released');
  assert.is(a.closed, true);
});

test('a validate that throws or rejects counts as a falsy answer: the singleton is rebuilt, the old one released, an error event sent', async () => {
  const events = [];
  configure({ onEvent: (e) => e.type === 'error' && events.push(e.error.message) });
  try {
    let built = 0;
    const released = [];
    const f = compile('singleton', { id: uid(), hash: 'h', release: (p) => released.push(p.n), validate: (p) => { if (p.dead) throw new Error('ping failed'); return true; } }, () => ({ n: ++built }));
    f().dead = true;
    const second = f();
    assert.is(second.n, 2, 'rebuilt');
    assert.is(f(), second);
    assert.equal(released, [1]);
    assert.equal(events, ['ping failed']);

    let n = 0;
    const g = compile('singleton', { id: uid(), hash: 'h', release: (p) => released.push('g' + p.n), validate: async (p) => { if (p.dead) throw new Error('unreachable'); return true; } }, async () => ({ n: ++n }));
    (await g()).dead = true;
    const again = await g();
    assert.is(again.n, 2);
    assert.is(await g(), again);
    await tick();
    assert.ok(released.includes('g1'));
    assert.equal(events, ['ping failed', 'unreachable']);
  } finally {
    configure({ onEvent: null });
  }
});

test('validate says no and the rebuild throws: the old instance is released all the same; the next call builds', () => {
  let built = 0;
  const released = [];
  let down = false;
  const f = compile('singleton', { id: uid(), hash: 'h', validate: (p) => !p.dead, release: (p) => released.push(p.n) }, () => {
    if (down) throw new Error('db down');
    return { n: ++built, dead: false };
  });
  f().dead = true;
  down = true;
  assert.throws(() => f(), /db down/);
  assert.equal(released, [1]);
  down = false;
  assert.is(f().n, 2);
});

test('an instance still being built when clear() removes its entry goes to its caller unreleased; the next call builds another', async () => {
  let built = 0;
  const released = [];
  let go;
  const f = compile('singleton', { id: uid(), hash: 'h', release: (p) => released.push(p.n) }, async () => {
    const n = ++built;
    if (n === 1) await new Promise((r) => (go = r));
    return { n };
  });
  const pending = f();
  await tick();
  await clear(f);
  go();
  const mine = await pending;
  assert.is(mine.n, 1);
  const next = await f();
  assert.is(next.n, 2, 'not kept');
  assert.is(await f(), next);
  await tick();
  assert.equal(released, [], 'the caller owns the first one');
});

test.run();
