// The call path of memo sites whose results live in a store (`persist=disk`,
// `persist=redis`, or any name given to configure({ stores })): docs/stores.md.
// The memory-only path is site.ts; this one is installed by the Node entry.
import { registry, emit, type Persistence } from './registry.js';
import { storeName, type SiteDesc, type Kind } from './descriptor.js';
import { sameKey, ended, cacheable, type SiteState } from './site.js';
import { sizeOf, keptSize } from './size.js';
import type { Store, StoreKey, StoreEntry, StoreLock, StoreOptions } from './store.js';
import { takeInvalidation, invalidating, reportRemoval } from './invalidate.js';
import { isThenable, settle } from './promise.js';
import { clone, keepCopy } from './copy.js';
import { digestOf, encodeValue, keyOfEncoding } from './key.js';
import { Bad } from './kind.js';
import { begin, compute, carry, carryHere, currentFrame, tagsOf, spoiled, release, type Frame } from './tags.js';
import * as near from './near.js';
import { fail, typeName, BAD_OPTION, UNHASHABLE } from './errors.js';

registry.builtinStores ||= {};
registry.failingStores ||= new Set();

/** The store configured under `name`, or the built-in one (the Node entry provides `disk`). */
export const storeOf = (name: string): Store | undefined => {
  const configured = registry.config.stores;
  if (configured && Object.prototype.hasOwnProperty.call(configured, name)) return configured[name];
  const make = registry.builtinStores[name];
  return make && make();
};

/** Methods every store has. */
const STORE_METHODS = ['get', 'set', 'delete', 'clear'];

/** configure({ stores }): refuses anything that is not a store, naming what is missing. */
const checkStores = (stores: any) => {
  if (stores != null && typeof stores !== 'object') fail(BAD_OPTION, 'configure(): stores must be an object of stores by name, such as { redis: redisStore({ url }) }.');
  for (const name in stores) {
    const missing = STORE_METHODS.find((method) => typeof stores[name]?.[method] !== 'function');
    if (missing) fail(BAD_OPTION, 'configure(): store "' + name + '" has no ' + missing + '() method; a store implements get, set, delete and clear (docs/stores.md).');
  }
};

/**
 * Every store this process can reach: configured ones and the built-ins (created now if no call
 * needed them yet, so that a clear() at start-up reaches the disk; creating one does no I/O).
 */
const reachableStores = (): Store[] => {
  const out = new Set<Store>(Object.values(registry.config.stores || {}));
  for (const name of Object.keys(registry.builtinStores)) if (!registry.config.stores?.[name]) out.add(storeOf(name)!);
  return [...out];
};

/** A persistent descriptor's own rules (the rest is checked in descriptor.ts). */
const checkSite = (desc: SiteDesc, kind: Kind) => {
  if (kind === 'singleton') fail(BAD_OPTION, desc.id + ': persist is for "use memo"; a singleton is a live resource and stays in memory.');
  const st = storeOf(desc.persist!) || fail(BAD_OPTION, desc.id + ': no store named "' + desc.persist + '" is configured; call configure({ stores: { ' + desc.persist + ': store } }) before the first call, or use persist=memory.');
  // maxBytes bounds what the function keeps in this process's memory: with a store, its part of the near tier.
  if (desc.maxBytes !== undefined && !(desc.async && st.watch && st.nearBytes)) {
    fail(BAD_OPTION, desc.id + ': maxBytes bounds the entries kept in memory, and with persist=' + desc.persist + ' ' + (desc.async ? 'store "' + desc.persist + '" keeps none (it has no near tier)' : 'a function that is not async keeps none') + '. Remove maxBytes, or use a store with a near tier (redis) and an async function.');
  }
};

/** Writes and deletes in progress, by key, of a persistent site: clear and later reads of the key wait for them. */
const writesOf = (state: SiteState): Map<string, Promise<void>> => (state.writes ||= new Map());

/** clear(fn) and clear() still running, by site id (undefined: clear()), and invalidateTag (TAGS): later reads wait for them. */
const clearing = new Map<string | undefined | symbol, Promise<unknown>>();
const TAGS = Symbol('invalidateTag');
const clearOf = (id: string): Promise<unknown> | undefined => {
  const pending = [clearing.get(id), clearing.get(undefined), clearing.get(TAGS)].filter((p) => p !== undefined);
  return pending.length < 2 ? pending[0] : Promise.all(pending);
};

