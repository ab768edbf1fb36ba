// The Store contract (runtime/store.ts, docs/stores.md), tested on a store's own
// methods: what the runtime relies on but re-checks, a store must still do itself.
// `storeContract(test, store, { sync })` adds the tests to a uvu suite.
import * as assert from 'uvu/assert';
import { shapeOf } from './shape.js';

let n = 0;
const keyOf = (site, hash = 'h1') => ({ site, hash, key: String(++n).padStart(64, '0') });
const entryOf = (value, extra = {}) => ({ value, created: Date.now(), expires: 0, hash: 'h1', ...extra });

export const storeContract = (test, store, { sync = false } = {}) => {
  const listAsync = async (site) => {
    const out = [];
    for await (const e of store.list(site)) out.push(e);
    return out;
  };
  const modes = [['async', { get: (k, o = {}) => store.get(k, o), set: (k, e, o = {}) => store.set(k, e, o), delete: (k) => store.delete(k), list: store.list && listAsync }]];
  if (sync) modes.push(['sync', { get: async (k, o = {}) => store.getSync(k, o), set: async (k, e, o = {}) => store.setSync(k, e, o), delete: async (k) => store.deleteSync(k), list: store.listSync && (async (site) => [...store.listSync(site)]) }]);

  for (const [mode, io] of modes) {
    test(`contract (${mode}): get of nothing is undefined; set then get returns every field`, async () => {
      const k = keyOf('contract.js#a');
      assert.is(await io.get(k), undefined);
      const e = entryOf({ rows: [1, 2] }, { created: 1234, promise: true, tags: ['a\n"b', 'user:1'] });
      await io.set(k, e);
      const got = await io.get(k);
      assert.equal(got, e);
    });

    test(`contract (${mode}): an expired entry is never returned`, async () => {
      const k = keyOf('contract.js#ttl');
      await io.set(k, entryOf('old', { expires: Date.now() - 1 }), { ttl: 1 });
      await new Promise((r) => setTimeout(r, 5));
      assert.is(await io.get(k, { ttl: 1 }), undefined);
    });

    test(`contract (${mode}): entries are apart by site, hash and key`, async () => {
      const k = keyOf('contract.js#b');
      await io.set(k, entryOf('b'));
      assert.is(await io.get({ ...k, site: 'contract.js#other' }), undefined, 'another site');
      assert.is(await io.get({ ...k, key: k.key.replace(/.$/, 'f') }), undefined, 'another key');
      const h2 = { ...k, hash: 'h2' };
      assert.ok((await io.get(h2)) === undefined || (await io.get(h2)).hash !== 'h2', 'another hash is not its entry');
      assert.is((await io.get(k)).value, 'b');
    });

    test(`contract (${mode}): delete says whether it removed an entry`, async () => {
      const k = keyOf('contract.js#c');
      await io.set(k, entryOf(1));
      assert.is(await io.delete(k), true);
      assert.is(await io.delete(k), false);
      assert.is(await io.get(k), undefined);
    });

    test(`contract (${mode}): values come back with their shape, as fresh objects`, async () => {
      const k = keyOf('contract.js#shape');
      const buf = new ArrayBuffer(8);
      const value = { nul: Object.assign(Object.create(null), { a: 1 }), proto: JSON.parse('{"__proto__":{"x":1}}'), views: [new Uint8Array(buf, 0, 2), new Uint16Array(buf, 4, 2)], b: Buffer.from('xy'), m: new Map([[1n, new Date(3)]]) };
      await io.set(k, entryOf(value));
      const a = (await io.get(k)).value;
      assert.equal(shapeOf(a), shapeOf(value));
      a.m.clear();
      assert.is((await io.get(k)).value.m.size, 1, 'each get decodes afresh');
    });

    test(`contract (${mode}): list gives each live entry once (key as written, header, size, never the value); list(site) one site's`, async () => {
      if (!io.list) return; // optional: for tools (memokit cache)
      // A site id with ':' and one that is its prefix: the key layout must not mix them up.
      const siteA = `contract/list-${mode}.js#a`, siteB = `contract/list-${mode}.js#a:b`;
      // (The disk store keeps one hash per site: its first write of a new hash removes the others.)
      const a1 = keyOf(siteA), a2 = keyOf(siteA), b = keyOf(siteB, 'h2'), gone = keyOf(siteA);
      await io.set(a1, entryOf('x'.repeat(10_000), { created: 1234, tags: ['t:1'] }));
      await io.set(a2, entryOf(2, { expires: Date.now() + 60_000 }));
      await io.set(b, entryOf(3, { hash: 'h2' }));
      await io.set(gone, entryOf('old', { expires: Date.now() - 1 }), { ttl: 1 });
      await new Promise((r) => setTimeout(r, 5));
      const mine = (list) => list.filter((e) => e.key.site === siteA || e.key.site === siteB).sort((x, y) => (x.key.key < y.key.key ? -1 : 1));
      const all = mine(await io.list());
      assert.equal(all.map((e) => e.key), [a1, a2, b], 'every live entry once, expired ones left out');
      assert.equal([all[0].created, all[0].expires, all[0].tags], [1234, 0, ['t:1']]);
      assert.ok(all[0].bytes > 10_000 && all[0].bytes < 10_200, 'bytes: the encoded size ' + all[0].bytes);
      assert.ok(all[1].expires > Date.now() && all[1].tags === undefined);
      assert.ok(all.every((e) => !('value' in e)));
      assert.equal((await io.list(siteA)).map((e) => e.key).sort((x, y) => (x.key < y.key ? -1 : 1)), [a1, a2], 'one site: not the site whose id it prefixes');
      assert.is((await io.list(siteB))[0].key.hash, 'h2', 'the hash the entry was written with');
      assert.equal((await io.list(siteB)).map((e) => e.key), [b]);
      assert.equal(await io.list('contract/list.js#none'), []);
      await io.delete(a1);
      assert.equal(mine(await io.list()).map((e) => e.key), [a2, b], 'a listed key is what delete removes');
    });
  }

  test('contract: deleteTagged removes the entries carrying any of the tags, of every site, and counts each once', async () => {
    if (!store.deleteTagged) return; // optional: a store without it is never given tagged entries
    const a = keyOf('contract.js#tagA'), b = keyOf('contract.js#tagB'), c = keyOf('contract.js#tagA'), d = keyOf('contract.js#tagC');
    await store.set(a, entryOf(1, { tags: ['t1', 't2'] }), {});
    await store.set(b, entryOf(2, { tags: ['t2'] }), {});
    await store.set(c, entryOf(3, { tags: ['t3'] }), {});
    await store.set(d, entryOf(4), {});
    assert.is(await store.deleteTagged(['t1', 't2']), 2);
    assert.equal([await store.get(a, {}), await store.get(b, {})], [undefined, undefined]);
    assert.is((await store.get(c, {})).value, 3);
    assert.is((await store.get(d, {})).value, 4);
    assert.is(await store.deleteTagged(['t1', 'nothing']), 0);
    // Rewritten without the tag, an entry is no longer the tag's.
    await store.set(c, entryOf(5), {});
    assert.is(await store.deleteTagged(['t3']), 0);
    assert.is((await store.get(c, {})).value, 5);
  });

  test('contract: clear(site) removes that site\'s entries (every hash); clear() removes the rest', async () => {
    const a1 = keyOf('contract.js#clearA'), a2 = keyOf('contract.js#clearA', 'h2'), b = keyOf('contract.js#clearB');
    await store.set(a1, entryOf(1), {});
    await store.set(a2, entryOf(2, { hash: 'h2' }), {});
    await store.set(b, entryOf(3), {});
    await store.clear('contract.js#clearA');
    assert.equal([await store.get(a1, {}), await store.get(a2, {})], [undefined, undefined]);
    assert.is((await store.get(b, {})).value, 3);
    await store.clear();
    assert.is(await store.get(b, {}), undefined);
  });
};
