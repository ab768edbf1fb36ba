// The registry: every site's state, the function → id map and the configuration,
// in one slot on globalThis, so that a module evaluated again (HMR, watch mode) or a
// second copy of the runtime finds the caches of the first.
import type { Store } from './store.js';
import type { SiteState, Site } from './site.js';
import type { SiteDesc, Kind } from './descriptor.js';

export interface Event {
  /**
   * `hit`, `stale` (swr: a stale value served), `miss` (sent once the computation has ended) and `refresh`
   * (swr: a background recomputation ended) are calls; `evict`, `expire` and `error` are not.
   */
  type: 'hit' | 'stale' | 'miss' | 'refresh' | 'evict' | 'expire' | 'error';
  id: string;
  /** The call's key (its encoding; the debug log prints its digest). */
  key?: string;
  error?: unknown;
  /** For calls: what the call was (`hit`, `miss`, `stale`, `refresh`). */
  status?: 'hit' | 'miss' | 'stale' | 'refresh';
  /** For calls: milliseconds a miss or refresh computed, or a hit took to serve. */
  ms?: number;
  /** For calls: the value's size (encoded, or estimated: docs/runtime.md, Sizes). */
  bytes?: number;
}

export interface Config {
  /** Called for every hit, miss, eviction, expiry and error (logging, devtools). */
  onEvent?: ((event: Event) => void) | null;
  /** Stores by name, for `persist=<name>` (they replace built-ins of the same name). */
  stores?: Record<string, Store> | null;
}

/** The persistent call path (persist.ts), installed by the Node entry so that browser bundles stay small. */
export interface Persistence {
  /** Validates a persistent descriptor (throws MK_BAD_OPTION). */
  check: (desc: SiteDesc, kind: Kind) => void;
  call: (state: SiteState, keyFor: (args: readonly unknown[]) => string) => Site['call'];
  /** clear(fn) / clear(): the persistent part (`states`: the sites known for `id` in this process). */
  clear: (id: string | undefined, states: SiteState[]) => Promise<unknown>[];
  /** Validates configure({ stores }). */
  checkStores: (stores: unknown) => void;
  /** stats(): what the site's store holds of its current code, when the store can tell synchronously; else undefined (memory sites: null). */
  usage: (state: SiteState) => { entries: number | undefined; bytes: number | undefined } | null;
  /** invalidateTag: the persistent part (near tiers, then every reachable store); resolves with what the stores removed. */
  invalidateTags: (names: string[]) => Promise<number>;
}

export interface Registry {
  sites: Map<string, SiteState>;
  functions: WeakMap<Function, string>;
  config: Config;
  /** Built-in stores, created on first use (`peek`: only if already created); set by the Node entry. */
  builtinStores: Record<string, (peek?: boolean) => Store | undefined>;
  /** Stores whose last operation failed (one warning per outage); set by persist.ts. */
  failingStores: Set<string>;
  persistence?: Persistence;
  /** The invalidation in progress (invalidate.ts). */
  invalidation?: Invalidation;
  /** Where a computation finds its frame: AsyncLocalStorage, installed by the Node entry (tags.ts has the fallback). */
  context?: Context;
  /** Computations running (tags.ts). */
  computing: Set<Frame>;
  /** The listener calls report to: configure({ onEvent }) and the debug log (MEMOKIT_DEBUG), or null. */
  listener: ((event: Event) => void) | null;
  /** The listener threw once (told once). */
  listenerFailed?: boolean;
  /** The debug log, installed by the Node entry when MEMOKIT_DEBUG is set. */
  debug?: (event: Event) => void;
  /** Request scopes (request.ts), installed by the Node entry: withRequestScope(), and a site's entries in the current request. */
  requests?: {
    run<T>(fn: () => T): T;
    entries(state: SiteState, self: object | null, make?: boolean): Map<string, any> | undefined;
    all(state: SiteState): Map<string, any>[];
    /** In every request in progress (invalidateTag). */
    every(state: SiteState): Map<string, any>[];
  };
  /** The class of memory entries (site.ts), and the computation of each entry in flight: one for every copy of the runtime. */
  entryClass?: new (...args: any[]) => object;
  computingFrames?: WeakMap<object, Frame>;
  /** Near tiers of shared stores, by store (near.ts). */
  nearTiers?: { byStore: WeakMap<Store, import('./near.js').Near>; all: Set<WeakRef<import('./near.js').Near>> };
}

/** One computation of a cached function: what tags its value carries (tags.ts). */
export interface Frame {
  /** Site id, for messages. */
  id: string;
  /** False for singletons: their bodies carry no tags and pass none on. */
  memo: boolean;
  tags: Set<string> | null;
  /** The computation that called this one; tags flow to it when this one ends. */
  parent: Frame | undefined;
  done: boolean;
  /** Tags invalidated while this computation ran. */
  dropped: string[] | null;
  /** The body returned a promise that has not settled yet. */
  async: boolean;
  /** The values its key was made from changed while it ran: callers who joined it compute again. */
  moved?: boolean;
  /** A computation of a scope=request function: it may read other request-scoped functions. */
  request?: boolean;
}

export interface Context {
  run<T>(frame: Frame | undefined, fn: () => T): T;
  get(): Frame | undefined;
}

/** invalidate(fn, ...args) runs the shell with `site` set; the site reports what it removed. */
export interface Invalidation {
  /** The id of the site being invalidated, or null (or unset). */
  site?: string | null;
  /** What the site reported: true or false, or a promise of it (a store without synchronous delete). */
  removed: boolean | Promise<boolean>;
  /** Why the site could not remove the entry (a store's error), thrown by invalidate(). */
  error: unknown;
}

// The version changes with the registry's shape: copies of different shapes keep apart rather than half-share.
const slot = Symbol.for('memokit.registry.v5');
export const registry: Registry = ((globalThis as { [k: symbol]: Registry })[slot] ||= { sites: new Map(), functions: new WeakMap(), config: {} } as Registry);

registry.listener ||= null;

/** Sets the listener from configure({ onEvent }) and the debug log: one function for calls to check. */
export const listen = () => {
  const { config: { onEvent }, debug } = registry;
  registry.listener = onEvent && debug ? (event) => (debug(event), onEvent(event)) : onEvent || debug || null;
};

/** Reports an event to the listener; `error` events are also the site's last error (stats). */
export const emit = (type: Event['type'], id: string, key?: string, error?: unknown, ms?: number, bytes?: number) => {
  if (type === 'error') {
    const state = registry.sites.get(id);
    if (state) state.lastError = error;
  }
  const listener = registry.listener;
  if (listener) {
    const event: Event = { type, id, key };
    if (error !== undefined) event.error = error;
    if (type === 'hit' || type === 'miss' || type === 'stale' || type === 'refresh') {
      event.status = type;
      event.ms = ms;
      event.bytes = bytes;
    }
    // A listener that throws must not fail the call, nor leave a computation half stored.
    try {
      listener(event);
    } catch (failure) {
      if (!registry.listenerFailed) {
        registry.listenerFailed = true;
        console.warn('memokit: onEvent threw (told once):', failure);
      }
    }
  }
};
