// Fault injection on the disk store: reads, writes, renames and deletes failing with
// ENOSPC, EACCES, EIO or a timeout, for sync and async functions; a process killed
// between writing and renaming. Callers always get the values the body computes,
// no error reaches a call, and nothing the store did not write ever changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { configure, clear, invalidate } from 'memokit';
import { fsStore, siteFolder, OWN_FOLDER } from 'memokit/fs';
import { verify } from '../../dist/stores/codec.js';
import { compile, uid } from '../helpers/compiled.js';
import { faultyFs } from '../helpers/faulty-fs.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./faults-child.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'memokit-faults-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const OWN_NAME = /(^|\/)(CACHEDIR\.TAG|[A-Za-z0-9_-]+\.[0-9a-f]{64}\.mkc)(\.\d+\.\d+\.tmp)?$/;
/** Every file under `dir` with its content, the store's own files left out. */
const userFiles = (dir) => {
  const out = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!OWN_NAME.test(p)) out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
};
/** The store's entry files under `dir`, and whether each is whole and undamaged. */
const entries = (dir) => {
  const out = [];
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.mkc') && out.push(verify(readFileSync(join(d, e.name))))));
  walk(dir);
  return out;
};
const temporaryFiles = (dir) => {
  const out = [];
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.tmp') && out.push(e.name)));
  walk(dir);
  return out;
};
/** A folder holding a user's files, where the store will make its own folder. */
const userDir = (name) => {
  const dir = join(root, name);
  mkdirSync(join(dir, 'notes'), { recursive: true });
  writeFileSync(join(dir, 'IMPORTANT.txt'), 'do not delete');
  writeFileSync(join(dir, 'notes/a.md'), 'notes');
  return dir;
};
/** User files put inside the store's own folder after it made it: not the store's either. */
const userFilesInside = (dir, id) => {
  writeFileSync(join(dir, OWN_FOLDER, 'readme.txt'), 'a user file in the store folder');
  mkdirSync(join(dir, OWN_FOLDER, siteFolder(id)), { recursive: true });
  writeFileSync(join(dir, OWN_FOLDER, siteFolder(id), 'mine.txt'), 'a user file in a site folder');
};

const value = (k) => ({ k, rows: [k, k * 2], label: 'value ' + k });
const CODES = ['ENOSPC', 'EACCES', 'EIO', 'ETIMEDOUT'];
const OPS = ['read', 'write', 'rename', 'delete'];

for (const shape of ['async', 'sync']) {
  test(`${shape}: every operation failing with ${CODES.join(', ')}: right values, no error in a call, nothing else touched`, async () => {
    let cases = 0;
    for (const op of OPS) for (const code of CODES) {
      const id = uid('fault');
      const dir = userDir(`${shape}-${op}-${code}`);
      const { fs, faults } = faultyFs();
      configure({ stores: { disk: fsStore({ dir, fs }) } });
      const before = userFiles(dir);
      const warn = console.warn;
      console.warn = () => {};
      try {
        let runs = 0;
        const body = (k) => (runs++, value(k));
        const f = shape === 'async'
          ? compile('memo', { id, hash: 'h1', keys: ['k'], persist: 'disk', async: true }, async (k) => body(k))
          : compile('memo', { id, hash: 'h1', keys: ['k'], persist: 'disk' }, body);
        const call = async (k) => assert.equal(await f(k), value(k), `${op} ${code}: f(${k})`);
        await call(1); await call(2);
        userFilesInside(dir, id);
        const withUser = userFiles(dir);
        faults.set(op, code);
        for (const k of [1, 2, 3, 3, 1]) await call(k);
        for (const withdraw of [() => invalidate(f, 2), () => clear(f)]) {
          try { await withdraw(); } catch (e) { assert.is(e.code, code, `${op} ${code}: a failed clear or invalidate reports the store's error`); }
        }
        for (const k of [2, 3]) await call(k);
        faults.delete(op);
        for (const k of [1, 2, 3, 4]) await call(k);
        const settled = runs;
        for (const k of [1, 2, 3, 4]) await call(k);
        assert.is(runs, settled, `${op} ${code}: hits again once the disk answers`);
        assert.ok(entries(dir).every(Boolean), `${op} ${code}: every entry file is whole`);
        assert.equal(temporaryFiles(dir), [], `${op} ${code}: no temporary file is left behind`);
        await clear(f);
        assert.equal(entries(dir), [], 'clear removed every entry');
        assert.equal(userFiles(dir), withUser, `${op} ${code}: the user's files are untouched`);
        assert.equal(Object.keys(before).filter((p) => !(p in withUser)), []);
        cases++;
      } finally {
        console.warn = warn;
        configure({ stores: null });
      }
    }
    assert.is(cases, OPS.length * CODES.length);
  });
}

test('a store that cannot delete fails clear and invalidate with its error, instead of leaving old entries silently', async () => {
  const dir = userDir('undeletable');
  const { fs, faults } = faultyFs();
  configure({ stores: { disk: fsStore({ dir, fs }) } });
  const warn = console.warn;
  console.warn = () => {};
  try {
    const a = compile('memo', { id: uid('undeletable'), hash: 'h1', keys: ['k'], persist: 'disk', async: true }, async (k) => value(k));
    const s = compile('memo', { id: uid('undeletable'), hash: 'h1', keys: ['k'], persist: 'disk' }, (k) => value(k));
    await a(1); s(1);
    faults.set('delete', 'EIO');
    // The disk deletes synchronously: invalidate throws, for async and sync functions alike.
    assert.throws(() => invalidate(a, 1), (e) => e.code === 'EIO');
    assert.throws(() => invalidate(s, 1), (e) => e.code === 'EIO');
    await clear(a).then(() => assert.unreachable(), (e) => assert.is(e.code, 'EIO'));
    faults.delete('delete');
    assert.is(invalidate(a, 1), true, 'the entry was still there');
    assert.is(invalidate(s, 1), true);
  } finally {
    console.warn = warn;
    configure({ stores: null });
  }
});

test('a process killed between writing its temporary file and renaming it leaves no entry; the next process computes; the sweep removes the file', async () => {
  const dir = join(root, 'killed');
  const id = 'test/faults.js#killed';
  const killed = await run(process.execPath, [child, dir, 'kill-before-rename', id]).then(() => null, (e) => e);
  assert.ok(killed && killed.signal === 'SIGKILL', 'the child was killed');
  const site = join(dir, OWN_FOLDER, siteFolder(id));
  const names = readdirSync(site);
  assert.ok(names.some((n) => n.endsWith('.tmp')), 'its temporary file is left');
  assert.not.ok(names.some((n) => n.endsWith('.mkc')), 'no entry was written');
  const second = JSON.parse((await run(process.execPath, [child, dir, 'call', id])).stdout);
  assert.equal(second, { ran: true, value: { k: 1, label: 'computed' } });
  const third = JSON.parse((await run(process.execPath, [child, dir, 'call', id])).stdout);
  assert.equal(third, { ran: false, value: { k: 1, label: 'computed' } });
  // Ten minutes later, the first write of a process sweeps it.
  const tmp = readdirSync(site).find((n) => n.endsWith('.tmp'));
  assert.ok(tmp, 'kept while it may belong to a live writer');
  const old = new Date(Date.now() - 11 * 60e3);
  utimesSync(join(site, tmp), old, old);
  await run(process.execPath, [child, dir, 'call-other', id]);
  assert.not.ok(readdirSync(site).some((n) => n.endsWith('.tmp')), 'swept');
  assert.ok(statSync(join(site, readdirSync(site).find((n) => n.endsWith('.mkc')))).size > 0);
});

test.run();
