// The disk store owns one marked folder inside `dir` and touches nothing else:
// clear, sweeps and max delete only files it made; a folder of another owner is
// refused; distinct site ids never share a folder.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, readdirSync, readFileSync, existsSync, symlinkSync, truncateSync, utimesSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { configure, clear, invalidate } from 'memokit';
import { fsStore, siteFolder, entryFile, OWN_FOLDER } from 'memokit/fs';
import { compile, uid } from '../helpers/compiled.js';
import { faultyFs } from '../helpers/faulty-fs.js';

const root = mkdtempSync(join(tmpdir(), 'memokit-ns-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const tree = (dir) => {
  const out = {};
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else out[relative(dir, p)] = readFileSync(p, 'utf8');
  });
  walk(dir);
  return out;
};
const persisted = (id, extra = {}) => ({ id, hash: 'h1', keys: ['k'], persist: 'disk', async: true, ...extra });

test('clear() with fsStore({ dir }) on a folder with other content deletes only what the store wrote', async () => {
  const dir = join(root, 'user' + ++n);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'IMPORTANT.txt'), 'keep me');
  writeFileSync(join(dir, 'sub/data.mkc'), 'looks like an entry, is not one');
  configure({ stores: { disk: fsStore({ dir }) } });
  const id = uid('user');
  const f = compile('memo', persisted(id, { max: 2 }), async (k) => ({ k }));
  for (const k of [1, 2, 3, 4]) await f(k); // max evicts
  const v2 = compile('memo', persisted(id, { hash: 'h2' }), async (k) => ({ k, v: 2 }));
  configure({ stores: { disk: fsStore({ dir }) } });
  await v2(1); // the first write of a new hash sweeps the old ones
  // A user's files inside the store's folder and inside a site folder: not the store's either.
  writeFileSync(join(dir, OWN_FOLDER, 'notes.txt'), 'mine');
  writeFileSync(join(dir, OWN_FOLDER, siteFolder(id), 'keep.json'), '{}');
  await v2(2);
  await invalidate(v2, 1);
  await clear(v2);
  await clear();
  const left = tree(dir);
  assert.equal(left['IMPORTANT.txt'], 'keep me');
  assert.equal(left['sub/data.mkc'], 'looks like an entry, is not one');
  assert.equal(left[join(OWN_FOLDER, 'notes.txt')], 'mine');
  assert.equal(left[join(OWN_FOLDER, siteFolder(id), 'keep.json')], '{}');
  assert.equal(Object.keys(left).filter((p) => p.endsWith('.mkc') && p.startsWith(OWN_FOLDER)), [], 'the store\'s own entries are gone');
  assert.match(left[join(OWN_FOLDER, 'CACHEDIR.TAG')], /^Signature: 8a477f597d28d172789f06886806bc55\n/, 'a standard cache directory tag');
  configure({ stores: null });
});

test('everything the store writes is inside <dir>/memokit', async () => {
  const dir = join(root, 'only' + ++n);
  mkdirSync(dir);
  const store = fsStore({ dir });
  assert.is(store.dir, dir);
  assert.is(store.folder, join(dir, OWN_FOLDER));
  configure({ stores: { disk: store } });
  const f = compile('memo', persisted(uid()), async (k) => k);
  await f(1);
  assert.equal(readdirSync(dir), [OWN_FOLDER]);
  configure({ stores: null });
});

test('a "memokit" folder the store did not make is refused: computed without it, nothing in it changes', async () => {
  const dir = join(root, 'foreign' + ++n);
  mkdirSync(join(dir, OWN_FOLDER, 'photos'), { recursive: true });
  writeFileSync(join(dir, OWN_FOLDER, 'photos/cat.jpg'), 'meow');
  const before = tree(dir);
  const warnings = [];
  const errors = [];
  const warn = console.warn;
  console.warn = (m) => warnings.push(m);
  configure({ stores: { disk: fsStore({ dir }) }, onEvent: (e) => e.type === 'error' && errors.push(e.error) });
  try {
    let runs = 0;
    const f = compile('memo', persisted(uid()), async (k) => (runs++, { k }));
    assert.equal(await f(1), { k: 1 });
    assert.equal(await f(1), { k: 1 });
    assert.is(runs, 2);
    await clear().catch(() => {});
    assert.equal(tree(dir), before);
    assert.is(warnings.length, 1);
    assert.match(warnings[0], 'is not a memokit cache folder');
    assert.match(errors[0].message, 'Give fsStore({ dir }) another folder');
  } finally {
    console.warn = warn;
    configure({ stores: null, onEvent: null });
  }
});

