// Memo sites whose results live in a store (`persist=disk`, `persist=redis`, or
// any name given to configure({ stores })): the store interface and the call path
// that reads and writes through it (docs/stores.md, issue #6). The memory-only path
// stays in site.ts; this one is taken only by sites with a persist option.
import { REG, emit, isThenable, takeInvalidate, foundEntry, type State, type SiteDesc, type Kind, type Persistence } from './site.js';
import { clone, freeze } from './copy.js';
import { digestOf } from './key.js';
import { fail, BAD_OPTION } from './errors.js';

/** Where one entry lives: the site id, the body hash, and the SHA-256 (hex) of the call's key. */
export interface StoreKey {
  site: string;
  hash: string;
  key: string;
}

/** A stored result and its header. */
export interface StoreEntry {
  value: unknown;
  /** ms since the epoch. */
  created: number;
  /** ms since the epoch; 0: never. */
  expires: number;
  /** Body hash of the code that computed it. */
  hash: string;
}

/** The site's options a store may honour. */
export interface StoreOptions {
  ttl?: number;
  /** Most entries kept for the site. */
  max?: number;
}

/** Cross-process single flight (optional): one process computes, the others wait for its write. */
export interface StoreLock {
  /** True: this caller computes, then calls `release()`. False: call `wait()`. */
  acquired: boolean;
  release(): Promise<void>;
  /** Resolves with the holder's entry once written, or undefined when the lock ends without one (timeout, holder failed). */
  wait(): Promise<StoreEntry | undefined>;
}

/**
 * A persistent or shared cache. Async methods are required; the `Sync` ones let
 * non-async functions persist (the disk store has them, a network store cannot).
 * A store may throw or reject: callers then compute without it (and are told once).
 */
export interface Store {
  get(k: StoreKey, o: StoreOptions): Promise<StoreEntry | undefined>;
  set(k: StoreKey, e: StoreEntry, o: StoreOptions): Promise<void>;
  /** True when an entry was removed. */
  delete(k: StoreKey): Promise<boolean>;
  /** Removes one site's entries (every hash), or everything the store holds. */
  clear(site?: string): Promise<void>;
  getSync?(k: StoreKey, o: StoreOptions): StoreEntry | undefined;
  setSync?(k: StoreKey, e: StoreEntry, o: StoreOptions): void;
  deleteSync?(k: StoreKey): boolean;
  lock?(k: StoreKey): Promise<StoreLock>;
}

// Registry fields of the persistent path (absent from a browser runtime's registry).
REG.builtin ||= {};
REG.down ||= new Set();

/** The store configured under `name`, or the built-in one (the Node entry provides `disk`). */
export const storeOf = (name: string): Store | undefined => {
  const own = REG.cfg.stores;
  if (own && Object.prototype.hasOwnProperty.call(own, name)) return own[name];
  const make = REG.builtin[name];
  return make && make();
};

/** Methods every store has. */
const STORE_METHODS = ['get', 'set', 'delete', 'clear'];

/** configure({ stores }): refuses anything that is not a store, naming what is missing. */
const checkStores = (v: any) => {
  if (v != null && typeof v !== 'object') fail(BAD_OPTION, 'configure(): stores must be an object of stores by name, such as { redis: redisStore({ url }) }.');
  for (const name in v) {
    const miss = STORE_METHODS.find((m) => typeof v[name]?.[m] !== 'function');
    if (miss) fail(BAD_OPTION, 'configure(): store "' + name + '" has no ' + miss + '() method; a store implements get, set, delete and clear (docs/stores.md).');
  }
};

/** Every store this process can reach: configured ones and built-ins already created. */
const allStores = (): Store[] => {
  const out = new Set<Store>(Object.values(REG.cfg.stores || {}));
  for (const name in REG.builtin) {
    const s = REG.builtin[name](true);
    if (s) out.add(s);
  }
  return [...out];
};

/** A persistent descriptor's own rules (the rest is checked in site.ts). */
const checkSite = (d: SiteDesc, kind: Kind) => {
  if (kind === 'singleton') fail(BAD_OPTION, d.id + ': persist is for "use memo"; a singleton is a live resource and stays in memory.');
  if (!storeOf(d.persist!)) fail(BAD_OPTION, d.id + ': no store named "' + d.persist + '" is configured; call configure({ stores: { ' + d.persist + ': store } }) before the first call, or use persist=memory.');
};

/**
 * The persistent part of clear(fn) / clear(): every store for clear() and for a
 * function not called yet in this process (its store is unknown until then); else
 * the site's own store, if it has one.
 */
const clearStores = (id: string | undefined, states: State[]): Promise<unknown>[] => {
  const name = id === undefined || states.length === 0 ? undefined : states[0].d.persist || 'memory';
  const stores = name === undefined ? allStores() : name === 'memory' ? [] : [storeOf(name)];
  return stores.map((st) => (st ? st.clear(id) : Promise.resolve()));
};

/**
 * A store failure never reaches the caller: an `error` event every time, and one
 * console warning per outage (reset by the store's next success).
 */
const failed = (s: State, name: string, key: string | undefined, error: unknown) => {
  emit('error', s, key, error);
  if (!REG.down.has(name)) {
    REG.down.add(name);
    console.warn('memokit: store "' + name + '" failed (' + ((error as Error)?.message || error) + '); ' + s.id + ' and other functions compute without it until it answers again.');
  }
};

const fine = (name: string) => {
  if (REG.down.size !== 0) REG.down.delete(name);
};

