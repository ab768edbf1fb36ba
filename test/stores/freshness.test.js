// swr and tags on persistent sites, on the disk store and on a real redis-server:
// the same timelines as in memory, through the store (docs/stores.md, swr and tags).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { configure, invalidateTag, tag, stats } from 'memokit';
import { fsStore } from 'memokit/fs';
import { redisStore } from 'memokit/redis';
import { lmdbStore } from 'memokit/lmdb';
import { startRedis } from '../helpers/redis.js';
import { compile, uid, tick, fakeClock } from '../helpers/compiled.js';

const root = mkdtempSync(join(tmpdir(), 'memokit-fresh-'));
let server;
let redis;
let n = 0;

test.before(async () => {
  server = await startRedis();
  redis = redisStore({ url: server.url, near: false });
});
test.after(async () => {
  configure({ onEvent: null, stores: null });
  await redis.close();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Lets the refresh timers and the store operations they start finish. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 2));
};
const statsOf = (f) => Object.values(stats(f))[0];

const stores = {
  disk: () => fsStore({ dir: join(root, String(++n)) }),
  lmdb: () => lmdbStore({ dir: join(root, String(++n)) }),
  redis: () => redis,
};

for (const [name, make] of Object.entries(stores)) {
  const site = (extra = {}) => ({ id: uid(name), hash: 'h1', keys: ['n'], persist: 'mine', async: true, ...extra });
  const use = () => {
    const store = make();
    configure({ stores: { mine: store } });
    return store;
  };

  test(`${name}: swr timeline: fresh, stale with one refresh (written to the store), then past the window a miss`, async () => {
    use();
    const clock = fakeClock(Date.now());
    try {
      let runs = 0;
      const f = compile('memo', site({ ttl: 1000, swr: 60_000 }), async (n) => ({ n, run: ++runs }));
      assert.equal(await f(1), { n: 1, run: 1 });
      assert.equal(await f(1), { n: 1, run: 1 });
      clock.now += 1500;
      const stale = await Promise.all(Array.from({ length: 100 }, () => f(1)));
      assert.ok(stale.every((v) => v.run === 1), '100 concurrent stale callers get the stale value');
      await settle();
      assert.is(runs, 2, 'one refresh for all of them');
      // A second site object on the same id: reads what the refresh wrote.
      const again = compile('memo', site({ id: Object.keys(stats(f))[0], ttl: 1000, swr: 60_000 }), async () => 'not run');
      assert.equal(await again(1), { n: 1, run: 2 });
      assert.ok(statsOf(f).stale >= 1);
      clock.now += 62_000;
      assert.equal(await f(1), { n: 1, run: 3 }, 'past ttl + swr: computed in the call');
    } finally {
      clock.restore();
    }
  });

  test(`${name}: a refresh that fails keeps the stale entry and emits an error event`, async () => {
    use();
    const events = [];
    configure({ onEvent: (e) => events.push(e.type) });
    const clock = fakeClock(Date.now());
    try {
      let fail = false;
      let runs = 0;
      const f = compile('memo', site({ ttl: 1000, swr: 60_000 }), async (n) => {
        runs++;
        if (fail) throw new Error('down');
        return runs;
      });
      await f(1);
      fail = true;
      clock.now += 1500;
      assert.is(await f(1), 1);
      await settle();
      assert.is(await f(1), 1, 'still the stale value');
      assert.ok(events.includes('error') && events.includes('refresh') && events.includes('stale'));
      fail = false;
      await settle();
      assert.is(await f(1), 3);
    } finally {
      clock.restore();
      configure({ onEvent: null });
    }
  });

  test(`${name}: invalidateTag removes tagged entries from the store, across functions, static and dynamic, and counts them`, async () => {
    use();
    let runs = 0;
    const user = compile('memo', site(), async (n) => {
      runs++;
      await tick();
      tag('user:' + n);
      return { n };
    });
    const report = compile('memo', site({ tags: ['reports'] }), async (n) => (runs++, { n, user: await user(n) }));
    const memory = compile('memo', { id: uid('mem'), hash: 'h', keys: ['n'] }, async (n) => (runs++, { r: await report(n) }));
    await memory(1);
    await memory(2);
    assert.is(runs, 6);
    assert.is(await invalidateTag('user:1'), 3, 'user(1) and report(1) in the store, memory(1) in memory');
    await memory(1);
    await memory(2);
    assert.is(runs, 9, 'user(1), report(1), memory(1) computed again; the rest hit');
    assert.is(await invalidateTag('reports'), 4, 'both reports and both memory entries computed from them');
    assert.is(await invalidateTag('reports'), 0);
  });

  test(`${name}: a value whose tag is invalidated while it computes is not written; a read right after invalidateTag never sees the old value`, async () => {
    use();
    let release;
    let runs = 0;
    const f = compile('memo', site({ tags: ['t'] }), async (n) => {
      runs++;
      if (runs === 1) await new Promise((r) => (release = r));
      return runs;
    });
    const first = f(1);
    await settle();
    await invalidateTag('t');
    release();
    assert.is(await first, 1);
    assert.is(await f(1), 2, 'the first value was not written');
    assert.is(await f(1), 2);
    invalidateTag('t'); // not awaited
    assert.is(await f(1), 3);
  });
}

