// The disk store (`memokit/fs`, built in as `persist=disk` in Node): one file per
// entry, in a folder the store owns (docs/stores.md, Disk store):
//   <dir>/memokit/CACHEDIR.TAG                      marks the folder as a memokit cache
//   <dir>/memokit/<site folder>/<hash>.<key>.mkc    one entry
// - The store writes and deletes only inside that marked folder, and only files whose
//   names it makes: `clear`, sweeps and `max` never touch anything else in `dir`.
// - Writes are atomic: a temporary file in the same folder, then rename().
// - A truncated, damaged (CRC), foreign or old-format file is a miss; the next write replaces it.
// - ttl is checked on every read; max bounds the files per function (least recently read go first).
// - The first write of a new body hash removes the files of the old ones.
// - list/listSync read each entry file's header and key (never its value), for `memokit cache`.
// The logic is written once as generators of I/O steps, run either with the sync
// fs calls (non-async functions) or with fs/promises.
import * as nodeFs from 'node:fs';
import { join, resolve, dirname, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { encode, decode, peek, peekKey, peekTags, HEADER } from './codec.js';
import type { Store, StoreKey, StoreEntry, StoreOptions, StoredEntryInfo } from '../runtime/store.js';

/** The parts of node:fs the store uses (sync calls and `promises`); tests pass one that fails on purpose. */
export type FileSystem = Pick<typeof nodeFs, 'readFileSync' | 'writeFileSync' | 'renameSync' | 'unlinkSync' | 'utimesSync' | 'readdirSync' | 'statSync' | 'lstatSync' | 'mkdirSync' | 'rmdirSync' | 'openSync' | 'readSync' | 'fstatSync' | 'closeSync'> & {
  promises: Pick<typeof nodeFs.promises, 'readFile' | 'writeFile' | 'rename' | 'unlink' | 'utimes' | 'readdir' | 'stat' | 'lstat' | 'mkdir' | 'rmdir' | 'open'>;
};

export interface FsStoreOptions {
  /** Folder the store's own `memokit` folder goes in; default `$MEMOKIT_CACHE_DIR`, else `defaultCacheDir()`. */
  dir?: string;
  /** The file system (default node:fs). */
  fs?: FileSystem;
}

/** The default `dir`, relative to the package's folder (where find-cache-dir puts tool caches). */
export const DEFAULT_DIR = 'node_modules/.cache';

/** The nearest folder at or above `dir` with a package.json that has a name (nested `{"type":"module"}` files name no package). */
function packageFolder(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (JSON.parse(nodeFs.readFileSync(join(d, 'package.json'), 'utf8'))?.name) return d;
    } catch {
      // no package.json here, or not one that names a package
    }
    if (dirname(d) === d) return null;
  }
}

/**
 * Where `persist=disk` keeps entries without configuration: `node_modules/.cache` in the
 * folder of the running program's package (the nearest package.json above `process.argv[1]`
 * with a name), so the working directory it is started from does not matter. When the program
 * is a tool inside node_modules (a test runner) or there is none (`node -e`), the working
 * directory's package; without any package, the working directory.
 */
export function defaultCacheDir(): string {
  const main = process.argv[1] ? resolve(process.argv[1]) : null;
  const start = main && !main.split(sep).includes('node_modules') ? dirname(main) : process.cwd();
  return join(packageFolder(start) ?? packageFolder(process.cwd()) ?? process.cwd(), DEFAULT_DIR);
}
/**
 * `node_modules/.cache` in the package folder of `dir` (the nearest package.json with a name at or
 * above it), else in `dir`: where `persist=disk` keeps a project's entries when its programs run
 * from that package, and where `memokit cache` looks for them.
 */
export function packageCacheDir(dir: string): string {
  return join(packageFolder(resolve(dir)) ?? resolve(dir), DEFAULT_DIR);
}
/** The folder the store owns inside `dir`. */
export const OWN_FOLDER = 'memokit';
/** The cache directory tag (https://bford.info/cachedir/): backup tools skip the folder; the store recognises its own. */
const TAG_FILE = 'CACHEDIR.TAG';
const TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by memokit (memokit/fs).\n# Everything in this folder can be deleted; memokit recomputes it.\n';
const TAG_MARK = 'created by memokit';
/** Entry file extension. */
const EXT = '.mkc';
/** A temporary file older than this was left by a writer that died; sweeps remove it. */
const STALE_TMP_MS = 10 * 60e3;
/** Bytes a listing reads first from each entry file: enough for the header, short tags and the key. */
const LIST_HEAD = 1024;
/** Longest readable part of a site folder name (the rest is a digest). */
const NAME_CHARS = 60;