/** Registers a removal in progress under `name`; later reads wait for it until it settles. */
const removing = (name: string | undefined | symbol, work: Promise<unknown>[]) => {
  const done = Promise.allSettled([clearing.get(name), ...work]);
  clearing.set(name, done);
  done.then(() => clearing.get(name) === done && clearing.delete(name));
};

/** Writes (and deletes) in progress, of every site (clear() and invalidateTag wait for them). */
const allWrites = (states: Iterable<SiteState>) => Promise.all([...states].flatMap((state) => (state.writes ? [...state.writes.values()] : [])));

/**
 * The persistent part of clear(fn) / clear() (`states`: every site of `id`, or all for clear()): every store for clear() and for a
 * function not called yet in this process (its store is unknown until then); else
 * the site's own store, if it has one. Writes in progress finish first, so none lands after the clear.
 */
const clearStores = (id: string | undefined, states: SiteState[]): Promise<unknown>[] => {
  // Computations and refreshes in flight are withdrawn at once: none of them writes any more.
  for (const state of states) state.flights?.clear(), state.refreshes?.clear();
  for (const tier of near.allTiers()) near.forget(tier, id === undefined ? { type: 'clear' } : { type: 'clear', site: id });
  const name = id === undefined || states.length === 0 ? undefined : storeName(states[0].desc) ?? null;
  const stores = name === undefined ? reachableStores() : name === null ? [] : [storeOf(name)];
  const written = allWrites(id === undefined ? registry.sites.values() : states);
  const cleared = stores.map((store) => written.then(() => store && store.clear(id)));
  removing(id, cleared);
  return cleared;
};

/**
 * The persistent part of invalidateTag: every reachable store that can remove by tag, once the
 * writes in progress have landed (a computation marked by the invalidation does not write at all).
 */
const invalidateTags = (names: string[]): Promise<number> => {
  for (const tier of near.allTiers()) near.forget(tier, { type: 'tags', tags: names });
  // Flights still reading the store may read what is about to be removed: later calls do not join them.
  // (Flights computing are marked, and not joined either.)
  for (const state of registry.sites.values()) if (state.flights) for (const [key, flight] of state.flights) if (!(flight as Flight).frame) state.flights.delete(key);
  const written = allWrites(registry.sites.values());
  const removed = reachableStores().map((store) => written.then(() => (store.deleteTagged ? store.deleteTagged(names) : 0)));
  removing(TAGS, removed);
  return Promise.all(removed).then((counts) => counts.reduce((sum, n) => sum + n, 0));
};

/**
 * A store failure never reaches the caller: an `error` event every time, and one
 * console warning per outage (reset by the store's next success).
 */
const failed = (id: string, name: string, key: string | undefined, error: unknown) => {
  emit('error', id, key, error);
  if (!registry.failingStores.has(name)) {
    registry.failingStores.add(name);
    console.warn('memokit: store "' + name + '" failed (' + ((error as Error)?.message || error) + '); ' + id + ' and other functions compute without it until it answers again.');
  }
};

const answered = (name: string) => {
  if (registry.failingStores.size !== 0) registry.failingStores.delete(name);
};

/**
 * One computation of a key in this process. `outcome` (absent while a synchronous
 * body runs) settles with what the first caller gets and a pristine copy for the
 * callers who joined. While the flight is registered under its key it may write;
 * clear and invalidate withdraw it.
 */
interface Flight {
  outcome: Promise<[unknown, unknown]> | null;
  joined: number;
  /** Tags of the value, once known: they go to the joiners' computations. */
  tags?: readonly string[];
  /** Its computation, once it computes (rather than reads): one an invalidateTag marked is not joined. */
  frame?: Frame;
  /** The values its key was made from changed while it computed: joiners call again. */
  moved?: boolean;
}

/** Freezes a value read from a store for copy=freeze (written by the same code, so it holds only what can be frozen). */
const deepFreeze = (value: unknown): unknown => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
};

