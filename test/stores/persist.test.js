// The persistent call path (runtime/persist.ts) against the real disk store and
// against small stores written here to control timing: computations withdrawn by
// clear/invalidate never write, copy=freeze on every path, declared shapes kept,
// invalidate's answer, stats, and the checks a store cannot do for the runtime.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { configure, clear, invalidate, stats, hash, memo, register } from 'memokit';
import { fsStore, siteFolder, OWN_FOLDER } from 'memokit/fs';
import { compile, uid, tick } from '../helpers/compiled.js';
import { faultyFs } from '../helpers/faulty-fs.js';

const root = mkdtempSync(join(tmpdir(), 'memokit-persist-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDisk = () => {
  const dir = join(root, String(++n));
  const store = fsStore({ dir });
  configure({ stores: { disk: store } });
  return { dir, store };
};
const entryFiles = (dir, id) => {
  try { return readdirSync(join(dir, OWN_FOLDER, siteFolder(id))).filter((f) => f.endsWith('.mkc')); } catch { return []; }
};
const persisted = (id, extra = {}) => ({ id, hash: 'h1', keys: ['n'], persist: 'disk', async: true, ...extra });
const deferred = () => {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
};
/** `signal()` resolves the promise `next()` handed out first: a step of a computation was reached. */
const signals = () => {
  const waiting = [];
  const fired = [];
  return {
    signal: () => (waiting.length ? waiting.shift()(true) : fired.push(true)),
    next: () => (fired.length ? Promise.resolve(fired.shift()) : new Promise((r) => waiting.push(r))),
  };
};

/** A store in a Map, keyed on what `keyOf` picks; `gate` (when set) holds each set() until released. */
const mapStore = (keyOf = (k) => k.site + '|' + k.hash + '|' + k.key) => {
  const entries = new Map();
  const setting = signals();
  const store = {
    entries,
    gate: null,
    sets: 0,
    /** Resolves when a set() has been called (and waits at the gate). */
    nextSet: setting.next,
    async get(k) {
      const e = entries.get(keyOf(k));
      return e && { ...e, value: structuredClone(e.value) };
    },
    async set(k, e) {
      setting.signal();
      if (store.gate) await store.gate;
      store.sets++;
      entries.set(keyOf(k), { ...e, value: structuredClone(e.value) });
    },
    async delete(k) { return entries.delete(keyOf(k)); },
    async clear(site) { for (const key of [...entries.keys()]) if (site === undefined || key.startsWith(site + '|')) entries.delete(key); },
  };
  return store;
};

/** An async shell over store `persist`, as memokit compiles an async function: a throw inside it becomes a rejection. */
const asyncShell = (id, persist) => {
  let site;
  return register(async function (n) {
    return (site ||= memo({ id, hash: 'h1', keys: ['n'], persist, async: true })).call(this, [n], async () => n);
  }, id);
};

test('invalidate of an async function whose store throws from delete(): the promise rejects with that error, whatever an earlier invalidate answered', async () => {
  const store = mapStore();
  const err = new Error('delete refused');
  configure({ stores: { refusing: { ...store, delete() { throw err; } }, disk: fsStore({ dir: join(root, 'refusing') }) } });
  const plain = compile('memo', { id: uid('plain'), hash: 'h1', keys: ['n'] }, (n) => n);
  plain(1);
  assert.is(invalidate(plain, 1), true, 'an earlier invalidation that removed an entry');
  const shell = asyncShell(uid('refusing'), 'refusing');
  await shell(1);
  const answer = invalidate(shell, 1);
  assert.instance(answer, Promise);
  try {
    await answer;
    assert.unreachable('the store could not delete');
  } catch (e) {
    assert.is(e, err);
  }
});

test('invalidate of a store whose delete() answers with a plain value (not a promise): that answer', async () => {
  const store = mapStore();
  configure({ stores: { plain: { ...store, delete(k) { return store.entries.delete(k.site + '|' + k.hash + '|' + k.key); } }, disk: fsStore({ dir: join(root, 'plain') }) } });
  const shell = asyncShell(uid('plain-delete'), 'plain');
  await shell(1);
  await tick();
  assert.is(await invalidate(shell, 1), true, 'the entry was there');
  assert.is(await invalidate(shell, 1), false, 'and now it is not');
});

test('invalidate during an in-flight persist=disk call: the old computation is not written, the next call computes', async () => {
  const { dir } = freshDisk();
  const id = uid('race');
  let version = 'old';
  const bodies = [];
  const entered = signals();
  const f = compile('memo', persisted(id), async (k) => {
    const gate = deferred();
    bodies.push(gate);
    const v = version;
    entered.signal();
    await gate.promise;
    return v + ' ' + k;
  });
  const first = f(1);
  await entered.next();
  version = 'new';
  assert.is(await invalidate(f, 1), false, 'nothing on disk yet');
  bodies[0].resolve();
  assert.is(await first, 'old 1', 'the caller still gets its result');
  await tick();
  assert.equal(entryFiles(dir, id), [], 'but it was not written');
  const second = f(1);
  await entered.next();
  bodies[1].resolve();
  assert.is(await second, 'new 1');
  assert.is(await f(1), 'new 1');
  assert.is(bodies.length, 2);
});

test('clear(fn) during an in-flight persist=disk call: not written; clear() too', async () => {
  for (const clearing of [(f) => clear(f), () => clear()]) {
    const { dir } = freshDisk();
    const id = uid('race');
    let version = 'old';
    let runs = 0;
    const gate = deferred();
    const entered = signals();
    const f = compile('memo', persisted(id), async (k) => {
      runs++;
      const v = version;
      entered.signal();
      if (runs === 1) await gate.promise;
      return v + ' ' + k;
    });
    const first = f(1);
    await entered.next();
    version = 'new';
    await clearing(f);
    gate.resolve();
    assert.is(await first, 'old 1');
    assert.equal(entryFiles(dir, id), []);
    assert.is(await f(1), 'new 1');
    assert.is(await f(1), 'new 1');
    assert.is(runs, 2);
  }
});

test('a write still in progress when clear(fn) or invalidate() is called does not land after it', async () => {
  try {
    for (const withdraw of [(f) => clear(f), (f) => invalidate(f, 1)]) {
      const store = mapStore();
      configure({ stores: { slow: store } });
      const id = uid('slow');
      let version = 'old';
      const f = compile('memo', persisted(id, { persist: 'slow' }), async (k) => version + ' ' + k);
      const held = deferred();
      store.gate = held.promise;
      const first = f(1);
      await store.nextSet();
      version = 'new';
      const withdrawn = withdraw(f);
      store.gate = null;
      held.resolve();
      assert.is(await first, 'old 1');
      await withdrawn;
      assert.is(await f(1), 'new 1', 'the old value was not served');
      assert.is(await f(1), 'new 1');
    }
  } finally {
    configure({ stores: null });
  }
});

test('a computation withdrawn before it finishes never calls set(); clear() settles only once writes in progress have finished', async () => {
  const store = mapStore();
  configure({ stores: { counted: store } });
  try {
    const id = uid('counted');
    const gate = deferred();
    const entered = signals();
    const f = compile('memo', persisted(id, { persist: 'counted' }), async (k) => { entered.signal(); await gate.promise; return k; });
    const first = f(1);
    await entered.next();
    await invalidate(f, 1);
    gate.resolve();
    await first;
    assert.is(store.sets, 0, 'no write at all');

    const g = compile('memo', persisted(uid('counted'), { persist: 'counted' }), async (k) => k);
    const held = deferred();
    store.gate = held.promise;
    const second = g(1);
    await store.nextSet();
    const cleared = clear(g);
    let settled = false;
    cleared.then(() => (settled = true));
    await tick();
    assert.not.ok(settled, 'clear() waits for the write in progress');
    store.gate = null;
    held.resolve();
    await cleared;
    assert.is(store.entries.size, 0, 'nothing left when clear() settles');
    await second;
  } finally {
    configure({ stores: null });
  }
});

test('double-checked lock: an entry written while this process waited for the lock is a hit, not a second computation', async () => {
  const store = mapStore();
  let otherProcess = null;
  store.lock = async (k) => {
    // Another process computed, wrote and released just after our first read.
    await otherProcess(k);
    return { acquired: true, release: async () => {}, wait: async () => undefined };
  };
  configure({ stores: { locked: store } });
  try {
    let runs = 0;
    const id = uid('locked');
    const f = compile('memo', persisted(id, { persist: 'locked' }), async (k) => (runs++, 'mine ' + k));
    otherProcess = (k) => store.set(k, { value: 'theirs 1', created: Date.now(), expires: 0, hash: 'h1' });
    assert.is(await f(1), 'theirs 1');
    assert.is(runs, 0);
    assert.equal([stats(f)[id].hits, stats(f)[id].misses], [1, 0]);
  } finally {
    configure({ stores: null });
  }
});

test('a call right after clear(fn), not awaited, never returns the cleared value (sync and async functions)', async () => {
  freshDisk();
  let version = 'old';
  const s = compile('memo', { id: uid('unawaited'), hash: 'h1', keys: ['n'], persist: 'disk' }, (k) => version + k);
  const a = compile('memo', persisted(uid('unawaited')), async (k) => version + k);
  assert.equal([s(1), await a(1)], ['old1', 'old1']);
  version = 'new';
  const clears = [clear(s), clear(a)];
  assert.is(s(1), 'new1', 'sync');
  assert.is(await a(1), 'new1', 'async');
  await Promise.all(clears);
  assert.equal([s(1), await a(1)], ['new1', 'new1']);
  // And after clear() of everything.
  version = 'newer';
  const all = clear();
  assert.is(s(1), 'newer1', 'sync, clear()');
  assert.is(await a(1), 'newer1', 'async, clear()');
  await all;
});

test('reads right after a withdrawal wait for the store: a write that landed but was not yet acknowledged, then its deletion', async () => {
  // A store that keeps a write at once but answers late, as a slow disk or network does.
  const store = mapStore();
  const slowSet = store.set;
  let ack = null;
  store.set = async (k, e) => {
    await slowSet(k, e);
    await new Promise((r) => (ack = r));
  };
  configure({ stores: { late: store } });
  try {
    for (const withdraw of [(f) => invalidate(f, 1), (f) => clear(f)]) {
      let version = 'old';
      const f = compile('memo', persisted(uid('late'), { persist: 'late' }), async (k) => version + k);
      /** Until the store holds a write waiting for its answer (bounded: a regression fails, never hangs). */
      const untilWriting = async (what) => {
        for (let i = 0; i < 200 && !ack; i++) await tick();
        assert.ok(ack, what);
      };
      const first = f(1);
      await untilWriting('the first write reached the store');
      version = 'new';
      const withdrawn = withdraw(f);
      const next = f(1); // asked while the old value sits in the store, unacknowledged
      ack();
      ack = null;
      assert.is(await first, 'old1');
      const got = next.then((v) => v);
      await untilWriting('the new value is written');
      ack();
      ack = null;
      assert.is(await got, 'new1');
      await withdrawn;
    }
  } finally {
    configure({ stores: null });
  }
});

test('invalidate while an async disk write is being renamed into place: the write deletes what it wrote, the next call computes', async () => {
  const dir = join(root, String(++n));
  let hold = null;
  const { fs } = faultyFs({ beforeAsync: (op, [, to]) => (op === 'rename' && String(to).endsWith('.mkc') && hold ? hold.promise : undefined) });
  configure({ stores: { disk: fsStore({ dir, fs }) } });
  let version = 'old';
  const id = uid('renaming');
  const f = compile('memo', persisted(id), async (k) => version + k);
  await f(0); // the folder exists
  hold = deferred();
  const first = f(1);
  for (let i = 0; i < 200 && entryFiles(dir, id).length === 1 && !readdirSync(join(dir, OWN_FOLDER, siteFolder(id))).some((x) => x.endsWith('.tmp')); i++) await tick();
  version = 'new';
  assert.is(invalidate(f, 1), false, 'not renamed yet: nothing to delete');
  const next = f(1);
  const releasing = hold;
  hold = null;
  releasing.resolve();
  assert.is(await first, 'old1');
  assert.is(await next, 'new1');
  assert.is(await f(1), 'new1');
  configure({ stores: null });
});

test('a call right after an unawaited invalidate waits for the store\'s delete', async () => {
  const store = mapStore();
  const realDelete = store.delete;
  let gate = null;
  store.delete = async (k) => { if (gate) await gate.promise; return realDelete(k); };
  configure({ stores: { gated: store } });
  try {
    let version = 'old';
    const f = compile('memo', persisted(uid('gated'), { persist: 'gated' }), async (k) => version + k);
    assert.is(await f(1), 'old1');
    version = 'new';
    gate = deferred();
    const removal = invalidate(f, 1);
    const next = f(1);
    await tick();
    gate.resolve();
    assert.is(await next, 'new1');
    assert.is(await removal, true);
  } finally {
    configure({ stores: null });
  }
});

test('after invalidate, the old flight finishing does not unregister the new one: later callers join it', async () => {
  const store = mapStore();
  configure({ stores: { m: store } });
  try {
    let runs = 0;
    const gates = [];
    const started = signals();
    const f = compile('memo', persisted(uid('flight'), { persist: 'm' }), async () => {
      runs++;
      started.signal();
      await new Promise((r) => gates.push(r));
      return runs;
    });
    const a = f(1);
    await started.next();
    await invalidate(f, 1);
    const b = f(1);
    await started.next();
    gates[0]();
    await a;
    const c = f(1); // joins b
    gates[1]();
    assert.equal([await b, await c], [2, 2]);
    assert.is(runs, 2);
    assert.is(await f(1), 2, 'b was written');
  } finally {
    configure({ stores: null });
  }
});

test('the runtime checks expiry of what a store returns; an async store\'s failing delete rejects invalidate', async () => {
  const store = mapStore();
  configure({ stores: { m: store } });
  const warn = console.warn;
  console.warn = () => {};
  try {
    let runs = 0;
    const f = compile('memo', persisted(uid('expired'), { persist: 'm', ttl: 60_000 }), async (k) => (runs++, k));
    await f(1);
    for (const e of store.entries.values()) e.expires = Date.now() - 1;
    await f(1);
    assert.is(runs, 2, 'an expired entry from a store is a miss');
    store.delete = async () => { throw Object.assign(new Error('delete refused'), { code: 'EREFUSED' }); };
    const removal = invalidate(f, 1);
    assert.ok(removal instanceof Promise);
    await removal.then(() => assert.unreachable(), (e) => assert.is(e.code, 'EREFUSED'));
  } finally {
    console.warn = warn;
    configure({ stores: null });
  }
});

test('a non-async function\'s pending promise, cleared meanwhile, is not written', async () => {
  freshDisk();
  let version = 'old';
  let resolve;
  const s = compile('memo', { id: uid('pending'), hash: 'h1', keys: ['n'], persist: 'disk' }, (k) => {
    const v = version + k;
    return new Promise((r) => (resolve = () => r(v)));
  });
  const first = s(1);
  await clear(s);
  version = 'new';
  resolve();
  assert.is(await first, 'old1');
  const second = s(1);
  resolve();
  assert.is(await second, 'new1');
});

test('copy=freeze with persist: a cyclic value comes back frozen and still cyclic', async () => {
  const { dir } = freshDisk();
  const id = uid('cycle');
  const make = async (k) => { const o = { k, list: [] }; o.self = o; o.list.push(o); return o; };
  const f = compile('memo', persisted(id, { copy: 'freeze' }), make);
  await f(1);
  configure({ stores: { disk: fsStore({ dir }) } });
  const v = await compile('memo', persisted(id, { copy: 'freeze' }), make)(1);
  assert.ok(Object.isFrozen(v) && Object.isFrozen(v.list) && v.self === v && v.list[0] === v);
});

test('clear() and clear(fn) at start-up reach the built-in disk store before any call created it', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { fileURLToPath } = await import('node:url');
  const child = fileURLToPath(new URL('./disk-child.js', import.meta.url));
  const run = promisify(execFile);
  for (const mode of ['clear-fn-then-call', 'clear-all-then-call']) {
    const env = { ...process.env, MEMOKIT_CACHE_DIR: join(root, 'startup-' + mode) };
    const first = JSON.parse((await run(process.execPath, [child, '-', 'builtin-call', 'old'], { env })).stdout);
    const second = JSON.parse((await run(process.execPath, [child, '-', mode, 'new'], { env })).stdout);
    assert.equal([first.value, second.value], ['old', 'new'], mode);
  }
});

