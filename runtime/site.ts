// Sites: one per compiled "use memo" / "use singleton" function. The compiled
// shell calls `site.call(this, keyValues, body)` (docs/contract.md).
// Written as closures rather than a class: minifiers rename locals but not
// properties, and the browser runtime is measured in bytes (issue #2; docs/runtime.md, Size).
import type { KeyOwner } from './key.js';
import { interner } from './intern.js';
import { clone, freeze } from './copy.js';
import { fail, BAD_OPTION, NOT_CACHED } from './errors.js';
import type { Store } from './persist.js';

/** What the compiler passes for one cached function (docs/contract.md). */
export interface SiteDesc {
  /** `path/relative/to/root.ts#qualified.name`, unique per function. */
  id: string;
  /** Build-time hash of the function's code and the module code it uses. */
  hash: string;
  /** Names of the keyed parameters, in the order their values are passed. */
  keys?: readonly string[];
  /** Names of captured closure variables, whose values follow the parameters. */
  captured?: readonly string[];
  /** Cache per `this` object (instance methods); instances are held weakly. */
  self?: boolean;
  /** Milliseconds an entry lives after it was written. */
  ttl?: number;
  /** Most entries kept (per `this` object for `self` sites); least recently used go first. */
  max?: number;
  /** memo only: `clone` (default) copies on every call, `freeze` shares one deep-frozen value. */
  copy?: 'clone' | 'freeze';
  /** Store name: `memory` (default), `disk` (Node), or a name given to configure({ stores }). */
  persist?: string;
  /** The function is async (set with `persist`: a store without synchronous access needs it). */
  async?: boolean;
  /** singleton only: called on each hit; a falsy result (or promise of one) recreates the instance. */
  validate?: (value: any) => unknown;
  /** singleton only: called when an instance is cleared, evicted, expired or replaced. */
  release?: (value: any) => unknown;
}

export type Kind = 'memo' | 'singleton';

/** A compiled function's handle on its cache. */
export interface Site extends KeyOwner {
  call<T>(self: unknown, args: readonly unknown[], body: () => T): T;
}

/** An entry: value, expiry time (0: never), state. */
interface Entry {
  v: unknown;
  x: number;
  /** 0: sync value; 1: value of a settled promise (hits return a promise); 2: in flight (`v` is the promise). */
  s: 0 | 1 | 2;
}

type Scope = Map<string, Entry>;

export interface State {
  id: string;
  hash: string;
  kind: Kind;
  /** The latest descriptor (its validate/release are the current code's). */
  d: SiteDesc;
  map: Scope;
  /** Per-`this` scopes (self sites), and weak handles on them for clear() and stats(). */
  per: WeakMap<object, Scope> | null;
  refs: Set<WeakRef<Scope>>;
  hits: number;
  misses: number;
  /** Singletons of a replaced version (hot reload), released once their key is rebuilt. */
  old: Scope | null;
  oldState: State | null;
  warned?: boolean;
}

export interface Event {
  type: 'hit' | 'miss' | 'evict' | 'expire' | 'error';
  id: string;
  key?: string;
  error?: unknown;
}

export interface Config {
  /** Called for every hit, miss, eviction, expiry and error (logging, devtools). */
  onEvent?: ((event: Event) => void) | null;
  /** Stores by name, for `persist=<name>` (they replace built-ins of the same name). */
  stores?: Record<string, Store> | null;
}

interface Registry {
  sites: Map<string, State>;
  fns: WeakMap<Function, string>;
  cfg: Config;
  /** Built-in stores, created on first use (`peek`: only if already created); set by the Node entry. */
  builtin: Record<string, (peek?: boolean) => Store | undefined>;
  /** Stores whose last operation failed (one warning per outage); set by persist.ts. */
  down: Set<string>;
  /** The persistent call path (persist.ts), installed by the Node entry so that browser bundles stay small. */
  persist?: Persistence;
}

