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

const run = promisify(execFile);
const child = fileURLToPath(new URL('./redis-child.js', import.meta.url));
let server;
let raw; // a plain client to look at what the store wrote
let store;
const persisted = (id, extra = {}) => ({ id, hash: 'h1', keys: ['n'], persist: 'redis', async: true, ...extra });

test.before(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
  store = redisStore({ url: server.url, commandTimeout: 300 });
  configure({ stores: { redis: store } });
});
test.after(async () => {
  raw.disconnect();
  await store.close();
  await server.stop();
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

test('single flight: 8 processes miss the same key at once, the body runs once', async () => {
  const id = uid('flight');
  const startAt = String(Date.now() + 1500); // after every process has started
  const outs = await Promise.all(Array.from({ length: 8 }, () => run(process.execPath, [child, server.url, 'flight', id, startAt])));
  const results = outs.map((o) => JSON.parse(o.stdout));
  assert.is(await raw.get('test:runs:' + id), '1', 'one body ran across all processes');
  assert.is(results.filter((r) => r.ran).length, 1);
  assert.ok(results.every((r) => r.value.n === 1));
  assert.equal(await raw.keys(`memokit:lock:${id}:*`), [], 'the lock was released');
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
  invalidate(b, 1);
  await new Promise((r) => setTimeout(r, 50)); // Redis deletes asynchronously
  assert.is((await raw.keys(`memokit:${idB}:*`)).length, 0);
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
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = (await f(2)) === 20 && stats(f)[id].hits > 0;
    }
    assert.ok(back, 'calls hit again once Redis is back');
  } finally {
    console.warn = warn;
    configure({ onEvent: null });
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
