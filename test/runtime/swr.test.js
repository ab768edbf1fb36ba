// Stale-while-revalidate in memory (docs/runtime.md, swr): fresh within ttl; during the
// following swr window the stale value at once and one background refresh; after it, a miss.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memo, register, configure, stats, invalidate, clear, MemokitError } from 'memokit';
import { compile, uid, fakeClock, tick } from '../helpers/compiled.js';

const swrSite = (extra = {}) => ({ id: uid('swr'), hash: 'h', keys: ['n'], ttl: 100, swr: 1000, ...extra });
const statsOf = (f) => Object.values(stats(f))[0];
/** Lets timers of 0 ms (the refresh) and the promises they start run. */
const settleTimers = async () => {
  for (let i = 0; i < 5; i++) await tick();
};
const recording = () => {
  const events = [];
  configure({ onEvent: (e) => events.push(e.type + (e.error ? ':' + e.error.message : '')) });
  return events;
};

test.after.each(() => {
  configure({ onEvent: null });
});

test('timeline: fresh, then stale with one background refresh, then fresh again; past the window a miss', async () => {
  const clock = fakeClock();
  try {
    const events = recording();
    let runs = 0;
    const f = compile('memo', swrSite(), (n) => ({ n, run: ++runs }));
    assert.equal(f(1), { n: 1, run: 1 });
    clock.now += 99;
    assert.equal(f(1), { n: 1, run: 1 }, 'fresh within ttl');
    clock.now += 1;
    // Stale: served at once, twice, and the body has not run in either call.
    assert.equal(f(1), { n: 1, run: 1 });
    assert.equal(f(1), { n: 1, run: 1 });
    assert.is(runs, 1, 'the refresh does not run inside the call');
    await settleTimers();
    assert.is(runs, 2, 'one refresh for two stale calls');
    assert.equal(f(1), { n: 1, run: 2 }, 'the refreshed value is fresh');
    assert.equal(events, ['miss', 'hit', 'stale', 'stale', 'refresh', 'hit']);
    const s = statsOf(f);
    assert.equal([s.hits, s.stale, s.misses], [2, 2, 1]);
    // The refreshed entry has a ttl of its own; past ttl + swr it is a miss, computed in the call.
    clock.now += 100 + 1000;
    assert.equal(f(1), { n: 1, run: 3 });
    assert.is(runs, 3);
    assert.equal(events.slice(-2), ['expire', 'miss']);
  } finally {
    clock.restore();
  }
});

test('the window ends exactly at ttl + swr', () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    const f = compile('memo', swrSite(), (n) => ++runs);
    f(1);
    clock.now += 1099;
    assert.is(f(1), 1, 'stale, still served');
    const g = compile('memo', swrSite(), (n) => ++runs);
    g(1);
    clock.now += 1100;
    assert.is(g(1), 3, 'past the window: computed');
  } finally {
    clock.restore();
  }
});

test('a refresh that throws keeps the stale value and emits an error event; the next stale call tries again', async () => {
  const clock = fakeClock();
  try {
    const events = recording();
    let fail = false;
    let runs = 0;
    const f = compile('memo', swrSite(), (n) => {
      runs++;
      if (fail) throw new Error('backend down');
      return { n, runs };
    });
    f(1);
    fail = true;
    clock.now += 150;
    assert.equal(f(1), { n: 1, runs: 1 });
    await settleTimers();
    assert.ok(events.includes('error:backend down'), 'the failure is an error event');
    assert.equal(f(1), { n: 1, runs: 1 }, 'still the stale value');
    fail = false;
    await settleTimers();
    assert.equal(f(1), { n: 1, runs: 3 }, 'the second refresh replaced it');
  } finally {
    clock.restore();
  }
});

test('an async refresh that rejects, or returns what cannot be copied, keeps the stale value', async () => {
  const clock = fakeClock();
  try {
    const events = recording();
    let mode = 'ok';
    const f = compile('memo', swrSite(), async (n) => {
      await tick();
      if (mode === 'reject') throw new Error('no');
      return mode === 'uncloneable' ? { n, fn: () => 1 } : { n };
    });
    await f(1);
    clock.now += 150;
    for (const m of ['reject', 'uncloneable']) {
      mode = m;
      assert.equal(await f(1), { n: 1 });
      await settleTimers();
      assert.equal(await f(1), { n: 1 });
    }
    assert.is(events.filter((e) => e.startsWith('error')).length, 2);
    assert.ok(events.some((e) => e.includes('MK_UNCLONEABLE')));
  } finally {
    clock.restore();
  }
});

test('100 concurrent stale callers of an async function start one refresh, and none waits for it', async () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    let release;
    const f = compile('memo', swrSite(), async (n) => {
      runs++;
      if (runs > 1) await new Promise((r) => (release = r)); // the refresh hangs until released
      return { n, runs };
    });
    await f(1);
    clock.now += 150;
    const values = await Promise.all(Array.from({ length: 100 }, () => f(1)));
    assert.ok(values.every((v) => v.runs === 1), 'every caller got the stale value');
    assert.is(new Set(values).size, 100, 'each its own copy');
    await settleTimers();
    assert.is(runs, 2, 'one refresh');
    assert.equal(await f(1), { n: 1, runs: 1 }, 'a caller during the refresh does not wait for it');
    release();
    await settleTimers();
    assert.equal(await f(1), { n: 1, runs: 2 });
    assert.is(runs, 2);
  } finally {
    clock.restore();
  }
});