/** Names the store makes, and the only ones it ever deletes. */
const SITE_FOLDER = /^[A-Za-z0-9._-]{0,60}-[0-9a-f]{12}$/;
const ENTRY_FILE = /^([A-Za-z0-9_-]{1,64})\.[0-9a-f]{64}\.mkc$/;
const TEMP_FILE = /^(?:[A-Za-z0-9_-]{1,64}\.[0-9a-f]{64}\.mkc|CACHEDIR\.TAG)\.\d+\.\d+\.tmp$/;
/**
 * The tag index: `tags/<32 hex digits of the tag's SHA-256>/<site folder>`, an empty file saying that
 * the site may hold entries with that tag, so that a removal by tag reads only those sites' headers.
 */
const TAGS_FOLDER = 'tags';
const TAG_FOLDER = /^[0-9a-f]{32}$/;

/** One I/O step; the runners below execute it synchronously or asynchronously. */
type Step =
  | ['read', string]
  | ['head', string, number?]
  | ['writeFile', string, Uint8Array | string]
  | ['rename', string, string]
  | ['unlink', string]
  | ['touch', string]
  | ['list', string]
  | ['mtime', string]
  | ['mkdir', string]
  | ['rmdir', string]
  | ['isFolder', string];

type Runners = Record<Step[0], (...args: any[]) => any>;

const missing = (e: any) => e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');
let tmpCount = 0;
const tmpName = (path: string) => path + '.' + process.pid + '.' + ++tmpCount + '.tmp';

const syncRunners = (fs: FileSystem): Runners => ({
  read: (p: string) => { try { return fs.readFileSync(p); } catch (e) { if (missing(e)) return undefined; throw e; } },
  head: (p: string, length = HEADER) => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(p, 'r');
      const b = Buffer.alloc(length);
      return { head: b.subarray(0, fs.readSync(fd, b, 0, length, 0)), size: fs.fstatSync(fd).size };
    } catch (e) { if (missing(e)) return undefined; throw e; } finally { if (fd !== undefined) fs.closeSync(fd); }
  },
  writeFile: (p: string, data: Uint8Array | string) => fs.writeFileSync(p, data),
  rename: (from: string, to: string) => fs.renameSync(from, to),
  unlink: (p: string) => { try { fs.unlinkSync(p); return true; } catch (e) { if (missing(e)) return false; throw e; } },
  touch: (p: string) => { try { const t = new Date(); fs.utimesSync(p, t, t); } catch (e) { if (!missing(e)) throw e; } },
  list: (d: string) => { try { return fs.readdirSync(d); } catch (e) { if (missing(e)) return []; throw e; } },
  mtime: (p: string) => { try { return fs.statSync(p).mtimeMs; } catch (e) { if (missing(e)) return undefined; throw e; } },
  mkdir: (d: string) => { fs.mkdirSync(d, { recursive: true }); },
  rmdir: (d: string) => { try { fs.rmdirSync(d); } catch (e: any) { if (!missing(e) && e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e; } },
  isFolder: (d: string) => { try { return fs.lstatSync(d).isDirectory(); } catch (e) { if (missing(e)) return undefined; throw e; } },
});

