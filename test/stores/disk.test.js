import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync, truncateSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { configure, clear, invalidate, stats, MemokitError } from 'memokit';
import { fsStore, siteFolder, OWN_FOLDER } from 'memokit/fs';
import { compile, uid, tick, fakeClock } from '../helpers/compiled.js';
import { storeContract } from '../helpers/store-contract.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./disk-child.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'memokit-disk-'));
let n = 0;
/** A fresh store folder per test. */
const fresh = () => {
  const dir = join(root, String(++n));
  configure({ stores: { disk: fsStore({ dir }) } });
  return dir;
};
/** The folder of one site's entries: inside the store's own folder. */
const siteDir = (dir, id) => join(dir, OWN_FOLDER, siteFolder(id));
const files = (dir, id) => {
  try { return readdirSync(siteDir(dir, id)).sort(); } catch { return []; }
};
const persisted = (id, extra = {}) => ({ id, hash: 'h1', keys: ['n'], persist: 'disk', async: true, ...extra });

test.after(() => rmSync(root, { recursive: true, force: true }));

storeContract(test, fsStore({ dir: join(root, 'contract') }), { sync: true });

test('async: the second call reads the disk; each caller gets its own value', async () => {
  const dir = fresh();
  const id = uid('report');
  let runs = 0;
  const f = compile('memo', persisted(id), async (n) => (runs++, { n, at: new Date(5), m: new Map([[1, new Set([2n])]]), b: Buffer.from('hi'), u: new Uint16Array([1, 2]) }));
  const a = await f(1);
  a.m.clear();
  const b = await f(1);
  assert.is(runs, 1);
  assert.equal(b, { n: 1, at: new Date(5), m: new Map([[1, new Set([2n])]]), b: Buffer.from('hi'), u: new Uint16Array([1, 2]) });
  assert.ok(Buffer.isBuffer(b.b), 'a Buffer comes back as a Buffer');
  assert.is.not(await f(1), b);
  assert.equal(files(dir, id).length, 1);
  assert.match(files(dir, id)[0], /^h1\.[0-9a-f]{64}\.mkc$/);
  const { computeMs, meanComputeMs, ...counts } = stats(f)[id];
  // The store's entries of the current code, read from its folder: one file, its size in bytes.
  assert.equal(counts, { kind: 'memo', hits: 2, stale: 0, misses: 1, entries: 1, bytes: statSync(join(siteDir(dir, id), files(dir, id)[0])).size, computes: 1, lastError: undefined });
  assert.ok(computeMs >= 0 && meanComputeMs === computeMs);
});

test('cycles and shared references survive the disk', async () => {
  fresh();
  const f = compile('memo', persisted(uid()), async () => {
    const o = { list: [] };
    o.self = o;
    o.list.push(o.list);
    return o;
  });
  await f(0);
  const o = await f(0);
  assert.is(o.self, o);
  assert.is(o.list[0], o.list);
});

test('100 concurrent async calls run the body once; each gets its own copy; rejections are retried', async () => {
  fresh();
  let runs = 0;
  let fail = true;
  const f = compile('memo', persisted(uid()), async (n) => {
    runs++;
    await tick();
    if (fail) throw new Error('flaky');
    return { n };
  });
  const bad = await Promise.allSettled(Array.from({ length: 100 }, () => f(1)));
  assert.is(runs, 1);
  assert.ok(bad.every((r) => r.status === 'rejected' && r.reason.message === 'flaky'));
  fail = false;
  const ok = await Promise.all(Array.from({ length: 100 }, () => f(1)));
  assert.is(runs, 2, 'the rejection was not cached');
  assert.equal(ok[99], { n: 1 });
  assert.is(new Set(ok).size, 100, 'no two callers share an object');
  await f(1);
  assert.is(runs, 2);
});

test('a non-async function persists too, synchronously', () => {
  const dir = fresh();
  const id = uid();
  let runs = 0;
  const f = compile('memo', { id, hash: 'h1', keys: ['n'], persist: 'disk' }, (n) => (runs++, [n, n * 2]));
  assert.equal(f(2), [2, 4]);
  assert.equal(f(2), [2, 4]);
  assert.is(runs, 1);
  assert.equal(files(dir, id).length, 1);
});

