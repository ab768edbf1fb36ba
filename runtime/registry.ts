// The registry: every site's state, the function → id map and the configuration,
// in one slot on globalThis, so that a module evaluated again (HMR, watch mode) or a
// second copy of the runtime finds the caches of the first.
import type { Store } from './store.js';
import type { SiteState, Site } from './site.js';
import type { SiteDesc, Kind } from './descriptor.js';

export interface Event {
  /** `stale`: a stale value served (swr); `refresh`: its background recomputation starts. */
  type: 'hit' | 'stale' | 'miss' | 'refresh' | 'evict' | 'expire' | 'error';
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

/** The persistent call path (persist.ts), installed by the Node entry so that browser bundles stay small. */
export interface Persistence {
  /** Validates a persistent descriptor (throws MK_BAD_OPTION). */
  check: (desc: SiteDesc, kind: Kind) => void;
  call: (state: SiteState, keyFor: (args: readonly unknown[]) => string) => Site['call'];
  /** clear(fn) / clear(): the persistent part (`states`: the sites known for `id` in this process). */
  clear: (id: string | undefined, states: SiteState[]) => Promise<unknown>[];
  /** Validates configure({ stores }). */
  checkStores: (stores: unknown) => void;
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
const slot = Symbol.for('memokit.registry.v3');
export const registry: Registry = ((globalThis as { [k: symbol]: Registry })[slot] ||= { sites: new Map(), functions: new WeakMap(), config: {} } as Registry);

export const emit = (type: Event['type'], id: string, key?: string, error?: unknown) => {
  const onEvent = registry.config.onEvent;
  if (onEvent) onEvent({ type, id, key, error });
};