const asyncRunners = ({ promises: fsp }: FileSystem): Runners => ({
  read: (p: string) => fsp.readFile(p).catch((e) => { if (missing(e)) return undefined; throw e; }),
  head: async (p: string, length = HEADER) => {
    let h: nodeFs.promises.FileHandle | undefined;
    try {
      h = await fsp.open(p, 'r');
      const b = Buffer.alloc(length);
      return { head: b.subarray(0, (await h.read(b, 0, length, 0)).bytesRead), size: (await h.stat()).size };
    } catch (e) { if (missing(e)) return undefined; throw e; } finally { await h?.close(); }
  },
  writeFile: (p: string, data: Uint8Array | string) => fsp.writeFile(p, data),
  rename: (from: string, to: string) => fsp.rename(from, to),
  unlink: (p: string) => fsp.unlink(p).then(() => true, (e) => { if (missing(e)) return false; throw e; }),
  touch: (p: string) => { const t = new Date(); return fsp.utimes(p, t, t).catch((e) => { if (!missing(e)) throw e; }); },
  list: (d: string) => fsp.readdir(d).catch((e) => { if (missing(e)) return []; throw e; }),
  mtime: (p: string) => fsp.stat(p).then((s) => s.mtimeMs, (e) => { if (missing(e)) return undefined; throw e; }),
  mkdir: (d: string) => fsp.mkdir(d, { recursive: true }).then(() => {}),
  rmdir: (d: string) => fsp.rmdir(d).catch((e) => { if (!missing(e) && e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e; }),
  isFolder: (d: string) => fsp.lstat(d).then((s) => s.isDirectory(), (e) => { if (missing(e)) return undefined; throw e; }),
});

type Op<T> = Generator<Step, T, any>;

function runSync<T>(runners: Runners, g: Op<T>): T {
  let r = g.next();
  while (!r.done) {
    const [op, ...args] = r.value;
    let out: any;
    try {
      out = runners[op](...args);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(out);
  }
  return r.value;
}

async function runAsync<T>(runners: Runners, g: Op<T>): Promise<T> {
  let r = g.next();
  while (!r.done) {
    const [op, ...args] = r.value;
    let out: any;
    try {
      out = await runners[op](...args);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(out);
  }
  return r.value;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Folder of one site: a readable form of its id, then a digest that keeps distinct ids apart. */
export const siteFolder = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, NAME_CHARS) + '-' + sha256(id).slice(0, 12);

/** File of one entry: the hash and the key digest as they are when they are safe names, else digests of them. */
export const entryFile = (k: StoreKey): string =>
  (/^[A-Za-z0-9_-]{1,64}$/.test(k.hash) ? k.hash : sha256(k.hash).slice(0, 32)) + '.' + (/^[0-9a-f]{64}$/.test(k.key) ? k.key : sha256(k.key)) + EXT;

const notOurs = (folder: string) =>
  new Error('memokit/fs: ' + folder + ' exists but is not a memokit cache folder (it has no ' + TAG_FILE + ' written by memokit), so the store writes and deletes nothing in it. Give fsStore({ dir }) another folder, or remove ' + folder + '.');

/** The disk store. Several stores may share a folder; several processes may too. */
export const fsStore = (options: FsStoreOptions = {}): Store & { dir: string; folder: string } => {
  const dir = resolve(options.dir ?? (process.env.MEMOKIT_CACHE_DIR || defaultCacheDir()));
  const own = join(dir, OWN_FOLDER);
  const tagPath = join(own, TAG_FILE);
  const fs = options.fs ?? nodeFs;
  const sync = syncRunners(fs);
  const async = asyncRunners(fs);
  /** The folder was found marked (or marked by us); checked again when it seems to have gone. */
  let claimed = false;
  /** Site folders already swept for this hash by this store (once per process). */
  const swept = new Set<string>();
  const folder = (site: string) => join(own, siteFolder(site));
  const tagFolder = (name: string) => join(own, TAGS_FOLDER, sha256(name).slice(0, 32));
  const file = (k: StoreKey) => join(folder(k.site), entryFile(k));

  /** True when the folder carries memokit's tag. */
  function* marked(): Op<boolean> {
    const tag: Buffer | undefined = yield ['read', tagPath];
    return tag !== undefined && tag.toString('utf8').includes(TAG_MARK);
  }

  /** Throws when the folder exists and belongs to someone else; true when it is marked as the store's. */
  function* refuseForeign(): Op<boolean> {
    if (claimed || (yield* marked())) return true;
    const names: string[] = yield ['list', own];
    // Another process may have tagged the folder between the two reads.
    if (names.includes(TAG_FILE) && (yield* marked())) return true;
    if (!names.every((name) => SITE_FOLDER.test(name) || TEMP_FILE.test(name))) throw notOurs(own);
    return false;
  }

  /**
   * Makes sure the store's folder is its own before it writes or deletes: marked,
   * or new (then marked now). A folder of another owner is refused. memokit 0.1 wrote
   * site folders straight into this folder, unmarked: a folder holding only such names is adopted.
   */
  function* claim(): Op<void> {
    if (claimed) return;
    if (!(yield* refuseForeign())) {
      yield ['mkdir', own];
      const tmp = tmpName(tagPath);
      yield ['writeFile', tmp, TAG];
      yield ['rename', tmp, tagPath];
    }
    claimed = true;
  }

  /** Deletes a file the store wrote (its name is one the store makes), only in a folder marked as its own. */
  function* remove(path: string): Op<boolean> {
    if (!claimed && !(yield* marked())) return false; // nothing of the store's can be there
    if (!(yield* realFolder(dirname(path)))) return false;
    return yield ['unlink', path];
  }

  /**
   * A site folder is used only when it is a real folder: a symbolic link (under a name the store
   * makes) would lead writes, sweeps and clears out of the store's folder. Checked once per process.
   */
  const realFolders = new Set<string>();
  function* realFolder(d: string): Op<boolean> {
    if (realFolders.has(d)) return true;
    const folder: boolean | undefined = yield ['isFolder', d];
    if (folder === false) return false;
    if (folder) realFolders.add(d);
    return true; // missing: made by the write
  }

  function* get(k: StoreKey, o: StoreOptions): Op<StoreEntry | undefined> {
    if (!claimed && (yield* refuseForeign())) claimed = true;
    const path = file(k);
    const buf: Buffer | undefined = yield ['read', path];
    if (buf === undefined) return undefined;
    const e = decode(buf, k);
    if (e === undefined || (e.expires !== 0 && e.expires <= Date.now())) {
      // Damaged, truncated, foreign, old format or expired: a miss, and the file goes.
      yield* remove(path);
      return undefined;
    }
    if (o.max !== undefined) yield ['touch', path]; // mtime orders eviction
    e.size = buf.length;
    return e;
  }

  /** Removes old hashes' files, damaged and expired entries and dead writers' temporary files of one site. */
  function* sweep(d: string, hashFile: string): Op<void> {
    const now = Date.now();
    for (const name of (yield ['list', d]) as string[]) {
      const p = join(d, name);
      const entry = ENTRY_FILE.exec(name);
      if (entry) {
        if (entry[1] !== hashFile) yield ['unlink', p];
        else {
          const file: { head: Uint8Array; size: number } | undefined = yield ['head', p];
          const h = file && peek(file.head);
          if (file && (h === undefined || h.size !== file.size || (h.expires !== 0 && h.expires <= now))) yield ['unlink', p];
        }
      } else if (TEMP_FILE.test(name)) {
        const t: number | undefined = yield ['mtime', p];
        if (t !== undefined && now - t > STALE_TMP_MS) yield ['unlink', p];
      }
    }
  }

  /** Keeps the `max` most recently used entries of a site. */
  function* trim(d: string, max: number): Op<void> {
    const names = ((yield ['list', d]) as string[]).filter((n) => ENTRY_FILE.test(n));
    if (names.length <= max) return;
    const aged: [number, string][] = [];
    for (const n of names) {
      const t: number | undefined = yield ['mtime', join(d, n)];
      if (t !== undefined) aged.push([t, n]);
    }
    aged.sort((a, b) => a[0] - b[0]);
    for (const [, n] of aged.slice(0, aged.length - max)) yield ['unlink', join(d, n)];
  }

  function* set(k: StoreKey, e: StoreEntry, o: StoreOptions): Op<void> {
    const d = folder(k.site);
    const path = file(k);
    const data = encode(k, e);
    e.size = data.length;
    yield* claim();
    if (!(yield* realFolder(d))) throw new Error('memokit/fs: ' + d + ' is not a folder (a symbolic link?); the store does not follow links out of ' + own + '. Remove it.');
    const hashFile = entryFile(k).split('.')[0];
    if (!swept.has(d + '\0' + hashFile)) {
      swept.add(d + '\0' + hashFile);
      yield* sweep(d, hashFile);
    }
    // The index first: an entry with a tag is always found by a removal of that tag.
    for (const name of e.tags || []) {
      yield ['mkdir', tagFolder(name)];
      yield ['writeFile', join(tagFolder(name), siteFolder(k.site)), ''];
    }
    const tmp = tmpName(path);
    try {
      yield ['writeFile', tmp, data];
    } catch (error) {
      if (!missing(error)) throw error;
      // The folder is gone (first write of the site, or the cache was deleted meanwhile): mark it again.
      claimed = false;
      yield* claim();
      yield ['mkdir', d];
      yield ['writeFile', tmp, data];
    }
    try {
      yield ['rename', tmp, path];
    } catch (error) {
      try { yield ['unlink', tmp]; } catch { /* the sweep removes it later */ }
      throw error;
    }
    if (o.max !== undefined) yield* trim(d, o.max);
  }

  function* del(k: StoreKey): Op<boolean> {
    return yield* remove(file(k));
  }

  /** Removes the entry files (and temporary files) the store made, then the site folders it made if they are empty. */
  function* clear(site?: string): Op<void> {
    swept.clear();
    if (!(yield* marked())) return; // nothing of ours here
    const sites = site === undefined ? ((yield ['list', own]) as string[]).filter((n) => SITE_FOLDER.test(n)) : [siteFolder(site)];
    const now = Date.now();
    for (const name of sites) {
      const d = join(own, name);
      if ((yield ['isFolder', d]) !== true) continue;
      for (const f of (yield ['list', d]) as string[]) {
        // A recent temporary file is a live writer's (another process's): its rename would fail.
        if (ENTRY_FILE.test(f) || (TEMP_FILE.test(f) && now - ((yield ['mtime', join(d, f)]) ?? now) > STALE_TMP_MS)) yield ['unlink', join(d, f)];
      }
      yield ['rmdir', d];
    }
    // clear(): the tag index too (clear(site) leaves it: a hint naming a site without such entries costs one folder read).
    if (site === undefined) {
      const index = join(own, TAGS_FOLDER);
      for (const hex of ((yield ['list', index]) as string[]).filter((n) => TAG_FOLDER.test(n))) {
        for (const f of (yield ['list', join(index, hex)]) as string[]) if (SITE_FOLDER.test(f)) yield ['unlink', join(index, hex, f)];
        yield ['rmdir', join(index, hex)];
      }
      yield ['rmdir', index];
    }
  }

  /** Removes the entries (of every site) whose header carries one of `tags`: each file's header and tags are read, not its value. */
  function* deleteTagged(tags: readonly string[]): Op<number> {
    if (!(yield* marked())) return 0; // nothing of ours here
    const wanted = new Set(tags);
    let count = 0;
    const sites = new Set<string>();
    for (const name of wanted) for (const site of (yield ['list', tagFolder(name)]) as string[]) if (SITE_FOLDER.test(site)) sites.add(site);
    for (const name of sites) {
      const d = join(own, name);
      if ((yield ['isFolder', d]) !== true) continue;
      for (const f of (yield ['list', d]) as string[]) {
        if (!ENTRY_FILE.test(f)) continue;
        const p = join(d, f);
        let file: { head: Uint8Array } | undefined = yield ['head', p];
        const h = file && peek(file.head);
        if (!h || h.tagBytes === 0) continue;
        file = yield ['head', p, HEADER + h.tagBytes];
        if (file && peekTags(file.head).some((t) => wanted.has(t)) && (yield ['unlink', p])) count++;
      }
    }
    return count;
  }

  /** The site folders a listing reads: every one the store made, or `site`'s; none when the folder is not marked as the store's. */
  function* listedFolders(site?: string): Op<string[]> {
    if (!(yield* marked())) return [];
    const names = site === undefined ? ((yield ['list', own]) as string[]).filter((n) => SITE_FOLDER.test(n)) : [siteFolder(site)];
    const folders: string[] = [];
    for (const name of names) if ((yield ['isFolder', join(own, name)]) === true) folders.push(join(own, name));
    return folders;
  }

  /**
   * The live entries of one site folder, from their headers (never their values). A file is listed
   * only when it is where `get` and `delete` of the key in its header look, so every entry listed
   * is one `delete(key)` removes; truncated, expired and foreign files are left out.
   */
  function* listFolder(d: string, site?: string): Op<StoredEntryInfo[]> {
    const now = Date.now();
    const entries: StoredEntryInfo[] = [];
    for (const name of (yield ['list', d]) as string[]) {
      if (!ENTRY_FILE.test(name)) continue;
      const p = join(d, name);
      let file: { head: Uint8Array; size: number } | undefined = yield ['head', p, LIST_HEAD];
      const h = file && peek(file.head);
      if (!file || !h || h.size !== file.size || (h.expires !== 0 && h.expires <= now)) continue;
      const size = file.size;
      if (file.head.length < HEADER + h.tagBytes + h.keyBytes) file = yield ['head', p, HEADER + h.tagBytes + h.keyBytes];
      const key = file && peekKey(file.head);
      if (!file || !key || (site !== undefined && key.site !== site) || folder(key.site) !== d || entryFile(key) !== name) continue;
      const tags = peekTags(file.head);
      entries.push({ key, created: h.created, expires: h.expires, bytes: size, ...(tags.length ? { tags } : {}) });
    }
    return entries;
  }

  return {
    dir,
    folder: own,
    list: (site) => (async function* () {
      for (const d of await runAsync(async, listedFolders(site))) yield* await runAsync(async, listFolder(d, site));
    })(),
    listSync: (site) => (function* () {
      for (const d of runSync(sync, listedFolders(site))) yield* runSync(sync, listFolder(d, site));
    })(),
    deleteTagged: (tags) => runAsync(async, deleteTagged(tags)),
    get: (k, o) => runAsync(async, get(k, o)),
    set: (k, e, o) => runAsync(async, set(k, e, o)),
    delete: (k) => runAsync(async, del(k)),
    clear: (site) => runAsync(async, clear(site)),
    getSync: (k, o) => runSync(sync, get(k, o)),
    setSync: (k, e, o) => runSync(sync, set(k, e, o)),
    deleteSync: (k) => runSync(sync, del(k)),
  };
};
