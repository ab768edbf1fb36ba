// The public runtime API, shared by the Node and browser entries.
export { tag } from './tags.js';
export { memo, singleton, register, withRequestScope, clear, invalidate, invalidateTag, stats, configure, type SiteStats, type CachedFunction } from './api.js';
export { hash } from './key.js';
export { MemokitError } from './errors.js';
export type { Site } from './site.js';
export type { SiteDesc, Kind } from './descriptor.js';
export type { Config, Event } from './registry.js';
export type { Store, StoreKey, StoreEntry, StoreOptions, StoreLock, StoreChange, StoredEntryInfo } from './store.js';
