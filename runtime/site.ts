// Sites: one per compiled "use memo" / "use singleton" function. The compiled
// shell calls `site.call(this, keyValues, body)` (docs/contract.md). This module
// is the in-memory call path; persist.ts is the path of sites with a store.
// Written as closures rather than a class: minifiers rename locals but not
// properties, and the browser runtime is measured in bytes (docs/runtime.md, Size).
import { keyOf, type KeyOwner } from './key.js';
import { interner } from './intern.js';
import { clone, keepCopy } from './copy.js';
import { fail, BAD_OPTION, REQUEST_SCOPE_LEAK } from './errors.js';
import { registry, emit } from './registry.js';
import { keptSize } from './size.js';
import { checkDescriptor, storeName, type SiteDesc, type Kind } from './descriptor.js';
import { takeInvalidation, reportRemoval } from './invalidate.js';
import { isThenable, settle } from './promise.js';
import { begin, compute, carry, carryHere, currentFrame, tagsOf, spoiled, tagged, release as releaseFrame, type Frame } from './tags.js';

/** The computation of each in-flight entry: one that an invalidateTag marked is not joined (it may carry the tag). */
const computing: WeakMap<object, Frame> = (registry.computingFrames ||= new WeakMap());

/** A compiled function's handle on its cache. */
export interface Site extends KeyOwner {
  /** `keyed` (swr sites): the keyed values read again, so that a later refresh can tell whether they still give the same key. */
  call<T>(self: unknown, args: readonly unknown[], body: () => T, keyed?: () => readonly unknown[]): T;
}

/** An entry with more to it than its value; a memo value with nothing more is stored as itself (see `Stored`). */
class LocalEntry {
  constructor(
    public value: unknown,
    /** Expiry time in ms since the epoch; 0: never. */
    public expires: number,
    /** 0: a plain value; 1: the value of a settled promise (hits return a promise); 2: in flight (`value` is its promise). */
    public status: 0 | 1 | 2,
    /** Tags of the value (docs/runtime.md, Tags), or undefined. */
    public tags: readonly string[] | undefined,
    /** Its size (docs/runtime.md, Sizes), counted at commit by sites with maxBytes; 0 otherwise. */
    public bytes: number,
  ) {}
}

/**
 * The entry class of the first copy of the runtime in the process: every copy's sites share one state per
 * id (registry.ts), so they must agree on what an entry is (a bundled copy's own class would not be one).
 */
const Entry = (registry.entryClass ||= LocalEntry) as typeof LocalEntry;
type Entry = LocalEntry;

/**
 * What a scope holds per key: an Entry, or for a memo value that is settled, defined, and has no
 * expiry, tags or counted size, the kept value itself: half the memory per entry (no Entry object).
 * A kept value is never an Entry (Entry is not exported), so `instanceof` tells them apart.
 */
type Stored = Entry | unknown;

/** Entries by key, in least-recently-used order when the site has `max` or `maxBytes`; `bytes`: their sizes (maxBytes). */
type Scope = Map<string, Stored> & { bytes?: number };

/** The same key, flattened: a key built by concatenation is a rope of several strings otherwise (~40 B more per entry). */
const flat = (key: string): string => (key.charCodeAt(0), key);

