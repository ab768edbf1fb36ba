// `memokit cache ls|stats|clear`, spawned as users run it, against what real programs
// persisted: a project compiled by `node --import memokit/register` writes to the disk
// store and to a real redis-server; the command counts the entries per function, tells
// the ones the current code wrote from those of code edited (or removed) since, and
// removes all, one function's, or only the orphaned ones, and nothing else.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import { fsStore, siteFolder, OWN_FOLDER } from 'memokit/fs';
import { root } from '../helpers/fixtures.js';
import { startRedis, freePort } from '../helpers/redis.js';

const bin = join(root, 'dist/cli/index.js');
const register = pathToFileURL(join(root, 'dist/register/index.js')).href;
// The default disk folder is the project's package's, never one from the environment.
const env = { ...process.env, MEMOKIT_CACHE_DIR: '', NODE_OPTIONS: '' };

/** `memokit …` run in `cwd`. */
const cli = (cwd, ...args) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });
/** `memokit … --json`, parsed; the command must succeed. */
const json = (cwd, ...args) => {
  const r = cli(cwd, ...args, '--json');
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
/** One row of `cache ls --json` per site id, without the times. */
const counts = (rows) => Object.fromEntries(rows.map(({ site, oldest, newest, ...rest }) => [site, rest]));

const SOURCE = (persist, factor = 2) => [
  `export async function price(p: number) { "use memo persist=${persist}"; return { p, total: p * ${factor} }; }`,
  `export async function tax(p: number) { "use memo persist=${persist}"; return { p, rate: 0.2, pad: "x".repeat(500) }; }`,
  `export async function gone(p: number) { "use memo persist=${persist}"; return p; }`,
  '',
].join('\n');

// Calls given as `name:arg` arguments; prints each call's hit or miss. With REDIS_URL, persist=redis reaches it.
const MAIN = [
  'import { configure } from "memokit";',
  'import * as data from "./data.js";',
  'const events: string[] = [];',
  'configure({ onEvent: (e) => (e.type === "hit" || e.type === "miss") && events.push(e.type + " " + e.id.split("#")[1]) });',
  'let store: any;',
  'if (process.env.REDIS_URL) {',
  '  const { redisStore } = await import("memokit/redis");',
  '  configure({ stores: { redis: (store = redisStore({ url: process.env.REDIS_URL, near: false })) } });',
  '}',
  'for (const call of process.argv.slice(2)) { const [name, arg] = call.split(":"); await (data as any)[name](Number(arg)); }',
  'await store?.close();',
  'console.log(JSON.stringify(events));',
  '',
].join('\n');

const projects = [];
/** A project named `shop` with src/data.ts (three persisted functions) and src/main.ts; memokit linked in. */
function project(persist) {
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/cache-cli-'));
  projects.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop', type: 'module' }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules/memokit'), 'dir');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/data.ts'), SOURCE(persist));
  writeFileSync(join(dir, 'src/main.ts'), MAIN);
  return dir;
}

