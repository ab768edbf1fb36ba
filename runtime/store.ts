// The store contract (docs/stores.md): what `persist=<name>` reads and writes
// through. The disk and Redis stores implement it; so can any user store.

/** Where one entry lives: the site id, the body hash, and the SHA-256 (hex) of the call's key. */
export interface StoreKey {
  site: string;
  hash: string;
  key: string;
}

/** A stored result and its header. A store keeps every field as given. */
export interface StoreEntry {
  value: unknown;
  /** ms since the epoch. */
  created: number;
  /** ms since the epoch; 0: never. */
  expires: number;
  /** Body hash of the code that computed it. */
  hash: string;
  /** The function returned a promise of `value` without being `async`: hits return a promise too. */
  promise?: boolean;
  /** Tags of the value (sorted); invalidateTag removes the entry through `deleteTagged`. */
  tags?: readonly string[];
  /** Encoded size in bytes, set by a store that knows it (on `get`, and on the entry given to `set`); the near tier is sized by it. */
  size?: number;
}

/** One stored entry as a listing shows it: its key and header, never its value. */
export interface StoredEntryInfo {
  /** The key as the entry's header holds it (`hash`: the body hash of the code that wrote it). */
  key: StoreKey;
  /** ms since the epoch. */
  created: number;
  /** ms since the epoch; 0: never. */
  expires: number;
  /** What the entry takes in the store (the disk store: its file's size). */
  bytes: number;
  tags?: readonly string[];
}

/**
 * What changed in a store shared by several processes, made through another process (the
 * `watch` listener's argument), or the state of the channel that tells (`live`).
 */
export type StoreChange =
  | { type: 'set' | 'delete'; key: StoreKey }
  /** clear(site), or clear() when `site` is absent. */
  | { type: 'clear'; site?: string }
  | { type: 'tags'; tags: readonly string[] }
  /** The channel is up (changes from now on are told) or down (changes may be missed). */
  | { type: 'live'; live: boolean };

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
 * `get` must not return an entry that has expired; the runtime checks hash and expiry again.
 */
export interface Store {
  get(k: StoreKey, o: StoreOptions): Promise<StoreEntry | undefined>;
  set(k: StoreKey, e: StoreEntry, o: StoreOptions): Promise<void>;
  /** True when an entry was removed. */
  delete(k: StoreKey): Promise<boolean>;
  /** Removes one site's entries (every hash), or every entry the store wrote. */
  clear(site?: string): Promise<void>;
  getSync?(k: StoreKey, o: StoreOptions): StoreEntry | undefined;
  setSync?(k: StoreKey, e: StoreEntry, o: StoreOptions): void;
  deleteSync?(k: StoreKey): boolean;
  lock?(k: StoreKey): Promise<StoreLock>;
  /**
   * Removes every entry that carries one of `tags`, of every site; resolves with how many it removed.
   * A store without it cannot hold tagged entries: the runtime does not write them there.
   */
  deleteTagged?(tags: readonly string[]): Promise<number>;
  /**
   * For stores shared by several processes: calls `listener` with every change made through
   * another process, and with the channel's state; returns a function that stops listening.
   * With it, and `nearBytes`, the runtime keeps a near tier in front of the store (docs/stores.md).
   */
  watch?(listener: (change: StoreChange) => void): () => void;
  /**
   * The entries the store wrote, of one site (every hash) or of all: their keys and headers, not their
   * values. Expired, damaged and foreign entries are left out. For tools (`memokit cache`) and stats(), not the call path.
   */
  list?(site?: string): AsyncIterable<StoredEntryInfo>;
  /** `list` for stores with synchronous access (disk). */
  listSync?(site?: string): Iterable<StoredEntryInfo>;
  /** Bytes of recent entries the runtime keeps in process memory in front of the store (near tier); 0 or absent: none. Needs `watch`. */
  nearBytes?: number;
}
