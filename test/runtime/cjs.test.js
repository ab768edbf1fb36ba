// The CommonJS copy of the runtime (`require("memokit")`, for Jest and other
// CommonJS loaders) and the ES module copy in one process share every cache:
// functions compiled for either copy are seen, counted, invalidated and cleared
// through the other.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as esm from 'memokit';
import { transform } from 'memokit/swc';
import { root } from '../helpers/fixtures.js';

const require = createRequire(import.meta.url);
const cjs = require('memokit');

/** Compiles `source` as the CommonJS file `name` and runs it with the real require: its exports. */
function loadCommonJS(name, source) {
  const filename = join(root, 'fixtures/apps', name);
  const { code } = transform(source, { filename });
  assert.match(code, 'require("memokit")', 'compiled for the CommonJS copy');
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports;
}

test('require("memokit") is a CommonJS copy', () => {
  assert.ok(require.resolve('memokit').endsWith('node.cjs'));
  assert.is.not(cjs.memo, esm.memo, 'two copies of the code');
});

test('the CommonJS files are strict, and the browser one needs no Node built-in', () => {
  for (const entry of ['memokit', 'memokit/fs', 'memokit/redis', 'memokit/lmdb']) {
    assert.ok(readFileSync(require.resolve(entry), 'utf8').startsWith('"use strict";'), entry + ' starts with "use strict"');
  }
  const browser = join(root, 'dist/runtime/index.cjs');
  assert.ok(readFileSync(browser, 'utf8').startsWith('"use strict";'));
  assert.not.match(readFileSync(browser, 'utf8'), /require\("node:/, 'the browser CommonJS copy loads no Node built-in');
});

test('one registry: stats, invalidate and clear of either copy reach sites of the other', async () => {
  const mod = loadCommonJS('shared.cjs', 'let runs = 0;\nfunction square(n) { "use memo"; runs++; return n * n; }\nmodule.exports = { square, runs: () => runs };\n');
  const id = 'memokit/fixtures/apps/shared.cjs#square';
  assert.is(mod.square(3), 9);
  assert.is(mod.square(3), 9);
  assert.is(mod.runs(), 1);
  const { computeMs, meanComputeMs, ...counts } = esm.stats(mod.square)[id];
  assert.equal(counts, { kind: 'memo', hits: 1, stale: 0, misses: 1, entries: 1, bytes: 9, computes: 1, lastError: undefined }, 'the ES module copy sees the CommonJS site');
  assert.ok(computeMs >= 0 && meanComputeMs === computeMs);
  assert.is(esm.invalidate(mod.square, 3), true, 'the ES module copy invalidates it');
  assert.is(mod.square(3), 9);
  assert.is(mod.runs(), 2);
  assert.is(cjs.invalidate(mod.square, 3), true, 'and so does its own copy');
  await esm.clear();
  assert.equal(cjs.stats(mod.square), { [id]: { kind: 'memo', hits: 0, stale: 0, misses: 0, entries: 0, bytes: 0, computes: 0, computeMs: 0, meanComputeMs: 0, lastError: undefined } }, 'clear() of one copy empties the other\'s sites');
  mod.square(3);
  assert.is(mod.runs(), 3);
});

test('a site created by one copy is found by the other (same id: one cache)', () => {
  let runs = 0;
  const desc = { id: 'test/cjs#double', hash: 'h1', keys: ['n'] };
  const viaEsm = esm.memo(desc);
  const viaCjs = cjs.memo(desc);
  const body = (n) => () => (runs++, n * 2);
  assert.is(viaEsm.call(undefined, [4], body(4)), 8);
  assert.is(viaCjs.call(undefined, [4], body(4)), 8);
  assert.is(runs, 1, 'the CommonJS copy hit the entry the ES module copy stored');
});

test('a function compiled for each copy (two bundles of one app) shares its entries, of every kind', async () => {
  for (const extra of [{}, { ttl: 60_000 }, { tags: ['t'] }, { max: 2 }]) {
    const desc = { id: 'test/two-bundles.js#load' + JSON.stringify(extra), hash: 'h', keys: ['x'], ...extra };
    let runs = 0;
    const body = (x) => () => (runs++, { x, rows: [x] });
    const [a, b] = [esm, cjs].map((copy) => {
      let site;
      return (x) => (site ||= copy.memo(desc)).call(void 0, [x], body(x));
    });
    assert.equal(a(1), { x: 1, rows: [1] });
    assert.equal(b(1), { x: 1, rows: [1] }, 'the other copy hits the value, whatever form its entry has: ' + JSON.stringify(extra));
    const async = [esm, cjs].map((copy) => {
      let site;
      return (x) => (site ||= copy.memo({ ...desc, id: desc.id + 'async' })).call(void 0, [x], async () => (runs++, x));
    });
    assert.is(await async[0](2), 2);
    assert.is(await async[1](2), 2);
    assert.is(runs, 2);
  }
});

test('the CommonJS copy alone (a Jest process) has request scopes and the debug log', () => {
  const program = `
    const { memo, withRequestScope } = require('memokit');
    let site, runs = 0;
    const user = (id) => (site ||= memo({ id: 'cjs.js#user', hash: 'h', keys: ['id'], scope: 'request' })).call(void 0, [id], () => ++runs);
    const seen = [withRequestScope(() => [user('a'), user('a')]), withRequestScope(() => user('a'))];
    process.stdout.write(JSON.stringify({ seen, runs }));`;
  const r = spawnSync(process.execPath, ['-e', program], { cwd: root, encoding: 'utf8', env: { ...process.env, MEMOKIT_DEBUG: '1' } });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), { seen: [[1, 1], 2], runs: 2 });
  assert.is(r.stderr.trim().split('\n').length, 3, 'miss, hit, miss: ' + r.stderr);
});

test.run();
