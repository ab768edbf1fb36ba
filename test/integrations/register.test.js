// `node --import memokit/register` on the TypeScript scripts of
// fixtures/apps/node-ts, in a real Node process (issue #5): ES modules and
// CommonJS, types stripped, `./x.js` resolving to `./x.ts`, source-mapped stack
// traces, and a compile error as a non-zero exit with the code frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root, fixturesDir } from '../helpers/fixtures.js';

const app = join(fixturesDir, 'apps/node-ts');
const node = (file, flags = []) => spawnSync(process.execPath, [...flags, '--import', 'memokit/register', join(app, file)], { cwd: root, encoding: 'utf8' });

test('an ES module TypeScript program runs with memo and singleton compiled', () => {
  const r = node('main.ts', ['--enable-source-maps']);
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rows, [{ region: 'eu', total: 200 }, { region: 'us', total: 200 }, { region: 'eu', total: 200 }]);
  assert.is(out.same, true, 'one singleton instance');
  assert.equal(out.calls, { load: 2, connect: 1 }, 'concurrent calls with one key share one computation');
  assert.equal(out.sites, ['memokit/fixtures/apps/node-ts/data.ts#connect', 'memokit/fixtures/apps/node-ts/data.ts#failing', 'memokit/fixtures/apps/node-ts/data.ts#loadSales'], 'ids by package: memokit/ and the path from its package.json');
  assert.match(out.stack, /node-ts[\\/]data\.ts:19:/, 'the stack trace points at the TypeScript line');
});

test('CommonJS TypeScript and plain CommonJS are compiled through the CommonJS loader', () => {
  const r = node('legacy.cts');
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.value, 4);
  assert.equal(out.stats, { 'memokit/fixtures/apps/node-ts/legacy.cts#twice': { kind: 'memo', hits: 2, misses: 1, entries: 1 } });
  assert.is(out.helper, 2, 'the required .cjs helper was compiled too: double(2) and double(5) ran once each');
});

test('a compile error stops the program with its code, location and frame', () => {
  const r = node('bad.ts');
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'MK_BAD_OPTION_VALUE');
  assert.match(r.stderr, 'fixtures/apps/node-ts/bad.ts:2:3');
  assert.match(r.stderr, '> 2 |   "use memo ttl=10";');
});

test.run();
