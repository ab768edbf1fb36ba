// memokit/redis against a real redis-server started here (issue #6): hits across
// processes, TTL through PX, namespaced keys, clear with SCAN + UNLINK, single flight
// across 8 processes, Redis stopped and restarted mid-run, both client libraries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { configure, clear, invalidate, stats } from 'memokit';
import { redisStore } from 'memokit/redis';
import { startRedis } from '../helpers/redis.js';
import { compile, uid } from '../helpers/compiled.js';
import { storeContract } from '../helpers/store-contract.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./redis-child.js', import.meta.url));
let server;
let raw; // a plain client to look at what the store wrote
let store;
const persisted = (id, extra = {}) => ({ id, hash: 'h1', keys: ['n'], persist: 'redis', async: true, ...extra });

test.before(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
  // Every read goes to Redis here (the near tier in front of it has its own tests: near.test.js, freshness.test.js).
  store = redisStore({ url: server.url, commandTimeout: 300, near: false });
  configure({ stores: { redis: store } });
});
test.after(async () => {
  raw.disconnect();
  await store.close();
  await server.stop();
});

// The store under test is made in before(): the contract reaches it through this.
storeContract(test, {
  get: (k, o) => store.get(k, o), set: (k, e, o) => store.set(k, e, o), delete: (k) => store.delete(k), clear: (site) => store.clear(site),
  deleteTagged: (tags) => store.deleteTagged(tags), list: (site) => store.list(site),
});

test('a hit is served from Redis; keys are memokit:<site id>:<hash>:<key digest>', async () => {
  const id = uid('report');
  let runs = 0;
  const f = compile('memo', persisted(id), async (n) => (runs++, { n, m: new Map([[1, 2n]]), at: new Date(3) }));
  const a = await f(1);
  const b = await f(1);
  assert.is(runs, 1);
  assert.equal(b, { n: 1, m: new Map([[1, 2n]]), at: new Date(3) });
  assert.is.not(a, b);
  const keys = await raw.keys(`memokit:${id}:*`);
  assert.is(keys.length, 1);
  assert.match(keys[0], new RegExp(`^memokit:${id.replace(/[.#]/g, '\\$&')}:h1:[0-9a-f]{64}$`));
  assert.is(await raw.pttl(keys[0]), -1, 'no ttl given: no expiry');
});

test('hit across two separate Node processes', async () => {
  const id = uid('shared');
  const now = String(Date.now());
  const first = JSON.parse((await run(process.execPath, [child, server.url, 'call', id, now])).stdout);
  const second = JSON.parse((await run(process.execPath, [child, server.url, 'call', id, now])).stdout);
  assert.equal([first.ran, second.ran], [true, false]);
  assert.equal(second.value, { n: 1, rows: [1, 2, 3], at: new Date(7).toJSON() });
});

/** How many times the 8-process race runs (`MEMOKIT_FLIGHT_RUNS`; 20 in the closing check and in test:long). */
const FLIGHT_RUNS = Number(process.env.MEMOKIT_FLIGHT_RUNS || 1);

test(`single flight: 8 processes miss the same key at once, the body runs once (${FLIGHT_RUNS} run${FLIGHT_RUNS > 1 ? 's' : ''})`, async () => {
  for (let round = 0; round < FLIGHT_RUNS; round++) {
    const id = uid('flight');
    const startAt = String(Date.now() + 1500); // after every process has started and connected
    const outs = await Promise.all(Array.from({ length: 8 }, () => run(process.execPath, [child, server.url, 'flight', id, startAt])));
    const results = outs.map((o) => JSON.parse(o.stdout));
    assert.is(await raw.get('test:runs:' + id), '1', 'one body ran across all processes, round ' + round);
    assert.is(results.filter((r) => r.ran).length, 1);
    assert.ok(results.every((r) => r.value.n === 1));
    assert.equal(await raw.keys(`memokit:lock:${id}:*`), [], 'the lock was released');
  }
});

test('ttl uses PX: the entry expires in Redis', async () => {
  const id = uid('ttl');
  let runs = 0;
  const f = compile('memo', persisted(id, { ttl: 150 }), async (n) => ++runs);
  await f(1);
  const [key] = await raw.keys(`memokit:${id}:*`);
  const pttl = await raw.pttl(key);
  assert.ok(pttl > 0 && pttl <= 150, String(pttl));
  assert.is(await f(1), 1);
  await new Promise((r) => setTimeout(r, 200));
  assert.is(await raw.exists(key), 0, 'Redis dropped it');
  assert.is(await f(1), 2);
});

