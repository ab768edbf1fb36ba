// Real builds of fixtures/apps/bundled (TypeScript, the memokit runtime bundled in)
// with every bundler memokit ships a plugin for beyond Rollup and Vite: webpack
// (the plugin, and memokit/loader in a module rule), Rspack, esbuild and Rolldown. Each output runs in a fresh Node process with source maps on and reports:
// the memo body ran once per region, `_db` stayed out of the key, one singleton,
// ids by package, and a stack line in data.ts. Compile errors reach each bundler
// with their code and frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { requireToolchain, appCopy, runBuilt, assertCached, appsWork } from '../helpers/toolchains.js';
import memokitWebpack from 'memokit/webpack';
import memokitRspack from 'memokit/rspack';
import memokitEsbuild from 'memokit/esbuild';
import memokitRolldown from 'memokit/rolldown';
import * as esbuild from 'esbuild';

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

test('a compile error reaches each bundler with its code and frame', async () => {
  const dir = appCopy('errors');
  writeFileSync(join(dir, 'src/data.ts'), 'export function f(a: number) {\n  "use memo ttl=10";\n  return a;\n}\n');
  const expect = (message, label) => {
    assert.match(message, 'MK_BAD_OPTION_VALUE', label);
    assert.match(message, '> 2 |   "use memo ttl=10";', label + ': the code frame');
  };
  const failure = async (promise) => {
    try {
      await promise;
    } catch (e) {
      return e.errors ? e.errors.map((x) => x.text).join('\n') : String(e.message);
    }
    assert.unreachable('the build must fail');
  };
  expect(await failure(compile(webpack, webpackConfig(dir, [{ test: /\.ts$/, use: [swcLoader] }], [memokitWebpack()]))), 'webpack');
  expect(await failure(compile(webpack, webpackConfig(dir, [{ test: /\.ts$/, enforce: 'pre', use: ['memokit/loader'] }, { test: /\.ts$/, use: [swcLoader] }], []))), 'memokit/loader');
  expect(await failure(compile(rspack, webpackConfig(dir, [{ test: /\.ts$/, loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } } }], [memokitRspack()]))), 'rspack');
  expect(await failure(esbuild.build({ entryPoints: [join(dir, 'src/main.ts')], bundle: true, platform: 'node', write: false, logLevel: 'silent', plugins: [memokitEsbuild()] })), 'esbuild');
});

test.after(() => rmSync(appsWork, { recursive: true, force: true }));

test.run();
