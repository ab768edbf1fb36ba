// One process of a fleet sharing a Redis store (and a disk folder), for near.test.js.
// argv: Redis URL, disk folder. Reads one JSON command per line on stdin, answers one
// JSON line per command on stdout: { id, value } or { id, error }.
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { configure, invalidate, invalidateTag, clear, stats, tag } from 'memokit';
import { redisStore } from 'memokit/redis';
import { fsStore } from 'memokit/fs';
import { compile } from '../helpers/compiled.js';

const [url, dir] = process.argv.slice(2);
const client = new Redis(url);
const truth = new Redis(url); // reads what the bodies compute from, and counts bodies
await Promise.all([client, truth].map((c) => new Promise((ready) => c.once('ready', ready))));
const store = redisStore({ client, near: { heartbeat: 200 } });
configure({ stores: { redis: store, disk: fsStore({ dir }) } });

// What this process heard on the store's channel (the runtime's near tier listens alongside).
let live = false;
let heard = 0;
store.watch((change) => {
  if (change.type === 'live') live = change.live;
  else heard++;
});

/** Bodies read the current truth from Redis (`truth:<n>`), so a recomputation shows. */
const read = async (n) => Number((await truth.get('truth:' + n)) || 0);
const counted = (name) => truth.incr('runs:' + name);
const fns = {
  value: compile('memo', { id: 'fleet.js#value', hash: 'h1', keys: ['n'], persist: 'redis', async: true, tags: ['values'] }, async (n) => {
    await counted('value');
    tag('n:' + n);
    return { n, truth: await read(n) };
  }),
  fresh: compile('memo', { id: 'fleet.js#fresh', hash: 'h1', keys: ['n'], persist: 'redis', async: true, ttl: 60_000, swr: 600_000 }, async (n) => {
    const run = await counted('fresh');
    await new Promise((r) => setTimeout(r, 50)); // long enough for every process to try to refresh at once
    return { n, run };
  }),
  onDisk: compile('memo', { id: 'fleet.js#onDisk', hash: 'h1', keys: ['n'], persist: 'disk', async: true }, async (n) => {
    await counted('onDisk');
    tag('n:' + n);
    return { n, truth: await read(n) };
  }),
  inMemory: compile('memo', { id: 'fleet.js#inMemory', hash: 'h1', keys: ['n'] }, async (n) => {
    await counted('inMemory');
    return { fromRedis: await fns.value(n) };
  }),
};

// The test moves every process's clock forward at once (expiry is read from Date.now; Redis's own PX is
// longer than any test).
const realNow = Date.now;
let offset = 0;
Date.now = () => realNow() + offset;

const ops = {
  advance: (ms) => void (offset += ms),
  call: (name, ...args) => fns[name](...args),
  invalidate: (name, ...args) => invalidate(fns[name], ...args),
  invalidateTag: (...names) => invalidateTag(...names),
  clear: (name) => clear(name ? fns[name] : undefined),
  stats: () => stats(),
  state: () => ({ live, heard }),
};

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const { id, op, args = [] } = JSON.parse(line);
  try {
    const value = await ops[op](...args);
    process.stdout.write(JSON.stringify({ id, value: value ?? null }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ id, error: String(error?.stack || error) }) + '\n');
  }
});
lines.on('close', async () => {
  await store.close();
  client.disconnect();
  truth.disconnect();
});
process.stdout.write(JSON.stringify({ id: 0, value: 'ready' }) + '\n');
