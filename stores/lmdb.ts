// The LMDB store (`memokit/lmdb`, built in as `persist=lmdb` in Node): every entry in
// one memory-mapped database, through the `lmdb` package (an optional peer dependency, loaded on
// first use), in a folder the store owns (docs/stores.md, LMDB store):
//   <dir>/memokit-lmdb/CACHEDIR.TAG           marks the folder as a memokit cache
//   <dir>/memokit-lmdb/data.mdb, lock.mdb     LMDB's files
// Keys (binary, ordered, so that one site's entries are one range):
//   E <site>\0<hash>\0<key>                  the entry, in the byte format of stores/codec.ts (CRC-checked)
//   A <site>\0<hash>\0<key>                  its last use (f64 ms), which orders eviction under `max`
//   T <tag>\0<site>\0<hash>\0<key>           the tag index: the entry may carry the tag
// - Writes (set, setSync, delete, deleteSync) are queued to lmdb's write thread, which commits each
//   event turn's writes in one transaction (LMDB's durable commit, off the main thread). Until its
//   transaction commits, this process reads its own write from memory (`pending`).
// - Removals that read before they write (clear, sweeps, max, deleteTagged) read, then queue one
//   batch of writes: never lmdb's transactions, after which process.exit() hangs (lmdb 3.5).
import * as nodeFs from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { requirePeer } from '../core/peer.js';
import { encode, decode, peek, peekKey, peekTags } from './codec.js';
import { defaultCacheDir } from './fs.js';
import type { Store, StoreKey, StoreEntry, StoreOptions, StoredEntryInfo } from '../runtime/store.js';

export interface LmdbStoreOptions {
  /** Folder the store's own `memokit-lmdb` folder goes in; default `$MEMOKIT_CACHE_DIR`, else `defaultCacheDir()` (as the disk store). */
  dir?: string;
  /** Address space LMDB maps for the database, in bytes (lmdb's default when absent; it grows the map when it fills). */
  mapSize?: number;
  /** Other options for lmdb's `open()` (such as `noSync`; docs/stores.md says what each trades). `path`, `encoding` and `keyEncoding` are the store's. */
  lmdb?: Record<string, unknown>;
}

/** The folder the store owns inside `dir`. */
export const OWN_FOLDER = 'memokit-lmdb';
const TAG_FILE = 'CACHEDIR.TAG';
const TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by memokit (memokit/lmdb).\n# Everything in this folder can be deleted; memokit recomputes it.\n';
const TAG_MARK = 'created by memokit';
/** Files LMDB makes in the folder: a folder holding only these (and the tag) is the store's. */
const LMDB_FILES = new Set(['data.mdb', 'lock.mdb']);

/**
 * Longest parts kept as they are in a key (UTF-16 code units; LMDB keys are at most 1978 bytes,
 * and a tag index key holds a tag and a whole entry key). Longer parts, and parts holding a 0 or 1
 * byte (the separators), are replaced by `sha256:<hex>` of them: the entry's header keeps the real ones.
 */
const SITE_CHARS = 300, HASH_CHARS = 64, KEY_CHARS = 64, TAG_CHARS = 150;
const ENTRY = 0x45, USED = 0x41, TAGGED = 0x54; // 'E', 'A', 'T'
/** A `max` site is counted (and trimmed) after this share of `max` writes of this process: counting reads the site's keys. */
const CHECK_SHARE = 10;
/** Keys a sweep reads per batch. */
const SWEEP_KEYS = 1000;
const ZERO = Buffer.from([0]);


const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const part = (s: string, chars: number) => (s.length <= chars && !/[\0\x01]/.test(s) ? s : 'sha256:' + sha256(s));
/** An entry's place: site, hash and key, each as a key part, joined by 0 bytes. */
export const entryId = (k: StoreKey): string => part(k.site, SITE_CHARS) + '\0' + part(k.hash, HASH_CHARS) + '\0' + part(k.key, KEY_CHARS);
const keyOf = (space: number, text: string) => Buffer.from(String.fromCharCode(space) + text, 'utf8');
/** Every key of `space` that starts with `text`: [start, end). */
const rangeOf = (space: number, text: string) => ({ start: keyOf(space, text), end: Buffer.concat([keyOf(space, text.slice(0, -1)), Buffer.from([text.charCodeAt(text.length - 1) + 1])]) });
const siteRange = (space: number, site?: string) => (site === undefined ? { start: Buffer.from([space]), end: Buffer.from([space + 1]) } : rangeOf(space, part(site, SITE_CHARS) + '\0'));
const tagKey = (tag: string, id: string) => keyOf(TAGGED, part(tag, TAG_CHARS) + '\0' + id);
const time = (ms: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(ms); return b; };
/** lmdb's fast buffers are views of a larger reused buffer with their own `length`: the codec needs a view of the value alone. */
const alone = (b: Buffer) => (b.byteLength === b.length ? b : b.subarray(0, b.length));