test('clear(fn) removes exactly that function\'s keys (SCAN + UNLINK); invalidate removes one', async () => {
  const a = compile('memo', persisted(uid('a*[x]')), async (n) => n); // glob characters in the id are escaped
  const b = compile('memo', persisted(uid('a')), async (n) => n);
  const [idA] = Object.keys(stats(a)), [idB] = Object.keys(stats(b));
  for (let i = 0; i < 1200; i++) await a(i); // more than one SCAN page
  await b(1);
  await clear(a);
  assert.is((await raw.keys(`memokit:${idA.replace(/[*[\]]/g, '\\$&')}:*`)).length, 0);
  assert.is((await raw.keys(`memokit:${idB}:*`)).length, 1);
  const removed = invalidate(b, 1);
  assert.ok(removed instanceof Promise, 'Redis deletes asynchronously: invalidate returns a promise');
  assert.is(await removed, true);
  assert.is((await raw.keys(`memokit:${idB}:*`)).length, 0);
  assert.is(await invalidate(b, 1), false);
});

test('Redis stopped mid-run: callers get computed values, one warning, hits resume when it is back', async () => {
  const id = uid('outage');
  let runs = 0;
  const f = compile('memo', persisted(id), async (n) => (runs++, n * 10));
  const warnings = [];
  const errors = [];
  const warn = console.warn;
  console.warn = (m) => warnings.push(m);
  configure({ onEvent: (e) => e.type === 'error' && errors.push(e) });
  try {
    await f(1); await f(1);
    assert.is(runs, 1);
    await server.stop();
    assert.is(await f(1), 10);
    assert.is(await f(1), 10);
    assert.is(runs, 3, 'computed while Redis is down');
    assert.is(warnings.length, 1, 'one warning for the outage');
    assert.match(warnings[0], 'store "redis" failed');
    assert.ok(errors.length >= 2 && errors.every((e) => e.id === id));
    server = await startRedis(server.port); // back, empty (persistence is off)
    // Back means a hit served by Redis again (the hits before the outage do not count).
    const hitsBefore = stats(f)[id].hits;
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      await new Promise((r) => setTimeout(r, 100));
      assert.is(await f(2), 20);
      back = stats(f)[id].hits > hitsBefore;
    }
    assert.ok(back, 'calls hit again once Redis is back');
  } finally {
    console.warn = warn;
    configure({ onEvent: null });
  }
});

test('a call right after invalidate() (not awaited) or clear() (not awaited) gets the new value, not the old one', async () => {
  for (const withdraw of [(f) => invalidate(f, 1), (f) => clear(f)]) {
    const id = uid('after');
    let version = 'old';
    const f = compile('memo', persisted(id), async (n) => version + n);
    assert.is(await f(1), 'old1');
    version = 'new';
    const removal = withdraw(f);
    assert.is(await f(1), 'new1');
    await removal;
  }
});

test('clear() removes entries only: locks of computations in flight stay; clear(site) leaves a site whose id extends it', async () => {
  await raw.set('memokit:lock:other.js#f:h1:' + 'a'.repeat(64), 'token');
  const a = compile('memo', persisted('test/ids.js#f'), async (n) => 'a' + n);
  const b = compile('memo', persisted('test/ids.js#f:x'), async (n) => 'b' + n);
  await a(1); await b(1);
  await clear(a);
  assert.is((await raw.keys('memokit:test/ids.js#f:x:*')).length, 1, "b's entry stays");
  assert.is((await raw.keys('memokit:test/ids.js#f:h1:*')).length, 0, "a's entry is gone");
  await clear();
  assert.is(await raw.get('memokit:lock:other.js#f:h1:' + 'a'.repeat(64)), 'token', 'the lock stays');
  assert.is((await raw.keys('memokit:test/ids.js*')).length, 0);
  await raw.del('memokit:lock:other.js#f:h1:' + 'a'.repeat(64));
});

test('list reads entries only: not locks, tag sets, keys of other types, values of another format, or an entry copied under another key', async () => {
  const id = uid('listed');
  const f = compile('memo', persisted(id, { tags: ['t'] }), async (n) => ({ n }));
  await f(1); await f(2);
  const [key] = await raw.keys(`memokit:${id}:h1:*`);
  await raw.set(`memokit:lock:${id}:h1:` + 'a'.repeat(64), 'token');
  await raw.sadd(`memokit:${id}:h1:` + 'b'.repeat(64), 'a set');
  await raw.set(`memokit:${id}:h1:` + 'c'.repeat(64), 'not an entry');
  await raw.set(`memokit:${id}:h1:` + 'd'.repeat(64), await raw.getBuffer(key));
  await raw.set(`memokit:${id}:h1:` + 'e'.repeat(64), (await raw.getBuffer(key)).subarray(0, 60));
  const listed = [];
  for await (const e of store.list(id)) listed.push(e);
  assert.equal(listed.map((e) => `memokit:${e.key.site}:${e.key.hash}:${e.key.key}`).sort(), (await raw.keys(`memokit:${id}:h1:*`)).filter((k) => !/:[b-e]{64}$/.test(k)).sort());
  assert.equal(listed.map((e) => [e.tags, e.bytes > 43]), [[['t'], true], [['t'], true]]);
  const all = [];
  for await (const e of store.list()) all.push(e);
  assert.is(all.filter((e) => e.key.site === id).length, 2);
  await raw.del(`memokit:lock:${id}:h1:` + 'a'.repeat(64));
  await clear();
});