test('a folder another process tags between this store\'s two looks is taken as memokit\'s, not refused', async () => {
  const dir = join(root, 'race' + ++n);
  const other = fsStore({ dir });
  let raced = false;
  // Right before this store lists the folder (having found no tag), the other process tags it.
  const { fs } = faultyFs({
    onCall: (op, [path]) => {
      if (op === 'list' && path === join(dir, OWN_FOLDER) && !raced) {
        raced = true;
        other.setSync({ site: 'x.js#f', hash: 'h', key: 'a'.repeat(64) }, { value: 1, created: 0, expires: 0, hash: 'h' }, {});
      }
    },
  });
  const store = fsStore({ dir, fs });
  await store.set({ site: 'y.js#g', hash: 'h', key: 'b'.repeat(64) }, { value: 2, created: 0, expires: 0, hash: 'h' }, {});
  assert.ok(raced, 'the race happened');
  assert.is((await store.get({ site: 'y.js#g', hash: 'h', key: 'b'.repeat(64) }, {})).value, 2);
  assert.is((await store.get({ site: 'x.js#f', hash: 'h', key: 'a'.repeat(64) }, {})).value, 1);
});

test('a symbolic link under a site folder\'s name is never followed: clear, sweeps and writes stay inside the store\'s folder', async () => {
  const dir = join(root, 'link' + ++n);
  const outside = join(root, 'outside' + n);
  const id = uid('link');
  mkdirSync(outside, { recursive: true });
  const victim = 'h1.' + 'c'.repeat(64) + '.mkc';
  writeFileSync(join(outside, victim), 'someone else\'s file');
  const store = fsStore({ dir });
  configure({ stores: { disk: store } });
  const warn = console.warn;
  console.warn = () => {};
  try {
    const other = compile('memo', persisted(uid('tag')), async (k) => k);
    await other(1); // the folder exists and is tagged
    symlinkSync(outside, join(dir, OWN_FOLDER, siteFolder(id)));
    let runs = 0;
    const f = compile('memo', persisted(id), async (k) => (runs++, { k }));
    assert.equal(await f(1), { k: 1 });
    assert.equal(await f(1), { k: 1 });
    assert.is(runs, 2, 'not cached through the link');
    await invalidate(f, 1);
    await clear(f);
    await clear();
    assert.equal(readdirSync(outside), [victim], 'nothing written or deleted through the link');
    assert.is(readFileSync(join(outside, victim), 'utf8'), "someone else's file");
  } finally {
    console.warn = warn;
    configure({ stores: null });
  }
});

test('deleting in a folder the store never made creates nothing: invalidate on an empty dir is false', async () => {
  const dir = join(root, 'empty' + ++n);
  mkdirSync(dir);
  configure({ stores: { disk: fsStore({ dir }) } });
  const f = compile('memo', { id: uid(), hash: 'h1', keys: ['k'], persist: 'disk' }, (k) => k);
  assert.is(invalidate(f, 1), false);
  await clear(f);
  await clear();
  assert.equal(readdirSync(dir), []);
  configure({ stores: null });
});

test('long site ids: entries survive a new process (their header is read whole), ids past 64 KB still store', async () => {
  for (const length of [1200, 70_000]) {
    const dir = join(root, 'longid' + ++n);
    const id = 'src/' + 'é'.repeat(length) + '.js#f';
    configure({ stores: { disk: fsStore({ dir }) } });
    let runs = 0;
    const f = compile('memo', persisted(id), async (k) => (runs++, { k }));
    await f(1);
    configure({ stores: { disk: fsStore({ dir }) } }); // as a new process: its first write sweeps
    const g = compile('memo', persisted(id), async (k) => (runs++, { k }));
    await g(2);
    await g(1);
    assert.is(runs, 2, length + ': key 1 was kept by the sweep and read back');
  }
  configure({ stores: null });
});

