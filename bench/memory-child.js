// One candidate of the memory-per-entry row (bench/scale.js), alone in its process:
// prints the heap it grew by per entry, after full collections.
import { LRUCache } from 'lru-cache';
import { memo } from 'memokit';

const ENTRIES = 1_000_000;
const candidate = process.argv[2];
const compute = (a, b) => a * 31 + b.length;
const regions = ['eu', 'us', 'apac', 'latam', 'mea', 'cn', 'in', 'jp'];

function fill() {
  if (candidate === 'Map keyed by a template string') {
    const map = new Map();
    for (let i = 0; i < ENTRIES; i++) map.set(`${i}|${regions[i & 7]}`, compute(i, regions[i & 7]));
    return map;
  }
  if (candidate === 'lru-cache') {
    const lru = new LRUCache({ max: ENTRIES });
    for (let i = 0; i < ENTRIES; i++) lru.set(`${i}|${regions[i & 7]}`, compute(i, regions[i & 7]));
    return lru;
  }
  let site;
  const f = (a, b) => (site ||= memo({ id: 'bench.js#memory', hash: 'h', keys: ['a', 'b'] })).call(void 0, [a, b], () => compute(a, b));
  for (let i = 0; i < ENTRIES; i++) f(i, regions[i & 7]);
  return f;
}

const heap = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};
// The candidate's code and its first entries warm up before the measure.
const before = heap();
const held = fill();
const after = heap();
process.stdout.write(String((after - before) / ENTRIES) + '\n');
if (!held) process.exit(1);