export interface SiteState {
  id: string;
  hash: string;
  kind: Kind;
  /** The latest descriptor (its validate/release are the current code's). */
  desc: SiteDesc;
  entries: Scope;
  /** Per-`this` scopes (self sites), and weak handles on them for clear() and stats(). */
  perInstance: WeakMap<object, Scope> | null;
  instanceScopes: Set<WeakRef<Scope>>;
  hits: number;
  /** Stale hits (swr): served while a refresh runs. */
  stale: number;
  misses: number;
  /** Computations (misses and refreshes) that ended, and the milliseconds they took in all. */
  computes: number;
  computeMs: number;
  /** The last error: a body that threw, a failed refresh, a store or release hook that failed. */
  lastError?: unknown;
  /** Some entry of the site carries tags (invalidateTag looks only at these sites). */
  tagged: boolean;
  /** Entries whose background refresh (swr) is running. */
  refreshing?: Set<unknown>;
  /** Singletons of a replaced version (hot reload), released once their key is rebuilt. */
  retired: Scope | null;
  retiredState: SiteState | null;
  warned?: boolean;
  /**
   * Persistent sites: the computations in flight, by key. clear() and invalidate()
   * withdraw them, and a computation whose flight was withdrawn never writes (docs/stores.md).
   */
  flights?: Map<string, unknown>;
  /** Persistent sites: background refreshes (swr) in flight, by key; withdrawn like flights. */
  refreshes?: Map<string, unknown>;
  /** Persistent sites: writes in progress, by key; clear() and later reads of the key wait for them. */
  writes?: Map<string, Promise<void>>;
}

/**
 * Releases a singleton instance: `release`, else Symbol.asyncDispose / Symbol.dispose. Never throws:
 * a failure is an error event and one console warning per site.
 */
const release = (state: SiteState, instance: any): unknown => {
  const report = (error: any) => {
    emit('error', state.id, undefined, error);
    if (!state.warned) {
      state.warned = true;
      console.warn('memokit: ' + state.id + ': ' + (error?.message || error));
    }
  };
  try {
    const hook = state.desc.release || (instance && (instance[Symbol.asyncDispose] || instance[Symbol.dispose]));
    // `this` is the instance for dispose methods; `release` takes it as its argument.
    const result = typeof hook === 'function' && hook.call(instance, instance);
    if (isThenable(result)) return settle(result, null, report);
  } catch (error) {
    report(error);
  }
};

/** Drops one entry; releases it if it is a built singleton (singletons are always Entries). */
const drop = (state: SiteState, scope: Scope, key: string, stored: Stored, why?: 'evict' | 'expire') => {
  scope.delete(key);
  if (why) emit(why, state.id, key);
  if (!(stored instanceof Entry)) return;
  if (stored.bytes !== 0) scope.bytes! -= stored.bytes;
  return state.kind === 'singleton' && stored.status !== 2 ? release(state, stored.value) : undefined;
};

const scopesOf = (state: SiteState, everyRequest?: boolean): Scope[] => {
  const out = [state.entries];
  // A request-scoped site: its entries in the request this runs in, per instance too (other requests' are
  // theirs), or, for invalidateTag, in every request in progress.
  if (state.desc.scope === 'request') out.push(...(everyRequest ? registry.requests!.every(state) : registry.requests!.all(state)));
  for (const ref of state.instanceScopes) {
    const scope = ref.deref();
    if (scope) out.push(scope);
    else state.instanceScopes.delete(ref);
  }
  return out;
};

/** Empties a site's memory entries; the promise settles when release hooks have run. */
export const clearState = (state: SiteState): Promise<unknown> => {
  const pending: unknown[] = [];
  for (const scope of scopesOf(state)) for (const [key, entry] of scope) pending.push(drop(state, scope, key, entry));
  if (state.retired) for (const entry of state.retired.values()) pending.push(release(state.retiredState!, (entry as Entry).value));
  state.retired = state.retiredState = null;
  return Promise.all(pending);
};

export const entryCount = (state: SiteState) => scopesOf(state).reduce((n, scope) => n + scope.size, 0);

/** The sizes of a memo site's settled entries in memory (counted now for sites without maxBytes). */
export const entryBytes = (state: SiteState): number => {
  let total = 0;
  if (state.kind === 'memo') {
    for (const scope of scopesOf(state)) {
      for (const stored of scope.values()) total += !(stored instanceof Entry) ? keptSize(stored) : stored.status === 2 ? 0 : stored.bytes || keptSize(stored.value);
    }
  }
  return total;
};

/**
 * A computation (a miss's or a refresh's, begun at `started`) ended: its time counted, an error kept
 * for stats, its event sent with the value's size (`bytes`, asked only when someone listens).
 */
