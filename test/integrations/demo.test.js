// `npm run demo` (examples/run.js), the README's main job: two fresh processes
// through memokit/register; the second is served from disk (issue #5).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { root } from '../helpers/fixtures.js';

test('the demo computes in run 1 and reads every query from disk in run 2', () => {
  const cache = mkdtempSync(join(tmpdir(), 'memokit-demo-'));
  try {
    const r = spawnSync(process.execPath, [join(root, 'examples/run.js')], { cwd: root, encoding: 'utf8', env: { ...process.env, MEMOKIT_CACHE_DIR: cache } });
    assert.is(r.status, 0, r.stderr);
    const [run1, run2] = r.stdout.split('\nrun 2')
    const row = (text, step) => text.split('\n').find((l) => l.trim().startsWith(step));
    for (const step of ['salesByRegion(0)', 'salesByRegion(1)', "topProducts('north', 5)"]) {
      assert.match(row(run1, step), /miss, hit$/, step + ' run 1');
      assert.match(row(run2, step), /hit, hit$/, step + ' run 2');
    }
    assert.match(row(run1, 'openWarehouse()'), /hit, hit$/, 'run 1: the queries opened the warehouse');
    assert.match(row(run2, 'openWarehouse()'), /miss, hit$/, 'run 2: no query needed the warehouse');
    assert.match(r.stdout, /400,000 rows/);
    assert.match(r.stdout, /east led year 2 with [\d,]+ in revenue; north's top product: product-\d\d/);
    assert.equal(readdirSync(join(cache, 'memokit')).sort().filter((n) => n !== 'CACHEDIR.TAG').length, 2, 'one cache folder per persistent function, in MEMOKIT_CACHE_DIR/memokit');
    assert.equal(readdirSync(cache), ['memokit'], 'nothing else is written to MEMOKIT_CACHE_DIR');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test.run();