test('copy=freeze with persist: frozen on the miss, for joined callers, on hits and from another process\'s store', async () => {
  const { dir } = freshDisk();
  const id = uid('frozen');
  const deepFrozen = (v) => Object.isFrozen(v) && Object.isFrozen(v.rows) && Object.isFrozen(v.rows[0]);
  const f = compile('memo', persisted(id, { copy: 'freeze' }), async () => { await tick(); return { rows: [{ a: 1 }] }; });
  const [miss, joined] = await Promise.all([f(1), f(1)]);
  assert.ok(deepFrozen(miss), 'miss');
  assert.ok(deepFrozen(joined), 'joined');
  assert.is(joined, miss, 'joined callers share the one frozen value');
  assert.ok(deepFrozen(await f(1)), 'hit');
  configure({ stores: { disk: fsStore({ dir }) } });
  const again = compile('memo', persisted(id, { copy: 'freeze' }), async () => assert.unreachable('served from disk'));
  assert.ok(deepFrozen(await again(1)), 'persisted');
  const sync = compile('memo', { id: uid('frozen'), hash: 'h', persist: 'disk', copy: 'freeze' }, () => ({ list: [1] }));
  assert.ok(Object.isFrozen(sync().list) && Object.isFrozen(sync().list), 'sync miss and hit');
  const bad = compile('memo', persisted(uid('frozen'), { copy: 'freeze' }), async () => ({ m: new Map() }));
  await bad(1).then(() => assert.unreachable(), (e) => assert.match(e.message, 'copy=freeze cannot make read-only'));
});