test('clear leaves a live writer\'s temporary file (another process renames it soon) and removes a stale one; sweeps remove truncated entries', async () => {
  const dir = join(root, 'tmp' + ++n);
  const id = uid('tmp');
  configure({ stores: { disk: fsStore({ dir }) } });
  const f = compile('memo', persisted(id), async (k) => ({ k, pad: 'x'.repeat(100) }));
  await f(1); await f(2);
  const site = join(dir, OWN_FOLDER, siteFolder(id));
  const entry = readdirSync(site).find((x) => x.endsWith('.mkc'));
  writeFileSync(join(site, entry + '.99999.1.tmp'), 'a write in progress');
  writeFileSync(join(site, entry + '.99999.2.tmp'), 'left by a killed writer');
  const old = new Date(Date.now() - 11 * 60e3);
  utimesSync(join(site, entry + '.99999.2.tmp'), old, old);
  await clear(f);
  assert.equal(readdirSync(site), [entry + '.99999.1.tmp']);
  // Sweeps: a truncated entry of the current hash goes at a new store's first write.
  rmSync(join(site, entry + '.99999.1.tmp'));
  await f(1); await f(2);
  const [one, two] = readdirSync(site).filter((x) => x.endsWith('.mkc'));
  truncateSync(join(site, one), 50);
  configure({ stores: { disk: fsStore({ dir }) } });
  await compile('memo', persisted(id), async (k) => ({ k }))(3);
  assert.not.ok(readdirSync(site).includes(one), 'the truncated entry was swept');
  assert.ok(readdirSync(site).includes(two));
  configure({ stores: null });
});

test('a store that finds nothing and cannot write warns once, not on every call', async () => {
  const dir = join(root, 'isfile' + ++n);
  writeFileSync(dir, 'a file where the folder should be');
  const warnings = [];
  const warn = console.warn;
  console.warn = (m) => warnings.push(m);
  configure({ stores: { disk: fsStore({ dir }) } });
  try {
    const f = compile('memo', persisted(uid()), async (k) => k * 2);
    for (let k = 0; k < 50; k++) assert.is(await f(k), k * 2);
    assert.is(warnings.length, 1);
  } finally {
    console.warn = warn;
    configure({ stores: null });
  }
});

const entry = (value) => ({ value, created: Date.now(), expires: 0, hash: 'h1' });