test('hit across two separate Node processes', async () => {
  const dir = join(root, 'procs');
  const first = JSON.parse((await run(process.execPath, [child, dir, 'call', '3'])).stdout);
  const second = JSON.parse((await run(process.execPath, [child, dir, 'call', '3'])).stdout);
  const other = JSON.parse((await run(process.execPath, [child, dir, 'call', '4'])).stdout);
  assert.equal([first.ran, second.ran, other.ran], [true, false, true]);
  assert.equal(second.value, { n: 3, rows: [1, 2, 3], at: new Date(7).toJSON() });
});

test('ttl is honoured on disk: an expired file is a miss and is removed', async () => {
  const dir = fresh();
  const id = uid();
  let runs = 0;
  const clock = fakeClock(Date.now());
  try {
    const f = compile('memo', persisted(id, { ttl: 40 }), async (n) => ++runs);
    assert.is(await f(1), 1);
    clock.now += 39;
    assert.is(await f(1), 1);
    clock.now += 1;
    assert.is(await f(1), 2);
    assert.equal(files(dir, id).length, 1);
    // Expired entries of other keys are swept by the next process's first write.
    await f(2);
    clock.now += 60;
    configure({ stores: { disk: fsStore({ dir }) } }); // a new store: as in a new process
    await f(3);
    assert.equal(files(dir, id).length, 1, 'expired files of keys 1 and 2 were swept');
  } finally {
    clock.restore();
  }
});

test('max bounds the files of one function; the least recently read go first', async () => {
  const dir = fresh();
  const id = uid();
  const f = compile('memo', persisted(id, { max: 2 }), async (n) => ({ n }));
  const pause = () => new Promise((r) => setTimeout(r, 15));
  await f(1); await pause();
  await f(2); await pause();
  await f(1); await pause(); // read: 1 is now more recent than 2
  await f(3);
  assert.equal(files(dir, id).length, 2);
  let runs = 0;
  const g = compile('memo', persisted(id, { max: 2 }), async (n) => (runs++, { n }));
  await g(1); await g(3);
  assert.is(runs, 0, '1 and 3 were kept');
  await g(2);
  assert.is(runs, 1, '2 was evicted');
});

test('clear(fn) removes exactly that function\'s files; clear() removes all', async () => {
  const dir = fresh();
  const a = compile('memo', persisted(uid('a')), async (n) => n);
  const b = compile('memo', persisted(uid('b')), async (n) => n);
  await a(1); await a(2); await b(1);
  const idA = Object.keys(stats(a))[0], idB = Object.keys(stats(b))[0];
  await clear(a);
  assert.equal([files(dir, idA).length, files(dir, idB).length], [0, 1]);
  await clear();
  assert.equal(files(dir, idB).length, 0);
});

test('clear(fn) reaches the disk before the function was ever called in this process', async () => {
  const dir = fresh();
  const id = uid();
  const first = compile('memo', persisted(id), async (n) => n);
  await first(1);
  assert.equal(files(dir, id).length, 1);
  // Another function object registered under the same id, not called yet.
  const later = compile('memo', persisted(id), async (n) => n);
  const { registry } = await import('../../dist/runtime/registry.js');
  registry.sites.delete(id); // as in a fresh process: no site state yet
  await clear(later);
  assert.equal(files(dir, id).length, 0);
});

test('invalidate removes one file', async () => {
  const dir = fresh();
  const id = uid();
  let runs = 0;
  const f = compile('memo', persisted(id), async (n) => (runs++, n));
  await f(1); await f(2);
  assert.is(invalidate(f, 1), true);
  assert.is(invalidate(f, 1), false);
  assert.equal(files(dir, id).length, 1);
  await f(1);
  assert.is(runs, 3);
});

test('an edited function (new hash) never reads the old results, and its first write removes them', async () => {
  const dir = fresh();
  const id = uid();
  const v1 = compile('memo', persisted(id, { hash: 'old' }), async (n) => 'old ' + n);
  await v1(1); await v1(2);
  assert.equal(files(dir, id).length, 2);
  const v2 = compile('memo', persisted(id, { hash: 'new' }), async (n) => 'new ' + n);
  assert.is(await v2(1), 'new 1');
  assert.equal(files(dir, id).map((f) => f.split('.')[0]), ['new']);
});

