// memokit/vite with the real Vite (issue #5): an SSR build of fixtures/apps/basic
// on both engines (output executed, source-mapped stack trace), compile errors
// through this.error, the plugin ordering (enforce: "pre"), the dev server's
// module runner and ssrLoadModule, and HMR: fixtures/apps/hmr is copied and its
// files rewritten on disk while the dev server runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build, createServer, createServerModuleRunner } from 'vite';
import memokit from 'memokit/vite';
import * as runtime from 'memokit';
import { root, fixturesDir } from '../helpers/fixtures.js';

const appDir = (name) => join(fixturesDir, 'apps', name);
const outDir = join(root, '.exec/vite-' + process.pid); // one per process: the runner may run this file under two Nodes at once
mkdirSync(outDir, { recursive: true });
/** Vite without config files or console output, rooted at one app. */
const base = (dir, plugins) => ({ root: dir, configFile: false, logLevel: 'silent', plugins });
/** A plugin that runs after memokit (no enforce) and records what it is given. */
const probe = (seen) => ({ name: 'probe', transform(code, id) { if (id.endsWith('data.js')) seen.push(code); return null; } });

for (const engine of ['swc', 'babel']) {
  test(`vite SSR build runs [${engine}]`, async () => {
    const seen = [];
    const out = join(outDir, engine);
    await build({ ...base(appDir('basic'), [probe(seen), memokit({ engine })]), build: { ssr: 'src/main.js', outDir: out, sourcemap: true, minify: false, emptyOutDir: true } });
    assert.is(seen.length, 1);
    assert.not.match(seen[0], '"use memo', 'later plugins see code without the directive');
    assert.match(seen[0], 'id: "memokit/fixtures/apps/basic/src/data.js#loadSales"', 'ids by package: the nearest package.json with a name (memokit\'s own here), then the path from its folder');
    await runtime.clear();
    const file = join(out, 'main.js');
    const mod = await import(pathToFileURL(file).href);
    const first = await mod.report(['eu', 'us', 'eu']);
    assert.is(first.db, true, 'the singleton is one instance');
    assert.equal(first.rows.map((r) => r.total), [200, 200, 200]);
    assert.equal(mod.calls, { load: 2, connect: 1 }, 'concurrent calls with one key share one computation');
    first.rows[0].total = -1;
    assert.equal((await mod.report(['eu'])).rows[0].total, 200, 'callers get copies');
    assert.equal(mod.calls, { load: 2, connect: 1 });
    const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then((m) => { try { m.failing(-1) } catch (e) { console.log(e.stack) } })`;
    const stack = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], { cwd: root }).toString();
    assert.match(stack, /apps[\\/]basic[\\/]src[\\/]data\.js:19:/, stack);
  });

  test(`vite build reports compile errors with code and location [${engine}]`, async () => {
    try {
      await build({ ...base(appDir('error'), [memokit({ engine })]), build: { ssr: 'src/main.js', outDir: join(outDir, 'error'), write: false } });
      assert.unreachable('the build must fail');
    } catch (thrown) {
      const e = thrown.errors?.[0] ?? thrown; // Vite 8 (Rolldown) collects build errors in `errors`
      assert.is(e.pluginCode, 'MK_BAD_OPTION_VALUE', thrown.message);
      assert.is(e.plugin, 'memokit');
      assert.equal([e.loc.line, e.loc.column], [2, 2]);
      assert.match(thrown.message, 'ttl');
      assert.ok(e.frame && e.frame.includes('use memo ttl=10'), 'code frame');
    }
  });
}

test('dev server: ssrLoadModule runs the compiled app [babel]', async () => {
  const server = await createServer({ ...base(appDir('basic'), [memokit({ engine: 'babel' })]), appType: 'custom', server: { middlewareMode: true, hmr: false, watch: null } });
  try {
    await runtime.clear();
    const mod = await server.ssrLoadModule('/src/main.js');
    await mod.report(['eu', 'us', 'eu']);
    await mod.report(['us']);
    assert.equal(mod.calls, { load: 2, connect: 1 });
    try {
      mod.failing(-2);
      assert.unreachable();
    } catch (e) {
      server.ssrFixStacktrace(e);
      assert.match(e.stack, /apps[\\/]basic[\\/]src[\\/]data\.js:19:/, e.stack);
    }
  } finally {
    await server.close();
  }
});

/**
 * Rewrites data.js on disk and waits until the dev server has evaluated it again
 * (its module-level code counts evaluations). On a busy machine the watcher can
 * miss a write that follows a reload closely, so the new text is written again
 * every 2 s until it is picked up.
 */
const rewrite = async (runner, file, from, to) => {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), from);
  const next = text.replace(from, to);
  const evals = globalThis.__hmrLog.evals;
  for (let i = 0; i < 300; i++) {
    if (i % 40 === 0) writeFileSync(file, next);
    await new Promise((r) => setTimeout(r, 50));
    const mod = await runner.import('/src/main.js');
    if (globalThis.__hmrLog.evals > evals) return mod;
  }
  throw new Error('the dev server did not reload data.js within 15 s');
};

test('dev server HMR: unrelated edits keep entries, body edits drop them, a new singleton replaces the old one', async () => {
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/vite-hmr-')); // inside the package, so "memokit" resolves to it
  cpSync(appDir('hmr'), dir, { recursive: true });
  const file = join(dir, 'src/data.js');
  const server = await createServer({ ...base(dir, [memokit()]), appType: 'custom', server: { middlewareMode: true } });
  const log = (globalThis.__hmrLog = { evals: 0, events: [] });
  try {
    const runner = createServerModuleRunner(server.environments.ssr);
    let mod = await runner.import('/src/main.js');
    const first = await mod.run('eu');
    assert.equal(log.events, ['open db v1', 'load eu']);
    assert.equal(first.sales, { region: 'eu', total: 200 });
    try {
      mod.failing(-1);
      assert.unreachable();
    } catch (e) {
      assert.match(e.stack, /data\.js:24:/, 'the module runner maps stack traces to the original line');
    }
    await new Promise((r) => setTimeout(r, 300)); // let the watcher settle before the first write

    // 1. An unrelated line: same body hashes, so the entries and the instance survive.
    mod = await rewrite(runner, file, "label = 'unrelated v1'", "label = 'unrelated v2'");
    const second = await mod.run('eu');
    assert.is(second.label, 'unrelated v2', 'the new code runs');
    assert.is(second.db, first.db, 'same singleton instance: no new connection');
    assert.equal(log.events, ['open db v1', 'load eu'], 'no recomputation');

    // 2. The memo function's body: its entries are dropped.
    mod = await rewrite(runner, file, 'total: region.length * 100', 'total: region.length * 1000');
    const third = await mod.run('eu');
    assert.equal(third.sales, { region: 'eu', total: 2000 });
    assert.is(third.db, first.db, 'the singleton was not edited');
    assert.equal(log.events, ['open db v1', 'load eu', 'load eu']);

    // 3. The singleton's factory: the new instance is built, then the old one released.
    mod = await rewrite(runner, file, "name: 'db v1'", "name: 'db v2'");
    const fourth = await mod.run('eu');
    assert.is(fourth.db.name, 'db v2');
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(log.events, ['open db v1', 'load eu', 'load eu', 'open db v2', 'close db v1'], 'released only after its replacement exists');
    assert.is(fourth.sales.total, 2000);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Edits `file` and waits until the dev server's watcher has made it evaluate data.js again (as `rewrite`). */
const edit = async (load, file, from, to, log) => {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), from);
  const next = text.replace(from, to);
  const evals = log.evals;
  for (let i = 0; i < 300; i++) {
    if (i % 40 === 0) writeFileSync(file, next);
    await new Promise((r) => setTimeout(r, 50));
    const mod = await load();
    if (log.evals > evals) return mod;
  }
  throw new Error('the dev server did not evaluate data.js again within 15 s');
};

for (const [engine, loader] of [['swc', 'module runner'], ['babel', 'ssrLoadModule']]) {
  test(`dev server, file watcher: an edit of an imported helper recomputes; a singleton reaching an edited import is rebuilt, the old one released [${engine}, ${loader}]`, async () => {
    mkdirSync(join(root, '.exec'), { recursive: true });
    const dir = mkdtempSync(join(root, '.exec/vite-deps-'));
    cpSync(appDir('deps'), dir, { recursive: true });
    const server = await createServer({ ...base(dir, [memokit({ engine })]), appType: 'custom', server: { middlewareMode: true } });
    const log = (globalThis.__depsLog = { evals: 0, events: [] });
    try {
      const runner = loader === 'module runner' ? createServerModuleRunner(server.environments.ssr) : null;
      const load = () => (runner ? runner.import('/src/main.js') : server.ssrLoadModule('/src/main.js'));
      let mod = await load();
      const first = await mod.run('eu');
      assert.equal(first.sales.total, 200);
      assert.equal(log.events, ['open db://one', 'load eu']);
      await new Promise((r) => setTimeout(r, 300)); // let the watcher settle before the first write

      mod = await edit(load, join(dir, 'src/helper.js'), "return 'v1'", "return 'v2'", log);
      const second = await mod.run('eu');
      assert.is(second.version, 'v2', 'the new code runs');
      assert.equal(log.events, ['open db://one', 'load eu'], 'an unrelated function of the helper: entries and instance kept');
      assert.is(second.db, first.db);

      mod = await edit(load, join(dir, 'src/helper.js'), 'return 100', 'return 1000', log);
      const third = await mod.run('eu');
      assert.equal(third.sales.total, 2000, 'the edited helper is used');
      assert.equal(log.events, ['open db://one', 'load eu', 'load eu'], 'loadSales recomputed');
      assert.is(third.db, first.db, 'the singleton does not reach the helper');

      mod = await edit(load, join(dir, 'src/config.js'), 'db://one', 'db://two', log);
      const fourth = await mod.run('eu');
      assert.is(fourth.db.url, 'db://two');
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(log.events, ['open db://one', 'load eu', 'load eu', 'open db://two', 'close db://one'], 'rebuilt, then the old one released');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('options: enforce pre, ids by package unless root or namespace is given, bad options fail at config time', async () => {
  const p = memokit();
  assert.is(p.enforce, 'pre');
  assert.throws(() => memokit({ engine: 'tsc' }), /engine must be "swc" or "babel"/);
  assert.throws(() => memokit({ namespace: 'a b' }), /namespace must be a name/);
  const code = 'export function f(a) { "use memo"; return a; }';
  const file = join(appDir('basic'), 'src/a.js');
  assert.match((await p.transform.call({}, code, file)).code, '"memokit/fixtures/apps/basic/src/a.js#f"');
  assert.match((await memokit({ root: fixturesDir }).transform.call({}, code, file)).code, '"apps/basic/src/a.js#f"');
  assert.match((await memokit({ namespace: 'shop' }).transform.call({}, code, file)).code, '"shop/fixtures/apps/basic/src/a.js#f"');
  assert.match((await memokit({ root: fixturesDir, namespace: 'shop' }).transform.call({}, code, file)).code, '"shop/apps/basic/src/a.js#f"');
});

test.after(() => rmSync(outDir, { recursive: true, force: true }));

test.run();