test('a non-async function that returns a promise, with persist=disk: its hits return promises too', async () => {
  const { dir } = freshDisk();
  const id = uid('thenable');
  let runs = 0;
  const body = (k) => { runs++; return new Promise((r) => setTimeout(() => r({ k }), 5)); };
  const f = compile('memo', { id, hash: 'h', keys: ['k'], persist: 'disk' }, body);
  const first = f(1);
  const joined = f(1);
  assert.ok(first instanceof Promise && joined instanceof Promise);
  assert.equal(await Promise.all([first, joined]), [{ k: 1 }, { k: 1 }]);
  const hit = f(1);
  assert.ok(hit instanceof Promise, 'a hit is a promise, like the uncached call');
  assert.equal(await hit, { k: 1 });
  configure({ stores: { disk: fsStore({ dir }) } });
  const again = compile('memo', { id, hash: 'h', keys: ['k'], persist: 'disk' }, body);
  const fromDisk = again(1);
  assert.ok(fromDisk instanceof Promise, 'also when read back by another store');
  assert.equal(await fromDisk, { k: 1 });
  assert.is(runs, 1);
  const plain = compile('memo', { id: uid('plain'), hash: 'h', persist: 'disk' }, () => 5);
  assert.is(plain(), 5);
  assert.is(plain(), 5, 'a plain value stays plain');
});