/** The `call` of a persistent memo site (see site.ts for the memory path). */
/**
 * A persisted function that reads `this` is keyed by its value: identity ends
 * with the process. A receiver that is not plain data is refused.
 */
const receiverKey = (self: unknown, id: string): string => {
  try {
    return keyOfEncoding(encodeValue(self));
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    return fail(UNHASHABLE, 'cannot hash `this` of ' + id + ': it is a ' + typeName(e.v) + (typeof e.v === 'object' ? ' (class instance)' : '') +
      '. A persisted function is keyed by the value of its `this`: pass what it reads from `this` as parameters instead, or give the class a [Symbol.for("memokit.hash")]() method that returns hashable data.');
  }
};

/** One call of a persistent site, as the steps of its path see it. */
interface Call {
  st: Store;
  storeKey: StoreKey;
  /** The call's key (receiver and keyed values). */
  key: string;
  body: () => unknown;
  /** For a refresh, which runs later: whether the keyed values still give this key. */
  still: () => boolean;
  /** For a computation that ended after the call: whether its key values still give its key (site.ts sameKey). */
  unchanged: () => boolean;
  /** The keyed values (cacheIf is given the keyed parameters among them). */
  args: readonly unknown[];
  /** When the call began (performance.now()), for events; 0 without a listener. */
  started: number;
}

