// A real Rollup build of fixtures/apps/basic with memokit/rollup, on both
// engines: the bundle runs (memo hits, async dedupe, one singleton), a stack
// trace from inside a memo function maps back to the original line, and a
// compile error reaches Rollup with its code and location (issue #5).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { rollup, watch } from 'rollup';
import memokit from 'memokit/rollup';
import * as runtime from 'memokit';
import { root, fixturesDir } from '../helpers/fixtures.js';

const app = (name) => join(fixturesDir, 'apps', name, 'src/main.js');
const outDir = join(root, '.exec/rollup-' + process.pid); // one per process: the runner may run this file under two Nodes at once

for (const engine of ['swc', 'babel']) {
  test(`rollup build runs [${engine}]`, async () => {
    const warnings = [];
    const bundle = await rollup({ input: app('basic'), external: ['memokit'], plugins: [memokit({ engine, root })], onwarn: (w) => warnings.push(w.message) });
    assert.equal(warnings, [], 'the compiled code builds without warnings');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `basic.${engine}.mjs`);
    await bundle.write({ file, format: 'es', sourcemap: true });
    await bundle.close();
    await runtime.clear();
    const mod = await import(pathToFileURL(file).href);
    const first = await mod.report(['eu', 'us', 'eu']);
    assert.is(first.db, true, 'the singleton is one instance');
    assert.equal(first.rows.map((r) => r.total), [200, 200, 200]);
    assert.equal(mod.calls, { load: 2, connect: 1 }, 'concurrent calls with one key share one computation');
    first.rows[0].total = -1; // a caller's copy: the cache keeps its own
    const again = await mod.report(['eu']);
    assert.equal(again.rows[0].total, 200);
    assert.equal(mod.calls, { load: 2, connect: 1 }, 'served from the cache');

    // A throw inside a memo function points at the original source line.
    const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then((m) => { try { m.failing(-1) } catch (e) { console.log(e.stack) } })`;
    const stack = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], { cwd: root }).toString();
    assert.match(stack, /apps[\\/]basic[\\/]src[\\/]data\.js:19:/, stack);
  });

  test(`rollup reports compile errors with code and location [${engine}]`, async () => {
    try {
      await rollup({ input: app('error'), plugins: [memokit({ engine, root })] });
      assert.unreachable('the build must fail');
    } catch (e) {
      assert.is(e.pluginCode, 'MK_BAD_OPTION_VALUE');
      assert.is(e.plugin, 'memokit');
      assert.equal([e.loc.line, e.loc.column], [2, 2]);
      assert.match(e.message, 'ttl');
      assert.ok(e.frame && e.frame.includes('use memo ttl=10'), 'code frame');
    }
  });
}

for (const engine of ['swc', 'babel']) {
  test(`a watch build transforms the importer again when a file its hash read is edited [${engine}]`, async () => {
    mkdirSync(join(root, '.exec'), { recursive: true });
    const dir = mkdtempSync(join(root, '.exec/rollup-watch-'));
    cpSync(join(fixturesDir, 'apps/deps'), dir, { recursive: true });
    const file = join(dir, 'out.mjs');
    const watcher = watch({ input: join(dir, 'src/main.js'), external: ['memokit'], plugins: [memokit({ engine })], output: { file, format: 'es' }, watch: { buildDelay: 20 } });
    const builds = [];
    let waiting = null;
    watcher.on('event', (e) => {
      if (e.code === 'BUNDLE_END') e.result.close();
      if (e.code === 'END' || e.code === 'ERROR') {
        builds.push(e.code === 'END' ? readFileSync(file, 'utf8') : e.error);
        waiting?.();
      }
    });
    const next = async (count) => {
      while (builds.length < count) await new Promise((r) => (waiting = r));
      const out = builds[count - 1];
      if (out instanceof Error) throw out;
      return out;
    };
    const hashOf = (out, name) => out.match(new RegExp(`#${name}",\\s*hash:\\s*"([^"]+)"`))[1];
    const editFile = (path, from, to) => writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8').replace(from, to));
    try {
      const first = await next(1);
      editFile('src/helper.js', "return 'v1'", "return 'v2'");
      const second = await next(2);
      assert.match(second, "'v2'");
      assert.is(hashOf(second, 'loadSales'), hashOf(first, 'loadSales'), 'an unrelated edit keeps the hash');
      editFile('src/helper.js', 'return 100', 'return 1000');
      const third = await next(3);
      assert.is.not(hashOf(third, 'loadSales'), hashOf(first, 'loadSales'), 'the edited helper changes the hash');
      assert.is(hashOf(third, 'connect'), hashOf(first, 'connect'), 'the singleton does not reach it');
      editFile('src/config.js', 'db://one', 'db://two');
      const fourth = await next(4);
      assert.is.not(hashOf(fourth, 'connect'), hashOf(first, 'connect'));
    } finally {
      await watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('imports are resolved by the bundler: an alias another plugin answers is followed', async () => {
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/rollup-alias-'));
  cpSync(join(fixturesDir, 'apps/deps'), dir, { recursive: true });
  const data = join(dir, 'src/data.js');
  writeFileSync(data, readFileSync(data, 'utf8').replace("from './helper.js'", "from '~/helper.js'"));
  const alias = { name: 'alias', resolveId: (s) => (s.startsWith('~/') ? join(dir, 'src', s.slice(2)) : null) };
  const build = async () => {
    const bundle = await rollup({ input: join(dir, 'src/main.js'), external: ['memokit'], plugins: [memokit(), alias] });
    const { output } = await bundle.generate({ format: 'es' });
    await bundle.close();
    return output[0].code.match(/#loadSales",\s*hash:\s*"([^"]+)"/)[1];
  };
  try {
    const first = await build();
    writeFileSync(join(dir, 'src/helper.js'), readFileSync(join(dir, 'src/helper.js'), 'utf8').replace('return 100', 'return 1000'));
    assert.is.not(await build(), first, 'the helper behind the alias is part of the hash');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('options: include/exclude filter, engine checked', async () => {
  assert.throws(() => memokit({ engine: 'esbuild' }), /engine must be "swc" or "babel"/);
  assert.throws(() => memokit({ rot: '.' }), /MK_PLUGIN_OPTION/);
  const p = memokit({ root, exclude: /data\.js$/ });
  const code = 'export function f(a) { "use memo"; return a; }';
  assert.is(await p.transform.call({}, code, join(root, 'src/data.js')), null, 'excluded');
  assert.is(await memokit({ root }).transform.call({}, code, join(root, 'node_modules/x/y.js')), null, 'node_modules excluded by default');
  assert.ok((await p.transform.call({}, code, join(root, 'src/a.ts?v=1'))).code.includes('_memo'), 'query strings are ignored');
  assert.is(await p.transform.call({}, code, join(root, 'src/a.css')), null, 'not a script');
});

test('a TypeScript module and no TypeScript plugin: the parse error says which plugin to add', async () => {
  const entry = join(fixturesDir, 'apps/bundled/src/main.ts');
  try {
    await rollup({ input: entry, external: ['memokit'], plugins: [memokit({ root })], onwarn: () => {} });
    assert.unreachable('Rollup cannot parse TypeScript');
  } catch (e) {
    assert.is(e.code, 'PARSE_ERROR', e.message);
    assert.match(e.message, 'is TypeScript, and Rollup reads JavaScript only');
    assert.match(e.message, '@rollup/plugin-typescript');
  }
});

test.after(() => rmSync(outDir, { recursive: true, force: true }));

test.run();