test('a truncated, garbage or old-format file is a miss and is replaced', async () => {
  const dir = fresh();
  const id = uid();
  let runs = 0;
  const f = compile('memo', persisted(id), async (n) => (runs++, { n, pad: 'p'.repeat(1000) }));
  await f(1);
  const path = join(siteDir(dir, id), files(dir, id)[0]);
  const good = readFileSync(path);
  const damage = [
    () => truncateSync(path, good.length - 10),
    () => truncateSync(path, 12),
    () => writeFileSync(path, 'garbage, not an entry'),
    () => writeFileSync(path, Buffer.concat([Buffer.from([0x4d, 0x4b, 0x43, 0]), good.subarray(4)])), // format version 0
    () => { const b = Buffer.from(good); b[b.length - 5] ^= 0xff; b.writeDoubleLE(b.length, 20); writeFileSync(path, b); }, // bad length field
  ];
  for (const [i, hurt] of damage.entries()) {
    hurt();
    assert.equal(await f(1), { n: 1, pad: 'p'.repeat(1000) });
    assert.is(runs, i + 2, 'damage ' + i + ' was a miss');
    assert.is(readFileSync(path).length, good.length, 'replaced by a whole entry');
    assert.is(await f(1).then(() => runs), i + 2, 'and the replacement is read back');
  }
});

test('list leaves out truncated, garbage and misplaced files, and files of names the store does not make', async () => {
  const dir = fresh();
  const store = fsStore({ dir });
  const id = uid('listed');
  const k = (key) => ({ site: id, hash: 'h1', key: key.repeat(64) });
  for (const key of ['a', 'b', 'c', 'd']) store.setSync(k(key), { value: { pad: 'p'.repeat(100) }, created: 1, expires: 0, hash: 'h1' }, {});
  const d = siteDir(dir, id);
  const path = (key) => join(d, files(dir, id).find((f) => f.includes(key.repeat(64))));
  truncateSync(path('b'), 50);
  writeFileSync(path('c'), 'garbage, not an entry');
  writeFileSync(join(d, 'h1.' + 'e'.repeat(64) + '.mkc'), readFileSync(path('d'))); // d's entry under e's name: not where get(d) reads
  writeFileSync(join(d, 'notes.mkc'), readFileSync(path('d')));
  writeFileSync(join(dir, OWN_FOLDER, 'notes.txt'), 'mine');
  const listed = [...store.listSync()].filter((e) => e.key.site === id).map((e) => e.key.key[0]).sort();
  assert.equal(listed, ['a', 'd']);
  const listedAsync = [];
  for await (const e of store.list(id)) listedAsync.push(e.key.key[0]);
  assert.equal(listedAsync.sort(), ['a', 'd']);
  assert.equal([...fsStore({ dir: join(root, 'never-written') }).listSync()], [], 'a folder the store never made lists nothing');
});

test('two processes writing the same key: every read sees a whole entry, no temporary file is left', async () => {
  const dir = join(root, 'writers');
  const outs = await Promise.all(['a', 'b'].map((tag) => run(process.execPath, [child, dir, 'writer', tag])));
  assert.equal(outs.map((o) => JSON.parse(o.stdout).n), [60, 60]);
  const names = files(dir, 'test/child.js#big');
  assert.equal(names.filter((x) => x.endsWith('.tmp')), []);
  assert.is(names.length, 1);
});

test('a store that fails never breaks the caller: computed anyway, one warning, error events', async () => {
  const dir = fresh();
  const real = fsStore({ dir });
  let down = true;
  const flaky = {
    get: (k, o) => (down ? Promise.reject(new Error('disk on fire')) : real.get(k, o)),
    set: (k, e, o) => (down ? Promise.reject(new Error('disk on fire')) : real.set(k, e, o)),
    delete: (k) => real.delete(k),
    clear: (s) => real.clear(s),
  };
  const events = [];
  const warnings = [];
  const warn = console.warn;
  console.warn = (m) => warnings.push(m);
  configure({ stores: { flaky }, onEvent: (e) => e.type === 'error' && events.push(e.error.message) });
  try {
    let runs = 0;
    const f = compile('memo', persisted(uid(), { persist: 'flaky' }), async (n) => (runs++, n * 10));
    assert.is(await f(1), 10);
    assert.is(await f(1), 10);
    assert.is(runs, 2);
    assert.is(warnings.length, 1, 'one warning per outage');
    assert.match(warnings[0], 'store "flaky" failed (disk on fire)');
    assert.is(events.length, 4, 'every failed read and write is an event');
    down = false;
    await f(1); await f(1);
    assert.is(runs, 3, 'back to hitting once the store answers');
    down = true;
    await f(2);
    assert.is(warnings.length, 2, 'a new outage warns again');
  } finally {
    console.warn = warn;
    configure({ onEvent: null, stores: null });
  }
});

