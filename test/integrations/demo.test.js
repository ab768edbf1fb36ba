// `npm run demo` (examples/run.js), the README's main job: two fresh processes
// through memokit/register; the second is served from disk (issue #5).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { root } from '../helpers/fixtures.js';

/** The demo's output, and the table row of one step in one run's section. */
const demo = () => {
  const r = spawnSync(process.execPath, [join(root, 'examples/run.js')], { cwd: root, encoding: 'utf8', env: { ...process.env, MEMOKIT_CACHE_DIR: join(tmpdir(), 'memokit-demo-ignored') } });
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
};
const row = (text, step) => text.split('\n').find((l) => l.trim().startsWith(step));

test('the demo computes in run 1, reads every query from disk in run 2, and after an edit in another module recomputes exactly what reaches it', () => {
  const out = demo();
  const copy = out.match(/copied to (\S+), a package of its own/)[1];
  const [, run1, run2, run3] = out.split(/\nrun \d: /);
  for (const step of ['salesByRegion(0)', 'salesByRegion(1)', "topProducts('north', 5)"]) {
    assert.match(row(run1, step), /miss, hit$/, step + ' run 1');
    assert.match(row(run2, step), /hit, hit$/, step + ' run 2');
  }
  assert.match(row(run3, 'salesByRegion(0)'), /miss, hit$/, 'run 3: salesByRegion reaches the edited median()');
  assert.match(row(run3, 'salesByRegion(1)'), /miss, hit$/);
  assert.match(row(run3, "topProducts('north', 5)"), /hit, hit$/, 'run 3: topProducts does not reach it');
  assert.match(row(run1, 'openWarehouse()'), /hit, hit$/, 'run 1: the queries opened the warehouse');
  assert.match(row(run2, 'openWarehouse()'), /miss, hit$/, 'run 2: no query needed the warehouse');
  assert.match(out, /400,000 rows/);
  assert.match(out, "run 3 computed: salesByRegion(0), salesByRegion(1); read from disk: topProducts('north', 5)\n  exactly the queries that reach median() recomputed");
  assert.match(out, /east led year 2 with [\d,]+ in revenue; north's top product: product-\d\d/);
  assert.not.match(out, 'UNEXPECTED');
  assert.ok(copy.startsWith(tmpdir()) && !existsSync(copy), 'the temporary copy is removed');
});

test('a second demo in a row prints the same statements: each starts from an empty cache of its own', () => {
  const statements = (text) => text.split('\n').filter((l) => /^(run \d|  the queries|asked for)/.test(l)).map((l) => l.replace(/[\d.]+ ms/g, 'T').replace(/\d+x faster/, 'Nx faster'));
  assert.equal(statements(demo()), statements(demo()));
});

test.run();
