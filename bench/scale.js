// Hits over many keys, memory per entry, and copies on hits: memokit next to a
// hand-written Map, lru-cache, structuredClone, slice() and a JSON round trip.
// Targets (issue #21): random-access hit over 100k and 1M keys <= 1.2x a Map keyed by a
// template string; memory per entry at 1M entries <= 1.2x lru-cache; a copy on hit of
// 100k small objects <= 0.5x structuredClone; of an 80 MB Float64Array <= 0.8x slice().
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { memo, clear } from 'memokit';
import { clone, keepCopy } from '../dist/runtime/copy.js';
import { race, print, templateMap } from './race.js';

let sink = 0;

// 1. Random access over many keys: every key cached first, then hits in a random order
// (the working set no longer fits the CPU caches, unlike 64 hot keys).
for (const keys of [100_000, 1_000_000]) {
  const compute = (a, b) => a * 31 + b.length;
  const regions = ['eu', 'us', 'apac', 'latam', 'mea', 'cn', 'in', 'jp'];
  const { map, byMap } = templateMap(compute);
  let site;
  const id = 'bench.js#random' + keys;
  const byMemokit = (a, b) => (site ||= memo({ id, hash: 'h', keys: ['a', 'b'] })).call(void 0, [a, b], () => compute(a, b));
  for (let i = 0; i < keys; i++) byMap(i, regions[i & 7]), byMemokit(i, regions[i & 7]);
  const N = 1_000_000;
  const order = new Uint32Array(N);
  let seed = 42;
  for (let i = 0; i < N; i++) order[i] = (seed = (seed * 1103515245 + 12345) >>> 0) % keys;
  const loop = (f) => () => {
    for (let i = 0; i < N; i++) {
      const k = order[i];
      sink += f(k, regions[k & 7]);
    }
  };
  const best = race({ 'Map keyed by a template string': loop(byMap), 'memokit "use memo"': loop(byMemokit) }, { ops: N, rounds: 5 });
  print(`cache hit, two primitive arguments, random access over ${keys.toLocaleString('en')} keys`, best, 'Map keyed by a template string');
  map.clear();
  await clear();
}

// 2. Memory per entry at 1M entries, each candidate in a process of its own (a clean heap).
{
  const child = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  const perEntry = {};
  for (const candidate of ['Map keyed by a template string', 'lru-cache', 'memokit "use memo"']) {
    perEntry[candidate] = Number(execFileSync(process.execPath, ['--expose-gc', child, candidate], { encoding: 'utf8' }).trim());
  }
  console.log('\nmemory per entry at 1,000,000 entries (two primitive arguments, a small number as value)');
  for (const [name, bytes] of Object.entries(perEntry)) console.log(`  ${name.padEnd(34)} ${bytes.toFixed(0).padStart(10)} B/entry   ${(bytes / perEntry['lru-cache']).toFixed(2)}x lru-cache`);
}

// 3. Copies on hits: what a hit of a memo value costs, next to what a user would write.
{
  const rows = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: 'user' + i, tags: ['a', 'b'], active: i % 2 === 0, score: i / 7 }));
  const kept = keepCopy(rows, 'bench');
  const best = race({
    'structuredClone': () => { sink += structuredClone(rows).length; },
    'JSON round trip': () => { sink += JSON.parse(JSON.stringify(rows)).length; },
    'memokit copy on hit': () => { sink += clone(kept, 'bench').length; },
  }, { ops: 1, rounds: 5 });
  print('copy on hit: 100k small objects', best, 'structuredClone');
  const big = new Float64Array(10_000_000).map((_, i) => i);
  const keptBig = keepCopy(big, 'bench');
  const bestBig = race({
    'slice()': () => { sink += big.slice().length; },
    'structuredClone': () => { sink += structuredClone(big).length; },
    'memokit copy on hit': () => { sink += clone(keptBig, 'bench').length; },
  }, { ops: 1, rounds: 5 });
  print('copy on hit: an 80 MB Float64Array', bestBig, 'slice()');
}

if (sink === 42) console.log('');