/** The tag's temporary names while a process writes it (renamed into place). */
const TAG_TEMP = /^CACHEDIR\.TAG\.\d+\.tmp$/;

const notOurs = (folder: string) =>
  new Error('memokit/lmdb: ' + folder + ' exists but is not a memokit cache folder (it has no ' + TAG_FILE + ' written by memokit), so the store opens no database in it. Give lmdbStore({ dir }) another folder, or remove ' + folder + '.');

/** Databases open in this process, by folder: stores of one folder share it (lmdb allows one environment per file and process). */
const opened = new Map<string, any>();

/** A write this process queued and lmdb has not committed yet; `data` null: a removal; `used`: its last-use record (sites with `max`). */
interface Pending { data: Buffer | null; site: string; tags: readonly string[]; used?: Buffer }

/**
 * What each store still has to commit when the process exits: lmdb commits its queued writes in a
 * later event turn, which process.exit() never reaches, so they are written then, synchronously.
 */
const atExit = new Set<() => void>();
let exitHook = false;
function commitAtExit(commit: () => void) {
  atExit.add(commit);
  if (exitHook) return;
  exitHook = true;
  // Before lmdb's own exit listener, which closes its databases.
  process.prependOnceListener('exit', () => {
    for (const each of atExit) {
      try { each(); } catch { /* a cache: what cannot be written now is computed again */ }
    }
  });
}

