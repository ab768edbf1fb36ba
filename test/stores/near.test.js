// The near tier over Redis, with 4 real processes on a real redis-server (docs/stores.md,
// Near tier): repeated hits are served from process memory; a write, invalidate, clear or
// invalidateTag in one process is never followed by a stale read in another once that
// process has heard the change; with the subscription killed, reads go to Redis; with swr,
// 4 processes serving a stale value start one refresh between them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Redis from 'ioredis';
import { startRedis } from '../helpers/redis.js';
import { encode } from '../../dist/stores/codec.js';
import { digestOf, keyOf } from '../../dist/runtime/key.js';
import '../../dist/runtime/node.js'; // node:crypto digests, as the children use

const childPath = fileURLToPath(new URL('./fleet-child.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'memokit-fleet-'));
let server;
let raw;
let fleet;

/** One child process: `send(op, ...args)` resolves with its answer. */
const startChild = () =>
  new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [childPath, server.url, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting = new Map();
    let next = 1;
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const { id, value, error } = JSON.parse(line);
      if (id === 0) return resolve(child);
      const pending = waiting.get(id);
      waiting.delete(id);
      if (error) pending.reject(new Error(error));
      else pending.resolve(value);
    });
    proc.once('error', reject);
    const child = {
      proc,
      send: (op, ...args) =>
        new Promise((res, rej) => {
          const id = next++;
          waiting.set(id, { resolve: res, reject: rej });
          proc.stdin.write(JSON.stringify({ id, op, args }) + '\n');
        }),
      stop: () => new Promise((res) => (proc.exitCode !== null ? res() : (proc.once('exit', res), proc.stdin.end()))),
    };
  });

/** Waits (without a time limit of its own: the suite's) until `check` holds. */
const until = async (check, what) => {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('gave up waiting: ' + what);
};
const gets = async () => Number(/cmdstat_get:calls=(\d+)/.exec(await raw.info('commandstats'))?.[1] || 0);
const everyoneLive = () => until(async () => (await Promise.all(fleet.map((c) => c.send('state')))).every((s) => s.live), 'every channel live');
/** Waits until each of `children` has heard `count` more changes than in `before`. */
const heard = (children, before, count = 1) =>
  until(async () => (await Promise.all(children.map((c) => c.send('state')))).every((s, i) => s.heard >= before[i].heard + count), 'the change to arrive');
const states = (children) => Promise.all(children.map((c) => c.send('state')));