export interface Persistence {
  /** Validates a persistent descriptor (throws MK_BAD_OPTION). */
  site: (d: SiteDesc, kind: Kind) => void;
  call: (s: State, d: SiteDesc, keyFor: (args: readonly unknown[]) => string) => Site['call'];
  /** clear(fn) / clear(): the persistent part (`states`: the sites known for `id` in this process). */
  clear: (id: string | undefined, states: State[]) => Promise<unknown>[];
  /** Validates configure({ stores }). */
  check: (stores: unknown) => void;
}

// Shared through globalThis so that a module evaluated again (HMR, watch mode),
// or a second copy of the runtime, finds the caches of the first.
const G = globalThis as { [k: symbol]: Registry };
export const REG: Registry = G[Symbol.for('memokit.registry.v1')] ||= { sites: new Map(), fns: new WeakMap(), cfg: {} } as Registry;

export const isThenable = (v: any): v is PromiseLike<unknown> =>
  v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';

export const emit = (type: Event['type'], s: State, key?: string, error?: unknown) => {
  const on = REG.cfg.onEvent;
  if (on) on({ type, id: s.id, key, error });
};

/** `r` as a promise, then `ok` / `no`. */
const later = (r: unknown, ok?: ((v: any) => unknown) | null, no?: (e: any) => unknown) => Promise.resolve(r).then(ok, no);

/**
 * Releases a singleton instance: `release`, else Symbol.asyncDispose / Symbol.dispose. Never throws:
 * a failure is an error event and one console warning per site.
 */
const release = (s: State, v: any): unknown => {
  const report = (e: any) => {
    emit('error', s, undefined, e);
    if (!s.warned) {
      s.warned = true;
      console.warn('memokit: ' + s.id + ': ' + (e?.message || e));
    }
  };
  try {
    const f = s.d.release || (v && (v[(Symbol as any).asyncDispose] || v[(Symbol as any).dispose]));
    // `this` is the instance for dispose methods; `release` takes it as its argument.
    const r = typeof f === 'function' && f.call(v, v);
    if (isThenable(r)) return later(r, null, report);
  } catch (e) {
    report(e);
  }
};

/** Drops one entry; releases it if it is a built singleton. */
const drop = (s: State, map: Scope, key: string, e: Entry, why?: 'evict' | 'expire') => {
  map.delete(key);
  if (why) emit(why, s, key);
  return s.kind === 'singleton' && e.s !== 2 ? release(s, e.v) : undefined;
};

const scopes = (s: State): Scope[] => {
  const out = [s.map];
  for (const r of s.refs) {
    const m = r.deref();
    if (m) out.push(m);
    else s.refs.delete(r);
  }
  return out;
};

export const clearState = (s: State): Promise<unknown> => {
  const pending: unknown[] = [];
  for (const m of scopes(s)) for (const [k, e] of m) pending.push(drop(s, m, k, e));
  if (s.old) for (const e of s.old.values()) pending.push(release(s.oldState!, e.v));
  s.old = s.oldState = null;
  return Promise.all(pending);
};

export const entries = (s: State) => scopes(s).reduce((n, m) => n + m.size, 0);

/** Descriptor fields; those after `self` are the user's directive options. */
const KNOWN = ['id', 'hash', 'keys', 'captured', 'self', 'async', 'ttl', 'max', 'copy', 'persist', 'validate', 'release'];

const check = (d: SiteDesc, kind: Kind) => {
  const bad = (what: string) => fail(BAD_OPTION, d.id + ': ' + what);
  for (const k in d) if (!KNOWN.includes(k)) bad('unknown option "' + k + '"; options are ' + KNOWN.slice(6).join(', ') + '.');
  if (d.ttl !== undefined && !(d.ttl > 0 && d.ttl < 1 / 0)) bad('ttl must be a positive number of milliseconds.');
  if (d.max !== undefined && !(Number.isInteger(d.max) && d.max > 0)) bad('max must be a positive integer.');
  if (d.copy !== undefined && (kind > 'n' || (d.copy !== 'clone' && d.copy !== 'freeze'))) bad('copy must be "clone" or "freeze", and only "use memo" copies.');
  for (const f of ['validate', 'release'] as const) {
    if (d[f] !== undefined && (kind < 'n' || typeof d[f] !== 'function')) bad(f + ' must be a function, and only "use singleton" takes it.');
  }
  if (d.persist !== undefined && d.persist !== 'memory') REG.persist ? REG.persist.site(d, kind) : bad(NODE_ONLY);
};