export const ended = (state: SiteState, status: 'miss' | 'refresh', key: string, started: number, error: unknown, bytes?: () => number | undefined) => {
  const ms = performance.now() - started;
  state.computes++;
  state.computeMs += ms;
  if (error !== undefined) state.lastError = error;
  if (registry.listener) emit(status, state.id, key, error, ms, bytes && bytes());
};

/** The call's keyed parameters among its keyed values (captured values follow them). */
export const keyedOf = (desc: SiteDesc, values: readonly unknown[]): readonly unknown[] => {
  const count = desc.keys ? desc.keys.length : 0;
  return values.length === count ? values : values.slice(0, count);
};

/** cacheIf's answer for a value computed for a call with these keyed values (true without cacheIf). */
export const cacheable = (desc: SiteDesc, value: unknown, values: readonly unknown[]): boolean => desc.cacheIf === undefined || !!desc.cacheIf(value, ...keyedOf(desc, values));

/** A request's end (request.ts): its singletons are released, as a clear would; its memo entries go with it. */
export const endScope = (state: SiteState, scope: Scope): Promise<unknown> => {
  if (state.kind !== 'singleton') return Promise.resolve(scope.clear());
  // One still being built is released once built.
  return Promise.all([...scope].map(([key, entry]) => ((entry as Entry).status !== 2 ? drop(state, scope, key, entry) : settle((entry as Entry).value, (instance) => release(state, instance), () => {}))));
};

/** invalidateTag: removes the site's memory entries that carry one of `names`; returns how many. */
export const dropTagged = (state: SiteState, names: ReadonlySet<string>): number => {
  let count = 0;
  if (state.tagged) for (const scope of scopesOf(state, true)) for (const [key, entry] of scope) if (entry instanceof Entry && tagged(entry.tags, names)) count++, drop(state, scope, key, entry);
  return count;
};

/** The state for a site id: reused when the hash matches, replaced (and the old one retired) when it changed. */
const stateFor = (desc: SiteDesc, kind: Kind): SiteState => {
  let state = registry.sites.get(desc.id);
  if (state === undefined || state.hash !== desc.hash || state.kind !== kind) {
    const previous = state;
    state = {
      id: desc.id, hash: desc.hash, kind, desc, entries: new Map(), perInstance: desc.self ? new WeakMap() : null, instanceScopes: new Set(),
      hits: 0, stale: 0, misses: 0, computes: 0, computeMs: 0, tagged: false, retired: null, retiredState: null,
    };
    registry.sites.set(desc.id, state);
    if (previous) {
      // Edited code: memo results are dropped now; a singleton is released only
      // once its replacement exists, so a pool is never closed with nothing to replace it.
      if (previous.kind === kind && kind === 'singleton') {
        state.retired = previous.entries;
        state.retiredState = previous;
        previous.entries = new Map();
      }
      clearState(previous);
    }
  }
  state.desc = desc;
  return state;
};

/**
 * Whether the keyed values still give the call's key, for work that ends or starts after the call:
 * the first `fromCall` values are the call's own (objects passed in are encoded again, so a change
 * to them counts; a body reassigning its parameters does not), the others are read again (`keyed`,
 * when the shell passes it; else the call's values too). A refresh, which runs the body again,
 * reads every value again (0); a computation that has ended reads only the captured ones again.
 */
export const sameKey = (keyFor: (values: readonly unknown[]) => string, args: readonly unknown[], argsKey: string, keyed: (() => readonly unknown[]) | undefined, fromCall = 0): boolean => {
  try {
    const now = keyed ? args.slice(0, fromCall).concat(keyed().slice(fromCall)) : args;
    return (now.length === 0 ? '' : keyFor(now)) === argsKey;
  } catch {
    return false;
  }
};

