// Real builds of fixtures/apps/bundled (TypeScript, the memokit runtime bundled in)
// with every bundler memokit ships a plugin for beyond Rollup and Vite: webpack
// (the plugin, and memokit/loader in a module rule), Rspack, esbuild, Rolldown and
// Farm. Each output runs in a fresh Node process with source maps on and reports:
// the memo body ran once per region, `_db` stayed out of the key, one singleton,
// ids by package, and a stack line in data.ts. Compile errors reach each bundler
// with their code and frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { requireToolchain, appCopy, runBuilt, assertCached, appsWork, toolchainsDir, installPacked } from '../helpers/toolchains.js';
import memokitWebpack from 'memokit/webpack';
import memokitRspack from 'memokit/rspack';
import memokitEsbuild from 'memokit/esbuild';
import memokitRolldown from 'memokit/rolldown';
import memokitFarm from 'memokit/farm';
import * as esbuild from 'esbuild';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { root } from '../helpers/fixtures.js';

/** A webpack-style compiler run as a promise; rejects with the build's errors. */
function compile(run, config) {
  return new Promise((resolve, reject) => {
    run(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toJson({ all: false, errors: true }).errors.map((e) => e.message).join('\n')));
      resolve(stats);
    });
  });
}

function webpackConfig(dir, rules, plugins) {
  return {
    mode: 'production',
    target: 'node',
    context: dir,
    entry: './src/main.ts',
    output: { path: join(dir, 'out'), filename: 'main.cjs' },
    resolve: { extensions: ['.ts', '.js'] },
    devtool: 'source-map',
    optimization: { minimize: false },
    module: { rules },
    plugins,
  };
}

const swcLoader = { loader: requireToolchain.resolve('swc-loader'), options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } } };
const webpack = requireToolchain('webpack');
const { rspack } = requireToolchain('@rspack/core');

test('webpack 5 with memokit/webpack (before swc-loader)', async () => {
  const dir = appCopy('webpack');
  await compile(webpack, webpackConfig(dir, [{ test: /\.ts$/, exclude: /node_modules/, use: [swcLoader] }], [memokitWebpack()]));
  assertCached(runBuilt(join(dir, 'out/main.cjs')), 'webpack');
});

test('webpack 5 with memokit/loader in a module rule', async () => {
  const dir = appCopy('webpack-loader');
  const rules = [
    { test: /\.ts$/, exclude: /node_modules/, enforce: 'pre', use: [{ loader: 'memokit/loader' }] },
    { test: /\.ts$/, exclude: /node_modules/, use: [swcLoader] },
  ];
  await compile(webpack, webpackConfig(dir, rules, []));
  assertCached(runBuilt(join(dir, 'out/main.cjs')), 'memokit/loader');
});

test('Rspack with memokit/rspack (before builtin:swc-loader)', async () => {
  const dir = appCopy('rspack');
  const rules = [{ test: /\.ts$/, exclude: /node_modules/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } } }];
  await compile(rspack, webpackConfig(dir, rules, [memokitRspack()]));
  assertCached(runBuilt(join(dir, 'out/main.cjs')), 'rspack');
});

test('esbuild with memokit/esbuild', async () => {
  const dir = appCopy('esbuild');
  const outfile = join(dir, 'out/main.mjs');
  await esbuild.build({ entryPoints: [join(dir, 'src/main.ts')], bundle: true, platform: 'node', format: 'esm', outfile, sourcemap: true, logLevel: 'silent', plugins: [memokitEsbuild()] });
  assertCached(runBuilt(outfile), 'esbuild');
});

test('Rolldown with memokit/rolldown', async () => {
  const { rolldown } = requireToolchain('rolldown');
  const dir = appCopy('rolldown');
  const bundle = await rolldown({ input: join(dir, 'src/main.ts'), platform: 'node', plugins: [memokitRolldown()], logLevel: 'silent' });
  await bundle.write({ file: join(dir, 'out/main.mjs'), format: 'esm', sourcemap: true });
  await bundle.close();
  assertCached(runBuilt(join(dir, 'out/main.mjs')), 'rolldown');
});

test('Farm with memokit/farm', async () => {
  // Farm's ES module entry: its CommonJS entry (what require() loads) rewrites the word `node`
  // in every module it builds (Farm 1.7.11), memokit or not.
  const { build } = await import(pathToFileURL(join(toolchainsDir, 'node_modules/@farmfe/core/dist/index.js')).href);
  const dir = appCopy('farm');
  // Farm does not resolve a package linked from outside the project: memokit as npm installs it.
  rmSync(join(dir, 'node_modules/memokit'));
  installPacked(dir);
  await build({
    root: dir,
    clearScreen: false,
    compilation: {
      input: { main: './src/main.ts' },
      output: { path: join(dir, 'out'), targetEnv: 'node', format: 'esm', entryFilename: '[entryName].mjs' },
      sourcemap: true,
      minify: false,
      persistentCache: false,
    },
    plugins: [memokitFarm()],
  });
  assertCached(runBuilt(join(dir, 'out/main.mjs')), 'farm');
});