/** An in-flight computation in this process; `j` counts the callers who joined it. */
interface Flight {
  p: Promise<[unknown, unknown]>;
  j: number;
}

/** The `call` of a persistent memo site (see site.ts for the memory path). */
export const persistCall = (s: State, d: SiteDesc, keyFor: (args: readonly unknown[]) => string) => {
  const name = d.persist!;
  const { id, hash, ttl, max } = d;
  const o: StoreOptions = { ttl, max };
  const frozen = d.copy === 'freeze';
  const flights = new Map<string, Flight>();
  const store = (): Store => storeOf(name) || fail(BAD_OPTION, id + ': no store named "' + name + '" is configured any more; configure({ stores: { ' + name + ': store } }) or use persist=memory.');
  if (!d.async && !store().getSync) {
    fail(BAD_OPTION, id + ': persist=' + name + ' needs an async function, because store "' + name + '" has no synchronous access. Make the function async, or use persist=disk.');
  }
  const fresh = (e: StoreEntry | undefined): e is StoreEntry => e !== undefined && e.hash === hash && (e.expires === 0 || e.expires > Date.now());
  /** A stored entry hit: the value is the store's fresh copy, so no clone is needed. */
  const hit = (e: StoreEntry, key: string) => {
    s.hits++;
    if (REG.cfg.onEvent) emit('hit', s, key);
    return frozen ? freeze(e.value) : e.value;
  };
  const entry = (c: unknown): StoreEntry => {
    const now = Date.now();
    return { value: c, created: now, expires: ttl ? now + ttl : 0, hash };
  };
  /** What is written (and what joiners copy): a checked copy; URLs are refused here. */
  const noUrl = ', which persist=' + name + ' cannot store (it has no structured-clone form). Return url.href instead.';
  const keep = (v: unknown) => clone(v, id, noUrl);

  const missed = (key: string) => {
    s.misses++;
    if (REG.cfg.onEvent) emit('miss', s, key);
  };

  /** Async path: store read, single flight (in process, and across processes when the store locks), compute, write. */
  const load = async (st: Store, k: StoreKey, key: string, body: () => unknown): Promise<[unknown, unknown]> => {
    let got: StoreEntry | undefined;
    try {
      got = await st.get(k, o);
      fine(name);
    } catch (err) {
      failed(s, name, key, err);
    }
    if (fresh(got)) return [hit(got, key), undefined];
    let lock: StoreLock | undefined;
    if (st.lock) {
      try {
        lock = await st.lock(k);
        if (!lock.acquired) {
          const other = await lock.wait();
          if (fresh(other)) return [hit(other, key), undefined];
        }
      } catch (err) {
        failed(s, name, key, err);
      }
    }
    try {
      missed(key);
      const v = await body();
      const c = keep(v);
      try {
        await st.set(k, entry(c), o);
        fine(name);
      } catch (err) {
        failed(s, name, key, err);
      }
      return [v, c];
    } finally {
      if (lock && lock.acquired) lock.release().catch((err) => failed(s, name, key, err));
    }
  };

  /** Sync path (a non-async function on a store with synchronous access). */
  const loadSync = (st: Store, k: StoreKey, key: string, body: () => unknown): unknown => {
    let got: StoreEntry | undefined;
    try {
      got = st.getSync!(k, o);
      fine(name);
    } catch (err) {
      failed(s, name, key, err);
    }
    if (fresh(got)) return hit(got, key);
    missed(key);
    const r = body();
    const write = (v: unknown) => {
      const c = keep(v);
      try {
        st.setSync!(k, entry(c), o);
        fine(name);
      } catch (err) {
        failed(s, name, key, err);
      }
      return v;
    };
    // A non-async function that returns a promise: its settled value is what is stored.
    return isThenable(r) ? Promise.resolve(r).then(write) : write(r);
  };

  return function call(_self: unknown, args: readonly unknown[], body: () => unknown): any {
    const key = args.length === 0 ? '' : keyFor(args);
    const st = store();
    const k: StoreKey = { site: id, hash, key: digestOf(key) };
    if (takeInvalidate()) {
      flights.delete(key);
      if (st.deleteSync) {
        try {
          if (st.deleteSync(k)) foundEntry();
        } catch (err) {
          failed(s, name, key, err);
        }
      } else st.delete(k).then((gone) => gone && foundEntry(), (err) => failed(s, name, key, err));
      return;
    }
    if (!d.async) return loadSync(st, k, key, body);
    const f = flights.get(key);
    if (f !== undefined) {
      // Joined: one copy per caller, made from the pristine value the flight kept.
      f.j++;
      s.hits++;
      if (REG.cfg.onEvent) emit('hit', s, key);
      return f.p.then(([, c]) => (frozen ? c : clone(c, id)));
    }
    const flight: Flight = { p: null!, j: 0 };
    flight.p = load(st, k, key, body).then(
      ([v, c]) => {
        if (flights.get(key) === flight) flights.delete(key);
        // A store hit handed its fresh value to the first caller; joiners need an untouched one.
        if (c === undefined && flight.j !== 0) c = frozen ? v : clone(v, id);
        return [v, c] as [unknown, unknown];
      },
      (err) => {
        if (flights.get(key) === flight) flights.delete(key);
        throw err;
      },
    );
    flights.set(key, flight);
    return flight.p.then(([v]) => v);
  };
};

/** What the Node entry installs in the registry (browser bundles leave it out). */
export const persistence: Persistence = { site: checkSite, call: persistCall, clear: clearStores, check: checkStores };