test('clear errors: a sync function on an async-only store, an unknown store, a URL result', async () => {
  const asyncOnly = { get: async () => undefined, set: async () => {}, delete: async () => false, clear: async () => {} };
  configure({ stores: { remote: asyncOnly } });
  const id = uid('sync');
  const s = compile('memo', { id, hash: 'h', persist: 'remote' }, () => 1);
  try { s(); assert.unreachable(); } catch (e) {
    assert.instance(e, MemokitError);
    assert.is(e.code, 'MK_BAD_OPTION');
    assert.match(e.message, id + ': persist=remote needs an async function');
    assert.match(e.message, 'Make the function async, or use persist=disk.');
  }
  const u = compile('memo', { id: uid('nostore'), hash: 'h', persist: 'nowhere' }, () => 1);
  assert.throws(() => u(), /no store named "nowhere" is configured; call configure\(\{ stores: \{ nowhere: store \} \}\)/);
  assert.throws(() => configure({ stores: { bad: { get() {} } } }), /store "bad" has no set\(\) method/);
  fresh();
  const url = compile('memo', persisted(uid('url')), async () => ({ link: new URL('https://example.com/') }));
  await url(1).then(() => assert.unreachable(), (e) => {
    assert.is(e.code, 'MK_UNCLONEABLE');
    assert.match(e.message, 'result.link is a URL');
    assert.match(e.message, 'Return url.href instead.');
  });
  configure({ stores: null });
});

test('copy=freeze: a persisted result comes back deep-frozen', async () => {
  fresh();
  const f = compile('memo', persisted(uid(), { copy: 'freeze' }), async () => ({ rows: [{ a: 1 }] }));
  await f(1);
  const v = await f(1);
  assert.ok(Object.isFrozen(v) && Object.isFrozen(v.rows[0]));
});

test('the default disk store lives in node_modules/.cache/memokit of the running program\'s package, whatever the working directory', async () => {
  const { mkdirSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const app = join(root, 'default-app');
  const other = join(root, 'default-other');
  mkdirSync(join(app, 'src'), { recursive: true });
  mkdirSync(join(app, 'node_modules/tool'), { recursive: true });
  mkdirSync(join(other, 'deep'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'default-app', type: 'module' }));
  writeFileSync(join(app, 'src/package.json'), JSON.stringify({ type: 'module' })); // names no package
  writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'other' }));
  const fs = new URL('../../dist/stores/fs.js', import.meta.url).href;
  const script = `import { fsStore } from ${JSON.stringify(fs)}; console.log(fsStore().dir);`;
  writeFileSync(join(app, 'src/main.mjs'), script);
  writeFileSync(join(app, 'node_modules/tool/run.mjs'), script);
  const env = { ...process.env, MEMOKIT_CACHE_DIR: '' };
  const dirOf = (file, cwd) => execFileSync(process.execPath, [file], { cwd, env, encoding: 'utf8' }).trim();
  assert.is(dirOf(join(app, 'src/main.mjs'), join(other, 'deep')), join(app, 'node_modules/.cache'), 'the program\'s package, not the working directory');
  assert.is(dirOf(join(app, 'src/main.mjs'), app), join(app, 'node_modules/.cache'));
  assert.is(dirOf(join(app, 'node_modules/tool/run.mjs'), join(other, 'deep')), join(other, 'node_modules/.cache'), 'a tool inside node_modules: the working directory\'s package');

  // And the store really writes there: this test file's package is memokit's own.
  configure({ stores: null });
  const id = uid('default');
  const f = compile('memo', persisted(id), async (n) => n);
  await f(1);
  const pkg = fileURLToPath(new URL('../..', import.meta.url));
  assert.ok(existsSync(join(pkg, 'node_modules/.cache/memokit', siteFolder(id))));
  await clear(f);
});

test.run();