/** The LMDB store. Several stores and several processes may share a folder. */
export const lmdbStore = (options: LmdbStoreOptions = {}): Store & { dir: string; folder: string; flush(): Promise<void>; close(): Promise<void> } => {
  const dir = resolve(options.dir ?? (process.env.MEMOKIT_CACHE_DIR || defaultCacheDir()));
  const own = join(dir, OWN_FOLDER);
  const tagPath = join(own, TAG_FILE);
  let db: any;
  /** This process's queued writes, by entry id, until they commit. */
  const pending = new Map<string, Pending>();
  /** The commit promise of the batch the last write joined, and that batch's writes. */
  let batch: Promise<unknown> | undefined;
  let batchWrites: [string, Pending][] = [];
  /** A queued write that failed (a full disk): the next write throws it, so the runtime reports it. */
  let failed: unknown;
  /** `<site>\0<hash>` already swept of other hashes by this store (once per process). */
  const swept = new Set<string>();
  /** Sweeps in progress (flush waits for them). */
  const sweeps = new Set<Promise<void>>();
  /** Writes of a site with `max` since its count was last checked. */
  const sinceCheck = new Map<string, number>();

  function marked(): boolean {
    try {
      return nodeFs.readFileSync(tagPath, 'utf8').includes(TAG_MARK);
    } catch {
      return false;
    }
  }

  /** The database, opened on first use; undefined when the folder does not exist and `create` is false (nothing of ours can be there). */
  function database(create: boolean): any {
    if (db && db.status === 'open') return db;
    if (!create && !nodeFs.existsSync(own)) return undefined;
    const lmdb = requirePeer('lmdb');
    if (!marked()) {
      let names: string[] | undefined;
      try { names = nodeFs.readdirSync(own); } catch (e: any) { if (e.code !== 'ENOENT') throw e; }
      // The tag is in place before LMDB's files are made: LMDB's files without it are another program's
      // database (or a folder whose tag was removed, whose entries a clear() could not have reached).
      // A tag being written (or left half-written by a crash) is ours.
      // Another process may have tagged it and opened LMDB since marked() looked: look again.
      if (names && !names.every((name) => TAG_TEMP.test(name)) && !marked()) throw notOurs(own);
      if (!create) return undefined;
      nodeFs.mkdirSync(own, { recursive: true });
      const tmp = tagPath + '.' + process.pid + '.tmp';
      nodeFs.writeFileSync(tmp, TAG);
      nodeFs.renameSync(tmp, tagPath);
    }
    db = opened.get(own);
    if (!db || db.status !== 'open') {
      db = lmdb.open({ ...options.lmdb, ...(options.mapSize ? { mapSize: options.mapSize } : {}), path: own, encoding: 'binary', keyEncoding: 'binary' });
      opened.set(own, db);
    }
    return db;
  }

  /**
   * Follows a batch's commit once (its queued writes share one promise): its writes leave `pending`
   * when it settles, and a failure is reported by the next write.
   */
  function track(commit: Promise<unknown>): Promise<unknown> {
    if (commit !== batch) {
      batch = commit;
      const writes: [string, Pending][] = (batchWrites = []);
      const settle = () => { for (const [i, w] of writes) if (pending.get(i) === w) pending.delete(i); };
      commit.then(settle, (error) => { failed = error; settle(); });
    }
    return commit;
  }

  /** Remembers a queued write until its batch commits. */
  function queued(id: string, write: Pending, commit: Promise<unknown>) {
    if (pending.size === 0) commitAtExit(writePending);
    track(commit);
    pending.set(id, write);
    batchWrites.push([id, write]);
  }

  /**
   * A batch of writes (sweeps, max): `work` reads now and queues its writes, which commit like the
   * others; its failure is reported by the next write. Never lmdb's `transaction`/`transactionSync`:
   * with one pending, or after one, process.exit() hangs in lmdb 3.5 (its writer waits for the main thread).
   */
  function inBatch(d: any, work: () => void): Promise<unknown> {
    const done = d.batch(work);
    done.catch((error: unknown) => { failed = error; });
    return done;
  }

  /**
   * The writes queued so far, committed (their failures are reported where they are tracked): a batch
   * reads the database as committed, so what it reads must include them, as a transaction queued
   * after them would have.
   */
  async function committed(d: any): Promise<void> {
    try { await d.committed; } catch { /* reported by track() */ }
  }

  function throwFailed() {
    if (failed === undefined) return;
    const error = failed;
    failed = undefined;
    throw error;
  }

  /** Queues the removal of an entry, its use time and its tag index keys (`tags`: what it carries as read). */
  function removeQueued(d: any, id: string, site: string, tags: readonly string[]): Promise<unknown> {
    for (const tag of tags) d.remove(tagKey(tag, id));
    d.remove(keyOf(USED, id));
    const commit = d.remove(keyOf(ENTRY, id));
    queued(id, { data: null, site, tags: [] }, commit);
    return commit;
  }

  /**
   * At exit: this process's writes that lmdb has not committed, one synchronous write each
   * (putSync/removeSync: a transactionSync there hangs process.exit() in lmdb 3.5). An entry's tag
   * keys go first and its last-use record with it, as when queued.
   */
  function writePending() {
    const d = db;
    if (!d || pending.size === 0) return;
    for (const [id, w] of pending) {
      if (w.data === null) { removeNow(d, id, true); continue; }
      for (const tag of w.tags) d.putSync(tagKey(tag, id), Buffer.alloc(0));
      if (w.used) d.putSync(keyOf(USED, id), w.used);
      d.putSync(keyOf(ENTRY, id), w.data);
    }
    pending.clear();
  }

  /** Removes an entry (read now, for its tags) with its use time and tag keys: queued, or at once (`now`). */
  function removeNow(d: any, id: string, now = false): boolean {
    const key = keyOf(ENTRY, id);
    const buf = d.getBinaryFast(key);
    if (buf === undefined) return false;
    const keys = [...peekTags(alone(buf)).map((tag) => tagKey(tag, id)), keyOf(USED, id), key];
    for (const k of keys) now ? d.removeSync(k) : d.remove(k);
    return true;
  }

  /** The entry's bytes: this process's queued write, else the database's (a view valid until the next read); null: none. */
  function bytesOf(id: string): Buffer | null {
    const write = pending.size === 0 ? undefined : pending.get(id);
    if (write !== undefined) return write.data;
    const d = database(false);
    const buf = d && d.getBinaryFast(keyOf(ENTRY, id));
    return buf === undefined || !d ? null : alone(buf);
  }

  function get(k: StoreKey, o: StoreOptions): StoreEntry | undefined {
    const id = entryId(k);
    const buf = bytesOf(id);
    if (buf === null) return undefined;
    const e = decode(buf, k);
    if (e === undefined || (e.expires !== 0 && e.expires <= Date.now())) {
      // Damaged, foreign, another hash's or expired: a miss, and the entry goes (its tags read first: the buffer is reused).
      removeQueued(db, id, k.site, peekTags(buf));
      return undefined;
    }
    if (o.max !== undefined) track(db.put(keyOf(USED, id), time(Date.now()))); // orders eviction
    e.size = buf.length;
    return e;
  }

  /**
   * Removes a site's entries of other hashes (the code changed), and its expired and damaged entries
   * (their header tells, not their value), SWEEP_KEYS keys per batch, so that a large
   * site never holds the writer lock (or this thread) for long. Resolves when the whole site is swept.
   */
  async function sweep(d: any, site: string, hashPart: string): Promise<void> {
    const prefix = part(site, SITE_CHARS) + '\0' + hashPart + '\0';
    let { start } = siteRange(ENTRY, site);
    const { end } = siteRange(ENTRY, site);
    // Not waiting for this process's queued writes: they are of this hash, which a sweep keeps. Queued
    // at once, the first batch commits with the write (or is lost with it at a process.exit() in this turn).
    for (let more = true; more; ) {
      await inBatch(d, () => {
        const now = Date.now();
        let n = 0;
        for (const key of [...d.getKeys({ start, end, limit: SWEEP_KEYS })]) {
          n++;
          start = Buffer.concat([key as Buffer, ZERO]);
          const id = (key as Buffer).toString('utf8', 1);
          if (!id.startsWith(prefix)) { removeNow(d, id); continue; }
          const buf = d.getBinaryFast(key);
          const h = buf && peek(alone(buf));
          if (buf && (!h || h.size !== buf.length || (h.expires !== 0 && h.expires <= now))) removeNow(d, id);
        }
        more = n === SWEEP_KEYS;
      });
    }
  }

  /** Keeps the `max` most recently used entries of a site: the committed last-use records, with this process's queued ones. */
  function trim(d: any, site: string, max: number) {
    const used = new Map<string, number>();
    // Each call gets its own range object: lmdb writes its flags into the one it is given.
    for (const { key, value } of d.getRange(siteRange(USED, site))) used.set((key as Buffer).toString('utf8', 1), value.length === 8 ? alone(value).readDoubleLE(0) : 0);
    for (const [id, w] of pending) if (w.site === site && w.used) used.set(id, w.used.readDoubleLE(0));
    if (used.size <= max) return;
    const aged = [...used].map(([id, at]): [number, string] => [at, id]);
    aged.sort((a, b) => a[0] - b[0]);
    for (const [, id] of aged.slice(0, aged.length - max)) {
      const queued = pending.get(id);
      if (queued && queued.data !== null) {
        // Not committed yet (a batch reads only what is): removed after its queued write, with its keys.
        for (const tag of queued.tags) d.remove(tagKey(tag, id));
        d.remove(keyOf(USED, id));
        d.remove(keyOf(ENTRY, id));
        pending.delete(id);
      } else if (!removeNow(d, id)) d.remove(keyOf(USED, id));
    }
  }

  function set(k: StoreKey, e: StoreEntry, o: StoreOptions): Promise<unknown> {
    throwFailed();
    const data = encode(k, e);
    e.size = data.length;
    const d = database(true);
    const id = entryId(k);
    const hashPart = part(k.hash, HASH_CHARS);
    const siteHash = part(k.site, SITE_CHARS) + '\0' + hashPart;
    if (!swept.has(siteHash)) {
      swept.add(siteHash);
      const done = sweep(d, k.site, hashPart).catch((error) => { failed = error; });
      sweeps.add(done);
      done.then(() => sweeps.delete(done));
    }
    const tags = e.tags || [];
    // The index first: an entry with a tag is always found by a removal of that tag.
    for (const tag of tags) d.put(tagKey(tag, id), Buffer.alloc(0));
    const used = o.max === undefined ? undefined : time(Date.now());
    if (used) d.put(keyOf(USED, id), used);
    const commit = d.put(keyOf(ENTRY, id), data);
    queued(id, { data, site: k.site, tags, used }, commit);
    if (o.max !== undefined) {
      const n = (sinceCheck.get(k.site) ?? Infinity) + 1;
      if (n >= Math.max(1, Math.floor(o.max / CHECK_SHARE))) {
        sinceCheck.set(k.site, 0);
        const max = o.max;
        inBatch(d, () => trim(d, k.site, max));
      } else sinceCheck.set(k.site, n);
    }
    return commit;
  }

  function del(k: StoreKey): [boolean, Promise<unknown>] {
    throwFailed();
    const id = entryId(k);
    const buf = bytesOf(id);
    if (buf === null || peekKey(buf)?.hash !== k.hash) return [false, Promise.resolve()];
    return [true, removeQueued(db, id, k.site, peekTags(buf))];
  }

  /** Drops this process's queued writes that a removal covers (their batch commits before it). */
  function forget(covered: (w: Pending) => boolean) {
    for (const [id, w] of pending) if (covered(w)) pending.delete(id);
  }

  async function clear(site?: string): Promise<void> {
    swept.clear();
    sinceCheck.clear();
    forget((w) => site === undefined || w.site === site);
    const d = database(false);
    if (!d) return; // nothing of ours here
    await committed(d);
    await d.batch(() => {
      for (const space of [TAGGED, USED, ENTRY]) {
        if (space === TAGGED && site !== undefined) {
          // A site's tag keys are found through its entries' headers.
          for (const { key, value } of d.getRange(siteRange(ENTRY, site))) for (const tag of peekTags(alone(value))) d.remove(tagKey(tag, (key as Buffer).toString('utf8', 1)));
          continue;
        }
        for (const key of [...d.getKeys(siteRange(space, site))]) d.remove(key);
      }
    });
  }

  async function deleteTagged(tags: readonly string[]): Promise<number> {
    const wanted = new Set(tags);
    forget((w) => w.tags.some((t) => wanted.has(t)));
    const d = database(false);
    if (!d) return 0;
    let count = 0;
    const removed = new Set<string>();
    await committed(d);
    await d.batch(() => {
      for (const tag of wanted) {
        for (const key of [...d.getKeys(rangeOf(TAGGED, part(tag, TAG_CHARS) + '\0'))]) {
          const id = (key as Buffer).toString('utf8', 1 + Buffer.byteLength(part(tag, TAG_CHARS)) + 1);
          const buf = d.getBinaryFast(keyOf(ENTRY, id));
          // An entry rewritten without the tag stays; its stale index key goes.
          // An entry with several of the tags is met once per tag: the batch reads it until it commits.
          if (!removed.has(id) && buf !== undefined && peekTags(alone(buf)).some((t) => wanted.has(t)) && removeNow(d, id)) removed.add(id), count++;
          d.remove(key);
        }
      }
    });
    return count;
  }

  /** An entry as a listing shows it, from its header; undefined when expired, damaged, or not where its header's key would put it. */
  function info(id: string, buf: Buffer, site: string | undefined, now: number): StoredEntryInfo | undefined {
    const h = peek(buf);
    if (!h || h.size !== buf.length || (h.expires !== 0 && h.expires <= now)) return undefined;
    const key = peekKey(buf);
    if (!key || (site !== undefined && key.site !== site) || entryId(key) !== id) return undefined;
    const tags = peekTags(buf);
    return { key, created: h.created, expires: h.expires, bytes: buf.length, ...(tags.length ? { tags } : {}) };
  }

  /** The live entries of one site or of all: the database's, with this process's queued writes in their place. */
  function list(site?: string): StoredEntryInfo[] {
    const now = Date.now();
    const out: StoredEntryInfo[] = [];
    const d = database(false);
    const seen = new Set<string>();
    if (d) {
      for (const { key, value } of d.getRange(siteRange(ENTRY, site))) {
        const id = (key as Buffer).toString('utf8', 1);
        const write = pending.get(id);
        seen.add(id);
        const entry = write === undefined ? info(id, alone(value), site, now) : write.data && info(id, write.data, site, now);
        if (entry) out.push(entry);
      }
    }
    for (const [id, write] of pending) {
      const entry = !seen.has(id) && write.data && (site === undefined || write.site === site) && info(id, write.data, site, now);
      if (entry) out.push(entry);
    }
    return out;
  }

  return {
    dir,
    folder: own,
    getSync: get,
    get: async (k, o) => get(k, o),
    setSync: (k, e, o) => { set(k, e, o).catch(() => {}); },
    set: async (k, e, o) => {
      // Its caller is told of a failed commit; the next write need not tell it again.
      try { await set(k, e, o); } catch (error) { if (failed === error) failed = undefined; throw error; }
    },
    deleteSync: (k) => { const [removed, commit] = del(k); commit.catch(() => {}); return removed; },
    delete: async (k) => { const [removed, commit] = del(k); await commit; return removed; },
    clear,
    deleteTagged,
    listSync: list,
    list: (site) => (async function* () { yield* list(site); })(),
    /** Resolves once every write, sweep and removal this store queued has committed (tests and tools; calls never need it). */
    flush: async () => {
      await Promise.all([...sweeps]);
      await db?.batch(() => {});
    },
    /** Waits for the queued writes, then closes this process's database of the folder (every store of the folder shares it; a store used after it opens it again). */
    close: async () => {
      if (!db) return;
      const d = db;
      db = undefined;
      opened.delete(own);
      await d.close();
    },
  };
};