test('another tool\'s CACHEDIR.TAG does not make a folder memokit\'s', () => {
  const dir = join(root, 'othertag' + ++n);
  mkdirSync(join(dir, OWN_FOLDER), { recursive: true });
  writeFileSync(join(dir, OWN_FOLDER, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by another tool.\n');
  writeFileSync(join(dir, OWN_FOLDER, 'precious.txt'), 'x');
  const store = fsStore({ dir });
  assert.throws(() => store.setSync({ site: 'a#f', hash: 'h1', key: 'k' }, entry(1), {}), /is not a memokit cache folder/);
  assert.equal(readdirSync(join(dir, OWN_FOLDER)).sort(), ['CACHEDIR.TAG', 'precious.txt']);
});

test('the cache folder deleted while the process runs: the next write tags it again, and clear() still clears', () => {
  const dir = join(root, 'deleted' + ++n);
  const store = fsStore({ dir });
  const k = { site: 'a#f', hash: 'h1', key: 'k1' };
  store.setSync(k, entry(1), {});
  rmSync(join(dir, OWN_FOLDER), { recursive: true });
  store.setSync(k, entry(2), {});
  assert.ok(existsSync(join(dir, OWN_FOLDER, 'CACHEDIR.TAG')));
  return fsStore({ dir }).clear().then(() => assert.is(store.getSync(k, {}), undefined));
});

test('a delete never follows a symbolic link under a site folder\'s name, even one made after the store looked', () => {
  for (const when of ['before', 'after']) {
    const dir = join(root, 'dellink' + ++n);
    const store = fsStore({ dir });
    const k = { site: 'a#f', hash: 'h1', key: 'k1' };
    store.setSync({ site: 'tag#t', hash: 'h1', key: 'x' }, entry(0), {}); // the folder is made and tagged
    if (when === 'after') assert.is(store.deleteSync(k), false, 'the site folder does not exist yet');
    const outside = join(root, 'victim' + n);
    mkdirSync(outside);
    writeFileSync(join(outside, entryFile(k)), 'not the store\'s');
    symlinkSync(outside, join(dir, OWN_FOLDER, siteFolder(k.site)));
    store.deleteSync(k);
    assert.throws(() => store.setSync(k, entry(1), {}), /not a folder/);
    assert.equal(readdirSync(outside), [entryFile(k)], when);
  }
});

test('an entry file copied to another site\'s, hash\'s or key\'s path is a miss there', () => {
  const dir = join(root, 'copied' + ++n);
  const store = fsStore({ dir });
  const k = { site: 'a#f', hash: 'h1', key: 'k1' };
  store.setSync(k, entry('secret'), {});
  const path = (key) => join(dir, OWN_FOLDER, siteFolder(key.site), entryFile(key));
  for (const other of [{ ...k, site: 'b#g' }, { ...k, hash: 'h2' }, { ...k, key: 'k2' }]) {
    mkdirSync(join(dir, OWN_FOLDER, siteFolder(other.site)), { recursive: true });
    copyFileSync(path(k), path(other));
    assert.is(store.getSync(other, {}), undefined, JSON.stringify(other));
  }
  assert.is(store.getSync(k, {}).value, 'secret');
});

test('an untagged folder: clear() and invalidate delete nothing in it; a leftover temporary tag does not make it foreign', async () => {
  const dir = join(root, 'untagged' + ++n);
  const site = join(dir, OWN_FOLDER, siteFolder('a#f'));
  mkdirSync(site, { recursive: true });
  const name = entryFile({ site: 'a#f', hash: 'h1', key: 'k1' });
  writeFileSync(join(site, name), 'an old file');
  const store = fsStore({ dir });
  await store.clear();
  assert.is(store.deleteSync({ site: 'a#f', hash: 'h1', key: 'k1' }), false);
  assert.equal(readdirSync(site), [name]);
  const crashed = join(root, 'crashed' + ++n);
  mkdirSync(join(crashed, OWN_FOLDER), { recursive: true });
  writeFileSync(join(crashed, OWN_FOLDER, 'CACHEDIR.TAG.123.1.tmp'), 'half a tag');
  const other = fsStore({ dir: crashed });
  other.setSync({ site: 'a#f', hash: 'h1', key: 'k1' }, entry(5), {});
  assert.is(other.getSync({ site: 'a#f', hash: 'h1', key: 'k1' }, {}).value, 5);
});

test('the folder memokit 0.1 wrote (site folders straight inside, no tag) is adopted, and its old entries are misses', async () => {
  const dir = join(root, 'old' + ++n);
  const id = uid('old');
  const oldSite = join(dir, OWN_FOLDER, siteFolder(id));
  mkdirSync(oldSite, { recursive: true });
  writeFileSync(join(oldSite, 'h1.' + 'a'.repeat(64) + '.mkc'), Buffer.from([0x4d, 0x4b, 0x43, 1, 0, 0]));
  configure({ stores: { disk: fsStore({ dir }) } });
  let runs = 0;
  const f = compile('memo', persisted(id), async (k) => (runs++, k));
  await f(1); await f(1);
  assert.is(runs, 1);
  assert.ok(existsSync(join(dir, OWN_FOLDER, 'CACHEDIR.TAG')));
  assert.not.ok(readdirSync(oldSite).includes('h1.' + 'a'.repeat(64) + '.mkc'), 'the old-format entry was swept');
  configure({ stores: null });
});

test('site folders keep their digest: ids that read alike never share a folder, results or clears', async () => {
  assert.is.not(siteFolder('src/a.js#load'), siteFolder('src_a.js#load'));
  assert.match(siteFolder('src/a.js#load'), /^src_a\.js_load-[0-9a-f]{12}$/);
  const long = 'x'.repeat(100);
  assert.is.not(siteFolder(long + '#a'), siteFolder(long + '#b'), 'ids past the readable part differ by digest');
  const dir = join(root, 'alike' + ++n);
  configure({ stores: { disk: fsStore({ dir }) } });
  const a = compile('memo', persisted('src/a.js#load'), async (k) => 'a' + k);
  const b = compile('memo', persisted('src_a.js#load'), async (k) => 'b' + k);
  assert.equal([await a(1), await b(1), await a(1), await b(1)], ['a1', 'b1', 'a1', 'b1']);
  await clear(b);
  let again = 0;
  const a2 = compile('memo', persisted('src/a.js#load'), async (k) => (again++, 'a' + k));
  assert.is(await a2(1), 'a1');
  assert.is(again, 0, "clear(b) kept a's entries");
  configure({ stores: null });
});

test.run();