test('Farm: a compile error is printed with its code and frame, and the build exits non-zero', () => {
  const dir = appCopy('farm-error');
  rmSync(join(dir, 'node_modules/memokit'));
  installPacked(dir);
  writeFileSync(join(dir, 'src/data.ts'), 'export function f(a: number) {\n  "use memo ttl=10";\n  return a;\n}\n');
  writeFileSync(join(dir, 'build.mjs'), [
    `import { build } from ${JSON.stringify(pathToFileURL(join(toolchainsDir, 'node_modules/@farmfe/core/dist/index.js')).href)};`,
    "import memokit from 'memokit/farm';",
    "await build({ root: process.cwd(), clearScreen: false, compilation: { input: { main: './src/main.ts' }, output: { path: './out', targetEnv: 'node' }, persistentCache: false }, plugins: [memokit()] });",
    '',
  ].join('\n'));
  const r = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stdout + r.stderr, 'MK_BAD_OPTION_VALUE');
  assert.match(r.stdout + r.stderr, '> 2 |   "use memo ttl=10";');
});

test('a compile error reaches each bundler with its code, position and frame', async () => {
  const { rolldown } = requireToolchain('rolldown');
  const dir = appCopy('errors');
  writeFileSync(join(dir, 'src/data.ts'), 'export function f(a: number) {\n  "use memo ttl=10";\n  return a;\n}\n');
  const expect = (message, label) => {
    assert.match(message, 'MK_BAD_OPTION_VALUE', label);
    assert.match(message, 'Write a duration', label + ': the fix');
  };
  const withFrame = (message, label) => {
    expect(message, label);
    assert.match(message, '> 2 |   "use memo ttl=10";', label + ': the code frame');
  };
  const failure = async (promise) => {
    try {
      await promise;
    } catch (e) {
      return e;
    }
    assert.unreachable('the build must fail');
  };
  const webpackError = async (run, rules, plugins) => String((await failure(compile(run, webpackConfig(dir, rules, plugins)))).message);
  withFrame(await webpackError(webpack, [{ test: /\.ts$/, use: [swcLoader] }], [memokitWebpack()]), 'webpack');
  withFrame(await webpackError(webpack, [{ test: /\.ts$/, enforce: 'pre', use: ['memokit/loader'] }, { test: /\.ts$/, use: [swcLoader] }], []), 'memokit/loader');
  withFrame(await webpackError(rspack, [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } } }], [memokitRspack()]), 'rspack');
  const viaEsbuild = await failure(esbuild.build({ entryPoints: [join(dir, 'src/main.ts')], bundle: true, platform: 'node', write: false, logLevel: 'silent', plugins: [memokitEsbuild()] }));
  withFrame(viaEsbuild.errors.map((x) => x.text).join('\n'), 'esbuild');
  const at = viaEsbuild.errors[0].location;
  assert.ok(at.file.endsWith('data.ts') && at.line === 2, 'esbuild: the error is placed in data.ts, line 2: ' + JSON.stringify(at));
  const viaRolldown = await failure(rolldown({ input: join(dir, 'src/main.ts'), platform: 'node', plugins: [memokitRolldown()], logLevel: 'silent' }).then((b) => b.generate({ format: 'esm' })));
  expect(String(viaRolldown.message), 'rolldown');
});

test('memokit/loader: each rule keeps its own options, also options that are not plain data', async () => {
  const loader = createRequire(import.meta.url)('memokit/loader');
  const run = (options, resourcePath, source, inputMap) => new Promise((resolve, reject) => {
    loader.call({ getOptions: () => options, resourcePath, resourceQuery: '', async: () => (err, code, map) => (err ? reject(err) : resolve({ code, map })) }, source, inputMap);
  });
  const code = 'export function f(a) {\n  "use memo";\n  return a;\n}\n';
  const ruleA = { exclude: /skip-a/ };
  const ruleB = { exclude: /skip-b/ };
  assert.is((await run(ruleA, join(root, 'src/skip-a.js'), code)).code, code, 'rule A leaves out what it excludes');
  assert.match((await run(ruleB, join(root, 'src/skip-a.js'), code)).code, '_memo', 'rule B compiles it: its exclude differs');
  assert.is((await run(ruleB, join(root, 'src/skip-b.js'), code)).code, code);
});

test('memokit/loader chains an input map given as JSON text (swc-loader\'s default) to the original lines', async () => {
  const loader = createRequire(import.meta.url)('memokit/loader');
  const MagicString = (await import('magic-string')).default;
  const original = 'export function f(a) {\n  "use memo";\n  if (a < 0) throw new Error("negative");\n  return a;\n}\n';
  const shifted = new MagicString(original).prepend('// one\n// two\n// three\n');
  const file = join(root, 'src/chained.js');
  const inputMap = shifted.generateMap({ hires: true, source: file, includeContent: true }).toString();
  const out = await new Promise((resolve, reject) => loader.call({ getOptions: () => ({}), resourcePath: file, resourceQuery: '', async: () => (err, code, map) => (err ? reject(err) : resolve({ code, map })) }, shifted.toString(), inputMap));
  const line = out.code.split('\n').findIndex((l) => l.includes('throw new Error')) + 1;
  const position = originalPositionFor(new TraceMap(out.map), { line, column: out.code.split('\n')[line - 1].indexOf('throw') });
  assert.is(position.line, 3, 'the throw maps to line 3 of the file before the previous loader');
});

test.after(() => rmSync(appsWork, { recursive: true, force: true }));

test.run();
