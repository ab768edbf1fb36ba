// The runtime as a bundler delivers it: `import ... from "memokit"` bundled by esbuild
// for the browser and for Node, then executed. A bundler drops the top-level statements
// of modules the package declares side-effect free, so an entry that installs something
// (a digest, a store) only works if package.json says so; unit tests of dist/ cannot see that.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { hash as nodeHash } from 'memokit';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'memokit-bundle-'));

// Each bundle runs in its own process: two runtimes in one process share one registry
// (by design, docs/runtime.md), so the Node runtime of this test would mask the bundle's own.
const run = async (platform, script) => {
  const out = await build({
    stdin: { contents: `export * from 'memokit'`, resolveDir: root, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform, write: false, logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  writeFileSync(join(dir, platform + '.mjs'), code);
  writeFileSync(join(dir, platform + '-main.mjs'), `import * as mod from './${platform}.mjs';\n${script}`);
  const child = spawnSync(process.execPath, [join(dir, platform + '-main.mjs')], { encoding: 'utf8', env: { ...process.env, MEMOKIT_CACHE_DIR: join(dir, 'cache') } });
  assert.is(child.status, 0, child.stderr);
  return { code, result: JSON.parse(child.stdout) };
};

// Values whose keys are digested: a long string, large binary data, an unpaired surrogate.
const SAMPLES = `['k'.repeat(300), new Uint8Array(500).map((_, i) => i), { s: '\\uD800'.repeat(200) }, [1, 'é'.repeat(400)]]`;
const samples = new Function('return ' + SAMPLES)();

test('browser bundle: bundled SHA-256 installed, same digests as Node, long keys cached', async () => {
  const { code, result } = await run('browser', `
    let runs = 0;
    const site = mod.memo({ id: 'bundle.js#long', hash: 'h', keys: ['k'] });
    const long = 'x'.repeat(1000);
    const calls = [site.call(undefined, [long], () => ({ n: ++runs })), site.call(undefined, [long], () => ({ n: ++runs }))];
    let disk = '';
    try { mod.memo({ id: 'bundle.js#disk', hash: 'h', persist: 'disk' }); } catch (e) { disk = e.message; }
    console.log(JSON.stringify({ hashes: ${SAMPLES}.map(mod.hash), calls, runs, disk }));`);
  assert.not.match(code, /node:/);
  assert.equal(result.hashes, samples.map(nodeHash));
  assert.equal(result.calls, [{ n: 1 }, { n: 1 }]);
  assert.is(result.runs, 1);
  assert.match(result.disk, /need the Node build/);
});

test('Node bundle: node:crypto digest and the built-in disk store survive tree shaking', async () => {
  const { code, result } = await run('node', `
    const site = mod.memo({ id: 'bundle.js#disk', hash: 'h', keys: ['n'], persist: 'disk' });
    const value = site.call(undefined, [1], () => 42);
    console.log(JSON.stringify({ hashes: ${SAMPLES}.map(mod.hash), value }));`);
  assert.match(code, /node:crypto/);
  assert.equal(result.hashes, samples.map(nodeHash));
  assert.is(result.value, 42);
  assert.is(readdirSync(join(dir, 'cache')).length, 1, 'one site folder written by the disk store');
});

// A module that exports `then` makes its namespace a thenable: `await import()` of it then
// resolves to whatever that function does, and with a plain helper it never settles (session 5).
test('no runtime module exports `then`, so every one can be imported dynamically', async () => {
  const files = readdirSync(join(root, 'dist/runtime')).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 10, 'dist/runtime is built');
  for (const f of files) {
    // The namespace is wrapped so that awaiting it cannot call its `then`; the race turns a
    // never-settling import into a failure instead of a hung suite.
    let timer;
    const got = await Promise.race([
      import(join(root, 'dist/runtime', f)).then((ns) => [ns], (e) => [null, e]),
      new Promise((r) => (timer = setTimeout(() => r([null, new Error('import() did not settle')]), 5000))),
    ]);
    clearTimeout(timer);
    assert.ok(got[0], `${f}: ${got[1]}`);
    assert.not.ok('then' in got[0], `${f} exports then`);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
