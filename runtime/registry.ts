// The registry: every site's state, the function → id map and the configuration,
// in one slot on globalThis, so that a module evaluated again (HMR, watch mode) or a
// second copy of the runtime finds the caches of the first.
import type { Store } from './store.js';
import type { SiteState, Site } from './site.js';
import type { SiteDesc, Kind } from './descriptor.js';

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

/** The persistent call path (persist.ts), installed by the Node entry so that browser bundles stay small. */
export interface Persistence {
  /** Validates a persistent descriptor (throws MK_BAD_OPTION). */
  check: (desc: SiteDesc, kind: Kind) => void;
  call: (state: SiteState, keyFor: (args: readonly unknown[]) => string) => Site['call'];
  /** clear(fn) / clear(): the persistent part (`states`: the sites known for `id` in this process). */
  clear: (id: string | undefined, states: SiteState[]) => Promise<unknown>[];
  /** Validates configure({ stores }). */
  checkStores: (stores: unknown) => void;
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