/** Creates the site of a compiled function (on its first call; see docs/contract.md). */
export const site = (desc: SiteDesc, kind: Kind): Site => {
  checkDescriptor(desc, kind);
  const state = stateFor(desc, kind);
  const { id, ttl, max, maxBytes, validate, swr } = desc;
  /** How many of the keyed values are the parameters (captured values follow them). */
  const params = desc.keys ? desc.keys.length : 0;
  const singleton = kind === 'singleton';
  /** memo with copy=clone: every caller gets a copy. */
  const copies = !singleton && desc.copy !== 'freeze';
  const out = (value: unknown) => (copies ? clone(value, id) : value);
  const owner: Site = { id, names: [...(desc.keys || []), ...(desc.captured || []).map((name) => '^' + name)], call };
  const receiver: KeyOwner = { id, names: ['this'] };
  let lastSweep = 0;
  const keyFor = interner(owner, max);
  /** Hits move entries to the most recently used end: the site evicts the least recently used. */
  const lru = max !== undefined || maxBytes !== undefined;
  const perRequest = desc.scope === 'request';
  /** Entries in the site's one map: no per-instance or per-request scope to find. */
  const direct = state.perInstance === null && !perRequest;

  const requestLeak = (reader: Frame) =>
    fail(REQUEST_SCOPE_LEAK, id + ' is scope=request, and ' + reader.id + ', which is not, called it while computing: its result would carry one request\'s data to every request. ' +
      'Make ' + reader.id + ' scope=request too, or pass it what it needs from the request as an argument.');

  const scopeOf = (self: unknown, make?: boolean): Scope | undefined => {
    const instance = state.perInstance !== null && self !== null && (typeof self === 'object' || typeof self === 'function');
    if (perRequest) {
      // A computation that is not request-scoped reading this one would cache one request's data for all.
      const reader = make && currentFrame();
      if (reader && !reader.request && !reader.done) requestLeak(reader);
      return registry.requests!.entries(state, instance ? (self as object) : null, make);
    }
    if (!instance) return state.entries;
    let scope = state.perInstance!.get(self as object);
    if (scope === undefined && make) {
      state.perInstance!.set(self as object, (scope = new Map()));
      state.instanceScopes.add(new WeakRef(scope));
      // Forget the handles of collected instances now and then (amortized O(1)).
      if ((state.instanceScopes.size & 1023) === 0) scopesOf(state);
    }
    return scope;
  };

  /**
   * What a hit returns: a copy of the value (or the frozen value); its tags go to the computation
   * that reads it. A caller who joined a computation whose key values changed while it ran computes
   * its own (`retry`): that value belongs to other inputs than the caller's.
   */
  const serve = (scope: Scope, key: string, entry: Entry, retry?: () => unknown): any => {
    if (lru) {
      scope.delete(key);
      scope.set(flat(key), entry);
    }
    const value = entry.value;
    if (entry.status === 2) {
      // Joined: the tags are known once the computation ends.
      const frame = currentFrame();
      return settle(value, (settled) => (retry && computing.get(entry)?.moved ? retry() : (carry(entry.tags, frame), copies ? out(settled) : settled)));
    }
    carryHere(entry.tags);
    return entry.status === 0 ? out(value) : settle(out(value));
  };

  const hit = (scope: Scope, key: string, entry: Entry, retry?: () => unknown): any => {
    state.hits++;
    return registry.listener ? reported('hit', scope, key, entry, retry) : serve(scope, key, entry, retry);
  };

  /** A hit of a memo value stored as itself: no expiry, status or tags to look at. */
  const bareHit = (scope: Scope, key: string, value: unknown): any => {
    state.hits++;
    if (lru) {
      scope.delete(key);
      scope.set(flat(key), value);
    }
    if (!registry.listener) return out(value);
    const started = performance.now();
    const copy = out(value);
    emit('hit', id, key, undefined, performance.now() - started, keptSize(value));
    return copy;
  };

  /** A hit or stale hit with a listener: timed, and its size told. */
  const reported = (status: 'hit' | 'stale', scope: Scope, key: string, entry: Entry, retry?: () => unknown): any => {
    const started = performance.now();
    const value = serve(scope, key, entry, retry);
    // A singleton is a live resource, not data to measure.
    emit(status, id, key, undefined, performance.now() - started, singleton || entry.status === 2 ? undefined : entry.bytes || keptSize(entry.value));
    return value;
  };

  /** swr: the stale value at once, and one background refresh of the entry at a time. */
  const stale = (scope: Scope, key: string, entry: Entry, body: () => unknown, still: () => boolean, args: readonly unknown[], unchanged: () => boolean): any => {
    state.stale++;
    const refreshing = (state.refreshing ||= new Set());
    if (!refreshing.has(entry)) {
      refreshing.add(entry);
      // In a later task: the caller never waits for the body, not even a synchronous one.
      setTimeout(() => refresh(scope, key, entry, body, still, args, unchanged));
    }
    return registry.listener ? reported('stale', scope, key, entry) : serve(scope, key, entry);
  };

  /** Recomputes a stale entry; replaces it unless it was removed meanwhile. A failure keeps it, as an error event. */
  const refresh = (scope: Scope, key: string, entry: Entry, body: () => unknown, still: () => boolean, args: readonly unknown[], unchanged: () => boolean) => {
    const done = () => state.refreshing!.delete(entry);
    // The body reads its data now: if the keyed values have changed since the call, it would compute another key's value.
    if (scope.get(key) !== entry || !still()) return done();
    const frame = begin(id, true, desc.tags, undefined);
    if (perRequest) frame.request = true;
    const started = performance.now();
    const replace = (value: unknown, status: 0 | 1) => {
      done();
      releaseFrame(frame);
      let next: Entry | undefined;
      if (scope.get(key) === entry) {
        // A value cacheIf refuses replaces nothing: the stale one goes, the next call computes. So
        // does one whose key values changed while an async refresh ran (it belongs to other values).
        if (spoiled(frame) || (status === 1 && !unchanged()) || !cacheable(desc, value, args)) drop(state, scope, key, entry);
        else {
          next = new Entry(keep(value), 0, status, tagsOf(frame), 0);
          drop(state, scope, key, entry);
          scope.set(key, next);
          commit(scope, key, next);
        }
      }
      ended(state, 'refresh', key, started, undefined, () => next && (next.bytes || keptSize(next.value)));
    };
    // A failed refresh is a refresh event with its error, then the error event; the stale entry stays.
    const failed = (error: unknown) => {
      done();
      releaseFrame(frame);
      ended(state, 'refresh', key, started, error);
      emit('error', id, key, error);
    };
    try {
      const result = compute(frame, body);
      if (isThenable(result)) settle(result, (value) => replace(value, 1)).catch(failed);
      else replace(result, 0);
    } catch (error) {
      failed(error);
    }
  };

  const commit = (scope: Scope, key: string, entry: Entry) => {
    if (ttl !== undefined) {
      const now = Date.now();
      entry.expires = now + ttl;
      // Purge expired entries (past their swr window too) at most once per ttl period.
      if (now - lastSweep > ttl) {
        lastSweep = now;
        for (const [k, other] of scope) if (other instanceof Entry && other.expires !== 0 && other.expires + (swr || 0) <= now) drop(state, scope, k, other, 'expire');
      }
    }
    if (entry.tags !== undefined) state.tagged = true;
    const retired = state.retired !== null && scope === state.entries ? state.retired.get(key) : undefined;
    if (retired instanceof Entry) {
      state.retired!.delete(key);
      if (retired.status !== 2) release(state.retiredState!, retired.value);
    }
    overMax(scope, key);
    if (maxBytes !== undefined && scope.get(key) === entry) {
      entry.bytes = keptSize(entry.value);
      scope.bytes = (scope.bytes || 0) + entry.bytes;
      // A value larger than the whole bound is not kept; it would evict everything and then itself.
      if (entry.bytes > maxBytes) drop(state, scope, key, entry, 'evict');
      while (scope.bytes > maxBytes && scope.size !== 0) {
        const oldest = scope.keys().next().value!;
        drop(state, scope, oldest, scope.get(oldest)!, 'evict');
      }
    }
  };

  /**
   * `max`: evicts the least recently used entries beyond it, but neither the `current` key (just stored)
   * nor a computation in flight: evicting it would release, or lose, what its callers are about to
   * get. In-flight entries may hold a scope above `max` until they are stored.
   */
  const overMax = (scope: Scope, current?: string) => {
    if (max === undefined || scope.size <= max) return;
    for (const [key, stored] of scope) {
      if (key === current || (stored instanceof Entry && stored.status === 2)) continue;
      drop(state, scope, key, stored, 'evict');
      if (scope.size <= max) return;
    }
  };

  /** Values a memo may store as themselves: nothing to add to them (no expiry, no size counted; tags are checked per value). */
  const bare = !singleton && ttl === undefined && maxBytes === undefined;



  /** What the cache keeps of a fresh value: a checked copy (memo), frozen for copy=freeze, or the value itself (singleton). */
  const keep = (value: unknown) => (singleton ? value : keepCopy(value, id, null, !copies));

  /** A miss ended: with the size of a memo value (a singleton is a live resource, not data to measure). */
  const missed = (key: string, started: number, error: unknown, value?: unknown) => ended(state, 'miss', key, started, error, singleton || error !== undefined ? undefined : () => keptSize(value));

  /** `unchanged`: for a computation that ends later, whether its key values still give its key (see sameKey). */
  const miss = (scope: Scope, key: string, body: () => unknown, args: readonly unknown[], unchanged?: () => boolean): any => {
    state.misses++;
    const frame = begin(id, !singleton, desc.tags);
    if (perRequest) frame.request = true;
    const started = performance.now();
    let result: unknown;
    try {
      result = compute(frame, body);
    } catch (error) {
      missed(key, started, error);
      throw error;
    }
    if (isThenable(result)) {
      const entry = new Entry(null, 0, 2, undefined, 0);
      let original: unknown;
      let cached = true;
      // keep() runs in its own step so that an uncloneable result lands in the same
      // cleanup as a rejection: neither is ever cached.
      const settled = settle(result, (value) => ((cached = cacheable(desc, (original = value), args)), keep(value))).then(
        (kept) => {
          releaseFrame(frame);
          entry.tags = tagsOf(frame);
          missed(key, started, undefined, kept);
          // An argument object changed, or a captured variable reassigned, while it ran: the value is not the key's.
          if (unchanged && !unchanged()) frame.moved = true;
          // Not stored if cleared, invalidated or evicted meanwhile, if one of its tags was invalidated (it may be stale), if its key values moved, or if cacheIf said no.
          if (scope.get(key) === entry) {
            if (spoiled(frame) || frame.moved || !cached) scope.delete(key);
            else {
              entry.value = kept;
              entry.status = 1;
              commit(scope, key, entry);
            }
          }
          return kept;
        },
        (error) => {
          releaseFrame(frame);
          if (scope.get(key) === entry) scope.delete(key);
          missed(key, started, error);
          throw error;
        },
      );
      entry.value = settled;
      computing.set(entry, frame);
      scope.set(flat(key), entry);
      // The caller who computed gets the original; the cache and joiners share the copy.
      return copies ? settled.then(() => original) : settled;
    }
    // A value cacheIf refuses is returned as it is: neither copied nor kept.
    let kept = result;
    let cached: boolean;
    try {
      cached = cacheable(desc, result, args);
      if (cached) kept = keep(result);
    } catch (error) {
      releaseFrame(frame);
      missed(key, started, error);
      throw error;
    }
    releaseFrame(frame);
    missed(key, started, undefined, kept);
    if (cached && !spoiled(frame)) {
      const tags = tagsOf(frame);
      if (bare && tags === undefined && kept !== undefined) {
        scope.set(flat(key), kept);
        overMax(scope, key);
      } else {
        const entry = new Entry(kept, 0, 0, tags, 0);
        scope.set(flat(key), entry);
        commit(scope, key, entry);
      }
    }
    return copies ? result : kept;
  };

  /**
   * A caller who joined a computation whose key values moved computes its own value, uncached, as
   * uncached code would (joining, or storing, would tie it to values that are no longer its own).
   * It counts as a miss, not the hit it was counted as when it joined.
   */
  const alone = (body: () => unknown): unknown => {
    state.hits--;
    state.misses++;
    carryHere(desc.tags);
    return body();
  };

  /**
   * Singleton hit with `validate`: a falsy answer rebuilds, then releases the old instance (whether
   * or not the rebuild succeeds). A validate that throws or rejects (a health check that cannot
   * reach its server) counts as a falsy answer, with an error event.
   */
  const validated = (scope: Scope, key: string, entry: Entry, body: () => unknown, args: readonly unknown[]): any => {
    const rebuild = () => {
      scope.delete(key);
      const done = () => release(state, entry.value);
      let result: unknown;
      try {
        result = miss(scope, key, body, args);
      } catch (error) {
        done();
        throw error;
      }
      if (isThenable(result)) settle(result, done, done);
      else done();
      return result;
    };
    const invalid = (error: unknown) => {
      emit('error', id, key, error);
      return false;
    };
    let ok: unknown;
    try {
      ok = validate!(entry.value, ...keyedOf(desc, args));
    } catch (error) {
      ok = invalid(error);
    }
    if (!isThenable(ok)) return ok ? hit(scope, key, entry) : rebuild();
    // A synchronous function cannot wait for an answer: its callers would get a promise on hits only.
    if (entry.status === 0) {
      settle(ok, null, () => {});
      fail(BAD_OPTION, id + ': validate returned a promise; make validate synchronous, or the singleton async.');
    }
    return settle(settle(ok, null, invalid), (good) => {
      // While validate ran, another caller may have rebuilt the instance, or a clear released it.
      const current = scope.get(key);
      return current === entry ? (good ? hit(scope, key, entry) : rebuild()) : current ? hit(scope, key, current as Entry) : miss(scope, key, body, args);
    });
  };

  // The hit path: key, lookup, copy. `args` are the keyed values (parameters, then captured values).
  function call(self: unknown, args: readonly unknown[], body: () => unknown, keyed?: () => readonly unknown[]): any {
    const argsKey = args.length === 0 ? '' : keyFor(args);
    let key = argsKey;
    // Objects have a scope each; primitive receivers share one, keyed by value.
    if (state.perInstance !== null && (self === null || (typeof self !== 'object' && typeof self !== 'function'))) key = keyOf([self], receiver) + key;
    if (takeInvalidation(id)) {
      const scope = scopeOf(self);
      const stored = scope && scope.get(key);
      if (stored !== undefined) drop(state, scope!, key, stored);
      reportRemoval(stored !== undefined);
      return;
    }
    const scope = direct ? state.entries : scopeOf(self, true)!;
    const entry = scope.get(key);
    if (entry === undefined) return miss(scope, key, body, args, () => sameKey(keyFor, args, argsKey, keyed, params));
    if (!(entry instanceof Entry)) return bareHit(scope, key, entry);
    // A computation in flight during an invalidateTag may carry the tag: later calls do not join it.
    if (entry.status !== 2 || !computing.get(entry)?.dropped) {
      const expires = entry.expires;
      const now = expires === 0 ? 0 : Date.now();
      if (expires === 0 || now < expires) {
        if (entry.status === 2) return hit(scope, key, entry, () => alone(body));
        return validate !== undefined ? validated(scope, key, entry, body, args) : hit(scope, key, entry);
      }
      if (swr !== undefined && expires + swr > now) return stale(scope, key, entry, body, () => sameKey(keyFor, args, argsKey, keyed), args, () => sameKey(keyFor, args, argsKey, keyed, params));
      drop(state, scope, key, entry, 'expire');
    }
    return miss(scope, key, body, args, () => sameKey(keyFor, args, argsKey, keyed, params));
  }
  if (storeName(desc) !== undefined) owner.call = registry.persistence!.call(state, keyFor);
  return owner;
};
