#!/usr/bin/env node
// `npm run demo`: the report of examples/report, run twice in fresh Node processes
// through `node --import memokit/register` (TypeScript, no build step). The first run
// starts from an empty cache; the second is served from disk
// (node_modules/.cache/memokit). Prints cold and warm time and hit/miss per step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ms = (n) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(1) : n.toFixed(2)) + ' ms';

const run = (fresh) => {
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--import', 'memokit/register', 'examples/report/main.ts', ...(fresh ? ['--fresh'] : [])], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(r.status ?? 1);
  }
  return JSON.parse(r.stdout);
};

const print = (title, result) => {
  console.log(`\n${title}`);
  console.log(`  ${'step'.padEnd(26)}${'cache'.padEnd(12)}${'1st call'.padStart(11)}${'2nd call'.padStart(11)}   hit/miss`);
  for (const s of result.steps) {
    console.log(`  ${s.step.padEnd(26)}${s.cache.padEnd(12)}${ms(s.cold).padStart(11)}${ms(s.warm).padStart(11)}   ${s.events.join(', ') || '-'}`);
  }
};

console.log('memokit demo: a sales report over generated rows (examples/report)');
const first = run(true);
print(`run 1: new process, empty cache (${first.rows.toLocaleString('en')} rows)`, first);
const second = run(false);
print('run 2: new process, results read from disk', second);

const total = (r, k) => r.steps.filter((s) => s.cache.includes('disk')).reduce((n, s) => n + s[k], 0);
const cold = total(first, 'cold');
const disk = total(second, 'cold');
console.log(`\nthe three queries: ${ms(cold)} computed in run 1, ${ms(disk)} read from disk in run 2 (${(cold / disk).toFixed(0)}x faster)`);
console.log('the singleton (the 400,000-row "warehouse") is built at most once per process and shared by reference;');
console.log(`run 2 built it only when asked for it directly (${second.steps.at(-1).events.join(', ')}): no query needed it`);
console.log(first.answer);
