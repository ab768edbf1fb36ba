// Runtime benchmarks: memokit next to its anchors in one process, ratios printed.
// Targets: hit with two primitive arguments <= 1.0x a hand-written Map lookup;
// hashing 100k small objects <= 1.0x JSON.stringify + crypto.hash and >= 5x
// faster than ohash; hashing an 80 MB Float64Array at >= 0.97x the rate of createHash on the same bytes.
import { createHash, hash as hashOnce } from 'node:crypto';
import { memo, register, hash, withRequestScope } from 'memokit';
import { LRUCache } from 'lru-cache';
import memoizee from 'memoizee';
import { hash as ohash } from 'ohash';
import { race, print, templateMap } from './race.js';

let sink = 0;

// 1. Cache hit with two primitive arguments.
{
  const N = 2_000_000;
  const compute = (a, b) => a * 31 + b.length;
  const { map, byMap } = templateMap(compute);
  let site;
  // Exactly what the plugins emit for: function byMemokit(a, b) { "use memo"; return compute(a, b) }
  function byMemokit(a, b) {
    return (site ||= memo({ id: 'bench.js#byMemokit', hash: 'h', keys: ['a', 'b'] })).call(void 0, [a, b], () => compute(a, b));
  }
  register(byMemokit, 'bench.js#byMemokit');
  const lru = new LRUCache({ max: 1000 });
  const byLru = (a, b) => {
    const k = `${a}|${b}`;
    let v = lru.get(k);
    if (v === undefined) lru.set(k, (v = compute(a, b)));
    return v;
  };
  const byMemoizee = memoizee(compute, { primitive: true });
  const loop = (f) => () => {
    for (let i = 0; i < N; i++) sink += f(i & 63, 'region-eu');
  };
  const best = race({
    'hand-written Map': loop(byMap),
    'memokit "use memo"': loop(byMemokit),
    'lru-cache get/set': loop(byLru),
    'memoizee (primitive)': loop(byMemoizee),
  }, { ops: N });
  print('cache hit, two primitive arguments', best, 'hand-written Map');
}

// 1b. A stale hit (swr: past ttl, its refresh pending) next to a fresh hit of the same
// function shape. Target (issue #19): stale hit <= 1.2x fresh hit.
{
  const N = 2_000_000;
  const compute = (a, b) => a * 31 + b.length;
  const realNow = Date.now;
  let siteFresh, siteStale;
  function fresh(a, b) {
    return (siteFresh ||= memo({ id: 'bench.js#fresh', hash: 'h', keys: ['a', 'b'], ttl: 3_600_000, swr: 3_600_000 })).call(void 0, [a, b], () => compute(a, b));
  }
  function stale(a, b) {
    return (siteStale ||= memo({ id: 'bench.js#stale', hash: 'h', keys: ['a', 'b'], ttl: 3_600_000, swr: 3_600_000 })).call(void 0, [a, b], () => compute(a, b));
  }
  for (let i = 0; i < 64; i++) fresh(i, 'region-eu');
  // Written an hour and a second ago: stale now. The refreshes are timers, which cannot run
  // during the synchronous loops below, so every call is a stale hit.
  Date.now = () => realNow() - 3_601_000;
  for (let i = 0; i < 64; i++) stale(i, 'region-eu');
  Date.now = realNow;
  const loop = (f) => () => {
    for (let i = 0; i < N; i++) sink += f(i & 63, 'region-eu');
  };
  const best = race({ 'fresh hit (ttl, swr)': loop(fresh), 'stale hit (refresh pending)': loop(stale) }, { ops: N });
  print('swr: stale hit next to a fresh hit, two primitive arguments', best, 'fresh hit (ttl, swr)');
}

// 1c. What a request-scoped hit adds (finding the request through AsyncLocalStorage), and a hit of
// a site bounded by maxBytes (its LRU order kept), next to a process-wide hit. No target: measured.
{
  const N = 2_000_000;
  const compute = (a, b) => a * 31 + b.length;
  const sites = {};
  const shell = (name, extra) => (a, b) => (sites[name] ||= memo({ id: 'bench.js#' + name, hash: 'h', keys: ['a', 'b'], ...extra })).call(void 0, [a, b], () => compute(a, b));
  const plain = shell('plain', {});
  const perRequest = shell('perRequest', { scope: 'request' });
  const bounded = shell('bounded', { maxBytes: 1 << 20 });
  const loop = (f) => () => {
    for (let i = 0; i < N; i++) sink += f(i & 63, 'region-eu');
  };
  const best = race({
    'process-wide hit': loop(plain),
    'request-scoped hit': () => withRequestScope(loop(perRequest)),
    'maxBytes hit (LRU kept)': loop(bounded),
  }, { ops: N });
  print('request scope and maxBytes: a hit, two primitive arguments', best, 'process-wide hit');
}