for (const [name, make] of Object.entries(stores)) {
  const site = (extra = {}) => ({ id: uid(name), hash: 'h1', keys: [], persist: 'mine', async: true, ...extra });
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));

  test(`${name}: a computation in flight during invalidateTag is not joined by later calls; a parent started after it stores fresh data`, async () => {
    configure({ stores: { mine: make() } });
    let db = 1;
    const releases = [];
    const child = compile('memo', site({ tags: ['pflight'] }), async () => {
      const v = db;
      await new Promise((r) => releases.push(r));
      return v;
    });
    const parent = compile('memo', site(), async () => ({ v: await child() }));
    const first = child();
    await settle();
    db = 2;
    await invalidateTag('pflight');
    const p = parent();
    await settle();
    releases.forEach((r) => r());
    await settle();
    releases.forEach((r) => r());
    assert.is(await first, 1);
    assert.equal(await p, { v: 2 });
    assert.equal(await parent(), { v: 2 });
  });

  test(`${name}: invalidateTag in the microtasks after a body returned keeps the value out of the store`, async () => {
    const later = (n, fn) => (n === 0 ? fn() : queueMicrotask(() => later(n - 1, fn)));
    const leaked = [];
    for (let depth = 0; depth < 10; depth++) {
      configure({ stores: { mine: make() } });
      let db = 1;
      let pending;
      const f = compile('memo', site({ tags: ['pgap' + depth] }), async () => {
        const v = db;
        await tick();
        later(depth, () => {
          db = 2;
          pending = invalidateTag('pgap' + depth);
        });
        return v;
      });
      await f();
      await wait(5);
      await pending;
      if ((await f()) !== 2) leaked.push(depth);
    }
    assert.equal(leaked, [], 'depths where the old value survived');
  });
}

test('near tier: a refresh too large for the tier drops the stale copy it replaces (this process is not told of its own write)', async () => {
  const small = redisStore({ url: server.url, near: { maxBytes: 8000 } });
  configure({ stores: { small } });
  await new Promise((live) => small.watch((change) => change.type === 'live' && change.live && live()));
  let runs = 0;
  const f = compile('memo', { id: uid('bigrefresh'), hash: 'h1', keys: ['n'], persist: 'small', async: true, ttl: 1000, swr: 60_000 }, async (n) => {
    runs++;
    return runs === 1 ? { v: 1 } : { v: runs, pad: 'x'.repeat(3000) };
  });
  const clock = fakeClock(Date.now());
  try {
    await f(1);
    assert.equal(await f(1), { v: 1 }, 'kept near');
    clock.now += 1500;
    assert.equal(await f(1), { v: 1 }, 'stale');
    await settle();
    assert.is(runs, 2);
    assert.is((await f(1)).v, 2, 'the refreshed value, from Redis');
  } finally {
    clock.restore();
    await small.close();
  }
});

test('disk: a non-async function with swr and tags (synchronous store access)', async () => {
  configure({ stores: { disk: fsStore({ dir: join(root, 'sync') }) } });
  const clock = fakeClock(Date.now());
  try {
    let runs = 0;
    const f = compile('memo', { id: uid('sync'), hash: 'h1', keys: ['n'], persist: 'disk', ttl: 1000, swr: 60_000, tags: ['s'] }, (n) => (tag('n' + n), ++runs));
    assert.is(f(1), 1);
    assert.is(f(1), 1);
    clock.now += 1500;
    assert.is(f(1), 1, 'stale, synchronously');
    assert.is(runs, 1);
    await settle();
    assert.is(runs, 2);
    assert.is(f(1), 2);
    assert.is(await invalidateTag('n1'), 1);
    assert.is(f(1), 3);
  } finally {
    clock.restore();
  }
});

test('a store without deleteTagged is not given tagged values (an error event says why); untagged ones are stored', async () => {
  const map = new Map();
  const plain = {
    async get(k) { return map.get(k.site + k.key); },
    async set(k, e) { map.set(k.site + k.key, e); },
    async delete(k) { return map.delete(k.site + k.key); },
    async clear() { map.clear(); },
  };
  configure({ stores: { plain } });
  const errors = [];
  configure({ onEvent: (e) => e.type === 'error' && errors.push(e.error.message) });
  try {
    const f = compile('memo', { id: uid('plain'), hash: 'h1', keys: ['n'], persist: 'plain', async: true }, async (n) => (n > 1 && tag('big'), n));
    await f(1);
    await f(2);
    assert.is(map.size, 1, 'only the untagged value');
    assert.match(errors[0], /cannot remove entries by tag/);
  } finally {
    configure({ onEvent: null });
  }
});

test.run();