/** Runs src/main.ts with `calls`; the hit/miss events, e.g. ['miss price', 'hit tax']. */
function run(dir, calls, extraEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', register, join(dir, 'src/main.ts'), ...calls], { cwd: dir, encoding: 'utf8', env: { ...env, ...extraEnv } });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const edit = (dir, from, to) => {
  const file = join(dir, 'src/data.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
};

/** Bytes of a site's entry files on disk. */
const diskBytes = (dir, id) => {
  const d = join(dir, 'node_modules/.cache', OWN_FOLDER, siteFolder(id));
  return readdirSync(d).filter((f) => f.endsWith('.mkc')).reduce((n, f) => n + statSync(join(d, f)).size, 0);
};

test.after(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

test('disk: ls counts the entries, bytes and ages per function; the hashes are the ones the compiled code wrote', () => {
  const dir = project('disk');
  assert.equal(run(dir, ['price:1', 'price:2', 'price:3', 'tax:1', 'tax:2']), ['miss price', 'miss price', 'miss price', 'miss tax', 'miss tax']);
  const rows = json(dir, 'cache', 'ls');
  assert.equal(counts(rows), {
    'shop/src/data.ts#price': { entries: 3, bytes: diskBytes(dir, 'shop/src/data.ts#price'), current: 3, changed: 0, inProject: true, analyzed: true },
    'shop/src/data.ts#tax': { entries: 2, bytes: diskBytes(dir, 'shop/src/data.ts#tax'), current: 2, changed: 0, inProject: true, analyzed: true },
  });
  assert.ok(rows[1].bytes > 1000, 'tax values carry 500 characters each');
  for (const r of rows) assert.ok(r.oldest <= r.newest && Date.now() - r.oldest < 60_000 && r.oldest > 1e12, 'created times, ms since the epoch');
  // What the runtime wrote (the header's hash) is what the analysis says the code's hash is.
  const sites = json(dir, 'ls');
  const written = [...fsStore({ dir: join(dir, 'node_modules/.cache') }).listSync()];
  assert.is(written.length, 5);
  for (const e of written) assert.is(e.key.hash, sites.find((s) => s.id === e.key.site).hash, e.key.site);

  const table = cli(dir, 'cache', 'ls');
  assert.is(table.status, 0, table.stderr);
  const lines = table.stdout.trim().split('\n');
  assert.match(lines[0], /^SITE\s+ENTRIES\s+BYTES\s+OLDEST\s+NEWEST\s+CURRENT\s+CHANGED$/);
  assert.match(lines[1], /^shop\/src\/data\.ts#price\s+3\s+\d+ B\s+\d+s\s+\d+s\s+3\s+0$/);
  assert.match(lines[2], /^shop\/src\/data\.ts#tax\s+2\s+1\.\d kB\s+\d+s\s+\d+s\s+2\s+0$/);
  assert.match(lines[3], /^5 entries of 2 sites, \d\.\d kB: 5 current, 0 changed \(disk .+memokit\)$/);

  const stats = json(dir, 'cache', 'stats');
  assert.equal({ ...stats, oldest: typeof stats.oldest, newest: typeof stats.newest }, {
    store: 'disk ' + join(dir, 'node_modules/.cache/memokit'), sites: 2, entries: 5, bytes: rows[0].bytes + rows[1].bytes, current: 5, changed: 0, notAnalyzed: 0, oldest: 'number', newest: 'number',
  });
  assert.match(cli(dir, 'cache', 'stats').stdout, /^store    disk .+\nsites    2\nentries  5 \(5 current, 0 changed\)\nbytes    \d\.\d kB\noldest   \d+s\nnewest   \d+s\n$/);
});

test('disk: after an edit, --orphaned removes exactly the entries of the old code; current entries still hit; other packages\' entries stay', async () => {
  const dir = project('disk');
  run(dir, ['price:1', 'price:2', 'tax:1', 'tax:2', 'gone:1']);
  // An entry of another package sharing the folder: not this project's code, so never orphaned.
  const store = fsStore({ dir: join(dir, 'node_modules/.cache') });
  await store.set({ site: 'lib/src/x.ts#f', hash: 'h1', key: 'a'.repeat(64) }, { value: 1, created: Date.now(), expires: 0, hash: 'h1' }, {});
  edit(dir, 'p * 2', 'p * 3');
  edit(dir, /export async function gone[^\n]*\n/, '');
  assert.equal(counts(json(dir, 'cache', 'ls')), {
    'lib/src/x.ts#f': { entries: 1, bytes: diskBytes(dir, 'lib/src/x.ts#f'), current: 0, changed: 0, inProject: false, analyzed: false },
    'shop/src/data.ts#gone': { entries: 1, bytes: diskBytes(dir, 'shop/src/data.ts#gone'), current: 0, changed: 1, inProject: false, analyzed: true },
    'shop/src/data.ts#price': { entries: 2, bytes: diskBytes(dir, 'shop/src/data.ts#price'), current: 0, changed: 2, inProject: true, analyzed: true },
    'shop/src/data.ts#tax': { entries: 2, bytes: diskBytes(dir, 'shop/src/data.ts#tax'), current: 2, changed: 0, inProject: true, analyzed: true },
  });
  const table = cli(dir, 'cache', 'ls').stdout;
  assert.match(table, /^shop\/src\/data\.ts#gone\s+1\s+\d+ B\s+\d+s\s+\d+s\s+0\s+1\s+\(not in project\)$/m);
  assert.match(table, /^lib\/src\/x\.ts#f\s+1\s+\d+ B\s+\d+s\s+\d+s\s+-\s+-\s+\(not analyzed: another package\)$/m);
  assert.match(table, /^6 entries of 4 sites, .+: 2 current, 3 changed, 1 not analyzed \(disk .+\)$/m);

  const cleared = cli(dir, 'cache', 'clear', '--orphaned');
  assert.is(cleared.status, 0, cleared.stderr);
  assert.match(cleared.stdout, /^removed 3 entries of changed code \(\d+ B\) from disk .+; 3 kept\n$/);
  assert.equal(Object.keys(counts(json(dir, 'cache', 'ls'))), ['lib/src/x.ts#f', 'shop/src/data.ts#tax']);
  assert.equal(run(dir, ['tax:1', 'tax:2', 'price:1']), ['hit tax', 'hit tax', 'miss price'], 'the current entries still hit');
  assert.is((await store.get({ site: 'lib/src/x.ts#f', hash: 'h1', key: 'a'.repeat(64) }, {})).value, 1);
  assert.match(cli(dir, 'cache', 'clear', '--orphaned').stdout, /^removed 0 entries of changed code \(0 B\) from .+; 4 kept\n$/);
});

test('disk: clear of one function leaves the others; clear of all leaves files memokit did not write', () => {
  const dir = project('disk');
  run(dir, ['price:1', 'price:2', 'tax:1']);
  const cache = join(dir, 'node_modules/.cache');
  const foreign = [join(cache, 'other-tool/state.json'), join(cache, OWN_FOLDER, 'notes.txt'), join(cache, OWN_FOLDER, siteFolder('shop/src/data.ts#tax'), 'readme.txt')];
  for (const f of foreign) {
    mkdirSync(join(f, '..'), { recursive: true });
    writeFileSync(f, 'mine');
  }
  const one = cli(dir, 'cache', 'clear', 'shop/src/data.ts#price');
  assert.equal([one.status, one.stdout], [0, `removed 2 entries (${one.stdout.match(/\((\d+ B)\)/)?.[1]}) from shop/src/data.ts#price (disk ${join(cache, 'memokit')})\n`], one.stderr);
  assert.equal(Object.keys(counts(json(dir, 'cache', 'ls'))), ['shop/src/data.ts#tax']);
  assert.equal(run(dir, ['tax:1', 'price:1']), ['hit tax', 'miss price']);

  const all = cli(dir, 'cache', 'clear');
  assert.is(all.status, 0, all.stderr);
  assert.match(all.stdout, /^removed 2 entries \(.+\) from disk .+\n$/);
  assert.equal(json(dir, 'cache', 'ls'), []);
  assert.is(cli(dir, 'cache', 'ls').stdout, `no entries in disk ${join(cache, 'memokit')}\n`);
  for (const f of foreign) assert.is(readFileSync(f, 'utf8'), 'mine', f);
  assert.ok(existsSync(join(cache, OWN_FOLDER, 'CACHEDIR.TAG')));

  // A function of the project without entries: nothing to do. An id the project does not have: a typo.
  assert.equal([cli(dir, 'cache', 'clear', 'shop/src/data.ts#price').status, cli(dir, 'cache', 'clear', 'shop/src/data.ts#price').stdout], [0, `no entries for shop/src/data.ts#price (disk ${join(cache, 'memokit')})\n`]);
  const typo = cli(dir, 'cache', 'clear', 'shop/src/data.ts#prise');
  assert.equal([typo.status, typo.stdout], [1, '']);
  assert.match(typo.stderr, /^memokit: no entries for shop\/src\/data\.ts#prise in disk .+, and the project has no function of that id/);
});

test('disk: --dir names the store\'s folder; the project folder is the positional argument of ls', () => {
  const dir = project('disk');
  const elsewhere = join(dir, 'cache-here');
  const r = spawnSync(process.execPath, ['--import', register, join(dir, 'src/main.ts'), 'tax:1'], { cwd: dir, encoding: 'utf8', env: { ...env, MEMOKIT_CACHE_DIR: elsewhere } });
  assert.is(r.status, 0, r.stderr);
  assert.equal(json(dir, 'cache', 'ls'), [], 'nothing in the default folder');
  assert.equal(Object.keys(counts(json(root, 'cache', 'ls', dir, '--dir', elsewhere))), ['shop/src/data.ts#tax']);
  assert.is(json(root, 'cache', 'ls', dir, '--dir', elsewhere)[0].current, 1, 'analyzed from another working directory');
});

test('a file that does not compile: ls reports it (exit 1); --orphaned removes nothing', () => {
  const dir = project('disk');
  run(dir, ['price:1']);
  writeFileSync(join(dir, 'src/bad.ts'), 'export function f(x: number) { "use memo ttl=10"; return x; }\n');
  const ls = cli(dir, 'cache', 'ls');
  assert.is(ls.status, 1);
  assert.match(ls.stderr, /bad\.ts/);
  assert.match(ls.stdout, /^shop\/src\/data\.ts#price\s+1/m);
  const orphaned = cli(dir, 'cache', 'clear', '--orphaned');
  assert.equal([orphaned.status, orphaned.stdout], [1, '']);
  assert.match(orphaned.stderr, /memokit: 1 file could not be compiled, so which entries are current is unknown; nothing removed\n$/);
  assert.is(json(dir, 'cache', 'ls', 'src/data.ts').length, 1);
});

test('misuse exits 2 with the usage', () => {
  for (const args of [['cache'], ['cache', 'frob'], ['cache', 'ls', 'a', 'b'], ['cache', 'clear', 'a', 'b'], ['cache', 'ls', '--orphaned'], ['cache', 'stats', '--project', '.'], ['cache', 'clear', '--json'],
    ['cache', 'ls', '--deps'], ['cache', 'ls', '--store', 'mysql://h:1'], ['cache', 'ls', '--store', 'redis://127.0.0.1:1', '--dir', 'x'], ['ls', '--store', 'disk'], ['transform', 'a.js', '--orphaned'], ['cache', 'ls', '--colour']]) {
    const r = cli(root, ...args);
    assert.is(r.status, 2, args.join(' ') + '\n' + r.stderr);
    assert.match(r.stderr, /^memokit: .+\nUsage:/, args.join(' '));
  }
  assert.match(cli(root, '--help').stdout, /memokit cache clear \[site\] \[--orphaned\]/);
});

test('redis: an unreachable server is a message and exit code 1', async () => {
  const port = await freePort();
  const dir = project('redis');
  for (const args of [['ls'], ['stats'], ['clear'], ['clear', '--orphaned']]) {
    const r = cli(dir, 'cache', ...args, '--store', `redis://127.0.0.1:${port}`);
    assert.equal([r.status, r.stdout], [1, ''], args.join(' '));
    assert.match(r.stderr, new RegExp(`^memokit: cannot reach redis://127\\.0\\.0\\.1:${port} \\(.+\\)\\n$`), args.join(' '));
  }
});

test('lmdb: ls, --orphaned after an edit, clear of one function and of all, on the built-in persist=lmdb store', () => {
  const dir = project('lmdb');
  assert.equal(run(dir, ['price:1', 'price:2', 'price:3', 'tax:1', 'tax:2']), ['miss price', 'miss price', 'miss price', 'miss tax', 'miss tax']);
  const rows = counts(json(dir, 'cache', 'ls', '--store', 'lmdb'));
  assert.equal(Object.fromEntries(Object.entries(rows).map(([site, r]) => [site, [r.entries, r.current, r.changed]])), {
    'shop/src/data.ts#price': [3, 3, 0],
    'shop/src/data.ts#tax': [2, 2, 0],
  });
  assert.ok(rows['shop/src/data.ts#tax'].bytes > 1000, 'each tax entry holds 500 bytes of padding');
  // The store sweeps an old hash on its first write of the new one: the edit alone leaves entries of changed code.
  edit(dir, 'p * 2', 'p * 3');
  const changed = counts(json(dir, 'cache', 'ls', '--store', 'lmdb'));
  assert.equal([changed['shop/src/data.ts#price'].changed, changed['shop/src/data.ts#tax'].current], [3, 2]);
  const cleared = cli(dir, 'cache', 'clear', '--orphaned', '--store', 'lmdb');
  assert.is(cleared.status, 0, cleared.stderr);
  assert.match(cleared.stdout, /^removed 3 entries of changed code \(.+\) from lmdb .+memokit-lmdb; 2 kept\n$/);
  assert.equal(run(dir, ['tax:1', 'tax:2', 'price:1']), ['hit tax', 'hit tax', 'miss price']);
  assert.is(cli(dir, 'cache', 'clear', 'shop/src/data.ts#tax', '--store', 'lmdb').status, 0);
  assert.equal(Object.keys(counts(json(dir, 'cache', 'ls', '--store', 'lmdb'))), ['shop/src/data.ts#price']);
  assert.is(cli(dir, 'cache', 'clear', '--store', 'lmdb').status, 0);
  assert.equal(json(dir, 'cache', 'ls', '--store', 'lmdb'), []);
});

test('redis: ls, stats, --orphaned after an edit, and clear of one function against a real redis-server', async () => {
  const server = await startRedis();
  const raw = new Redis(server.url);
  try {
    const dir = project('redis');
    const redisEnv = { REDIS_URL: server.url };
    await raw.set('someone:else', 'x');
    await raw.set('memokit:lock:shop/src/data.ts#price:h:k', 'token');
    assert.equal(run(dir, ['price:1', 'price:2', 'price:3', 'tax:1', 'tax:2'], redisEnv), ['miss price', 'miss price', 'miss price', 'miss tax', 'miss tax']);
    const strlen = async (id) => {
      let n = 0;
      for (const k of await raw.keys(`memokit:${id}:*`)) n += await raw.strlen(k);
      return n;
    };
    assert.equal(counts(json(dir, 'cache', 'ls', '--store', server.url)), {
      'shop/src/data.ts#price': { entries: 3, bytes: await strlen('shop/src/data.ts#price'), current: 3, changed: 0, inProject: true, analyzed: true },
      'shop/src/data.ts#tax': { entries: 2, bytes: await strlen('shop/src/data.ts#tax'), current: 2, changed: 0, inProject: true, analyzed: true },
    });
    assert.match(cli(dir, 'cache', 'ls', '--store', server.url).stdout, new RegExp(`^5 entries of 2 sites, .+: 5 current, 0 changed \\(${server.url.replace(/[.]/g, '\\.')}\\)$`, 'm'));

    // The edited function's new code writes beside the old entries (Redis keeps every hash until its ttl).
    edit(dir, 'p * 2', 'p * 3');
    assert.equal(run(dir, ['price:1', 'tax:1'], redisEnv), ['miss price', 'hit tax']);
    const before = counts(json(dir, 'cache', 'ls', '--store', server.url));
    assert.equal([before['shop/src/data.ts#price'].current, before['shop/src/data.ts#price'].changed, before['shop/src/data.ts#tax'].current], [1, 3, 2]);
    const stats = json(dir, 'cache', 'stats', '--store', server.url);
    assert.equal([stats.store, stats.sites, stats.entries, stats.current, stats.changed], [server.url, 2, 6, 3, 3]);

    const cleared = cli(dir, 'cache', 'clear', '--orphaned', '--store', server.url);
    assert.is(cleared.status, 0, cleared.stderr);
    assert.match(cleared.stdout, /^removed 3 entries of changed code \(.+\) from redis:\/\/.+; 3 kept\n$/);
    const after = counts(json(dir, 'cache', 'ls', '--store', server.url));
    assert.equal([after['shop/src/data.ts#price'].entries, after['shop/src/data.ts#price'].changed, after['shop/src/data.ts#tax'].entries], [1, 0, 2]);
    assert.equal(run(dir, ['price:1', 'tax:1', 'tax:2', 'price:2'], redisEnv), ['hit price', 'hit tax', 'hit tax', 'miss price']);

    const one = cli(dir, 'cache', 'clear', 'shop/src/data.ts#price', '--store', server.url);
    assert.match(one.stdout, /^removed 2 entries \(.+\) from shop\/src\/data\.ts#price \(redis:\/\/.+\)\n$/, one.stderr);
    assert.equal(Object.keys(counts(json(dir, 'cache', 'ls', '--store', server.url))), ['shop/src/data.ts#tax']);
    assert.equal(cli(dir, 'cache', 'clear', '--store', server.url).status, 0);
    assert.equal(json(dir, 'cache', 'ls', '--store', server.url), []);
    assert.equal([await raw.get('someone:else'), await raw.get('memokit:lock:shop/src/data.ts#price:h:k')], ['x', 'token'], 'keys that are not entries stay');
  } finally {
    raw.disconnect();
    await server.stop();
  }
});

test.run();