test('a refresh withdrawn by invalidate or clear does not store its value', async () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    let release;
    const f = compile('memo', swrSite(), async (n) => {
      runs++;
      if (runs === 2) await new Promise((r) => (release = r));
      return runs;
    });
    await f(1);
    clock.now += 150;
    assert.is(await f(1), 1);
    await settleTimers();
    assert.is(invalidate(f, 1), true);
    release();
    await settleTimers();
    assert.is(await f(1), 3, 'the invalidated key computes; the refresh result was dropped');
    assert.is(runs, 3);
  } finally {
    clock.restore();
  }
});

test('a refresh runs only if the keyed values, read again when it starts, still give its key', async () => {
  const clock = fakeClock();
  try {
    // A mutated argument: the refresh would read the new contents under the old key.
    let runs = 0;
    const f = compile('memo', swrSite({ keys: ['o'] }), (o) => (runs++, { seen: o.v }));
    const arg = { v: 1 };
    f(arg);
    clock.now += 150;
    assert.equal(f(arg), { seen: 1 });
    arg.v = 2; // before the refresh starts
    await settleTimers();
    assert.is(runs, 1, 'no refresh: the key of { v: 2 } is another key');
    assert.equal(f({ v: 1 }), { seen: 1 }, 'still the value of { v: 1 }');
    await settleTimers();
    assert.is(runs, 2, 'this stale call, whose values still give the key, refreshed');
    // A captured variable reassigned, as the compiled shell passes it: `() => [n, factor]` reads it again.
    const id = uid('captured');
    let factor = 1;
    let site;
    let bodies = 0;
    const g = function (n) {
      return (site ||= memo({ id, hash: 'h', keys: ['n'], captured: ['factor'], ttl: 100, swr: 1000 })).call(void 0, [n, factor], () => (bodies++, n * factor), () => [n, factor]);
    };
    register(g, id);
    assert.is(g(2), 2);
    clock.now += 150;
    assert.is(g(2), 2);
    factor = 10;
    await settleTimers();
    assert.is(bodies, 1, 'no refresh after factor changed');
    assert.is(g(2), 20, 'factor 10 is another key: computed');
    factor = 1;
    assert.is(g(2), 2, 'back to factor 1: its stale entry');
    await settleTimers();
    assert.is(bodies, 3, 'refreshed now');
    assert.is(g(2), 2);
  } finally {
    clock.restore();
  }
});

test('stale hits are copies; copy=freeze shares the frozen stale value', async () => {
  const clock = fakeClock();
  try {
    const f = compile('memo', swrSite(), (n) => ({ list: [n] }));
    const g = compile('memo', swrSite({ copy: 'freeze' }), (n) => ({ list: [n] }));
    f(1);
    const frozen = g(1);
    clock.now += 150;
    const a = f(1);
    a.list.push(2);
    assert.equal(f(1), { list: [1] });
    assert.is(g(1), frozen);
    await settleTimers();
  } finally {
    clock.restore();
  }
});

test('the expiry sweep keeps entries inside their swr window', async () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    const f = compile('memo', swrSite(), (n) => (runs++, n));
    f(1);
    clock.now += 150;
    f(2); // a write: sweeps expired entries once per ttl
    assert.is(statsOf(f).entries, 2, 'the stale entry survived the sweep');
    assert.is(f(1), 1);
    clock.now += 2000;
    f(3);
    assert.is(statsOf(f).entries, 1, 'past the window the sweep removes both');
    await settleTimers();
  } finally {
    clock.restore();
  }
});

test('swr needs a ttl, and only memo takes it', () => {
  const f = compile('memo', { id: uid(), hash: 'h', swr: 1000 }, () => 1);
  assert.throws(() => f(), (e) => e instanceof MemokitError && e.code === 'MK_BAD_OPTION' && /swr/.test(e.message));
  const g = compile('singleton', { id: uid(), hash: 'h', ttl: 1, swr: 1000 }, () => 1);
  assert.throws(() => g(), (e) => e.code === 'MK_BAD_OPTION');
});

test('clear() resets the stale count', async () => {
  const clock = fakeClock();
  try {
    const f = compile('memo', swrSite(), (n) => n);
    f(1);
    clock.now += 150;
    f(1);
    assert.is(statsOf(f).stale, 1);
    await clear(f);
    assert.is(statsOf(f).stale, 0);
  } finally {
    clock.restore();
  }
});

test('an async body that reassigns its own parameter is refreshed like any other (the refresh checks the call\'s values, not the reassigned ones)', async () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    let site;
    const id = uid('swr');
    // As the plugins emit it for swr: the keyed values read again.
    const norm = async function (name) {
      return (site ||= memo({ id, hash: 'h', keys: ['name'], ttl: 100, swr: 1000 })).call(void 0, [name], async () => {
        runs++;
        name = name.trim();
        await tick();
        return name + runs;
      }, () => [name]);
    };
    register(norm, id);
    assert.is(await norm(' a '), 'a1');
    clock.now += 150;
    assert.is(await norm(' a '), 'a1', 'stale');
    await settleTimers();
    assert.is(await norm(' a '), 'a2', 'refreshed into the cache');
    assert.is(runs, 2);
    assert.is(statsOf(norm).misses, 1);
  } finally {
    clock.restore();
  }
});

test.run();
