// One of the processes of stress.test.js. argv: store (disk | lmdb | redis), dir or URL,
// code version, seed, calls, start time. Runs `calls` random operations on a small
// key space (calls, clear, invalidate) and checks every value it reads: it must be
// one a body of this process's code version produced for that key. Prints counts as JSON.
import { createHash } from 'node:crypto';
import { configure, clear, invalidate } from 'memokit';
import { fsStore } from 'memokit/fs';
import { redisStore } from 'memokit/redis';
import { lmdbStore } from 'memokit/lmdb';
import { compile } from '../helpers/compiled.js';

const [kind, where, version, seedText, callsText, startAt] = process.argv.slice(2);
const calls = Number(callsText);
let client;
if (kind === 'redis') {
  const { default: Redis } = await import('ioredis');
  client = new Redis(where);
  await new Promise((ready) => client.once('ready', ready));
  configure({ stores: { shared: redisStore({ client, commandTimeout: 5000 }) } });
} else if (kind === 'lmdb') configure({ stores: { shared: lmdbStore({ dir: where }) } });
else configure({ stores: { shared: fsStore({ dir: where }) } });

/** What only a body of this code version computes for `k`. */
const proof = (k, nonce) => createHash('sha256').update(version + ':' + k + ':' + nonce).digest('hex').slice(0, 16);
let computed = 0;
const body = (k) => {
  computed++;
  const nonce = process.pid + '.' + computed;
  return { version, k, nonce, proof: proof(k, nonce), rows: Array.from({ length: 1 + (k % 4) * 50 }, (_, i) => i * k) };
};
const desc = (id) => ({ id, hash: 'code-' + version, keys: ['k'], persist: 'shared' });
const fns = [compile('memo', { ...desc('test/stress.js#loadAsync'), async: true }, async (k) => body(k))];
if (kind !== 'redis') fns.push(compile('memo', desc('test/stress.js#loadSync'), body));

// A small seeded generator, so that a failing run can be repeated.
let seed = Number(seedText) >>> 0;
const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const counts = { calls: 0, clears: 0, invalidates: 0, computed: 0, bad: [] };
const check = (value, k) => {
  const good = value && value.version === version && value.k === k && value.proof === proof(k, value.nonce) && value.rows.length === 1 + (k % 4) * 50;
  if (!good) counts.bad.push({ k, value: value && { version: value.version, k: value.k } });
};

await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
for (let i = 0; i < calls; i++) {
  const f = fns[Math.floor(random() * fns.length)];
  const k = Math.floor(random() * 6);
  const op = random();
  if (op < 0.04) {
    await clear(f);
    counts.clears++;
  } else if (op < 0.12) {
    await invalidate(f, k);
    counts.invalidates++;
  } else if (op < 0.2) {
    // Concurrent callers of one key in this process.
    const values = await Promise.all([f(k), f(k), f(k)]);
    values.forEach((v) => check(v, k));
    counts.calls += 3;
  } else {
    check(await f(k), k);
    counts.calls++;
  }
}
counts.computed = computed;
console.log(JSON.stringify(counts));
client?.disconnect();
