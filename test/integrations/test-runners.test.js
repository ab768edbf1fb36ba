// Test runners as the README's testing guide sets them up: Vitest with
// memokit/vite, and node:test with memokit/register. Inside the runners' own tests:
// the memo body runs once per key, `_` parameters are not keyed, one singleton,
// clear() in afterEach starts each test cold, caches survive vi.resetModules, and
// stack lines point at the TypeScript source.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { appCopy, appsWork, linkPackages, toolchainsDir } from '../helpers/toolchains.js';

const VITEST_TESTS = `import { afterEach, expect, test, vi } from 'vitest';
import { clear, stats } from 'memokit';
import { loadSales, connect, calls, failing } from './data';

afterEach(() => clear());

test('the memo body runs once per region; _db is not part of the key', async () => {
  await loadSales('eu', { url: 'a' });
  await loadSales('eu', { url: 'b' });
  expect(calls.load).toBe(1);
  expect(stats(loadSales)).toEqual({ 'bundled-app/src/data.ts#loadSales': { kind: 'memo', hits: 1, stale: 0, misses: 1, entries: 1, bytes: expect.any(Number), computes: 1, computeMs: expect.any(Number), meanComputeMs: expect.any(Number), lastError: undefined } });
});

test('clear() in afterEach: the next test computes again', async () => {
  await loadSales('eu', { url: 'a' });
  expect(calls.load).toBe(2);
});

test('caches are process-wide: they survive vi.resetModules', async () => {
  await loadSales('us', { url: 'a' });
  vi.resetModules();
  const fresh = await import('./data');
  expect(fresh.loadSales).not.toBe(loadSales);
  await fresh.loadSales('us', { url: 'a' });
  expect(fresh.calls.load).toBe(0);
  expect(calls.load).toBe(3);
});

test('one singleton', () => {
  expect(connect()).toBe(connect());
});

test('stack lines point at the TypeScript source', () => {
  let stack = '';
  try { failing(-1); } catch (e) { stack = (e as Error).stack ?? ''; }
  expect(stack).toMatch(/data\\.ts:21:/);
});
`;

test('vitest run with memokit/vite', () => {
  const dir = appCopy('vitest');
  linkPackages(dir, ['vitest', 'vite']);
  writeFileSync(join(dir, 'vitest.config.mjs'), "import { defineConfig } from 'vitest/config';\nimport memokit from 'memokit/vite';\n\nexport default defineConfig({ plugins: [memokit()] });\n");
  writeFileSync(join(dir, 'src/data.test.ts'), VITEST_TESTS);
  const r = spawnSync(process.execPath, [join(toolchainsDir, 'node_modules/vitest/vitest.mjs'), 'run', '--no-color'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const output = r.stdout + r.stderr;
  assert.is(r.status, 0, output);
  assert.match(output, /Tests\s+5 passed \(5\)/, output);
});

const NODE_TESTS = `import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { clear, stats } from 'memokit';
import { loadSales, connect, calls, failing } from './data.js';

afterEach(() => clear());

test('the memo body runs once per region; _db is not part of the key', async () => {
  await loadSales('eu', { url: 'a' });
  await loadSales('eu', { url: 'b' });
  assert.equal(calls.load, 1);
  const { computeMs, meanComputeMs, bytes, ...counts } = stats(loadSales)['bundled-app/src/data.ts#loadSales'];
  assert.deepEqual(counts, { kind: 'memo', hits: 1, stale: 0, misses: 1, entries: 1, computes: 1, lastError: undefined });
  assert.ok(computeMs >= 0 && meanComputeMs === computeMs && bytes > 0);
});

test('clear() in afterEach: the next test computes again', async () => {
  await loadSales('eu', { url: 'a' });
  assert.equal(calls.load, 2);
});

test('one singleton', () => {
  assert.equal(connect(), connect());
});

test('stack lines point at the TypeScript source', () => {
  assert.throws(() => failing(-1), (e: Error) => /data\\.ts:21:/.test(e.stack ?? ''));
});
`;

test('node --import memokit/register --test', () => {
  const dir = appCopy('node-test');
  writeFileSync(join(dir, 'src/data.test.ts'), NODE_TESTS);
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--import', 'memokit/register', '--test', '--test-reporter=tap', 'src/data.test.ts'], { cwd: dir, encoding: 'utf8' });
  const output = r.stdout + r.stderr;
  assert.is(r.status, 0, output);
  assert.match(output, /# pass 4/, output);
  assert.match(output, /# fail 0/, output);
});

test.after(() => rmSync(appsWork, { recursive: true, force: true }));

test.run();