/** Why persist= and configure({ stores }) fail in the browser build. */
export const NODE_ONLY = 'stores (persist=) need the Node build of memokit.';

/** The state for a site id: reused when the hash matches, replaced (and the old one retired) when it changed. */
const stateFor = (d: SiteDesc, kind: Kind): State => {
  let s = REG.sites.get(d.id);
  if (s === undefined || s.hash !== d.hash || s.kind !== kind) {
    const prev = s;
    s = { id: d.id, hash: d.hash, kind, d, map: new Map(), per: d.self ? new WeakMap() : null, refs: new Set(), hits: 0, misses: 0, old: null, oldState: null };
    REG.sites.set(d.id, s);
    if (prev) {
      // Edited code: memo results are dropped now; a singleton is released only
      // once its replacement exists, so a pool is never closed with nothing to replace it.
      if (prev.kind === kind && kind > 'n') {
        s.old = prev.map;
        s.oldState = prev;
        prev.map = new Map();
      }
      clearState(prev);
    }
  }
  s.d = d;
  return s;
};

// Invalidate mode (see invalidate()): the next site call deletes its entry instead of computing.
let mode = 0;
let found = false;
/** For persistent sites: true (once) when this call is an invalidation. */
export const takeInvalidate = (): boolean => {
  if (mode === 0) return false;
  mode = 0;
  return true;
};
export const foundEntry = () => { found = true; };

