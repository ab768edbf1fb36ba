// Bun (the `bun` npm package of the toolchain project) with memokit/bun, the way
// its README recipe sets it up: a preload with Bun.plugin for `bun run` and
// `bun test` (bunfig.toml), and `plugins: [memokit()]` in Bun.build.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { appCopy, runBuilt, assertCached, appsWork, toolchainBin } from '../helpers/toolchains.js';

const bun = toolchainBin('bun');

function bunApp(name) {
  const dir = appCopy(name);
  writeFileSync(join(dir, 'memokit.preload.ts'), 'import { plugin } from "bun";\nimport memokit from "memokit/bun";\nplugin(memokit());\n');
  writeFileSync(join(dir, 'bunfig.toml'), 'preload = ["./memokit.preload.ts"]\n\n[test]\npreload = ["./memokit.preload.ts"]\n');
  return dir;
}

function runBun(dir, args) {
  const r = spawnSync(bun, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(r.status, 0, r.stdout + r.stderr);
  return r;
}

test('bun run with the preload plugin', () => {
  const dir = bunApp('bun-run');
  const r = runBun(dir, ['run', 'src/main.ts']);
  assertCached(JSON.parse(r.stdout.trim().split('\n').pop()), 'bun run');
});

test('bun test with the preload plugin', () => {
  const dir = bunApp('bun-test');
  writeFileSync(join(dir, 'src/data.test.ts'), [
    'import { test, expect } from "bun:test";',
    'import { stats } from "memokit";',
    'import { loadSales, calls } from "./data";',
    'test("memo", async () => {',
    '  await loadSales("eu", { url: "a" });',
    '  await loadSales("eu", { url: "b" });',
    '  expect(calls.load).toBe(1);',
    '  expect(stats(loadSales)["bundled-app/src/data.ts#loadSales"]).toMatchObject({ hits: 1, misses: 1, entries: 1 });',
    '});',
    '',
  ].join('\n'));
  const r = runBun(dir, ['test']);
  assert.match(r.stdout + r.stderr, /1 pass/);
  assert.match(r.stdout + r.stderr, /0 fail/);
});

test('Bun.build with plugins: [memokit()], run by Node', () => {
  const dir = bunApp('bun-build');
  writeFileSync(join(dir, 'build.ts'), [
    'import memokit from "memokit/bun";',
    'const out = await Bun.build({ entrypoints: ["./src/main.ts"], outdir: "./out", target: "node", sourcemap: "linked", naming: "[name].mjs", plugins: [memokit()] });',
    'if (!out.success) { console.error(out.logs.join("\\n")); process.exit(1); }',
    '',
  ].join('\n'));
  rmSync(join(dir, 'bunfig.toml'));
  runBun(dir, ['run', 'build.ts']);
  assertCached(runBuilt(join(dir, 'out/main.mjs')), 'Bun.build');
});

test('a compile error stops bun run with its code and frame', () => {
  const dir = bunApp('bun-error');
  writeFileSync(join(dir, 'src/data.ts'), 'export function f(a: number) {\n  "use memo ttl=10";\n  return a;\n}\n');
  const r = spawnSync(bun, ['run', 'src/main.ts'], { cwd: dir, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'MK_BAD_OPTION_VALUE');
  assert.match(r.stderr, '> 2 |   "use memo ttl=10";');
  assert.is(r.stderr.split('MK_BAD_OPTION_VALUE').length, 2, 'printed once:\n' + r.stderr);
  assert.not.match(r.stderr, /dist[\\/]|hideStack|errors:/, 'without memokit\'s internals:\n' + r.stderr);
});

test.after(() => rmSync(appsWork, { recursive: true, force: true }));

test.run();