// 2. Hashing 100k small objects.
{
  const objs = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: 'user' + i, tags: ['a', 'b'], active: i % 2 === 0, score: i / 7 }));
  const best = race({
    'JSON.stringify + sha256': () => { for (const o of objs) sink += createHash('sha256').update(JSON.stringify(o)).digest('hex').length; },
    // The same with Node's one-shot crypto.hash, which memokit and ohash both use: the stricter anchor.
    'JSON.stringify + crypto.hash': () => { for (const o of objs) sink += hashOnce('sha256', JSON.stringify(o), 'hex').length; },
    'memokit hash()': () => { for (const o of objs) sink += hash(o).length; },
    'ohash hash()': () => { for (const o of objs) sink += ohash(o).length; },
    // No digest at all: the engine's own serializer, the fastest any encoding can hope to be.
    'JSON.stringify alone (no digest)': () => { for (const o of objs) sink += JSON.stringify(o).length; },
  }, { ops: objs.length, rounds: 5 });
  print('hashing 100k small objects', best, 'JSON.stringify + sha256');
  console.log(`  memokit / (JSON.stringify + crypto.hash): ${(best['memokit hash()'] / best['JSON.stringify + crypto.hash']).toFixed(2)}x (target <= 1.0x; docs/keys.md)`);
  console.log(`  ohash / memokit: ${(best['ohash hash()'] / best['memokit hash()']).toFixed(1)}x` +
    ` (the issue asks for 5x; ohash / JSON.stringify without any digest: ${(best['ohash hash()'] / best['JSON.stringify alone (no digest)']).toFixed(1)}x)`);
}

// 2b. What a call actually computes for a small object: memokit keys small values
// exactly (no digest) and remembers them by value (runtime/intern.ts), so compare
// a cache hit keyed by a small object.
{
  const objs = Array.from({ length: 1000 }, (_, i) => ({ id: i, name: 'user' + i, tags: ['a', 'b'], active: i % 2 === 0, score: i / 7 }));
  const N = 200_000;
  /** A hand-written cache: one Map per candidate, keyed by `keyOf(o)`. */
  const mapKeyedBy = (keyOf) => {
    const map = new Map();
    return (o) => {
      const k = keyOf(o);
      let v = map.get(k);
      if (v === undefined) map.set(k, (v = o.id));
      return v;
    };
  };
  const byJson = mapKeyedBy((o) => createHash('sha256').update(JSON.stringify(o)).digest('hex'));
  // What people hand-roll today: a Map keyed by JSON.stringify (not canonical: key order counts).
  const byJsonKey = mapKeyedBy(JSON.stringify);
  const byOhash = mapKeyedBy(ohash);
  let site;
  function byMemokit(o) {
    return (site ||= memo({ id: 'bench.js#obj', hash: 'h', keys: ['o'] })).call(void 0, [o], () => o.id);
  }
  const loop = (f) => () => { for (let i = 0; i < N; i++) sink += f(objs[i % 1000]); };
  const best = race({ 'Map keyed by sha256(JSON)': loop(byJson), 'Map keyed by JSON.stringify': loop(byJsonKey), 'memokit "use memo"': loop(byMemokit), 'Map keyed by ohash': loop(byOhash) }, { ops: N, rounds: 5 });
  print('cache hit keyed by one small object', best, 'Map keyed by sha256(JSON)');
  console.log(`  ohash / memokit: ${(best['Map keyed by ohash'] / best['memokit "use memo"']).toFixed(1)}x`);
}

// 3. Hashing an 80 MB Float64Array (in RAM, as an argument would be: not cache-resident).
{
  const big = new Float64Array(10_000_000).map((_, i) => Math.sin(i));
  const bytes = big.byteLength;
  const block = new Uint8Array(32 * 1024).fill(7);
  const best = race({
    'sha256 of the bytes (node:crypto)': () => { sink += createHash('sha256').update(big).digest('hex').length; },
    'memokit hash()': () => { sink += hash(big).length; },
    // The same amount of data from one 32 KiB block that stays in cache: this CPU's SHA-256 ceiling.
    'sha256 ceiling (cache-resident)': () => {
      const h = createHash('sha256');
      for (let o = 0; o < bytes; o += block.length) h.update(block);
      sink += h.digest('hex').length;
    },
  }, { ops: 1, rounds: 5 });
  console.log('\nhashing an 80 MB Float64Array');
  for (const [name, ns] of Object.entries(best)) console.log(`  ${name.padEnd(34)} ${(bytes / ns).toFixed(2).padStart(10)} GB/s`);
  console.log(`  memokit / raw sha256 rate: ${(best['sha256 of the bytes (node:crypto)'] / best['memokit hash()']).toFixed(2)}` +
    `, memokit / ceiling: ${(best['sha256 ceiling (cache-resident)'] / best['memokit hash()']).toFixed(2)}`);
}

if (sink === 42) console.log('');
