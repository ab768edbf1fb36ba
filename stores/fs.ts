// The disk store (`memokit/fs`, built in as `persist=disk` in Node): one file per
// entry under <dir>/<site>/<hash>.<key digest>.mkc (docs/stores.md, issue #6).
// - Writes are atomic: a temporary file in the same folder, then rename().
// - A truncated, corrupt or old-format file is a miss; the next write replaces it.
// - ttl is checked on every read; max bounds the files per function (least recently read go first).
// - The first write of a new body hash removes the files of the old ones.
// The logic is written once as generators of I/O steps, run either with the sync
// fs calls (non-async functions) or with fs/promises.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { encode, decode, peek, HEADER } from './codec.js';
import type { Store, StoreKey, StoreEntry, StoreOptions } from '../runtime/persist.js';

export interface FsStoreOptions {
  /** Folder of the cache; default `$MEMOKIT_CACHE_DIR`, else `node_modules/.cache/memokit` under the working directory. */
  dir?: string;
}

/** The default folder, relative to the working directory (where find-cache-dir puts tool caches). */
export const DEFAULT_DIR = 'node_modules/.cache/memokit';
/** Entry file extension; anything else in a site folder is ignored or swept. */
const EXT = '.mkc';
/** A temporary file older than this was left by a writer that died; sweeps remove it. */
const STALE_TMP_MS = 10 * 60e3;
/** Longest readable part of a site folder name (the rest is a digest). */
const NAME_CHARS = 60;
/** Bytes read to check an entry's header during a sweep (header + a hash of any sane length). */
const PEEK_BYTES = HEADER + 256;

/** One I/O step; the runners below execute it synchronously or asynchronously. */
type Step =
  | ['read', string]
  | ['head', string]
  | ['write', string, Uint8Array, string]
  | ['unlink', string]
  | ['touch', string]
  | ['list', string]
  | ['mtime', string]
  | ['rm', string];

const missing = (e: any) => e && (e.code === 'ENOENT' || e.code === 'ENOTDIR');
let tmpCount = 0;
const tmpName = (path: string) => path + '.' + process.pid + '.' + ++tmpCount + '.tmp';

const SYNC: Record<Step[0], (...a: any[]) => any> = {
  read: (p: string) => { try { return fs.readFileSync(p); } catch (e) { if (missing(e)) return undefined; throw e; } },
  head: (p: string) => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(p, 'r');
      const b = Buffer.alloc(PEEK_BYTES);
      return b.subarray(0, fs.readSync(fd, b, 0, PEEK_BYTES, 0));
    } catch (e) { if (missing(e)) return undefined; throw e; } finally { if (fd !== undefined) fs.closeSync(fd); }
  },
  write: (p: string, data: Uint8Array, dir: string) => {
    const tmp = tmpName(p);
    try { fs.writeFileSync(tmp, data); } catch (e) {
      if (!missing(e)) throw e;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(tmp, data);
    }
    fs.renameSync(tmp, p);
  },
  unlink: (p: string) => { try { fs.unlinkSync(p); return true; } catch (e) { if (missing(e)) return false; throw e; } },
  touch: (p: string) => { try { const t = new Date(); fs.utimesSync(p, t, t); } catch (e) { if (!missing(e)) throw e; } },
  list: (d: string) => { try { return fs.readdirSync(d); } catch (e) { if (missing(e)) return []; throw e; } },
  mtime: (p: string) => { try { return fs.statSync(p).mtimeMs; } catch (e) { if (missing(e)) return undefined; throw e; } },
  rm: (d: string) => fs.rmSync(d, { recursive: true, force: true }),
};

const ASYNC: Record<Step[0], (...a: any[]) => Promise<any>> = {
  read: (p: string) => fsp.readFile(p).catch((e) => { if (missing(e)) return undefined; throw e; }),
  head: async (p: string) => {
    let h: fsp.FileHandle | undefined;
    try {
      h = await fsp.open(p, 'r');
      const b = Buffer.alloc(PEEK_BYTES);
      return b.subarray(0, (await h.read(b, 0, PEEK_BYTES, 0)).bytesRead);
    } catch (e) { if (missing(e)) return undefined; throw e; } finally { await h?.close(); }
  },
  write: async (p: string, data: Uint8Array, dir: string) => {
    const tmp = tmpName(p);
    await fsp.writeFile(tmp, data).catch(async (e) => {
      if (!missing(e)) throw e;
      await fsp.mkdir(dir, { recursive: true });
      await fsp.writeFile(tmp, data);
    });
    await fsp.rename(tmp, p);
  },
  unlink: (p: string) => fsp.unlink(p).then(() => true, (e) => { if (missing(e)) return false; throw e; }),
  touch: (p: string) => { const t = new Date(); return fsp.utimes(p, t, t).catch((e) => { if (!missing(e)) throw e; }); },
  list: (d: string) => fsp.readdir(d).catch((e) => { if (missing(e)) return []; throw e; }),
  mtime: (p: string) => fsp.stat(p).then((s) => s.mtimeMs, (e) => { if (missing(e)) return undefined; throw e; }),
  rm: (d: string) => fsp.rm(d, { recursive: true, force: true }),
};

