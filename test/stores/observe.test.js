// cacheIf, events, stats and maxBytes on persistent sites: the disk store and a
// real redis-server with its near tier.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Redis from 'ioredis';
import { configure, stats, clear } from 'memokit';
import { fsStore } from 'memokit/fs';
import { redisStore } from 'memokit/redis';
import { startRedis } from '../helpers/redis.js';
import { compile, uid, tick } from '../helpers/compiled.js';

const root = mkdtempSync(join(tmpdir(), 'memokit-observe-'));
let server;
let raw;
let n = 0;
/** Redis stores of the running test, closed after it (and after its clear()). */
const open = [];
const redisOf = (prefix) => {
  const store = redisStore({ url: server.url, prefix });
  open.push(store);
  return store;
};

test.before(async () => {
  server = await startRedis();
  raw = new Redis(server.url);
});
test.after(async () => {
  configure({ onEvent: null, stores: null });
  raw.disconnect();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

const statsOf = (f) => Object.values(stats(f))[0];
/** GET commands Redis has answered so far. */
const gets = async () => Number(/cmdstat_get:calls=(\d+)/.exec(await raw.info('commandstats'))?.[1] || 0);
/** Entry files of a disk store (every site). */
const files = (dir) => (existsSync(join(dir, 'memokit')) ? readdirSync(join(dir, 'memokit')).filter((d) => d.endsWith('') && !/^(tags|CACHEDIR\.TAG)$/.test(d)).flatMap((d) => readdirSync(join(dir, 'memokit', d))) : []);

test('disk: cacheIf refuses a value: returned, not written; an accepted one is written and read back', async () => {
  const dir = join(root, String(++n));
  configure({ stores: { disk: fsStore({ dir }) } });
  let runs = 0;
  const cacheIf = (page, region) => page.length > 0 && region !== 'skip';
  const sync = compile('memo', { id: uid(), hash: 'h', keys: ['region'], persist: 'disk', cacheIf }, (region) => (runs++, region === 'none' ? [] : [region]));
  assert.equal(sync('none'), []);
  assert.equal(sync('skip'), ['skip']);
  assert.equal(files(dir), [], 'nothing written');
  assert.equal(sync('eu'), ['eu']);
  assert.is(files(dir).length, 1);
  sync('none'); sync('skip'); sync('eu');
  assert.is(runs, 5, 'refused values computed again, the accepted one read from disk');
  const async = compile('memo', { id: uid(), hash: 'h', keys: ['region'], persist: 'disk', async: true, cacheIf }, async (region) => { runs++; await tick(); return region === 'none' ? [] : [region]; });
  assert.equal(await Promise.all([async('none'), async('none')]), [[], []]);
  assert.is(runs, 6, 'joiners share the computation');
  assert.equal(await async('none'), []);
  assert.is(runs, 7);
  await async('us'); await async('us');
  assert.is(runs, 8);
  assert.is(files(dir).length, 2);
});

test('redis: cacheIf refuses a value: no key written; events carry status, ms and bytes from the store', async () => {
  const store = redisOf('obs' + ++n);
  configure({ stores: { redis: store } });
  const events = [];
  configure({ onEvent: (e) => events.push(e) });
  try {
    let runs = 0;
    const f = compile('memo', { id: uid(), hash: 'h', keys: ['id'], persist: 'redis', async: true, cacheIf: (v) => v !== null }, async (id) => (runs++, id === 'gone' ? null : { id, text: 'x'.repeat(100) }));
    assert.is(await f('gone'), null);
    assert.equal(await raw.keys('obs' + n + ':*'), []);
    await f('a');
    const miss = events.find((e) => e.status === 'miss' && e.key !== undefined && events.indexOf(e) > 0);
    assert.ok(miss.ms >= 0 && miss.bytes > 100, JSON.stringify(miss));
    events.length = 0;
    // A second process would read Redis; here the near tier answers: both are hits with ms and bytes.
    await f('a');
    assert.equal(events.map((e) => e.status), ['hit']);
    assert.ok(events[0].ms >= 0 && events[0].bytes === miss.bytes, 'the near tier knows the encoded size');
    assert.is(runs, 2);
    assert.is((await raw.keys('obs' + n + ':*')).filter((k) => !k.endsWith(':changes')).length, 1);
  } finally {
    configure({ onEvent: null });
  }
});

test('redis near tier: maxBytes bounds this function\'s part of it, least recently used first', async () => {
  const store = redisOf('near' + ++n);
  configure({ stores: { redis: store } });
  const big = compile('memo', { id: uid(), hash: 'h', keys: ['k'], persist: 'redis', async: true, maxBytes: 4096 }, async (k) => k + ':' + 'x'.repeat(1200));
  const other = compile('memo', { id: uid(), hash: 'h', keys: ['k'], persist: 'redis', async: true }, async (k) => k + ':' + 'y'.repeat(1200));
  for (const k of ['a', 'b', 'c', 'd']) await big(k);
  for (const k of ['a', 'b', 'c', 'd']) await other(k);
  // Each entry is about 1.3 kB encoded: 4 kB of the tier hold the last three of `big`.
  let before = await gets();
  for (const k of ['b', 'c', 'd']) await big(k);
  assert.is(await gets() - before, 0, 'b, c, d from the near tier');
  for (const k of ['a', 'b', 'c', 'd']) await other(k);
  assert.is(await gets() - before, 0, 'the unbounded function kept all four');
  before = await gets();
  await big('a');
  assert.is(await gets() - before, 1, 'a was evicted from the tier: read from Redis');
});

test('maxBytes on a store without a near tier is refused with the way out', async () => {
  configure({ stores: { disk: fsStore({ dir: join(root, String(++n)) }) } });
  const f = compile('memo', { id: uid(), hash: 'h', persist: 'disk', async: true, maxBytes: 1024 }, async () => 1);
  await assert.throws(() => f(), /keeps none \(it has no near tier\)/);
});

test.after.each(async () => {
  await clear();
  configure({ stores: null });
  for (const store of open.splice(0)) await store.close();
});
test.run();
