#!/usr/bin/env node
// `npm run demo`: the report of examples/report, run three times in fresh Node
// processes through `node --import memokit/register` (TypeScript, no build step),
// on a temporary copy of the example that is a package of its own, so every demo
// starts from an empty cache (its package's node_modules/.cache/memokit):
//   run 1 computes everything, run 2 reads every query from disk, then `median()`
//   in stats.ts (imported by report.ts) is edited, and run 3 recomputes exactly the
//   query that reaches it. Every statement printed is derived from the runs' events.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ms = (n) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(1) : n.toFixed(2)) + ' ms';
const list = (names) => (names.length ? names.join(', ') : 'none');

const work = mkdtempSync(join(tmpdir(), 'memokit-demo-'));
cpSync(join(root, 'examples/report'), join(work, 'report'), { recursive: true });
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'memokit-demo', private: true, type: 'module' }));
mkdirSync(join(work, 'node_modules'));
symlinkSync(root, join(work, 'node_modules/memokit'), 'dir');
const env = { ...process.env };
delete env.MEMOKIT_CACHE_DIR; // the copy's own folder, whatever the shell says

const run = () => {
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--import', pathToFileURL(join(root, 'dist/register/index.js')).href, join(work, 'report/main.ts')], { cwd: work, encoding: 'utf8', env });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    rmSync(work, { recursive: true, force: true });
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
const queries = (r) => r.steps.filter((s) => s.cache.includes('disk'));
const firstCall = (r, event) => queries(r).filter((s) => s.events[0] === event).map((s) => s.step);

try {
  console.log(`memokit demo: a sales report over generated rows (examples/report, copied to ${work}, a package of its own)`);
  const first = run();
  print(`run 1: new process, empty cache (${first.rows.toLocaleString('en')} rows)`, first);
  const second = run();
  print('run 2: new process, same code: results read from disk', second);

  const stats = join(work, 'report/stats.ts');
  writeFileSync(stats, readFileSync(stats, 'utf8').replace('return sorted[sorted.length >> 1];', 'return sorted[(sorted.length - 1) >> 1]; // edited: the lower middle value'));
  const third = run();
  print('run 3: new process, after editing median() in stats.ts (imported by report.ts)', third);

  const total = (r, k) => queries(r).reduce((n, s) => n + s[k], 0);
  console.log('');
  console.log(`run 1 computed: ${list(firstCall(first, 'miss'))}; read from disk: ${list(firstCall(first, 'hit'))}`);
  console.log(`run 2 computed: ${list(firstCall(second, 'miss'))}; read from disk: ${list(firstCall(second, 'hit'))}`);
  if (!firstCall(second, 'miss').length) {
    const cold = total(first, 'cold');
    const disk = total(second, 'cold');
    console.log(`  the queries took ${ms(cold)} to compute in run 1 and ${ms(disk)} to read from disk in run 2 (${(cold / disk).toFixed(0)}x faster)`);
  }
  console.log(`run 3 computed: ${list(firstCall(third, 'miss'))}; read from disk: ${list(firstCall(third, 'hit'))}`);
  const reach = queries(third).filter((s) => s.step.startsWith('salesByRegion')).map((s) => s.step);
  console.log(list(firstCall(third, 'miss')) === list(reach)
    ? '  exactly the queries that reach median() recomputed: the edit changed their hash across the import; topProducts kept its own'
    : `  UNEXPECTED: the queries that reach median() are ${list(reach)}`);
  const warehouse = (r) => r.steps.at(-1).events[0];
  console.log(`the singleton (the ${first.rows.toLocaleString('en')}-row "warehouse") is built at most once per process and shared by reference;`);
  console.log(`asked for directly at the end, it was ${warehouse(first) === 'hit' ? 'already built' : 'built then'} in run 1 and ${warehouse(second) === 'hit' ? 'already built' : 'built only then'} in run 2${warehouse(second) === 'miss' ? ': no query needed it' : ''}`);
  console.log(third.answer);
} finally {
  rmSync(work, { recursive: true, force: true });
}
