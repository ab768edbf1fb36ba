// Store benchmarks (issue #6): a persistent hit next to the raw read it is made of.
// Targets: disk hit on a 10 MB value <= 1.3x readFile + v8.deserialize; Redis hit
// <= 1.3x a raw GET + v8.deserialize of the same value through the same client
// (a redis-server is started on loopback when the package is installed).
// Near tier (issue #19): a near-tier hit of the same value <= 2x a memory hit and
// >= 10x faster than a Redis hit.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serialize, deserialize } from 'node:v8';
import { memo, register, configure } from 'memokit';
import { fsStore } from 'memokit/fs';
import { redisStore } from 'memokit/redis';
import Redis from 'ioredis';
import { startRedis } from '../test/helpers/redis.js';
import { race, raceAsync, print } from './race.js';

let sink = 0;
const dir = await mkdtemp(join(tmpdir(), 'memokit-bench-'));
configure({ stores: { disk: fsStore({ dir }) } });

/** About 10 MB serialized: report rows, as a data script would cache them. */
const value = { rows: Array.from({ length: 175_000 }, (_, i) => ({ id: i, region: 'eu-' + (i % 7), total: i * 1.5, day: '2026-11-' + (1 + (i % 28)) })) };
const raw = join(dir, 'raw.bin');
await writeFile(raw, serialize(value));
const mb = (serialize(value).length / 1e6).toFixed(1);

// Exactly what the plugins emit for: async function report(n) { "use memo persist=disk"; … }
let s1, s2;
async function report(n) {
  return (s1 ||= memo({ id: 'bench.js#report', hash: 'h', keys: ['n'], persist: 'disk', async: true })).call(void 0, [n], async () => value);
}
function reportSync(n) {
  return (s2 ||= memo({ id: 'bench.js#reportSync', hash: 'h', keys: ['n'], persist: 'disk' })).call(void 0, [n], () => value);
}
register(report, 'bench.js#report');
register(reportSync, 'bench.js#reportSync');
await report(1);
reportSync(1);

{
  const N = 10;
  const loop = (f) => async () => { for (let i = 0; i < N; i++) sink += (await f()).rows.length; };
  const best = await raceAsync({
    'readFile + v8.deserialize': loop(async () => deserialize(await readFile(raw))),
    'memokit persist=disk hit (async)': loop(() => report(1)),
  }, { ops: N, rounds: 5 });
  print(`disk hit, ${mb} MB value, async`, best, 'readFile + v8.deserialize');
}
{
  const N = 10;
  const loop = (f) => () => { for (let i = 0; i < N; i++) sink += f().rows.length; };
  const best = race({
    'readFileSync + v8.deserialize': loop(() => deserialize(readFileSync(raw))),
    'memokit persist=disk hit (sync)': loop(() => reportSync(1)),
  }, { ops: N, rounds: 5 });
  print(`disk hit, ${mb} MB value, sync`, best, 'readFileSync + v8.deserialize');
}

// Redis: the same client for the raw read and for the store.
let server;
try {
  server = await startRedis();
} catch {
  console.log('\nRedis hit: skipped (no redis-server; apt-get install redis-server)');
}
if (server) {
  const client = new Redis(server.url);
  const nearStore = redisStore({ client, prefix: 'near' });
  configure({ stores: { redis: redisStore({ client, near: false }), near: nearStore } });
  let s3, s4, s5;
  async function shared(n) {
    return (s3 ||= memo({ id: 'bench.js#shared', hash: 'h', keys: ['n'], persist: 'redis', async: true })).call(void 0, [n], async () => small);
  }
  async function nearby(n) {
    return (s4 ||= memo({ id: 'bench.js#nearby', hash: 'h', keys: ['n'], persist: 'near', async: true })).call(void 0, [n], async () => small);
  }
  async function inMemory(n) {
    return (s5 ||= memo({ id: 'bench.js#inMemory', hash: 'h', keys: ['n'] })).call(void 0, [n], async () => small);
  }
  register(shared, 'bench.js#shared');
  register(nearby, 'bench.js#nearby');
  register(inMemory, 'bench.js#inMemory');
  /** A typical cached query result: a few hundred rows (about 23 KB). */
  const small = { rows: value.rows.slice(0, 400) };
  await client.set('raw:small', serialize(small));
  await shared(1);
  await inMemory(1);
  // The near tier fills once its channel is live (its own probe came back).
  await new Promise((live) => nearStore.watch((change) => change.type === 'live' && change.live && live()));
  await nearby(1);
  await nearby(1);
  const N = 2000;
  const loop = (f) => async () => { for (let i = 0; i < N; i++) sink += (await f()).rows.length; };
  const best = await raceAsync({
    'GET + v8.deserialize (ioredis)': loop(async () => deserialize(await client.getBuffer('raw:small'))),
    'memokit persist=redis hit': loop(() => shared(1)),
    'memokit near-tier hit': loop(() => nearby(1)),
    'memokit memory hit (async)': loop(() => inMemory(1)),
  }, { ops: N, rounds: 5 });
  print(`Redis hit, ${(serialize(small).length / 1e3).toFixed(0)} KB value, loopback`, best, 'GET + v8.deserialize (ioredis)');
  console.log(`  near-tier hit / memory hit: ${(best['memokit near-tier hit'] / best['memokit memory hit (async)']).toFixed(2)}x (target <= 2x)` +
    `; Redis hit / near-tier hit: ${(best['memokit persist=redis hit'] / best['memokit near-tier hit']).toFixed(1)}x (target >= 10x)`);
  // How long a change takes to reach another near tier: a second store (as another process would
  // have) hears the writes of the first on its own subscription.
  const other = redisStore({ url: server.url, prefix: 'near' });
  let heard;
  other.watch((change) => change.type === 'set' && heard?.());
  await new Promise((live) => other.watch((change) => change.type === 'live' && change.live && live()));
  const delays = [];
  for (let i = 0; i < 200; i++) {
    const t = process.hrtime.bigint();
    const arrived = new Promise((r) => (heard = r));
    await nearStore.set({ site: 'bench.js#latency', hash: 'h', key: String(i).padStart(64, '0') }, { value: i, created: Date.now(), expires: 0, hash: 'h' }, {});
    await arrived;
    delays.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  delays.sort((a, b) => a - b);
  console.log(`\nnear tier: a write reaches another process's tier (set + publish + delivery), 200 writes`);
  console.log(`  median ${delays[100].toFixed(2)} ms, 99th percentile ${delays[197].toFixed(2)} ms, max ${delays[199].toFixed(2)} ms (target: within 100 ms)`);
  await other.close();
  await nearStore.close();
  client.disconnect();
  await server.stop();
}

await rm(dir, { recursive: true, force: true });
if (sink === 0) console.log('(sink)');
