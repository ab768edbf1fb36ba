// Users name the plugin in a Babel config: "memokit/babel" must resolve through
// the exports map from a project that installed memokit, and load as an ES
// module under Babel 7 (require(esm), Node >= 20.19) and Babel 8.
import { test } from 'uvu';
import { toolchainsDir } from '../helpers/toolchains.js';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { root } from '../helpers/fixtures.js';

const project = mkdtempSync(join(tmpdir(), 'memokit-consumer-'));
mkdirSync(join(project, 'node_modules/@babel'), { recursive: true });
symlinkSync(root, join(project, 'node_modules/memokit'));
symlinkSync(join(root, 'node_modules/@babel/core'), join(project, 'node_modules/@babel/core'));
const require = createRequire(join(project, 'package.json'));
const [major, minor] = process.versions.node.split('.').map(Number);
const versions = ['@babel/core'];
if ((major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24) {
  symlinkSync(join(toolchainsDir, 'node_modules/babel8'), join(project, 'node_modules/babel8'));
  versions.push('babel8');
}

for (const name of versions) {
  test(`plugins: ["memokit/babel"] by name [${name}]`, () => {
    const babel = require(name);
    const out = babel.transformSync('export function f(a) { "use memo"; return a; }', {
      filename: join(project, 'src/f.js'),
      cwd: project,
      babelrc: false,
      configFile: false,
      plugins: [['memokit/babel', { root: project }]],
    });
    assert.match(out.code, 'import { memo as _memo, register as _register } from "memokit"');
    assert.match(out.code, 'id: "src/f.js#f"');
  });
}

test('import "memokit/swc" by name: transform and the SWC plugin option', async () => {
  symlinkSync(join(root, 'node_modules/@swc'), join(project, 'node_modules/@swc'));
  const url = pathToFileURL(require.resolve('memokit/swc')).href;
  assert.match(url, '/dist/plugin-swc/index.js');
  const { transform, swcPlugin } = await import(url);
  const code = 'export function f(a) { "use memo"; return a; }';
  const out = transform(code, { filename: join(project, 'src/f.js'), root: project });
  assert.match(out.code, 'id: "src/f.js#f"');
  const viaPlugin = require('@swc/core').transformSync(code, { filename: join(project, 'src/f.js'), plugin: swcPlugin({ filename: join(project, 'src/f.js'), root: project }) });
  assert.match(viaPlugin.code, 'id: "src/f.js#f"');
});

test.after(() => rmSync(project, { recursive: true, force: true }));
test.run();