/** Creates the site of a compiled function (on its first call; see docs/contract.md). */
export const site = (d: SiteDesc, kind: Kind): Site => {
  check(d, kind);
  const s = stateFor(d, kind);
  const { id, ttl, max } = d;
  const single = kind > 'n';
  /** memo with copy=clone: every caller gets a copy. */
  const cp = !single && d.copy !== 'freeze';
  const out = (v: unknown) => (cp ? clone(v, id) : v);
  const owner: Site = { id, names: [...(d.keys || []), ...(d.captured || []).map((c) => '^' + c)], call };
  const validate = d.validate;
  const cfg = REG.cfg;
  let swept = 0;
  const keyFor = interner(owner, max);

  const scopeOf = (self: unknown, make?: boolean): Scope | undefined => {
    if (s.per === null || self === null || (typeof self !== 'object' && typeof self !== 'function')) return s.map;
    let m = s.per.get(self as object);
    if (m === undefined && make) {
      s.per.set(self as object, (m = new Map()));
      s.refs.add(new WeakRef(m));
      // Forget the handles of collected instances now and then (amortized O(1)).
      if ((s.refs.size & 1023) === 0) scopes(s);
    }
    return m;
  };

  const hit = (map: Scope, key: string, e: Entry): any => {
    s.hits++;
    if (max !== undefined) {
      map.delete(key);
      map.set(key, e);
    }
    if (cfg.onEvent) emit('hit', s, key);
    const v = e.v;
    return e.s === 0 ? out(v) : e.s === 1 ? later(out(v)) : cp ? later(v, out) : v;
  };

  const commit = (map: Scope, key: string, e: Entry) => {
    if (ttl !== undefined) {
      const now = Date.now();
      e.x = now + ttl;
      // Purge expired entries at most once per ttl period.
      if (now - swept > ttl) {
        swept = now;
        for (const [k, o] of map) if (o.x !== 0 && o.x <= now) drop(s, map, k, o, 'expire');
      }
    }
    const o = s.old !== null && map === s.map ? s.old.get(key) : undefined;
    if (o !== undefined) {
      s.old!.delete(key);
      if (o.s !== 2) release(s.oldState!, o.v);
    }
    if (max !== undefined) while (map.size > max) {
      const k = map.keys().next().value!;
      drop(s, map, k, map.get(k)!, 'evict');
    }
  };

  /** What the cache keeps of a fresh value: a checked copy (memo) or the value itself (singleton). */
  const keep = (v: unknown) => (single ? v : cp ? clone(v, id) : freeze(clone(v, id)));

  const miss = (map: Scope, key: string, body: () => unknown): any => {
    s.misses++;
    if (cfg.onEvent) emit('miss', s, key);
    const r = body();
    if (isThenable(r)) {
      const e: Entry = { v: null, x: 0, s: 2 };
      let orig: unknown;
      // keep() runs in its own step so that an uncloneable result lands in the same
      // cleanup as a rejection: neither is ever cached.
      const p = later(r, (v) => keep((orig = v))).then(
        (c) => {
          // Not stored if cleared, invalidated or evicted meanwhile: it may be stale.
          if (map.get(key) === e) {
            e.v = c;
            e.s = 1;
            commit(map, key, e);
          }
          return c;
        },
        (err) => {
          if (map.get(key) === e) map.delete(key);
          throw err;
        },
      );
      e.v = p;
      map.set(key, e);
      // The caller who computed gets the original; the cache and joiners share the copy.
      return cp ? p.then(() => orig) : p;
    }
    const c = keep(r);
    const e: Entry = { v: c, x: 0, s: 0 };
    map.set(key, e);
    commit(map, key, e);
    return cp ? r : c;
  };

  /** Singleton hit with `validate`: a falsy answer rebuilds, then releases the old instance. */
  const checked = (map: Scope, key: string, e: Entry, body: () => unknown): any => {
    const rebuild = () => {
      if (map.get(key) === e) map.delete(key);
      const r = miss(map, key, body);
      const done = () => release(s, e.v);
      if (isThenable(r)) later(r, done, done);
      else done();
      return r;
    };
    const ok = validate!(e.v);
    return isThenable(ok) ? later(ok, (good) => (good ? e.v : rebuild())) : ok ? hit(map, key, e) : rebuild();
  };

  // The hit path: key, lookup, copy. `args` are the keyed values (parameters, then captured values).
  function call(self: unknown, args: readonly unknown[], body: () => unknown): any {
    const key = args.length === 0 ? '' : keyFor(args);
    if (mode !== 0) {
      // Invalidate mode: delete this call's entry instead of computing.
      mode = 0;
      const m = scopeOf(self);
      const e = m && m.get(key);
      if (e) {
        found = true;
        drop(s, m!, key, e);
      }
      return;
    }
    const map = s.per === null ? s.map : scopeOf(self, true)!;
    const e = map.get(key);
    if (e !== undefined) {
      if (e.x === 0 || e.x > Date.now()) return validate !== undefined && e.s !== 2 ? checked(map, key, e, body) : hit(map, key, e);
      drop(s, map, key, e, 'expire');
    }
    return miss(map, key, body);
  }
  if (d.persist !== undefined && d.persist !== 'memory') owner.call = REG.persist!.call(s, d, keyFor);
  return owner;
};

/** Looks up the id a compiled function was registered under. */
export const idOf = (fn: Function): string => {
  const id = REG.fns.get(fn);
  return id !== undefined ? id
    : fail(NOT_CACHED, ((fn && fn.name) || 'this function') + ' is not a "use memo" or "use singleton" function compiled by memokit; check that the memokit plugin runs on its file.');
};

/** Runs `fn` in invalidate mode; true when an entry was removed. */
export const runInvalidate = (self: unknown, fn: Function, args: unknown[]): boolean => {
  idOf(fn);
  mode = 1;
  found = false;
  let r: unknown;
  try {
    r = fn.apply(self, args);
  } finally {
    // A throw from the arguments (a default, a destructuring) propagates as is.
    var reached = mode === 0;
    mode = 0;
  }
  // An async shell reports such a failure as a rejection; the error below replaces it.
  if (isThenable(r)) later(r, null, () => {});
  if (!reached) fail(NOT_CACHED, 'invalidate(' + (fn.name || 'fn') + ', ...) did not reach the cache: the call failed before its key could be computed.');
  return found;
};