test.before(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
  fleet = await Promise.all([0, 1, 2, 3].map(startChild));
  await everyoneLive();
});
test.after(async () => {
  await Promise.all((fleet || []).map((c) => c.stop()));
  raw?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('repeated hits are served from each process\'s near tier: no Redis read', async () => {
  const [a, ...others] = fleet;
  await raw.set('truth:1', 1);
  const before = await states(others);
  assert.equal(await a.send('call', 'value', 1), { n: 1, truth: 1 });
  // a's write is told to the others; a read in flight when it arrives would not be kept near.
  await heard(others, before);
  for (const c of others) assert.equal(await c.send('call', 'value', 1), { n: 1, truth: 1 }); // from Redis, then kept near
  const reads = await gets();
  for (let i = 0; i < 5; i++) for (const c of fleet) assert.equal(await c.send('call', 'value', 1), { n: 1, truth: 1 });
  assert.is(await gets(), reads, '20 hits, no GET');
  assert.is(await raw.get('runs:value'), '1');
});

test('a write in one process is never followed by a stale read in another once the change is heard (30 rounds, each process writing in turn)', async () => {
  await raw.set('truth:2', 0);
  for (const c of fleet) await c.send('call', 'value', 2);
  for (let round = 1; round <= 30; round++) {
    const writer = fleet[round % 4];
    const readers = fleet.filter((c) => c !== writer);
    const before = await states(readers);
    await raw.set('truth:2', round);
    // invalidate, then the recomputation writes the new value: two changes for the others.
    await writer.send('invalidate', 'value', 2);
    assert.equal(await writer.send('call', 'value', 2), { n: 2, truth: round });
    await heard(readers, before, 2);
    for (const r of readers) assert.equal(await r.send('call', 'value', 2), { n: 2, truth: round }, 'round ' + round);
  }
});

test('clear(fn) and clear() in one process reach the others\' near tiers', async () => {
  for (const which of ['value', undefined]) {
    await raw.set('truth:3', 1);
    for (const c of fleet) await c.send('call', 'value', 3);
    await raw.set('truth:3', 2);
    const [a, ...others] = fleet;
    const before = await states(others);
    await a.send('clear', which);
    await heard(others, before);
    for (const c of others) assert.equal(await c.send('call', 'value', 3), { n: 3, truth: 2 }, String(which));
  }
});

test('invalidateTag in one process: memory, disk, Redis, and the other processes\' near tiers', async () => {
  const [a, b, ...rest] = fleet;
  await raw.set('truth:4', 1);
  assert.equal(await a.send('call', 'inMemory', 4), { fromRedis: { n: 4, truth: 1 } });
  await a.send('call', 'onDisk', 4);
  for (const c of [b, ...rest]) await c.send('call', 'value', 4); // near tiers hold it
  await raw.set('truth:4', 2);
  const before = await states([b, ...rest]);
  const t0 = performance.now();
  // inMemory(4) in a's memory (it read the tagged value), onDisk(4) on disk, value(4) in Redis.
  assert.is(await a.send('invalidateTag', 'n:4'), 3);
  await heard([b, ...rest], before);
  console.log(`# invalidateTag heard by 3 other processes ${(performance.now() - t0).toFixed(1)} ms after it resolved in the first`);
  for (const c of [b, ...rest]) assert.equal(await c.send('call', 'value', 4), { n: 4, truth: 2 });
  assert.equal(await b.send('call', 'onDisk', 4), { n: 4, truth: 2 }, 'the disk entry is gone for every process');
  assert.equal(await a.send('call', 'inMemory', 4), { fromRedis: { n: 4, truth: 2 } });
});

test('with the subscription killed the near tier is bypassed: reads go to Redis; once the channel is back, hits are near again', async () => {
  const [a, b] = fleet;
  await raw.set('truth:5', 1);
  await a.send('call', 'value', 5);
  await b.send('call', 'value', 5);
  await raw.client('KILL', 'TYPE', 'pubsub');
  await until(async () => !(await b.send('state')).live, 'b to see its subscription gone');
  // A write no one is told about: only a process that reads Redis sees it.
  const storeKey = { site: 'fleet.js#value', hash: 'h1', key: digestOf(keyOf([5], { id: 'fleet.js#value', names: ['n'] })) };
  const key = `memokit:${storeKey.site}:h1:${storeKey.key}`;
  assert.ok(await raw.exists(key), 'the entry of value(5)');
  await raw.set(key, encode(storeKey, { value: { n: 5, truth: 'written behind its back' }, created: Date.now(), expires: 0, hash: 'h1', tags: ['n:5', 'values'] }));
  assert.equal(await b.send('call', 'value', 5), { n: 5, truth: 'written behind its back' });
  await everyoneLive();
  await b.send('call', 'value', 5);
  const before = await gets();
  assert.equal(await b.send('call', 'value', 5), { n: 5, truth: 'written behind its back' });
  assert.is(await gets(), before, 'live again: served near');
});

test('a channel that stops delivering without closing (publishes paused) is found by the heartbeat: the near tier is emptied until probes come back', async () => {
  const [, b] = fleet;
  await raw.set('truth:6', 1);
  await b.send('call', 'value', 6);
  await b.send('call', 'value', 6);
  // PUBLISH is a write: no probe (and no change) gets through. (Commands queued behind a paused
  // PUBLISH on the same connection wait too, so the reads below come after the pause.)
  await raw.client('PAUSE', '60000', 'WRITE');
  try {
    await until(async () => !(await b.send('state')).live, 'the heartbeat to notice');
  } finally {
    await raw.client('UNPAUSE');
  }
  const before = await gets();
  assert.equal(await b.send('call', 'value', 6), { n: 6, truth: 1 });
  assert.ok((await gets()) > before, 'read from Redis: the near tier was emptied when the channel went down');
  await everyoneLive();
  await b.send('call', 'value', 6);
  const again = await gets();
  assert.equal(await b.send('call', 'value', 6), { n: 6, truth: 1 });
  assert.is(await gets(), again, 'live again: near');
});

test('swr across 4 processes: each serves the stale value at once, and one refresh runs between them', async () => {
  const [a] = fleet;
  await raw.del('runs:fresh');
  assert.equal(await a.send('call', 'fresh', 1), { n: 1, run: 1 });
  await Promise.all(fleet.map((c) => c.send('advance', 61_000))); // past the one-minute ttl, inside the ten-minute swr window
  const served = await Promise.all(fleet.map((c) => c.send('call', 'fresh', 1)));
  assert.ok(served.every((v) => v.run === 1), 'the stale value everywhere: ' + JSON.stringify(served));
  await until(async () => (await raw.get('runs:fresh')) === '2', 'the refresh');
  await until(async () => (await Promise.all(fleet.map((c) => c.send('call', 'fresh', 1)))).every((v) => v.run === 2), 'every process to read the refreshed value');
  assert.is(await raw.get('runs:fresh'), '2', 'one refresh across the 4 processes');
  const stale = (await Promise.all(fleet.map((c) => c.send('stats')))).map((s) => s['fleet.js#fresh'].stale);
  assert.ok(stale.every((n) => n >= 1), 'each counted a stale hit');
});

test.run();