test('a sync singleton with an async validate is refused with the fix; an async one validates', async () => {
  const id = uid('pool');
  const s = compile('singleton', { id, hash: 'h', validate: async () => true }, () => ({ pool: 1 }));
  const first = s();
  assert.equal(first, { pool: 1 });
  try { s(); assert.unreachable(); } catch (e) {
    assert.is(e.code, 'MK_BAD_OPTION');
    assert.match(e.message, id + ': validate returned a promise; make validate synchronous, or the singleton async.');
  }
  let good = true;
  let built = 0;
  const a = compile('singleton', { id: uid('pool'), hash: 'h', validate: async () => good }, async () => ({ n: ++built }));
  const one = await a();
  assert.is(await a(), one);
  assert.equal(Object.values(stats(a))[0].hits, 1, 'a validated hit is a hit');
  good = false;
  assert.equal(await a(), { n: 2 });
});

test('invalidate: a boolean for a store with synchronous delete, a promise of one otherwise', async () => {
  freshDisk();
  const d = compile('memo', persisted(uid('inv')), async (k) => k);
  await d(1);
  assert.is(invalidate(d, 1), true);
  assert.is(invalidate(d, 1), false);
  const store = mapStore();
  configure({ stores: { remote: store } });
  try {
    let runs = 0;
    const r = compile('memo', persisted(uid('inv'), { persist: 'remote' }), async (k) => (runs++, k));
    await r(1);
    const removed = invalidate(r, 1);
    assert.ok(removed instanceof Promise);
    assert.is(await removed, true);
    assert.is(await invalidate(r, 1), false);
    assert.is(store.entries.size, 0);
    await r(1);
    assert.is(runs, 2);
  } finally {
    configure({ stores: null });
  }
});

