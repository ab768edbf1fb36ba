// The memokit command, spawned as users run it (issue #5): transform prints exactly
// what the engines produce, ls lists a project's functions, and bad input follows
// Unix conventions (message on stderr; exit 1 for a failed file, 2 for misuse).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { analyze } from 'memokit/swc';
import { root, fixturesDir } from '../helpers/fixtures.js';

const bin = join(root, 'dist/cli/index.js');
const cli = (...args) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
const fixture = (name, file) => join('fixtures', name, file);

test('package.json names the command', () => {
  assert.equal(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin, { memokit: 'dist/cli/index.js' });
  assert.ok(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'));
});

test('transform prints what each engine emits', () => {
  for (const [engine, out] of [['swc', 'output.swc.js'], ['babel', 'output.babel.js']]) {
    const r = cli('transform', fixture('function-declaration', 'input.js'), '--engine', engine, '--root', '.');
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, readFileSync(join(fixturesDir, 'function-declaration', out), 'utf8'), engine);
  }
  const plain = cli('transform', fixture('no-directive', 'input.js'));
  assert.is(plain.status, 0);
  assert.is(plain.stdout, readFileSync(join(fixturesDir, 'no-directive', 'input.js'), 'utf8'), 'a file without directives is printed as it is');
});

test('transform: a missing file, a syntax error and a compile error exit 1 with a message', () => {
  const missing = cli('transform', 'src/nope.ts');
  assert.equal([missing.status, missing.stdout, missing.stderr], [1, '', 'memokit: src/nope.ts: No such file or directory\n']);
  const syntax = cli('transform', fixture('error-syntax', 'input.js'));
  assert.is(syntax.status, 1);
  assert.match(syntax.stderr, 'fixtures/error-syntax/input.js');
  assert.match(syntax.stderr, '> 3 |   return x +;');
  const compile = cli('transform', fixture('error-bad-ttl', 'input.js'), '--engine', 'babel');
  assert.is(compile.status, 1);
  assert.match(compile.stderr, /^memokit MK_BAD_OPTION_VALUE: /);
  assert.match(compile.stderr, /\n> \d+ \|/, 'code frame');
});

test('misuse exits 2 with the usage', () => {
  for (const args of [[], ['frob'], ['transform'], ['transform', 'a.js', 'b.js'], ['transform', 'a.js', '--engine', 'tsc'], ['ls', '--colour'], ['transform', 'a.js', '--json']]) {
    const r = cli(...args);
    assert.is(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^memokit: .+\nUsage:/, args.join(' '));
  }
  const help = cli('--help');
  assert.equal([help.status, help.stdout.startsWith('Usage:')], [0, true]);
  const version = cli('--version');
  assert.is(version.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});

test('ls lists id, kind, keys, captured, options and hash', () => {
  const r = cli('ls', 'fixtures/apps/basic');
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^ID\s+KIND\s+KEYS\s+CAPTURED\s+OPTIONS\s+HASH$/);
  // Ids by package: memokit's own package.json is the nearest one with a name.
  const sites = analyze(readFileSync(join(fixturesDir, 'apps/basic/src/data.js'), 'utf8'), { filename: join(fixturesDir, 'apps/basic/src/data.js') });
  assert.is(lines.length, sites.length + 2);
  const load = lines.find((l) => l.startsWith('memokit/fixtures/apps/basic/src/data.js#loadSales'));
  assert.equal(load.split(/\s+/), ['memokit/fixtures/apps/basic/src/data.js#loadSales', 'memo', 'region', '-', 'ttl=10m', sites.find((s) => s.id.endsWith('#loadSales')).hash]);
  assert.is(lines.at(-1), '3 functions in 2 files');
  const json = cli('ls', 'fixtures/apps/basic', '--json', '--engine', 'babel');
  assert.equal(JSON.parse(json.stdout), sites, '--json gives what analyze() gives, on either engine');
});

test('ls prints options as a directive writes them: durations and sizes with units', () => {
  const r = cli('ls', 'fixtures/memo-bounds-cacheif');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /\smaxBytes=2kb cacheIf=hasRows\s/);
  const swr = cli('ls', 'fixtures/memo-swr-tags');
  assert.is(swr.status, 0, swr.stderr);
  assert.match(swr.stdout, /\sttl=40ms swr=10s tags=prices\s/);
});

test('ls --deps lists what each hash covers beyond its file; imports that do not resolve are always named', () => {
  const r = cli('ls', 'fixtures/apps/deps', '--deps');
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const under = (id) => lines[lines.findIndex((l) => l.startsWith(id)) + 1];
  assert.is(under('memokit/fixtures/apps/deps/src/data.js#loadSales'), '    files      memokit/fixtures/apps/deps/src/helper.js');
  assert.is(under('memokit/fixtures/apps/deps/src/data.js#connect'), '    files      memokit/fixtures/apps/deps/src/config.js');
  const json = JSON.parse(cli('ls', 'fixtures/apps/deps', '--json').stdout);
  assert.equal(json.find((s) => s.id.endsWith('#loadSales')).dependencies, { files: ['memokit/fixtures/apps/deps/src/helper.js'], packages: [], builtins: [], unresolved: [], unkeyed: [] });
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/ls-'));
  try {
    writeFileSync(join(dir, 'a.js'), 'import { rate } from "./nowhere.js";\nexport function f(x) { "use memo"; return x * rate; }\n');
    const missing = cli('ls', dir, '--root', dir);
    assert.is(missing.status, 0, missing.stderr);
    assert.match(missing.stdout, 'imports not followed (hashed by specifier; an edit behind them does not invalidate):\n    a.js#f: ./nowhere.js\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ls reports failing files, goes on, and exits 1', () => {
  const r = cli('ls', 'fixtures/apps');
  assert.is(r.status, 1);
  assert.match(r.stderr, 'fixtures/apps/error/src/main.js:2:3');
  assert.match(r.stderr, 'fixtures/apps/node-ts/bad.ts:2:3');
  assert.match(r.stdout, 'memokit/fixtures/apps/node-ts/data.ts#loadSales');
  assert.match(r.stdout, /functions in \d+ files, 2 failed\n$/);
  const missing = cli('ls', 'nowhere');
  assert.equal([missing.status, missing.stderr], [1, 'memokit: nowhere: No such file or directory\n']);
});

test.run();
