// `node --import memokit/register` on the TypeScript scripts of
// fixtures/apps/node-ts, in a real Node process (issue #5): ES modules and
// CommonJS, types stripped, `./x.js` resolving to `./x.ts`, source-mapped stack
// traces, and a compile error as a non-zero exit with the code frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import Module from 'node:module';
import { root, fixturesDir } from '../helpers/fixtures.js';
import { linkPackages, toolchainBin } from '../helpers/toolchains.js';

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
  const { computeMs, meanComputeMs, ...counts } = out.stats['memokit/fixtures/apps/node-ts/legacy.cts#twice'];
  assert.equal(counts, { kind: 'memo', hits: 2, stale: 0, misses: 1, entries: 1, bytes: 9, computes: 1 }, 'lastError undefined: not in the JSON');
  assert.ok(computeMs >= 0 && meanComputeMs === computeMs);
  assert.is(out.helper, 2, 'the required .cjs helper was compiled too: double(2) and double(5) ran once each');
});

test('a compile error stops the program with its code, location and frame', () => {
  const r = node('bad.ts');
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'MK_BAD_OPTION_VALUE');
  assert.match(r.stderr, 'fixtures/apps/node-ts/bad.ts:2:3');
  assert.match(r.stderr, '> 2 |   "use memo ttl=10";');
  assert.match(r.stderr, 'Write a duration with a unit', 'the fix');
  assert.is(r.stderr.split('MK_BAD_OPTION_VALUE').length, 2, 'printed once:\n' + r.stderr);
  assert.not.match(r.stderr, /dist[\\/]|node:internal|file:\/\//, 'without internal frames:\n' + r.stderr);
});

