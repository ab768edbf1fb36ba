// The near tier (docs/stores.md, Near tier): recent entries of a store shared by several
// processes, kept in this process's memory so that a repeated hit costs about a memory hit.
// It is trusted only while the store's change channel is live; every change a process
// makes (write, delete, clear, removal by tag) drops the entry in every other process's
// tier, and this process's own invalidations drop it here at once.
// A read or write of the store in progress when such a change arrives does not fill the
// tier afterwards: what it read may be what the change replaced.
import { registry } from './registry.js';
import type { Store, StoreChange, StoreKey } from './store.js';

export interface NearEntry {
  /** A pristine copy (each hit copies it), or the frozen value for copy=freeze. */
  value: unknown;
  /** ms since the epoch; 0: never. */
  expires: number;
  /** When it turns stale (swr); Infinity without swr. */
  staleAt: number;
  /** The function returned a promise of the value without being async. */
  promise: boolean;
  tags: readonly string[] | undefined;
  bytes: number;
  site: string;
  /** `site \0 hash \0 key digest`: how changes from other processes name it. */
  stored: string;
  /** Its key in the tier: the site's prefix and the call's key. */
  key: string;
}

/** A store operation in progress; a change that may concern it spoils it. */
export interface Pending {
  site: string;
  stored: string;
  spoiled: boolean;
}

export interface Near {
  live: boolean;
  /** In least-recently-used order. */
  entries: Map<string, NearEntry>;
  byStored: Map<string, NearEntry>;
  bytes: number;
  maxBytes: number;
  /** Bytes held per site, for sites bounded by their own maxBytes. */
  siteBytes: Map<string, number>;
  pending: Set<Pending>;
}

export const storedName = (k: StoreKey) => k.site + '\0' + k.hash + '\0' + k.key;

/**
 * Every near tier of this process, by store, held weakly (a store configured away takes its tier
 * with it); in the registry, so that both copies of the runtime share them.
 */
const tiers = (registry.nearTiers ||= { byStore: new WeakMap(), all: new Set() });

const remove = (near: Near, entry: NearEntry) => {
  near.entries.delete(entry.key);
  if (near.byStored.get(entry.stored) === entry) near.byStored.delete(entry.stored);
  near.bytes -= entry.bytes;
  near.siteBytes.set(entry.site, near.siteBytes.get(entry.site)! - entry.bytes);
};

/** Drops what `change` concerns, or everything (`undefined`: the channel went down or came up). */
export const forget = (near: Near, change?: Exclude<StoreChange, { type: 'live' }>) => {
  if (change === undefined) {
    near.entries.clear();
    near.byStored.clear();
    near.bytes = 0;
    near.siteBytes.clear();
    for (const op of near.pending) op.spoiled = true;
    return;
  }
  if (change.type === 'set' || change.type === 'delete') {
    const stored = storedName(change.key);
    const entry = near.byStored.get(stored);
    if (entry) remove(near, entry);
    for (const op of near.pending) if (op.stored === stored) op.spoiled = true;
  } else if (change.type === 'clear') {
    for (const entry of near.entries.values()) if (change.site === undefined || entry.site === change.site) remove(near, entry);
    for (const op of near.pending) if (change.site === undefined || op.site === change.site) op.spoiled = true;
  } else if (change.type === 'tags') {
    const names = new Set(change.tags);
    for (const entry of near.entries.values()) if (entry.tags && entry.tags.some((name) => names.has(name))) remove(near, entry);
    for (const op of near.pending) op.spoiled = true; // its tags are not known yet
  }
};

/** The near tier of `store`, made (and subscribed) on first use; undefined for a store without one. */
export const nearOf = (store: Store): Near | undefined => {
  let near = tiers.byStore.get(store);
  if (near === undefined && store.watch && store.nearBytes && store.nearBytes > 0) {
    const made: Near = { live: false, entries: new Map(), byStored: new Map(), bytes: 0, maxBytes: store.nearBytes, siteBytes: new Map(), pending: new Set() };
    tiers.byStore.set(store, (near = made));
    tiers.all.add(new WeakRef(made));
    store.watch((change) => {
      if (change.type === 'live') {
        // Down: changes may be missed from now on. Up: they may have been missed until now.
        forget(made);
        made.live = change.live;
      } else forget(made, change);
    });
  }
  return near;
};

/** Every near tier, for clear() and invalidateTag(). */
export const allTiers = (): Near[] => {
  const out: Near[] = [];
  for (const ref of tiers.all) {
    const near = ref.deref();
    if (near) out.push(near);
    else tiers.all.delete(ref);
  }
  return out;
};

/** A live entry of the tier (not checked for expiry), moved to the most recently used end. */
export const lookup = (near: Near, key: string): NearEntry | undefined => {
  const entry = near.entries.get(key);
  if (entry !== undefined) {
    near.entries.delete(key);
    near.entries.set(key, entry);
  }
  return entry;
};

/** Drops an entry found expired. */
export const expire = (near: Near, entry: NearEntry) => remove(near, entry);

/** Starts a store operation whose result may fill the tier. */
export const begin = (near: Near, site: string, stored: string): Pending => {
  const op: Pending = { site, stored, spoiled: !near.live };
  near.pending.add(op);
  return op;
};

/**
 * Ends an operation; keeps the entry `make` makes unless a change spoiled the operation, the channel
 * is down, or the entry's size is unknown, over a quarter of the tier, or over the site's own bound
 * (`siteBound`: its maxBytes, which its entries in the tier stay within, least recently used going first).
 */
export const end = (near: Near, op: Pending, make?: () => NearEntry, siteBound?: number) => {
  near.pending.delete(op);
  if (make === undefined || op.spoiled || !near.live) return;
  const entry = make();
  if (!(entry.bytes > 0) || entry.bytes > near.maxBytes / 4 || (siteBound !== undefined && entry.bytes > siteBound)) return;
  const previous = near.entries.get(entry.key);
  if (previous) remove(near, previous);
  near.entries.set(entry.key, entry);
  near.byStored.set(entry.stored, entry);
  near.bytes += entry.bytes;
  const site = entry.site;
  near.siteBytes.set(site, (near.siteBytes.get(site) || 0) + entry.bytes);
  if (siteBound !== undefined) {
    for (const oldest of near.entries.values()) {
      if (near.siteBytes.get(site)! <= siteBound) break;
      if (oldest.site === site) remove(near, oldest);
    }
  }
  for (const oldest of near.entries.values()) {
    if (near.bytes <= near.maxBytes) break;
    remove(near, oldest);
  }
};
