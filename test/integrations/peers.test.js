// A project that lacks an optional peer dependency gets an error that names the
// package, what needs it and the install command: memokit copied into a folder
// outside this repository, with its own dependencies and without @swc/core,
// @babel/core, ioredis or lmdb.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'memokit-peers-'));
const installed = join(dir, 'node_modules/memokit');
mkdirSync(installed, { recursive: true });
cpSync(join(root, 'dist'), join(installed, 'dist'), { recursive: true });
cpSync(join(root, 'package.json'), join(installed, 'package.json'));
for (const name of Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies)) {
  mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
}

function run(script) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
}

const CODE = JSON.stringify('export function f(a) { "use memo"; return a; }');

test('memokit/swc without @swc/core', () => {
  const r = run(`import { transform } from 'memokit/swc'; transform(${CODE}, { filename: ${JSON.stringify(join(dir, 'a.js'))} });`);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'memokit: @swc/core is not installed');
  assert.match(r.stderr, 'npm install --save-dev @swc/core');
  assert.match(r.stderr, 'engine: "babel"');
});

test('engine: "babel" without @babel/core', () => {
  const r = run(`import memokit from 'memokit/rollup'; await memokit({ engine: 'babel' }).transform.call({}, ${CODE}, ${JSON.stringify(join(dir, 'a.js'))});`);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'memokit: @babel/core is not installed');
  assert.match(r.stderr, 'npm install --save-dev @babel/core');
});

test('redisStore({ url }) without ioredis', () => {
  const r = run(`import { redisStore } from 'memokit/redis'; const s = redisStore({ url: 'redis://127.0.0.1:1' }); await s.get({ site: 's', hash: 'h', key: 'k' });`);
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'memokit: ioredis is not installed');
  assert.match(r.stderr, 'redisStore({ client })');
});

test('persist=lmdb and lmdbStore() without lmdb: a store failure naming the package; persist=disk and clear() unaffected', () => {
  const r = run(`import { memo, clear, configure } from 'memokit';
    import { lmdbStore } from 'memokit/lmdb';
    const errors = [];
    configure({ onEvent: (e) => e.type === 'error' && errors.push(e.error.message) });
    console.warn = () => {};
    const f = (n) => memo({ id: 'peers.js#f', hash: 'h', keys: ['n'], persist: 'lmdb' }).call(undefined, [n], () => n * 2);
    await clear(); // reaches the built-in stores; the LMDB one has no folder, so needs no package
    const value = f(2);
    let thrown;
    try { lmdbStore({ dir: ${JSON.stringify(join(dir, 'cache'))} }).setSync({ site: 's', hash: 'h', key: 'k' }, { value: 1, created: 0, expires: 0, hash: 'h' }, {}); } catch (e) { thrown = e.code + ' ' + e.message; }
    console.log(JSON.stringify({ value, errors, thrown }));`);
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.value, 4, 'computed without the store');
  assert.match(out.errors[0], 'memokit: lmdb is not installed');
  assert.match(out.errors[0], 'npm install lmdb');
  assert.match(out.thrown, /^MK_MISSING_PEER memokit: lmdb is not installed/);
});

test('memokit/register without @swc/core: the message, once, and a non-zero exit', () => {
  writeFileSync(join(dir, 'app.ts'), 'export const x: number = 1;\nconsole.log(x);\n');
  const r = spawnSync(process.execPath, ['--import', 'memokit/register', 'app.ts'], { cwd: dir, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'memokit: @swc/core is not installed');
  assert.is(r.stderr.split('is not installed').length, 2, 'printed once:\n' + r.stderr);
  assert.not.match(r.stderr, /node:internal|file:\/\//, 'without internal frames:\n' + r.stderr);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
