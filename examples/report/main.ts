// One run of the demo report: every step is called twice in this process (cold,
// then warm), timed, and its cache events (hit / miss) recorded. examples/run.js
// runs this twice in separate processes and prints the numbers.
//   node --import memokit/register examples/report/main.ts
import { configure, stats, type Event } from 'memokit';
import { openWarehouse, ROWS } from './warehouse.js';
import { salesByRegion, topProducts } from './report.js';

/** Hits and misses of the function being timed (not of the functions it calls). */
let watched = '';
const events: string[] = [];
configure({ onEvent: (e: Event) => e.id === watched && (e.type === 'hit' || e.type === 'miss') && events.push(e.type) });

interface Step {
  step: string;
  cache: string;
  cold: number;
  warm: number;
  events: string[];
}

const steps: Step[] = [];
const time = async (step: string, cache: string, fn: Function, call: () => unknown) => {
  watched = Object.keys(stats(fn))[0];
  const timed = async () => {
    const t = performance.now();
    await call();
    return performance.now() - t;
  };
  events.length = 0;
  const cold = await timed();
  const warm = await timed();
  steps.push({ step, cache, cold, warm, events: [...events] });
};

await time('salesByRegion(0)', 'memo, disk', salesByRegion, () => salesByRegion(0));
await time('salesByRegion(1)', 'memo, disk', salesByRegion, () => salesByRegion(1));
await time("topProducts('north', 5)", 'memo, disk', topProducts, () => topProducts('north', 5));
// Last, so that its 1st call shows whether the queries above had to open it.
await time('openWarehouse()', 'singleton', openWarehouse, () => openWarehouse());

const best = (await salesByRegion(1))[0];
const top = topProducts('north', 5)[0];
console.log(JSON.stringify({ rows: ROWS, steps, answer: `${best.region} led year 2 with ${best.revenue.toLocaleString('en')} in revenue; north's top product: ${top.product}` }));