type Op<T> = Generator<Step, T, any>;

const runSync = <T>(g: Op<T>): T => {
  let r = g.next();
  while (!r.done) {
    const [op, ...args] = r.value;
    let out: any;
    try {
      out = SYNC[op](...args);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(out);
  }
  return r.value;
};

const runAsync = async <T>(g: Op<T>): Promise<T> => {
  let r = g.next();
  while (!r.done) {
    const [op, ...args] = r.value;
    let out: any;
    try {
      out = await ASYNC[op](...args);
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(out);
  }
  return r.value;
};

/** Folder of one site: a readable form of its id, then a digest that keeps distinct ids apart. */
export const siteFolder = (id: string): string =>
  id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, NAME_CHARS) + '-' + createHash('sha256').update(id).digest('hex').slice(0, 12);

/** The disk store. Several stores may share a folder; several processes may too. */
export const fsStore = (options: FsStoreOptions = {}): Store & { dir: string } => {
  const dir = resolve(options.dir ?? (process.env.MEMOKIT_CACHE_DIR || DEFAULT_DIR));
  /** Site folders already swept for this hash by this store (once per process). */
  const swept = new Set<string>();
  const folder = (site: string) => join(dir, siteFolder(site));
  const file = (k: StoreKey) => join(folder(k.site), k.hash + '.' + k.key + EXT);

  function* get(k: StoreKey, o: StoreOptions): Op<StoreEntry | undefined> {
    const path = file(k);
    const buf: Buffer | undefined = yield ['read', path];
    if (buf === undefined) return undefined;
    const e = decode(buf);
    if (e === undefined || (e.expires !== 0 && e.expires <= Date.now())) {
      // Corrupt, truncated, old format or expired: a miss, and the file goes.
      yield ['unlink', path];
      return undefined;
    }
    if (e.hash !== k.hash) return undefined; // two hashes differing in case only, on a case-insensitive disk
    if (o.max !== undefined) yield ['touch', path]; // mtime orders eviction
    return e;
  }

  /** Removes old hashes' files, expired entries and dead writers' temporary files of one site. */
  function* sweep(d: string, hash: string): Op<void> {
    const now = Date.now();
    for (const name of (yield ['list', d]) as string[]) {
      const p = join(d, name);
      if (!name.startsWith(hash + '.')) yield ['unlink', p];
      else if (name.endsWith('.tmp')) {
        const t: number | undefined = yield ['mtime', p];
        if (t !== undefined && now - t > STALE_TMP_MS) yield ['unlink', p];
      } else if (name.endsWith(EXT)) {
        const h = peek((yield ['head', p]) || new Uint8Array(0));
        if (h === undefined || (h.expires !== 0 && h.expires <= now)) yield ['unlink', p];
      }
    }
  }

  /** Keeps the `max` most recently used entries of a site. */
  function* trim(d: string, max: number): Op<void> {
    const names = ((yield ['list', d]) as string[]).filter((n) => n.endsWith(EXT));
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
    const data = encode(e);
    if (!swept.has(d + '\0' + k.hash)) {
      swept.add(d + '\0' + k.hash);
      yield* sweep(d, k.hash);
    }
    yield ['write', file(k), data, d];
    if (o.max !== undefined) yield* trim(d, o.max);
  }

  function* del(k: StoreKey): Op<boolean> {
    return yield ['unlink', file(k)];
  }

  function* clear(site?: string): Op<void> {
    yield ['rm', site === undefined ? dir : folder(site)];
    swept.clear();
  }

  return {
    dir,
    get: (k, o) => runAsync(get(k, o)),
    set: (k, e, o) => runAsync(set(k, e, o)),
    delete: (k) => runAsync(del(k)),
    clear: (site) => runAsync(clear(site)),
    getSync: (k, o) => runSync(get(k, o)),
    setSync: (k, e, o) => runSync(set(k, e, o)),
    deleteSync: (k) => runSync(del(k)),
  };
};
