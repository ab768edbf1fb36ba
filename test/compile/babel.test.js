// Every fixture through the Babel plugin, on Babel 7 and (under Node >= 22.18) Babel 8:
// analyze result, exact output, idempotence, execution (test/helpers/fixtures.js).
import { test } from 'uvu';
import { requireToolchain } from '../helpers/toolchains.js';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { cases, expectFile, errorText, load, runExec } from '../helpers/fixtures.js';
import plugin, { analyze } from '../../dist/plugin-babel/index.js';
import { parserPlugins } from '../../dist/plugin-babel/parse.js';
import * as memokit from 'memokit';

const require = createRequire(import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
const babels = [['babel7', require('@babel/core')]];
// Babel 8 needs Node ^22.18 || >=24.11; the toolchain project (test/toolchains) installs it under the alias "babel8".
if ((major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24) babels.push(['babel8', requireToolchain('babel8')]);

const transform = (babel, c, code = c.code) =>
  babel.transformSync(code, { filename: c.file, babelrc: false, configFile: false, sourceType: 'unambiguous', plugins: [[plugin, c.options]] }).code + '\n';

for (const [label, babel] of babels) {
  for (const c of cases()) {
    (c.skip ? test.skip : test)(`${c.name} [${label}]`, async () => {
      const errFile = c.dir + '/error.txt';
      let err;
      try {
        analyze(c.code, { ...c.options, filename: c.file, babel });
      } catch (e) {
        err = e;
      }
      if (err || require('node:fs').existsSync(errFile)) {
        assert.ok(err, 'analyze should throw the error in error.txt');
        const [a, e] = expectFile(c, 'error.txt', errorText(err));
        assert.is(a, e);
        // The plugin reports the very same error, with Babel's file prefix.
        let perr;
        try { transform(babel, c); } catch (e2) { perr = e2; }
        assert.ok(perr, 'transform should throw');
        assert.is(perr.code, err.code);
        // A syntax error comes from Babel's own parse, before the plugin runs: Babel's error, same position.
        if (perr.code === 'BABEL_PARSE_ERROR') assert.equal([perr.loc.line, perr.loc.column], [err.loc.line, err.loc.column]);
        else assert.is(errorText(perr), errorText(err));
        await runExec(c, null, { error: err, assert });
        return;
      }
      const sites = analyze(c.code, { ...c.options, filename: c.file, babel });
      const [sa, se] = expectFile(c, 'sites.json', JSON.stringify(sites, null, 2) + '\n');
      assert.is(sa, se, 'analyze result');
      const out = transform(babel, c);
      // Babel 8 prints a few constructs differently; such cases keep a second expected file.
      const fs = require('node:fs');
      // Babel 8 is compared with output.babel8.js where it prints differently, else with Babel 7's output.
      const [oa, oe] = label === 'babel8' ? expectFile(c, 'output.babel8.js', out, 'output.babel.js') : expectFile(c, 'output.babel.js', out);
      assert.is(oa, oe, 'compiled output');
      // Idempotent: the output has no directive left, so a second pass changes nothing.
      assert.equal(analyze(out, { ...c.options, filename: c.file, babel }), []);
      const plain = babel.transformSync(out, { filename: c.file, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(c.file) } }).code + '\n';
      assert.is(transform(babel, c, out), plain, 'a second pass is a no-op');
      await memokit.clear(); // the registry outlives modules (HMR): start each run empty
      const mod = await load(c, label, out);
      await runExec(c, mod, { memokit, assert, sites });
    });
  }
}

test('option runtime: the import source', () => {
  const babel = require('@babel/core');
  const code = 'export function f(a) { "use singleton"; return a; }';
  const esm = babel.transformSync(code, { filename: 'src/f.js', babelrc: false, configFile: false, plugins: [[plugin, { runtime: '@acme/memokit-runtime' }]] }).code;
  assert.match(esm, 'import { singleton as _singleton, register as _register } from "@acme/memokit-runtime";');
  const cjs = babel.transformSync(code.replace('export ', '') + '\nmodule.exports = f;', { filename: 'src/f.cjs', sourceType: 'script', babelrc: false, configFile: false, plugins: [[plugin, { runtime: '@acme/memokit-runtime' }]] }).code;
  assert.match(cjs, 'var _memokit = require("@acme/memokit-runtime");');
  assert.throws(() => babel.transformSync(code, { filename: 'src/f.js', babelrc: false, configFile: false, plugins: [[plugin, { runtim: 'x' }]] }), /MK_PLUGIN_OPTION/);
});

test.run();
