// LMDB store benchmarks (issue #21), at 1M entries of a 1 KB value (MEMOKIT_BENCH_LMDB_ENTRIES):
// targets: a hit (sync path) <= 10 µs, a write <= 10 µs amortized. Measured next to a raw
// lmdb getBinaryFast + v8.deserialize of the same value, and next to the disk store (with
// fewer entries: one file each; MEMOKIT_BENCH_DISK_ENTRIES, default 10,000).
// Writes are filled through the runtime (a non-async `persist=` function called with new
// arguments: a miss, the body, then the store's setSync), timed over the whole fill including
// lmdb's commits (the fill waits for them every 10,000 calls), and on the calling thread alone.
// Keys are SHA-256 digests, so inserts land all over the B-tree; the raw anchor's keys are too.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serialize, deserialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { memo, register, configure } from 'memokit';
import { fsStore } from 'memokit/fs';
import { lmdbStore } from 'memokit/lmdb';
import { open } from 'lmdb';
import { race, print } from './race.js';

const ENTRIES = Number(process.env.MEMOKIT_BENCH_LMDB_ENTRIES || 1_000_000);
const DISK_ENTRIES = Number(process.env.MEMOKIT_BENCH_DISK_ENTRIES || 10_000);
const HITS = 20_000;
let sink = 0;
const dir = await mkdtemp(join(tmpdir(), 'memokit-bench-lmdb-'));
const lmdb = lmdbStore({ dir: join(dir, 'lmdb') });
const disk = fsStore({ dir: join(dir, 'disk') });
configure({ stores: { lmdb, disk } });

/** About 1 KB serialized: one row of a cached query. */
const valueOf = (i) => ({ id: i, name: 'customer ' + i, region: 'eu-' + (i % 7), note: 'x'.repeat(900), total: i * 1.5 });
const bytes = serialize(valueOf(1)).length;
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const us = (t, n) => (ms(t) * 1000) / n;

// Exactly what the plugins emit for: function row(i) { "use memo persist=lmdb"; return valueOf(i) } (and persist=disk).
let s1, s2;
function row(i) {
  return (s1 ||= memo({ id: 'bench.js#row', hash: 'h', keys: ['i'], persist: 'lmdb' })).call(void 0, [i], () => valueOf(i));
}
function rowDisk(i) {
  return (s2 ||= memo({ id: 'bench.js#rowDisk', hash: 'h', keys: ['i'], persist: 'disk' })).call(void 0, [i], () => valueOf(i));
}
register(row, 'bench.js#row');
register(rowDisk, 'bench.js#rowDisk');

/** Fills through the runtime: `count` misses, each written; µs per write, commits included, and on this thread alone. */
async function fill(f, count, flush) {
  const t = process.hrtime.bigint();
  let calling = 0n;
  for (let i = 0; i < count; i++) {
    const c = process.hrtime.bigint();
    sink += f(i).id;
    calling += process.hrtime.bigint() - c;
    if (i % 10_000 === 9_999) await flush();
  }
  await flush();
  return [us(t, count), Number(calling) / 1000 / count];
}

console.log(`\nLMDB store: ${ENTRIES.toLocaleString('en')} entries of a ${bytes} B value (disk store: ${DISK_ENTRIES.toLocaleString('en')} entries, one file each)`);
const [lmdbWrite, lmdbCalling] = await fill(row, ENTRIES, () => lmdb.flush());
const [diskWrite] = await fill(rowDisk, DISK_ENTRIES, async () => {});

// The raw anchor: the same values, serialized alone, in a database of as many entries, read by keys as long.
const raw = open({ path: join(dir, 'raw'), encoding: 'binary', keyEncoding: 'binary' });
const rawKey = (i) => Buffer.from('Ebench.js#row\0h\0' + createHash('sha256').update(String(i)).digest('hex'));
{
  const t = process.hrtime.bigint();
  for (let i = 0; i < ENTRIES; i++) {
    raw.put(rawKey(i), serialize(valueOf(i)));
    if (i % 10_000 === 9_999) await raw.committed;
  }
  await raw.committed;
  console.log(`  write, amortized over the fill: raw lmdb put (batched) ${us(t, ENTRIES).toFixed(2)} µs; memokit persist=lmdb ${lmdbWrite.toFixed(2)} µs (target <= 10 µs), of which ${lmdbCalling.toFixed(2)} µs on the calling thread; persist=disk ${diskWrite.toFixed(2)} µs`);
}

// Hits in random order (the same order for every candidate), after one warm pass.
const order = Array.from({ length: HITS }, (_, i) => Math.floor(((i * 2654435761) % 2 ** 32) / 2 ** 32 * ENTRIES));
const diskOrder = order.map((i) => i % DISK_ENTRIES);
const rawKeys = order.map(rawKey);
// The store's own keys, as the runtime computes them: listed once from one site's entries would read 1M headers, so take them from a hit.
const keys = [];
{
  const getSync = lmdb.getSync;
  lmdb.getSync = (k, o) => (keys.push(k), getSync(k, o));
  for (const i of order) sink += row(i).id;
  lmdb.getSync = getSync;
}
const loop = (f) => () => { for (let i = 0; i < HITS; i++) sink += f(i).id; };
const best = race({
  'lmdb getBinaryFast + v8.deserialize': loop((i) => deserialize(raw.getBinaryFast(rawKeys[i]))),
  'lmdbStore getSync': loop((i) => lmdb.getSync(keys[i], {}).value),
  'memokit persist=lmdb hit (sync)': loop((i) => row(order[i])),
  'memokit persist=disk hit (sync)': loop((i) => rowDisk(diskOrder[i])),
}, { ops: HITS, rounds: 5 });
print(`hit of a ${bytes} B value, sync path, random keys (lmdb: ${ENTRIES.toLocaleString('en')} entries; disk: ${DISK_ENTRIES.toLocaleString('en')})`, best, 'lmdb getBinaryFast + v8.deserialize');
console.log(`  persist=lmdb hit: ${(best['memokit persist=lmdb hit (sync)'] / 1000).toFixed(2)} µs (target <= 10 µs); ${(best['memokit persist=disk hit (sync)'] / best['memokit persist=lmdb hit (sync)']).toFixed(1)}x faster than a persist=disk hit`);

await raw.close();
await lmdb.close();
await rm(dir, { recursive: true, force: true });
if (sink === 0) console.log('(sink)');
