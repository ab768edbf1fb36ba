// The user-facing API: clear, invalidate, stats, configure; and the two entry
// points the compiled code calls (memo, singleton) plus function registration.
import { site, clearState, entryCount, entryBytes, dropTagged, type Site, type SiteState } from './site.js';
import { tagNames, markRunning } from './tags.js';
import { registry, listen, type Config } from './registry.js';
import { NODE_ONLY, type SiteDesc, type Kind } from './descriptor.js';
import { idOf, runInvalidate } from './invalidate.js';
import { fail, BAD_OPTION } from './errors.js';

/** Compiled code: the site of a "use memo" function (created on its first call). */
export const memo = (desc: SiteDesc): Site => site(desc, 'memo');
/** Compiled code: the site of a "use singleton" function. */
export const singleton = (desc: SiteDesc): Site => site(desc, 'singleton');

/**
 * Compiled code: ties the user's function to its site id, for clear/invalidate/stats.
 * With `key`, the function is `target`'s method or getter of that name (object
 * literals, class prototypes). Returns `target`.
 */
export const register = <T extends object>(target: T, id: string, key?: PropertyKey): T => {
  let fn: any = target;
  if (key !== undefined) {
    const property = Object.getOwnPropertyDescriptor(target, key)!;
    fn = property.get || property.value;
  }
  registry.functions.set(fn, id);
  return target;
};

/** A function compiled by memokit, as the API takes it. */
export type CachedFunction = (...args: any[]) => unknown;

const statesOf = (fn?: CachedFunction) => {
  if (fn === undefined) return [...registry.sites.values()];
  const state = registry.sites.get(idOf(fn));
  return state ? [state] : [];
};

/**
 * Empties one function's cache, or every cache, and resets its hit and miss
 * counts. Computations in flight are not stored. Singletons are released; the
 * promise settles when their release hooks and the stores have finished.
 */
export const clear = (fn?: CachedFunction): Promise<void> => {
  const states = statesOf(fn);
  return Promise.all([
    ...states.map((state) => {
      state.hits = state.stale = state.misses = state.computes = state.computeMs = 0; // stats start over with the cache
      state.lastError = undefined;
      return clearState(state);
    }),
    ...(registry.persistence ? registry.persistence.clear(fn && idOf(fn), states) : []),
  ]).then(() => {});
};

/**
 * Removes the entry that `fn(...args)` would use (same key rules as a call:
 * defaults applied, `_` parameters ignored), and keeps a computation of it in
 * flight from being stored. For per-instance methods, pass the instance as `this`:
 * `invalidate.call(obj, Class.prototype.method, ...args)`. Returns whether an entry
 * was removed: a boolean, or a promise of one when the function's store has no
 * synchronous delete (Redis).
 */
export function invalidate<F extends CachedFunction>(this: unknown, fn: F, ...args: Parameters<F>): boolean | Promise<boolean> {
  return runInvalidate(this, fn, args);
}

export interface SiteStats {
  /** Known once the function has been called (the site is created on the first call). */
  kind?: Kind;
  /** Fresh hits. */
  hits: number;
  /** Stale hits (swr): the stale value was served while a refresh ran. */
  stale: number;
  misses: number;
  /**
   * Entries: in memory, or for a persisted function the entries of its current code in its store,
   * when the store can count them synchronously (disk); undefined when it cannot (Redis: `memokit cache ls`).
   */
  entries: number | undefined;
  /** Their sizes in bytes (memory: estimated, docs/runtime.md, Sizes; a store: encoded); singletons: 0. */
  bytes: number | undefined;
  /** Computations that ended (misses and refreshes), their milliseconds in all, and on average (0 before any). */
  computes: number;
  computeMs: number;
  meanComputeMs: number;
  /** The last error: a body that threw, a refresh that failed, a store or release hook that failed. */
  lastError: unknown;
}

/** What a site's stats are before its first call. */
const EMPTY: SiteStats = { hits: 0, stale: 0, misses: 0, entries: 0, bytes: 0, computes: 0, computeMs: 0, meanComputeMs: 0, lastError: undefined };

function statsOf(state: SiteState): SiteStats {
  const stored = registry.persistence && registry.persistence.usage(state);
  return {
    kind: state.kind, hits: state.hits, stale: state.stale, misses: state.misses,
    entries: stored ? stored.entries : entryCount(state), bytes: stored ? stored.bytes : entryBytes(state),
    computes: state.computes, computeMs: state.computeMs, meanComputeMs: state.computes === 0 ? 0 : state.computeMs / state.computes, lastError: state.lastError,
  };
}

/** Hits, misses, entries, sizes, compute times and the last error per site, keyed by site id. */
export const stats = (fn?: CachedFunction): Record<string, SiteStats> => {
  const out: Record<string, SiteStats> = {};
  if (fn !== undefined) out[idOf(fn)] = { ...EMPTY }; // not called yet: no state
  for (const state of statesOf(fn)) out[state.id] = statsOf(state);
  return out;
};

/**
 * Removes every entry that carries one of `names` (static `tags=`, tag(), or read from a tagged
 * value), across all functions: in memory now, then in every store this process can reach (and,
 * through them, other processes' near tiers). Computations running now whose values carry one of
 * the names are not stored. Resolves with the number of entries removed here and in the stores.
 */
export const invalidateTag = (...names: string[]): Promise<number> => {
  const set = new Set(tagNames(names, 'invalidateTag()'));
  markRunning(names);
  let count = 0;
  for (const state of registry.sites.values()) count += dropTagged(state, set);
  const stored = registry.persistence ? registry.persistence.invalidateTags(names) : Promise.resolve(0);
  return stored.then((n) => count + n);
};

/**
 * Runs `fn` in a request scope: `scope=request` functions called while it runs (after its awaits
 * too) share entries, which end with it: once `fn` returns, or the promise it returns settles,
 * memo entries are dropped and singletons released (the promise settles after their release hooks).
 * Called inside a scope, `fn` joins it. Node build only (AsyncLocalStorage).
 */
export function withRequestScope<T>(fn: () => T): T {
  return registry.requests ? registry.requests.run(fn) : fail(BAD_OPTION, 'withRequestScope() needs AsyncLocalStorage: use the Node build of memokit (Node, Bun, Deno).');
}

/** Sets runtime options (`onEvent`, `stores`); returns the previous values of the options given. */
export const configure = (options: Config): Config => {
  const previous: Config = {};
  for (const option of Object.keys(options || {}) as (keyof Config)[]) {
    const value: any = options[option];
    if (option === 'onEvent') {
      if (value != null && typeof value !== 'function') fail(BAD_OPTION, 'configure(): onEvent must be a function or null.');
    } else if (option === 'stores') {
      registry.persistence ? registry.persistence.checkStores(value) : fail(BAD_OPTION, NODE_ONLY);
    } else fail(BAD_OPTION, 'configure(): unknown option "' + option + '"; known options: onEvent, stores.');
    (previous as any)[option] = registry.config[option];
    (registry.config as any)[option] = value;
  }
  listen();
  return previous;
};
