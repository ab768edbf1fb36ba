// The LMDB store (memokit/lmdb, persist=lmdb; docs/stores.md, LMDB store): the store contract in
// both modes, then its own rules through compiled shells: sync and async paths, ttl, max, sweeps
// of old hashes, clear, damaged values, a foreign folder, and several processes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { configure, clear, invalidate, invalidateTag, stats } from 'memokit';
import { lmdbStore, OWN_FOLDER, entryId } from 'memokit/lmdb';
import { compile, uid, fakeClock } from '../helpers/compiled.js';
import { storeContract } from '../helpers/store-contract.js';

let lmdb;
try {
  lmdb = createRequire(import.meta.url)('lmdb');
} catch (e) {
  // Only a machine where lmdb's prebuilt binary cannot load skips (Node 20 and 24 on linux-x64 load it).
  console.log('# lmdb cannot load here (' + e.message.split('\n')[0] + '): the LMDB store tests are skipped');
}

const run = promisify(execFile);
const child = fileURLToPath(new URL('./lmdb-child.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'memokit-lmdb-'));
let n = 0;
const stores = [];
/** A fresh store folder per test, configured as `persist=lmdb`. */
const fresh = () => {
  const store = lmdbStore({ dir: join(root, String(++n)) });
  stores.push(store);
  configure({ stores: { lmdb: store } });
  return store;
};
const persisted = (id, extra = {}) => ({ id, hash: 'h1', keys: ['n'], persist: 'lmdb', async: true, ...extra });
/** The store's entries of one site (its header's keys), sorted by key digest. */
const listed = (store, id) => [...store.listSync(id)].sort((a, b) => (a.key.key < b.key.key ? -1 : 1));

test.after(async () => {
  for (const store of stores) await store.close();
  configure({ stores: null, onEvent: null });
  rmSync(root, { recursive: true, force: true });
});

if (lmdb) {
  const contract = lmdbStore({ dir: join(root, 'contract') });
  stores.push(contract);
  storeContract(test, contract, { sync: true });

  test('async: the second call reads the store; each caller gets its own value; stats count the entries', async () => {
    const store = fresh();
    const id = uid('report');
    let runs = 0;
    const f = compile('memo', persisted(id), async (n) => (runs++, { n, at: new Date(5), m: new Map([[1, new Set([2n])]]), b: Buffer.from('hi') }));
    const a = await f(1);
    a.m.clear();
    const b = await f(1);
    assert.is(runs, 1);
    assert.equal(b, { n: 1, at: new Date(5), m: new Map([[1, new Set([2n])]]), b: Buffer.from('hi') });
    assert.ok(Buffer.isBuffer(b.b));
    assert.is.not(await f(1), b);
    await store.flush();
    const [entry] = listed(store, id);
    assert.equal(entry.key.site, id);
    const { entries, bytes } = stats(f)[id];
    assert.equal([entries, bytes], [1, entry.bytes]);
    assert.ok(existsSync(join(store.folder, 'data.mdb')) && readFileSync(join(store.folder, 'CACHEDIR.TAG'), 'utf8').includes('created by memokit'));
  });

  test('a non-async function persists synchronously: its write is read back at once, and by another store once committed', async () => {
    const store = fresh();
    const id = uid('sync');
    let runs = 0;
    const f = compile('memo', { id, hash: 'h1', keys: ['n'], persist: 'lmdb' }, (n) => (runs++, [n, n * 2]));
    assert.equal(f(2), [2, 4]);
    assert.equal(f(2), [2, 4], 'read from this process\'s queued write');
    assert.is(runs, 1);
    await store.flush();
    // Another store of the folder (what another process sees): the committed entry.
    const other = lmdbStore({ dir: store.dir });
    const [entry] = listed(other, id);
    assert.equal(other.getSync(entry.key, {}).value, [2, 4]);
    assert.is(f(2)[1], 4);
    assert.is(runs, 1);
  });

  test('hits across separate Node processes, sync and async; the built-in persist=lmdb store uses $MEMOKIT_CACHE_DIR/memokit-lmdb', async () => {
    const dir = join(root, 'procs');
    const call = async (...args) => JSON.parse((await run(process.execPath, [child, dir, ...args])).stdout);
    const runs = [];
    for (const args of [['call-sync', '3'], ['call-sync', '3'], ['call-async', '3'], ['call-async', '3'], ['call-sync', '4']]) runs.push((await call(...args)).ran);
    assert.equal(runs, [true, false, true, false, true]);
    assert.equal((await call('call-sync', '3')).value.rows, [1, 2, 3]);
    // process.exit() right after the write: the write is committed on the way out.
    assert.equal([(await call('call-sync', '6', 'exit')).ran, (await call('call-sync', '6', 'exit')).ran], [true, false]);
    // The built-in store, without configure().
    const env = { ...process.env, MEMOKIT_CACHE_DIR: join(root, 'builtin') };
    const builtin = async () => JSON.parse((await run(process.execPath, [child, '-', 'call-sync', '5'], { env })).stdout);
    const first = await builtin(), second = await builtin();
    assert.equal([first.ran, second.ran], [true, false]);
    assert.is(second.value.pid, first.value.pid, 'the first process\'s value');
    assert.ok(existsSync(join(root, 'builtin', OWN_FOLDER, 'data.mdb')));
    await run(process.execPath, [child, '-', 'clear-all'], { env });
    assert.is((await builtin()).ran, true, 'clear() reached the built-in store');
  });

  test('process.exit() in any event turn after a write exits at once; the write, its last-use record and its sweep are kept', async () => {
    const dir = join(root, 'turns');
    const exit = (...args) => {
      const r = spawnSync(process.execPath, [child, dir, 'turn-exit', ...args], { encoding: 'utf8', timeout: 60_000 });
      // A hang (lmdb waiting for a main thread that is gone) ends by the timeout: status null.
      assert.is(r.status, 0, 'exited by itself: ' + r.signal + ' ' + r.stderr);
      return JSON.parse(r.stdout).ran;
    };
    // Old code's entries first: the new code's first write in each process sweeps them.
    for (const key of [1, 2]) exit(String(key), '0', 'h0');
    const ran = [];
    for (const [key, turns] of [[1, 0], [1, 1], [2, 1], [3, 2], [4, 3], [5, 1], [6, 1], [7, 1], [5, 2]]) ran.push(exit(String(key), String(turns)));
    assert.equal(ran, [true, false, true, true, true, true, true, true, false]);
    const store = lmdbStore({ dir });
    stores.push(store);
    const left = [...store.listSync('test/lmdb-child.js#turn')];
    assert.ok(left.every((e) => e.key.hash === 'h1'), 'old code\'s entries were swept');
    // max=3, checked on every write (max < 20) from committed last-use records: at most 3 left.
    assert.ok(left.length <= 3, left.length + ' entries');
  });

  test('max counts the writes still queued in this event turn: five writes in one turn, max=2, leave 2', async () => {
    const store = fresh();
    const id = uid();
    for (let i = 0; i < 5; i++) store.setSync({ site: id, hash: 'h1', key: 'k' + i }, { value: i, created: Date.now(), expires: 0, hash: 'h1' }, { max: 2 });
    await store.flush();
    assert.equal(listed(store, id).map((e) => e.key.key).sort(), ['k3', 'k4']);
    for (let i = 5; i < 8; i++) {
      store.setSync({ site: id, hash: 'h1', key: 'k' + i }, { value: i, created: Date.now(), expires: 0, hash: 'h1' }, { max: 2 });
      await store.flush();
    }
    assert.equal(listed(store, id).map((e) => e.key.key).sort(), ['k6', 'k7']);
  });

  test('a folder with LMDB\'s files but no tag is another program\'s database: refused, left as it was; a tag being written is ours', async () => {
    const dir = join(root, String(++n));
    const foreign = lmdb.open({ path: join(dir, OWN_FOLDER), encoding: 'binary', keyEncoding: 'binary' });
    await foreign.put(Buffer.from('Alice'), Buffer.from('x'));
    await foreign.close();
    const store = lmdbStore({ dir });
    stores.push(store);
    configure({ stores: { lmdb: store } });
    const errors = [];
    configure({ onEvent: (e) => e.type === 'error' && errors.push(e.error.message) });
    try {
      const f = compile('memo', { id: uid(), hash: 'h1', keys: ['n'], persist: 'lmdb' }, (n) => n * 2);
      assert.is(f(2), 4);
      await clear().catch((e) => errors.push(e.message));
      assert.ok(errors.some((m) => /is not a memokit cache folder/.test(m)), errors.join('; '));
      assert.ok(!existsSync(join(dir, OWN_FOLDER, 'CACHEDIR.TAG')));
      const again = lmdb.open({ path: join(dir, OWN_FOLDER), encoding: 'binary', keyEncoding: 'binary' });
      assert.is(again.getBinary(Buffer.from('Alice')).toString(), 'x', 'untouched');
      await again.close();
    } finally {
      configure({ onEvent: null });
    }
    // A folder holding only a tag another process is writing (or a crash left) is ours.
    const other = join(root, String(++n));
    mkdirSync(join(other, OWN_FOLDER), { recursive: true });
    writeFileSync(join(other, OWN_FOLDER, 'CACHEDIR.TAG.12345.tmp'), 'half');
    const mine = lmdbStore({ dir: other });
    stores.push(mine);
    configure({ stores: { lmdb: mine } });
    const g = compile('memo', { id: uid(), hash: 'h1', keys: ['n'], persist: 'lmdb' }, (n) => n * 3);
    assert.is(g(2), 6);
    await mine.flush();
    assert.ok(existsSync(join(other, OWN_FOLDER, 'CACHEDIR.TAG')));
    assert.is(mine.listSync().length, 1);
  });

  test('ttl: an expired entry is a miss and goes; the next process\'s first write sweeps expired entries of other keys', async () => {
    const store = fresh();
    const id = uid();
    let runs = 0;
    const clock = fakeClock(Date.now());
    try {
      const f = compile('memo', persisted(id, { ttl: 40 }), async () => ++runs);
      assert.is(await f(1), 1);
      clock.now += 39;
      assert.is(await f(1), 1);
      clock.now += 1;
      assert.is(await f(1), 2);
      await f(2);
      await store.flush();
      assert.is(listed(store, id).length, 2);
      clock.now += 60;
      assert.equal(listed(store, id), [], 'a listing leaves expired entries out');
      const next = lmdbStore({ dir: store.dir }); // a new store of the folder: as in a new process
      configure({ stores: { lmdb: next } });
      await f(3);
      await next.flush();
      clock.now -= 60; // had they stayed, keys 1 and 2 would be listed again
      assert.is(listed(next, id).length, 1, 'expired entries of keys 1 and 2 were swept');
    } finally {
      clock.restore();
    }
  });

  test('max bounds a function\'s entries; the least recently used go first', async () => {
    const store = fresh();
    const id = uid();
    const clock = fakeClock(Date.now());
    try {
      const f = compile('memo', persisted(id, { max: 3 }), async (n) => n);
      for (const k of [1, 2, 3]) { await f(k); clock.now += 10; }
      await f(1); // used: 2 is now the least recently used
      clock.now += 10;
      await store.flush();
      await f(4);
      await store.flush();
      assert.equal(listed(store, id).map((e) => store.getSync(e.key, {}).value).sort(), [1, 3, 4]);
    } finally {
      clock.restore();
    }
  });

  test('max is checked every max/10 writes of a process: a site holds at most max + max/10 - 1 entries', async () => {
    const store = fresh();
    const id = uid();
    const f = compile('memo', persisted(id, { max: 50 }), async (n) => n);
    for (let k = 0; k < 100; k++) await f(k);
    await store.flush();
    const count = listed(store, id).length;
    assert.ok(count >= 50 && count <= 54, 'entries ' + count);
  });

  test('an edited function (new hash) never reads the old results, and its first write removes them', async () => {
    const store = fresh();
    const id = uid();
    const v1 = compile('memo', persisted(id), async (n) => 'v1:' + n);
    await v1(1); await v1(2);
    await store.flush();
    const v2 = compile('memo', persisted(id, { hash: 'h2' }), async (n) => 'v2:' + n);
    assert.is(await v2(1), 'v2:1');
    await store.flush();
    assert.equal(listed(store, id).map((e) => e.key.hash), ['h2']);
  });

  test('a sweep covers a site of several thousand entries (1,000 keys per write transaction)', async () => {
    const store = fresh();
    const site = uid('big');
    const entry = (hash) => ({ value: 1, created: 1, expires: 0, hash });
    for (let i = 0; i < 2500; i++) store.setSync({ site, hash: 'h1', key: String(i).padStart(64, '0') }, entry('h1'), {});
    await store.flush();
    assert.is(listed(store, site).length, 2500);
    store.setSync({ site, hash: 'h2', key: '1'.repeat(64) }, entry('h2'), {});
    await store.flush();
    assert.equal(listed(store, site).map((e) => e.key.hash), ['h2']);
  });

  test('clear(fn) removes exactly that function\'s entries; invalidate one; invalidateTag the tagged; clear() all', async () => {
    const store = fresh();
    const idA = uid('a');
    const a = compile('memo', persisted(idA, { tags: ['t'] }), async (n) => n);
    const b = compile('memo', persisted(uid('b')), async (n) => n);
    await a(1); await a(2); await b(1); await b(2);
    await store.flush();
    await clear(a);
    assert.equal([listed(store, idA).length, [...store.listSync()].length], [0, 2]);
    assert.is(await invalidate(b, 1), true);
    assert.is(await invalidate(b, 1), false);
    assert.is([...store.listSync()].length, 1);
    await a(3);
    assert.is(await invalidateTag('t'), 1);
    await store.flush();
    assert.is([...store.listSync()].length, 1);
    await clear();
    assert.equal([...store.listSync()], []);
  });

  test('clear, invalidateTag and reads on a folder never written create nothing', async () => {
    const store = lmdbStore({ dir: join(root, 'untouched') });
    configure({ stores: { lmdb: store } });
    const f = compile('memo', persisted(uid()), async (n) => n);
    await clear();
    await clear(f);
    assert.is(await invalidateTag('t'), 0);
    assert.is(store.getSync({ site: 'x', hash: 'h', key: 'k' }, {}), undefined);
    assert.equal([...store.listSync()], []);
    assert.not.ok(existsSync(join(root, 'untouched')));
  });

  test('a damaged value is a miss, removed, then replaced', async () => {
    const dir = join(root, 'damaged');
    let store = lmdbStore({ dir });
    configure({ stores: { lmdb: store } });
    const id = uid();
    let runs = 0;
    const f = compile('memo', persisted(id), async (n) => (runs++, { n, text: 'x'.repeat(100) }));
    await f(1);
    const [entry] = listed(store, id);
    await store.close();
    // Flip one byte of the value, through lmdb itself.
    const raw = lmdb.open({ path: join(dir, OWN_FOLDER), encoding: 'binary', keyEncoding: 'binary' });
    const key = Buffer.from('E' + entryId(entry.key));
    const bytes = Buffer.from(raw.getBinary(key));
    bytes[bytes.length - 5] ^= 1;
    raw.putSync(key, bytes);
    await raw.close();
    store = lmdbStore({ dir });
    stores.push(store);
    configure({ stores: { lmdb: store } });
    assert.is(store.getSync(entry.key, {}), undefined, 'the CRC does not match');
    await store.flush();
    assert.equal(listed(store, id), [], 'and it was removed');
    assert.equal(await f(1), { n: 1, text: 'x'.repeat(100) });
    assert.is(runs, 2);
    await store.flush();
    assert.is(store.getSync(entry.key, {}).value.n, 1, 'replaced');
  });

  test('a folder that is not the store\'s is refused: calls compute, one error event, nothing in it changes', async () => {
    const dir = join(root, 'foreign');
    mkdirSync(join(dir, OWN_FOLDER), { recursive: true });
    writeFileSync(join(dir, OWN_FOLDER, 'notes.txt'), 'mine');
    const store = lmdbStore({ dir });
    const errors = [];
    const warn = console.warn;
    console.warn = () => {};
    configure({ stores: { lmdb: store }, onEvent: (e) => e.type === 'error' && errors.push(e.error) });
    try {
      let runs = 0;
      const f = compile('memo', persisted(uid()), async (n) => (runs++, n));
      assert.is(await f(1), 1);
      assert.is(await f(1), 1);
      assert.is(runs, 2);
      assert.ok(errors.length >= 1);
      assert.match(errors[0].message, 'is not a memokit cache folder');
      assert.match(errors[0].message, 'Give lmdbStore({ dir }) another folder');
      assert.equal(readdirSync(join(dir, OWN_FOLDER)), ['notes.txt']);
      assert.is(readFileSync(join(dir, OWN_FOLDER, 'notes.txt'), 'utf8'), 'mine');
    } finally {
      console.warn = warn;
      configure({ onEvent: null });
    }
  });

  test('long site ids, and ids with separator bytes, keep their entries apart', async () => {
    const store = fresh();
    const long = 'a'.repeat(5000), other = 'a'.repeat(4999) + 'b', zero = 'x\0y';
    const key = (site) => ({ site, hash: 'h1', key: '1'.repeat(64) });
    const entry = (value) => ({ value, created: 1, expires: 0, hash: 'h1' });
    for (const site of [long, other, zero, 'x']) store.setSync(key(site), entry(site.length), {});
    await store.flush();
    assert.equal([long, other, zero, 'x'].map((site) => store.getSync(key(site), {}).value), [5000, 5000, 3, 1]);
    await store.clear(long);
    await store.clear(zero);
    assert.equal([long, other, zero, 'x'].map((site) => store.getSync(key(site), {})?.value), [undefined, 5000, undefined, 1]);
    assert.equal([...store.listSync(other)].map((e) => e.key.site), [other]);
  });
}

test.run();