test('the runtime checks the entry\'s hash: a store keyed on site and key only never serves old code\'s results', async () => {
  const store = mapStore((k) => k.site + '|' + k.key);
  configure({ stores: { loose: store } });
  try {
    const id = uid('loose');
    const v1 = compile('memo', persisted(id, { persist: 'loose', hash: 'v1' }), async (k) => 'v1:' + k);
    assert.is(await v1(1), 'v1:1');
    const v2 = compile('memo', persisted(id, { persist: 'loose', hash: 'v2' }), async (k) => 'v2:' + k);
    assert.is(await v2(1), 'v2:1');
    assert.is(await v2(1), 'v2:1');
  } finally {
    configure({ stores: null });
  }
});

test('stats: joined in-flight calls count as hits; clear(fn) and clear() reset the counters', async () => {
  freshDisk();
  for (const desc of [{ hash: 'h', keys: ['n'] }, persisted('')]) {
    const id = uid('stats');
    const f = compile('memo', { ...desc, id }, async (k) => { await tick(); return k; });
    await Promise.all([f(1), f(1), f(1)]);
    assert.equal([stats(f)[id].hits, stats(f)[id].misses], [2, 1], (desc.persist || 'memory') + ': two joined');
    await f(1);
    assert.is(stats(f)[id].hits, 3);
    await clear(f);
    assert.equal([stats(f)[id].hits, stats(f)[id].misses], [0, 0], 'clear(fn) resets');
    await f(1); await f(1);
    assert.equal([stats(f)[id].hits, stats(f)[id].misses], [1, 1]);
    await clear();
    assert.equal([stats(f)[id].hits, stats(f)[id].misses], [0, 0], 'clear() resets');
  }
});