const persistentCall = (state: SiteState, keyFor: (args: readonly unknown[]) => string) => {
  const desc = state.desc;
  const name = storeName(desc)!;
  const { id, hash, ttl, max, swr } = desc;
  // With swr the store keeps an entry through its stale window too; `expires` is the window's end.
  const lifetime = ttl === undefined ? undefined : ttl + (swr || 0);
  const options: StoreOptions = { ttl: lifetime, max };
  const frozen = desc.copy === 'freeze';
  /** How many of the keyed values are the parameters (captured values follow them). */
  const params = desc.keys ? desc.keys.length : 0;
  const flights = (state.flights ||= new Map()) as Map<string, Flight>;
  /** Background refreshes (swr) in flight, by key: never joined, so a refresh never makes a caller wait. */
  const refreshes = (state.refreshes ||= new Map()) as Map<string, Flight>;
  const writes = writesOf(state);
  const store = (): Store => storeOf(name) || fail(BAD_OPTION, id + ': no store named "' + name + '" is configured any more; configure({ stores: { ' + name + ': store } }) or use persist=memory.');
  if (!desc.async && !store().getSync) {
    fail(BAD_OPTION, id + ': persist=' + name + ' needs an async function, because store "' + name + '" has no synchronous access. Make the function async, or use persist=disk.');
  }
  const fresh = (entry: StoreEntry | undefined): entry is StoreEntry =>
    typeof entry === 'object' && entry !== null && entry.hash === hash && (entry.expires === 0 || entry.expires > Date.now());
  /** Past its ttl, inside its swr window: served, and refreshed in the background. */
  const isStale = (entry: StoreEntry) => swr !== undefined && entry.expires - swr <= Date.now();
  /** A stored entry hit: the store decoded a fresh value, so no copy is needed. Its tags go to the computation reading it. */
  const hit = (entry: StoreEntry, key: string, stale: boolean, started: number) => {
    if (stale) state.stale++;
    else state.hits++;
    if (registry.listener) emit(stale ? 'stale' : 'hit', id, key, undefined, performance.now() - started, entry.size);
    carryHere(entry.tags);
    return frozen ? deepFreeze(entry.value) : entry.value;
  };
  /** An entry's size for events: what the store wrote, else the estimate. */
  const sizeOfEntry = (entry: StoreEntry) => () => entry.size || sizeOf(entry.value);
  const entryOf = (kept: unknown, promise: boolean, frame: Frame): StoreEntry => {
    const now = Date.now();
    const entry: StoreEntry = { value: kept, created: now, expires: lifetime ? now + lifetime : 0, hash };
    if (promise) entry.promise = true;
    const tags = tagsOf(frame);
    if (tags) entry.tags = tags;
    return entry;
  };
  /**
   * Whether a computed entry may be written: not when a tag it carries was invalidated while it
   * computed, nor when it has tags and the store cannot remove by tag (invalidateTag could not reach it).
   */
  const writable = (st: Store, entry: StoreEntry, frame: Frame, key: string): boolean => {
    if (spoiled(frame)) return false;
    if (entry.tags && !st.deleteTagged) {
      failed(id, name, key, new Error('store "' + name + '" cannot remove entries by tag (it has no deleteTagged method), so ' + id + ' does not store values that carry tags there. Use a store with tags (disk, redis), or drop the tags.'));
      return false;
    }
    return true;
  };
  /** What is written (and what joiners copy): a checked copy, frozen for copy=freeze; refused before any store is touched. */
  const storeEnding = (bad: unknown) => {
    const why = ', which persist=' + name + ' cannot store (structured clone has no form for it). ';
    return bad instanceof URL ? why + 'Return url.href instead.' : typeof bad === 'symbol' ? why + 'Return its name (Symbol.keyFor) instead.' : undefined;
  };
  const keep = (value: unknown) => keepCopy(value, id, storeEnding, frozen);
  /** What the first caller gets: its own result, or for copy=freeze the shared frozen copy. */
  const mine = (value: unknown, kept: unknown) => (frozen ? kept : value);
  const joinerCopy = (kept: unknown) => (frozen ? kept : clone(kept, id));
  /** The site's part of near tier keys (the call's key follows). */
  const nearPrefix = id + '\0' + hash + '\0';
  /** A near tier entry for a stored entry; `value` is made only if the tier will keep it. */
  const nearEntry = (entry: StoreEntry, storeKey: StoreKey, key: string, value: () => unknown): (() => near.NearEntry) => () => ({
    value: value(), expires: entry.expires, staleAt: swr !== undefined && entry.expires !== 0 ? entry.expires - swr : Infinity,
    promise: !!entry.promise, tags: entry.tags, bytes: entry.size || 0, site: id, stored: near.storedName(storeKey), key: nearPrefix + key,
  });

  const read = async (st: Store, storeKey: StoreKey, key: string): Promise<StoreEntry | undefined> => {
    try {
      const entry = await st.get(storeKey, options);
      // Finding nothing proves little (a store whose folder is a file finds nothing, then fails every write).
      if (entry !== undefined) answered(name);
      return entry;
    } catch (error) {
      failed(id, name, key, error);
    }
  };

  /** Writes unless the flight was withdrawn (from `owner`); withdrawn while writing, it deletes what it wrote. */
  const write = (st: Store, storeKey: StoreKey, key: string, flight: Flight, entry: StoreEntry, owner = flights): Promise<void> => {
    const tier = desc.async ? near.nearOf(st) : undefined;
    // This write replaces what the tier may hold for the key (a stale entry being refreshed): drop it now.
    if (tier) near.forget(tier, { type: 'set', key: storeKey });
    const op = tier && near.begin(tier, id, near.storedName(storeKey));
    const done = (async () => {
      let kept = false;
      try {
        await st.set(storeKey, entry, options);
        answered(name);
        if (owner.get(key) !== flight) await st.delete(storeKey);
        else kept = true;
      } catch (error) {
        failed(id, name, key, error);
      } finally {
        // What was written is a pristine copy no caller holds (copy=freeze: the frozen value): the tier shares it.
        if (op) near.end(tier!, op, kept ? nearEntry(entry, storeKey, key, () => entry.value) : undefined, desc.maxBytes);
      }
    })();
    // A write already in progress for the key (a refresh's and a computation's) stays awaited too.
    const prior = writes.get(key);
    const all = prior ? Promise.all([prior, done]).then(() => {}) : done;
    writes.set(key, all);
    return done.then(() => {
      if (writes.get(key) === all) all.then(() => writes.get(key) === all && writes.delete(key));
    });
  };

  /** Async path: store read, single flight (in process, and across processes when the store locks), compute, write. */
  const load = async (c: Call, flight: Flight): Promise<[unknown, unknown]> => {
    const { st, storeKey, key } = c;
    // A clear still running, and a write or delete of this key still in progress, finish before this read.
    const pendingClear = clearOf(id);
    if (pendingClear) await pendingClear;
    const inProgress = writes.get(key);
    if (inProgress) await inProgress;
    const tier = near.nearOf(st);
    const op = tier && near.begin(tier, id, near.storedName(storeKey));
    let found = await read(st, storeKey, key);
    if (op) near.end(tier!, op, fresh(found) ? nearEntry(found!, storeKey, key, () => (frozen ? deepFreeze(found!.value) : keepCopy(found!.value, id))) : undefined, desc.maxBytes);
    if (fresh(found)) return [stored(c, found, flight), undefined];
    let lock: StoreLock | undefined;
    try {
      if (st.lock) {
        try {
          lock = await st.lock(storeKey);
          // Double-checked: the holder before us may have written and released just after our read.
          found = lock.acquired ? await read(st, storeKey, key) : await lock.wait();
          if (fresh(found)) return [stored(c, found, flight), undefined];
        } catch (error) {
          failed(id, name, key, error);
        }
      }
      state.misses++;
      const frame = (flight.frame = begin(id, true, desc.tags));
      const started = performance.now();
      let entry: StoreEntry | undefined;
      try {
        const value = await compute(frame, c.body);
        const cached = cacheable(desc, value, c.args);
        const kept = keep(value);
        entry = entryOf(kept, false, frame);
        flight.tags = entry.tags;
        // An argument object changed, or a captured variable reassigned, while it ran: the value is not the key's.
        if (!c.unchanged()) flight.moved = true;
        else if (cached && flights.get(key) === flight && writable(st, entry, frame, key)) await write(st, storeKey, key, flight, entry);
        return [mine(value, kept), kept];
      } catch (error) {
        ended(state, 'miss', key, started, error);
        throw error;
      } finally {
        release(frame);
        if (entry) ended(state, 'miss', key, started, undefined, sizeOfEntry(entry));
      }
    } finally {
      if (lock && lock.acquired) lock.release().catch((error) => failed(id, name, key, error));
    }
  };

  /** A store hit: fresh, or stale (swr) and then refreshed in the background. */
  const stored = (c: Call, found: StoreEntry, flight: Flight | null) => {
    if (flight) flight.tags = found.tags;
    const stale = isStale(found);
    if (stale) refresh(c, !!found.promise);
    return hit(found, c.key, stale, c.started);
  };

  /**
   * One background refresh per key in this process, and with a store that locks, one across processes:
   * a process that does not get the lock leaves the refresh to the one that has it. A failure keeps the
   * stale entry (an error event); clear and invalidate withdraw the refresh like any computation.
   * A value cacheIf refuses replaces nothing: the stale entry is removed, and the next call computes.
   */
  const refresh = (c: Call, promise: boolean) => {
    const { st, storeKey, key } = c;
    if (refreshes.has(key)) return;
    const flight: Flight = { outcome: null, joined: 0 };
    refreshes.set(key, flight);
    const mineStill = () => refreshes.get(key) === flight;
    setTimeout(async () => {
      let lock: StoreLock | undefined;
      let started: number | undefined;
      try {
        if (st.lock) {
          lock = await st.lock(storeKey);
          if (!lock.acquired) return;
          // Another process may have refreshed it between our read and our lock.
          const found = await read(st, storeKey, key);
          if (fresh(found) && !isStale(found)) return;
        }
        // The body reads its data now: if the keyed values have changed since the call, it would compute another key's value.
        if (!mineStill() || !c.still()) return;
        const frame = begin(id, true, desc.tags, undefined);
        started = performance.now();
        try {
          const value = await compute(frame, c.body);
          const cached = cacheable(desc, value, c.args);
          const entry = entryOf(keep(value), promise, frame);
          if (mineStill() && !cached) await remove(c);
          else if (mineStill() && c.unchanged() && writable(st, entry, frame, key)) await write(st, storeKey, key, flight, entry, refreshes);
          ended(state, 'refresh', key, started, undefined, sizeOfEntry(entry));
        } finally {
          release(frame);
        }
      } catch (error) {
        // A failed computation is a refresh event with its error, then the error event (the stale entry stays).
        if (started !== undefined) ended(state, 'refresh', key, started, error);
        emit('error', id, key, error);
      } finally {
        if (mineStill()) refreshes.delete(key);
        if (lock && lock.acquired) lock.release().catch((error) => failed(id, name, key, error));
      }
    });
  };

  /** Removes a key's entry from the store (and this process's near tier); later reads of the key wait for it. */
  const remove = (c: Call): Promise<boolean> => {
    const tier = desc.async ? near.nearOf(c.st) : undefined;
    if (tier) near.forget(tier, { type: 'delete', key: c.storeKey });
    let sent: Promise<boolean | void>;
    try {
      sent = Promise.resolve(c.st.delete(c.storeKey));
    } catch (error) {
      sent = Promise.reject(error); // a store that throws instead of rejecting
    }
    const removal = sent.then((gone) => !!gone, (error): never => {
      failed(id, name, c.key, error);
      throw error;
    });
    const settled = removal.then(() => {}, () => {}); // also what keeps an unawaited failure from crashing the process
    writes.set(c.key, settled);
    settled.then(() => writes.get(c.key) === settled && writes.delete(c.key));
    return removal;
  };

  /** Sync path: a non-async function on a store with synchronous access. */
  const loadSync = (c: Call): unknown => {
    const { st, storeKey, key } = c;
    let found: StoreEntry | undefined;
    // While a clear of this site runs, what the store holds may be what was cleared: compute.
    if (!clearOf(id)) {
      try {
        found = st.getSync!(storeKey, options);
        if (found !== undefined) answered(name);
      } catch (error) {
        failed(id, name, key, error);
      }
    }
    if (fresh(found)) {
      const value = stored(c, found, null);
      return found.promise ? settle(value) : value;
    }
    state.misses++;
    const flight: Flight = { outcome: null, joined: 0 };
    flights.set(key, flight);
    const frame = begin(id, true, desc.tags);
    flight.frame = frame;
    const started = performance.now();
    const writeSync = (kept: unknown, promise: boolean, cached: boolean) => {
      const entry = entryOf(kept, promise, frame);
      flight.tags = entry.tags; // joiners carry them, written or not
      release(frame);
      // A promise ended after the call: its key values may have changed meanwhile (site.ts sameKey).
      if (promise && !c.unchanged()) flight.moved = true;
      if (flights.get(key) === flight) {
        flights.delete(key);
        if (cached && !flight.moved && writable(st, entry, frame, key)) {
          try {
            st.setSync!(storeKey, entry, options);
            answered(name);
          } catch (error) {
            failed(id, name, key, error);
          }
        }
      }
      ended(state, 'miss', key, started, undefined, sizeOfEntry(entry));
    };
    const withdraw = (error: unknown) => {
      release(frame);
      if (flights.get(key) === flight) flights.delete(key);
      ended(state, 'miss', key, started, error);
      throw error;
    };
    let result: unknown;
    let kept: unknown;
    let cached = true;
    try {
      result = compute(frame, c.body);
      // A value cacheIf refuses is returned as it is: neither copied nor written.
      if (!isThenable(result)) kept = (cached = cacheable(desc, result, c.args)) ? keep(result) : result;
    } catch (error) {
      withdraw(error);
    }
    if (!isThenable(result)) {
      writeSync(kept, false, cached);
      return mine(result, kept);
    }
    // A non-async function that returned a promise: its callers, joiners and later hits get promises too.
    flight.outcome = settle(result, (value) => {
      const cached = cacheable(desc, value, c.args);
      const kept = keep(value);
      writeSync(kept, true, cached);
      return [mine(value, kept), kept] as [unknown, unknown];
    }).catch(withdraw);
    return flight.outcome.then(([value]) => value);
  };

  return function call(self: unknown, args: readonly unknown[], body: () => unknown, keyed?: () => readonly unknown[]): any {
    const started = registry.listener ? performance.now() : 0;
    // Identity does not survive the process: a persisted function that reads `this` is keyed by its value.
    const receiver = desc.self ? receiverKey(self, id) : '';
    const argsKey = args.length === 0 ? '' : keyFor(args);
    const key = receiver + argsKey;
    /** For a refresh (swr), which runs later: the receiver and the keyed values still give this key. */
    const still = () => (!desc.self || receiverKey(self, id) === receiver) && sameKey(keyFor, args, argsKey, keyed);
    const unchanged = () => (!desc.self || receiverKey(self, id) === receiver) && sameKey(keyFor, args, argsKey, keyed, params);
    const st = store();
    const tier = desc.async ? near.nearOf(st) : undefined;
    if (tier !== undefined && tier.live && !invalidating(id)) {
      const entry = near.lookup(tier, nearPrefix + key);
      if (entry !== undefined) {
        const now = Date.now();
        if (entry.expires === 0 || entry.expires > now) {
          const stale = entry.staleAt <= now;
          if (stale) refresh({ st, storeKey: { site: id, hash, key: digestOf(key) }, key, body, still, unchanged, args, started }, entry.promise);
          if (stale) state.stale++;
          else state.hits++;
          carryHere(entry.tags);
          const value = settle(frozen ? entry.value : clone(entry.value, id));
          if (registry.listener) emit(stale ? 'stale' : 'hit', id, key, undefined, performance.now() - started, entry.bytes);
          return value;
        }
        near.expire(tier, entry);
      }
    }
    const c: Call = { st, storeKey: { site: id, hash, key: digestOf(key) }, key, body, still, unchanged, args, started };
    if (takeInvalidation(id)) {
      flights.delete(key);
      refreshes.delete(key);
      if (!st.deleteSync) {
        // Sent now; later reads of the key wait for it. A write still in progress deletes what it wrote itself.
        // A store that fails to delete fails the invalidation (the entry may still be there): the promise rejects.
        reportRemoval(remove(c));
        return;
      }
      if (tier) near.forget(tier, { type: 'delete', key: c.storeKey });
      try {
        reportRemoval(st.deleteSync(c.storeKey));
      } catch (error) {
        failed(id, name, key, error);
        reportRemoval(false, error); // invalidate() throws it
      }
      return;
    }
    const current = flights.get(key);
    // A computation in flight during an invalidateTag may carry the tag: later calls do not join it.
    if (current !== undefined && current.outcome !== null && !current.frame?.dropped) {
      // Joined: one copy per caller, made from the pristine value the flight kept.
      current.joined++;
      state.hits++;
      const frame = currentFrame();
      return current.outcome.then(([, kept]) => {
        // The values its key was made from changed while it ran: its value is another key's. This
        // caller computes its own, uncached, as uncached code would (a miss, not the hit counted above).
        if (current.moved) {
          state.hits--;
          state.misses++;
          carry(desc.tags, frame);
          return body();
        }
        carry(current.tags, frame);
        const value = joinerCopy(kept);
        if (registry.listener) emit('hit', id, key, undefined, performance.now() - started, keptSize(kept));
        return value;
      });
    }
    if (!desc.async) return loadSync(c);
    const flight: Flight = { outcome: null, joined: 0 };
    const leave = () => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    flight.outcome = load(c, flight).then(
      ([value, kept]) => {
        leave();
        // A store hit handed its fresh value to the first caller; joiners need an untouched one.
        if (kept === undefined && flight.joined !== 0) kept = frozen ? value : clone(value, id);
        return [value, kept] as [unknown, unknown];
      },
      (error) => {
        leave();
        throw error;
      },
    );
    flights.set(key, flight);
    return flight.outcome.then(([value]) => value);
  };
};

/**
 * stats() of a persisted site: its store's entries of the site's current code (unexpired), when the store
 * can list them synchronously (the disk store reads their headers); undefined figures when it cannot.
 */
const usage = (state: SiteState) => {
  const name = storeName(state.desc);
  if (name === undefined) return null;
  const st = storeOf(name);
  if (!st || !st.listSync) return { entries: undefined, bytes: undefined };
  let entries = 0;
  let bytes = 0;
  try {
    for (const info of st.listSync(state.id)) if (info.key.hash === state.hash) entries++, (bytes += info.bytes);
  } catch (error) {
    failed(state.id, name, undefined, error);
    return { entries: undefined, bytes: undefined };
  }
  return { entries, bytes };
};

/** What the Node entry installs in the registry (browser bundles leave it out). */
export const persistence: Persistence = { check: checkSite, call: persistentCall, clear: clearStores, checkStores, invalidateTags, usage };