test('locks: a holder whose lock expired does not release the next holder\'s; a waiter stops waiting as soon as a holder ends without writing', async () => {
  const a = redisStore({ url: server.url, lockTimeout: 100 });
  const b = redisStore({ url: server.url, lockTimeout: 20_000 });
  try {
    const k = { site: uid('locks'), hash: 'h1', key: 'f'.repeat(64) };
    const lockKey = `memokit:lock:${k.site}:h1:${k.key}`;
    const first = await a.lock(k);
    assert.ok(first.acquired);
    await new Promise((r) => setTimeout(r, 150)); // a's lock expires
    const second = await b.lock(k);
    assert.ok(second.acquired, 'taken over after expiry');
    await first.release();
    assert.ok(await raw.exists(lockKey), "the slow holder's release left the new holder's lock");
    // A waiter on b's lock, b then fails (releases without writing): the waiter is told at once.
    const waiter = await b.lock(k); // b waits up to 20 s for a lock
    assert.not.ok(waiter.acquired);
    let done = false;
    const waited = waiter.wait().then((e) => ((done = true), e));
    await new Promise((r) => setTimeout(r, 60));
    assert.not.ok(done, 'still waiting while the holder computes');
    await second.release();
    const timer = new Promise((r) => setTimeout(() => r('still waiting'), 10_000).unref());
    assert.is(await Promise.race([waited, timer]), undefined, 'no entry, and no wait for the lock timeout');
  } finally {
    await a.close();
    await b.close();
  }
});

test('command deadlines: calls during a Redis pause settle before the pause ends', async () => {
  const id = uid('deadline');
  const f = compile('memo', persisted(id), async (n) => n * 3);
  const warn = console.warn;
  console.warn = () => {};
  const pauser = new Redis(server.url);
  try {
    await f(1);
    let pauseOver = false;
    // 3 s of pause against three 300 ms deadlines in a row (read, lock, write): room for a loaded machine.
    const paused = pauser.call('DEBUG', 'SLEEP', '3').then(() => (pauseOver = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await Promise.all([f(1), f(2)]), [3, 6]);
    assert.not.ok(pauseOver, 'answered by the deadline (300 ms), not by Redis waking up');
    await paused;
  } finally {
    console.warn = warn;
    pauser.disconnect();
  }
});

test('Redis paused (DEBUG SLEEP) mid-run: callers compute within the deadline, no error reaches them, hits resume', async () => {
  const id = uid('paused');
  let runs = 0;
  const f = compile('memo', persisted(id), async (n) => (runs++, { n }));
  const warn = console.warn;
  console.warn = () => {};
  const pauser = new Redis(server.url);
  try {
    assert.equal(await f(1), { n: 1 });
    assert.equal(await f(1), { n: 1 });
    assert.is(runs, 1);
    const paused = pauser.call('DEBUG', 'SLEEP', '1');
    await new Promise((r) => setTimeout(r, 50));
    const during = await Promise.all([f(1), f(2), f(3)]);
    assert.equal(during, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.ok(runs >= 2, 'computed while Redis did not answer');
    await paused;
    // ioredis answers the commands queued during the pause first; hits come back after that.
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      const hits = stats(f)[id].hits;
      assert.equal(await f(4), { n: 4 });
      back = stats(f)[id].hits > hits;
      if (!back) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(back, 'hits once Redis answers again');
  } finally {
    console.warn = warn;
    pauser.disconnect();
  }
});

test('node-redis clients work too', async () => {
  const client = createClient({ url: server.url });
  await client.connect();
  const prev = configure({ stores: { shared: redisStore({ client }) } });
  try {
    let runs = 0;
    const f = compile('memo', persisted(uid('node-redis'), { persist: 'shared', ttl: 60_000 }), async (n) => (runs++, { n, buf: Buffer.from('xy') }));
    await f(1);
    const v = await f(1);
    assert.is(runs, 1);
    assert.equal(v, { n: 1, buf: Buffer.from('xy') });
    await clear(f);
    await f(1);
    assert.is(runs, 2);
  } finally {
    configure(prev);
    await client.quit();
  }
});

test('options are checked', () => {
  assert.throws(() => redisStore(), /give redisStore\(\{ client \}\)/);
});

test.run();