test('a flipped byte inside a cache file is a miss, and the file is replaced', async () => {
  const { dir } = freshDisk();
  const id = uid('flip');
  let runs = 0;
  const f = compile('memo', persisted(id), async () => (runs++, 'yyyyyyyy'));
  await f(1);
  const path = join(dir, OWN_FOLDER, siteFolder(id), entryFiles(dir, id)[0]);
  const good = readFileSync(path);
  const at = good.lastIndexOf('yyyyyyyy') + 7;
  for (const where of [at, 4, 9, 20, good.length - 1]) {
    const bad = Buffer.from(good);
    bad[where] = where === at ? 'x'.charCodeAt(0) : bad[where] ^ 1;
    writeFileSync(path, bad);
    assert.is(await f(1), 'yyyyyyyy', 'byte ' + where);
    const replaced = readFileSync(path);
    assert.ok(replaced.length === good.length && !replaced.equals(bad), 'replaced, byte ' + where);
  }
  writeFileSync(path, '');
  assert.is(await f(1), 'yyyyyyyy', 'zero-length');
  assert.is(runs, 7);
  assert.is(await f(1), 'yyyyyyyy');
  assert.is(runs, 7);
});

test('hash(): a Map\'s keys are part of its encoding, not only its values', () => {
  assert.is.not(hash(new Map([['a', 1]])), hash(new Map([['b', 1]])));
  assert.is.not(hash(new Map([[1, 'a']])), hash(new Map([['1', 'a']])));
  assert.is(hash(new Map([['a', 1], ['b', 2]])), hash(new Map([['b', 2], ['a', 1]])));
});

test('an argument object changed while an async persisted computation runs: not written under the old key; a caller who joined computes its own', async () => {
  const { dir } = freshDisk();
  const id = uid();
  let runs = 0;
  const gate = deferred();
  const load = compile('memo', { id, hash: 'h1', keys: ['q'], persist: 'disk', async: true }, async (q) => {
    runs++;
    await gate.promise;
    return 'prices of ' + q.region;
  });
  const query = { region: 'eu' };
  const mine = load(query);
  await tick();
  const theirs = load({ region: 'eu' }); // joins: equal key
  query.region = 'us';
  gate.resolve();
  assert.is(await mine, 'prices of us', 'the caller gets what its body computed');
  assert.is(await theirs, 'prices of eu', 'the joiner computes for its own query');
  await tick();
  assert.is(await load({ region: 'eu' }), 'prices of eu');
  const before = runs;
  assert.is(await load({ region: 'eu' }), 'prices of eu');
  assert.is(runs, before, 'read from the store now');
  assert.is(entryFiles(dir, id).length, 1, 'one entry: eu, never us under the eu key');
  await clear();
});

test.run();
