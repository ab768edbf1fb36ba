// Jest 30 with babel-jest and memokit/babel, set up as the README's recipe says:
// no transformIgnorePatterns, no ESM mode, memokit installed from its tarball. The
// compiled test files require the CommonJS entries of the runtime and memokit/fs; caching, `_` parameters, singletons, clear() in
// afterEach and source-mapped stack lines are checked inside the Jest tests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { appCopy, appsWork, installPacked, linkPackages, toolchainsDir } from '../helpers/toolchains.js';

const jest = join(toolchainsDir, 'node_modules/jest/bin/jest.js');

const TESTS = `import { clear, configure, stats } from 'memokit';
import { fsStore } from 'memokit/fs';
import { loadSales, connect, calls, failing } from './data';

afterEach(() => clear());

test('the CommonJS entries are the ones Jest loads', () => {
  expect(require.resolve('memokit')).toMatch(/node_modules[\\/]memokit[\\/]dist[\\/]runtime[\\/]node\\.cjs$/);
  expect(typeof fsStore).toBe('function');
  configure({ stores: { disk: fsStore({ dir: __dirname + '/../.cache' }) } });
});

test('the memo body runs once per region; _db is not part of the key', async () => {
  const first = await loadSales('eu', { url: 'a' });
  const second = await loadSales('eu', { url: 'b' });
  expect(second).toEqual(first);
  expect(second).not.toBe(first);
  expect(calls.load).toBe(1);
  expect(stats(loadSales)).toEqual({ 'bundled-app/src/data.ts#loadSales': { kind: 'memo', hits: 1, stale: 0, misses: 1, entries: 1, bytes: expect.any(Number), computes: 1, computeMs: expect.any(Number), meanComputeMs: expect.any(Number), lastError: undefined } });
});

test('clear() in afterEach: the next test computes again', async () => {
  await loadSales('eu', { url: 'a' });
  expect(calls.load).toBe(2);
});

test('one singleton', () => {
  expect(connect()).toBe(connect());
  expect(calls.connect).toBe(1);
});

test('stack lines point at the TypeScript source', () => {
  let stack = '';
  try { failing(-1); } catch (e) { stack = (e as Error).stack ?? ''; }
  expect(stack).toMatch(/data\\.ts:21:/);
});
`;

test('jest + babel-jest + memokit/babel, without transformIgnorePatterns', () => {
  const dir = appCopy('jest');
  // An ordinary CommonJS project: npm init writes "type": "commonjs".
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bundled-app', private: true, type: 'commonjs' }));
  // memokit from its tarball, inside node_modules: Jest leaves it untransformed, so only the require entries can load it.
  rmSync(join(dir, 'node_modules/memokit'));
  installPacked(dir);
  linkPackages(dir, ['@babel/preset-env', '@babel/preset-typescript'], { memokit: false });
  writeFileSync(join(dir, 'babel.config.js'), `module.exports = {
  plugins: ['memokit/babel'],
  presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
};
`);
  writeFileSync(join(dir, 'src/data.test.ts'), TESTS);
  rmSync(join(dir, 'src/main.ts'));
  const r = spawnSync(process.execPath, [jest, '--ci', '--no-cache', '--colors=false'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const output = r.stdout + r.stderr;
  assert.is(r.status, 0, output);
  assert.match(output, /Tests:\s+5 passed, 5 total/, output);
});

test.after(() => rmSync(appsWork, { recursive: true, force: true }));

test.run();