test('persist=disk across runs: an edit of an imported helper recomputes; ids and the cache folder do not depend on the working directory', () => {
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/register-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop-app', type: 'module' }));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/memokit'), 'dir');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/helper.ts'), 'export function factor(): number { return 2; }\nexport function other(): number { return 1; }\n');
    writeFileSync(join(dir, 'src/main.ts'), [
      'import { factor } from "./helper.js";',
      'import { configure } from "memokit";',
      'const events: string[] = [];',
      'configure({ onEvent: (e) => (e.type === "hit" || e.type === "miss") && events.push(e.type + " " + e.id) });',
      'export async function price(p: number) { "use memo persist=disk"; return p * factor(); }',
      'console.log(JSON.stringify({ value: await price(10), events }));',
      '',
    ].join('\n'));
    const register = pathToFileURL(join(root, 'dist/register/index.js')).href;
    const run = (cwd) => {
      const r = spawnSync(process.execPath, ['--import', register, join(dir, 'src/main.ts')], { cwd, encoding: 'utf8', env: { ...process.env, MEMOKIT_CACHE_DIR: '' } });
      assert.is(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const id = 'shop-app/src/main.ts#price';
    assert.equal(run(dir), { value: 20, events: ['miss ' + id] });
    assert.ok(existsSync(join(dir, 'node_modules/.cache/memokit/CACHEDIR.TAG')), 'the cache folder is the package\'s');
    assert.equal(run(join(dir, 'src')), { value: 20, events: ['hit ' + id] }, 'another working directory: same id, same folder');
    writeFileSync(join(dir, 'src/helper.ts'), readFileSync(join(dir, 'src/helper.ts'), 'utf8').replace('return 1', 'return 7'));
    assert.equal(run(dir), { value: 20, events: ['hit ' + id] }, 'an unrelated edit of the helper file keeps the entry');
    writeFileSync(join(dir, 'src/helper.ts'), readFileSync(join(dir, 'src/helper.ts'), 'utf8').replace('return 2', 'return 3'));
    assert.equal(run(root), { value: 30, events: ['miss ' + id] }, 'the edited helper recomputes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Projects as people start them: `npm init -y` (which writes "type": "commonjs"), no
// package.json at all, .cts files written with import syntax, `node -r`, and tsx
// or ts-node in front. Each runs a memo function twice and reports how often its body ran.
const DATA = 'export const calls = { n: 0 };\nexport function price(p: number): number {\n  "use memo";\n  calls.n++;\n  return p * 2;\n}\n';
const SERVER = [
  'import http from "node:http";',
  'import { stats } from "memokit";',
  'import { price, calls } from "./data.js";',
  'price(2);',
  'console.log(JSON.stringify({ value: price(2), runs: calls.n, http: typeof http.createServer, sites: Object.keys(stats()) }));',
  '',
].join('\n');

/** A project folder: `files` written, memokit (and `links` from the toolchain project) linked into node_modules. */
function project(files, links = []) {
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/register-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  linkPackages(dir, links);
  return dir;
}

/** Runs `args` in `dir`; the JSON line the program printed. */
function runIn(dir, args, command = process.execPath) {
  const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.is(r.status, 0, `${args.join(' ')}\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const commonjsPackage = () => project({ 'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', main: 'index.js', type: 'commonjs' }), 'data.ts': DATA, 'server.ts': SERVER });
const expected = { value: 4, runs: 1, http: 'function', sites: ['shop/data.ts#price'] };

test('a "type": "commonjs" package with import syntax in .ts runs (as tsc and tsx compile it: to CommonJS)', () => {
  const dir = commonjsPackage();
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'server.ts']), expected);
  rmSync(dir, { recursive: true, force: true });
});

test('in a "type": "commonjs" package, the imports memokit and the JSX runtime add become require() too', () => {
  const dir = project({
    'package.json': JSON.stringify({ name: 'shop', type: 'commonjs' }),
    // No import, export or require of its own: only memokit's runtime import.
    'solo.ts': 'let runs = 0;\nfunction price(p: number): number {\n  "use memo";\n  runs++;\n  return p * 2;\n}\nprice(2);\nconsole.log(JSON.stringify({ value: price(2), runs }));\n',
    'view.tsx': 'let runs = 0;\nfunction label(n: number) {\n  "use memo";\n  runs++;\n  return <b>{n}</b>;\n}\nlabel(1);\nconsole.log(JSON.stringify({ tag: label(1).type, runs }));\n',
  }, ['react']);
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'solo.ts']), { value: 4, runs: 1 });
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'view.tsx']), { tag: 'b', runs: 1 });
  rmSync(dir, { recursive: true, force: true });
});

test('top-level await in a file that runs as CommonJS is a compile error with the way out', () => {
  const dir = commonjsPackage();
  writeFileSync(join(dir, 'main.ts'), 'async function load(n: number) { return n; }\nasync function inner() { return await load(1); }\nconst a = await load(2);\nconsole.log(a);\n');
  const r = spawnSync(process.execPath, ['--import', 'memokit/register', 'main.ts'], { cwd: dir, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'MK_COMMONJS_TOP_LEVEL_AWAIT');
  assert.match(r.stderr, 'main.ts:3:11', 'the await outside any function, not the one in inner()');
  assert.match(r.stderr, 'Rename the file to .mts');
  rmSync(dir, { recursive: true, force: true });
});

test('top-level for await and await using in a CommonJS file are refused too; awaits inside functions are not', () => {
  const dir = commonjsPackage();
  writeFileSync(join(dir, 'loop.ts'), 'async function* g() { yield 1; }\nfor await (const x of g()) console.log(x);\n');
  writeFileSync(join(dir, 'using.ts'), 'const r = { async [Symbol.asyncDispose]() {} };\n{\n  await using x = r;\n}\n');
  writeFileSync(join(dir, 'inner.ts'), 'class A { static { const f = async () => { for await (const x of []) void x; }; void f; } }\nconst o = { async m() { await 1; } };\nvoid A; void o;\nconsole.log(JSON.stringify({ ok: true }));\n');
  for (const [file, at] of [['loop.ts', 'loop.ts:2:1'], ['using.ts', 'using.ts:3:3']]) {
    const r = spawnSync(process.execPath, ['--import', 'memokit/register', file], { cwd: dir, encoding: 'utf8' });
    assert.is.not(r.status, 0, file);
    assert.match(r.stderr, 'MK_COMMONJS_TOP_LEVEL_AWAIT', file + '\n' + r.stderr);
    assert.match(r.stderr, at);
  }
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'inner.ts']), { ok: true });
  rmSync(dir, { recursive: true, force: true });
});

test('import attributes survive (JSON modules from TypeScript)', () => {
  const dir = project({ 'package.json': JSON.stringify({ name: 'shop', type: 'module' }), 'data.json': '{ "rate": 3 }', 'main.ts': 'import data from "./data.json" with { type: "json" };\nfunction price(p: number): number {\n  "use memo";\n  return p * data.rate;\n}\nconsole.log(JSON.stringify({ value: price(2) }));\n' });
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'main.ts']), { value: 6 });
  rmSync(dir, { recursive: true, force: true });
});

test('format detection reads TypeScript as Node runs it: type-only imports and import = require() are not module syntax', () => {
  const dir = project({
    'package.json': JSON.stringify({ name: 'shop' }),
    'types.ts': 'export interface Rate { value: number }\n',
    'main.ts': 'import type { Rate } from "./types";\nconst path = require("node:path");\nconst rate: Rate = { value: 2 };\nconsole.log(JSON.stringify({ sep: path.sep, rate: rate.value }));\n',
    'eq.ts': 'import path = require("node:path");\nfunction twice(n: number): number {\n  "use memo";\n  return n * 2;\n}\nconsole.log(JSON.stringify({ sep: path.sep, value: twice(2) }));\n',
  });
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'main.ts']), { sep: '/', rate: 2 });
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'eq.ts']), { sep: '/', value: 4 });
  rmSync(dir, { recursive: true, force: true });
});

test('a plain CommonJS .js with a directive keeps its lines and its sloppy mode (no second compile)', () => {
  const dir = project({
    'package.json': JSON.stringify({ name: 'shop', type: 'commonjs' }),
    'main.js': 'const fs = require("node:fs");\nfunction where(n) {\n  "use memo";\n  undeclared = n; // sloppy mode: an implicit global\n  return new Error("here").stack.split("\\n")[1];\n}\nconsole.log(JSON.stringify({ at: where(1), fs: typeof fs.readFileSync, global: globalThis.undeclared }));\n',
  });
  const out = runIn(dir, ['--import', 'memokit/register', 'main.js']);
  assert.match(out.at, /main\.js:5:/, 'the stack line is the source line without source maps: ' + out.at);
  assert.is(out.global, 1);
  rmSync(dir, { recursive: true, force: true });
});

test('a syntax error in a file without a directive is printed once, like a compile error', () => {
  const dir = commonjsPackage();
  writeFileSync(join(dir, 'broken.ts'), 'const x: number = ;\n');
  const r = spawnSync(process.execPath, ['--import', 'memokit/register', 'broken.ts'], { cwd: dir, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'broken.ts:1:');
  assert.match(r.stderr, '> 1 | const x: number = ;');
  assert.not.match(r.stderr, /dist[\\/]|node:internal|file:\/\//, 'without internal frames:\n' + r.stderr);
  rmSync(dir, { recursive: true, force: true });
});

test('node -r memokit/register runs the program, in ES module and CommonJS packages', () => {
  const cjs = commonjsPackage();
  assert.equal(runIn(cjs, ['-r', 'memokit/register', 'server.ts']), expected);
  const esm = project({ 'package.json': JSON.stringify({ name: 'shop', type: 'module' }), 'data.ts': DATA, 'server.ts': SERVER });
  assert.equal(runIn(esm, ['-r', 'memokit/register', 'server.ts']), expected);
  rmSync(cjs, { recursive: true, force: true });
  rmSync(esm, { recursive: true, force: true });
});

test('a folder without package.json: ES module .js and .ts run as Node detects them', () => {
  // Outside this repository, so that no package.json is above it.
  const dir = mkdtempSync(join(tmpdir(), 'memokit-nopkg-'));
  try {
    assert.ok(!existsSync(join(tmpdir(), 'package.json')) && !existsSync('/package.json'), 'no package.json above the folder');
    writeFileSync(join(dir, 'data.js'), 'export const calls = { n: 0 };\nexport function price(p) {\n  "use memo";\n  calls.n++;\n  return p * 2;\n}\n');
    writeFileSync(join(dir, 'server.js'), SERVER);
    writeFileSync(join(dir, 'data.ts'), DATA);
    writeFileSync(join(dir, 'main.ts'), SERVER);
    writeFileSync(join(dir, 'old.js'), 'const { price, calls } = require("./old-data.js");\nprice(3);\nconsole.log(JSON.stringify({ value: price(3), runs: calls.n }));\n');
    writeFileSync(join(dir, 'old-data.js'), 'const calls = { n: 0 };\nfunction price(p) {\n  "use memo";\n  calls.n++;\n  return p * 2;\n}\nmodule.exports = { price, calls };\n');
    linkPackages(dir);
    const plain = spawnSync(process.execPath, ['server.js'], { cwd: dir, encoding: 'utf8' });
    assert.is(plain.status, 0, 'node server.js runs it (module detection): ' + plain.stderr);
    assert.equal(runIn(dir, ['--import', 'memokit/register', 'server.js']).runs, 1);
    assert.equal(runIn(dir, ['--import', 'memokit/register', 'main.ts']).runs, 1);
    assert.equal(runIn(dir, ['--import', 'memokit/register', 'old.js']), { value: 6, runs: 1 }, 'CommonJS without package.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('.cts written with import/export is compiled to CommonJS, and require() of it works', () => {
  const dir = project({
    'package.json': JSON.stringify({ name: 'shop', type: 'module' }),
    'data.cts': DATA,
    'main.cts': SERVER.replace('"./data.js"', '"./data.cjs"'),
    'entry.mjs': 'import { createRequire } from "node:module";\nconst { price, calls } = createRequire(import.meta.url)("./data.cts");\nprice(5);\nconsole.log(JSON.stringify({ value: price(5), runs: calls.n }));\n',
  });
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'main.cts']), { ...expected, sites: ['shop/data.cts#price'] });
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'entry.mjs']), { value: 10, runs: 1 });
  // From an ES module: a default import everywhere; named imports where Node has in-thread hooks (22.15+).
  writeFileSync(join(dir, 'default.mjs'), 'import data from "./data.cjs";\ndata.price(5);\nconsole.log(JSON.stringify({ value: data.price(5), runs: data.calls.n }));\n');
  assert.equal(runIn(dir, ['--import', 'memokit/register', 'default.mjs']), { value: 10, runs: 1 });
  if (typeof Module.registerHooks === 'function') {
    writeFileSync(join(dir, 'named.mjs'), 'import { price, calls } from "./data.cjs";\nprice(5);\nconsole.log(JSON.stringify({ value: price(5), runs: calls.n }));\n');
    assert.equal(runIn(dir, ['--import', 'memokit/register', 'named.mjs']), { value: 10, runs: 1 });
  }
  rmSync(dir, { recursive: true, force: true });
});

for (const type of ['module', 'commonjs']) {
  test(`with tsx and ts-node in front ("type": "${type}"): memokit/register last`, () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'shop', type }), 'data.ts': DATA, 'server.ts': SERVER }, ['tsx', 'ts-node', 'typescript', '@types/node']);
    assert.equal(runIn(dir, ['--import', 'tsx', '--import', 'memokit/register', 'server.ts']), expected, 'node --import tsx --import memokit/register');
    assert.equal(runIn(dir, [toolchainBin('tsx'), '--import', 'memokit/register', 'server.ts']), expected, 'tsx --import memokit/register');
    assert.equal(runIn(dir, ['--no-warnings', '--loader', 'ts-node/esm', '--import', 'memokit/register', 'server.ts']), expected, 'node --loader ts-node/esm --import memokit/register');
    if (type === 'commonjs') {
      // ts-node's CommonJS mode: its require hook in front of memokit's, or its CLI.
      assert.equal(runIn(dir, ['-r', 'ts-node/register', '--import', 'memokit/register', 'server.ts']), expected, 'node -r ts-node/register --import memokit/register');
      const r = spawnSync(toolchainBin('ts-node'), ['server.ts'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--no-warnings --import memokit/register' } });
      assert.is(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()), expected, 'NODE_OPTIONS="--import memokit/register" ts-node');
    }
    if (type === 'module') {
      const r = spawnSync(toolchainBin('ts-node'), ['--esm', 'server.ts'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--no-warnings --import memokit/register' } });
      assert.is(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()), expected, 'NODE_OPTIONS="--import memokit/register" ts-node --esm');
    }
    rmSync(dir, { recursive: true, force: true });
  });
}

test.run();
